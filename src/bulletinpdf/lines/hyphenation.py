"""Hyphenation for ReportLab paragraphs: pyphen patterns with the bulletin's own rules."""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pyphen
from reportlab.platypus import Paragraph

from bulletinpdf.cache_files import CacheFolder
from bulletinpdf.lines.reportlab_internals import (
    ADDED_HYPHEN_FRAGS, ADDED_HYPHEN_WORDS, NARROW_NO_BREAK_SPACE, HSFrag, SplitFrag, SplitFragH, SplitWord,
    SplitWordEnd,
)

Hyphenator = Callable[[str], list[tuple[str, str]]]

MIN_WORD_LENGTH = 5
MIN_LETTERS_BEFORE = 2
MIN_LETTERS_AFTER = 3

# Plain 'en' means British spelling with Oxford -ize: the UN's editorial standard, and
# en_GB's patterns (from the Oxford-based OpenOffice list) split such words where a
# British reader expects ('implement-ation', 'pro-gress'); en_US splits by American
# pronunciation ('implemen-tation') and leaves 'progress' alone.
_DEFAULT_REGION = {"en": "en_GB"}
# Languages whose words run on after an apostrophe (l’application): the word after it may be hyphenated.
_ELIDING = ("fr", "it", "ca")
_APOSTROPHES = "’'"
_NEVER_BREAK = re.compile(r"[0-9@/\xad]|://|www\.|\.")


def patterns_identity(language: str) -> str:
    """What names `language`'s patterns exactly: their name, pyphen's version and the pattern file's digest."""
    found = pyphen.language_fallback(_DEFAULT_REGION.get(language, language).replace("-", "_"))
    if found is None:
        return "none"
    digest = hashlib.sha256(pyphen.LANGUAGES[found].read_bytes()).hexdigest()[:16]
    return f"{found}|{pyphen.__version__}|{digest}"


class PatternCache:
    """Parsed hyphenation patterns kept in build/cache/hyphenation, one verified entry per pattern file.

    pyphen parses its dictionary file on every start, a tenth of a second of every build; the parsed
    patterns, saved with marshal (Python's own format for compiled code: a dict of strings and tuples loads
    at C speed, 8 ms against JSON's 28), load in a hundredth. marshal's format may change between Python
    versions, so the version is part of the folder's. Anything unexpected only means parsing as usual.
    """

    def __init__(self, folder: Path):
        python = f"py{sys.version_info[0]}.{sys.version_info[1]}"
        self.folder = CacheFolder(folder, version=f"patterns-v2|marshal|{python}")

    def load(self, language: str) -> None:
        """Give pyphen `language`'s patterns from the kept copy (made here the first time)."""
        found = pyphen.language_fallback(_DEFAULT_REGION.get(language, language).replace("-", "_"))
        if found is None:
            return
        source = pyphen.LANGUAGES[found]
        if source in pyphen.hdcache:
            return
        key = patterns_identity(language)
        payload = self.folder.read(key)
        if payload is not None:
            try:
                patterns = marshal.loads(payload)
                if not isinstance(patterns, dict) or not patterns:
                    raise ValueError("not a pattern table")
                parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
                parsed.patterns = patterns
                parsed.cache = {}
                parsed.maxlen = max(len(key) for key in parsed.patterns)
                pyphen.hdcache[source] = parsed
                return
            except (ValueError, TypeError, AttributeError, EOFError):
                pass
        parsed = pyphen.hdcache[source] = pyphen.HyphDict(source)
        if not all(type(value) is int for _, values in parsed.patterns.values() for value in values):
            return  # patterns with non-standard hyphenation (not in the English ones) are not kept
        try:
            patterns = {key: (start, tuple(values)) for key, (start, values) in parsed.patterns.items()}
            self.folder.write(key, marshal.dumps(patterns))
        except OSError:
            pass  # a copy that cannot be kept only means parsing again next time


def hyphenator_for(language: str) -> Hyphenator:
    """A ReportLab `hyphenationLang` callable: word → (head, tail) pairs, longest head first.

    Heads carry no added '-': ReportLab appends one unless the head already ends with '-'.
    A language pyphen has no patterns for gets a hyphenator that never breaks.
    """
    return Hyphenator(language)


class Hyphenator:
    """One language's hyphenation with the bulletin's rules; each word is worked out once per build."""

    def __init__(self, language: str):
        language = language.replace("-", "_")
        found = pyphen.language_fallback(_DEFAULT_REGION.get(language, language))
        self.patterns: str | None = found
        """Names the patterns, so a line breaking remembered across builds is only reused with the same ones."""
        self._pyphen = None if found is None else pyphen.Pyphen(
            lang=found, left=MIN_LETTERS_BEFORE, right=MIN_LETTERS_AFTER)
        self._pairs: dict[str, tuple[tuple[str, str], ...]] = {}
        self.elides = found is not None and found.split("_")[0] in _ELIDING
        """Do its words run on after an apostrophe (French l’application)? Then the word after it may break."""

    def __call__(self, word: str) -> list[tuple[str, str]]:
        if self._pyphen is None:
            return []
        known = self._pairs.get(word)
        if known is None:
            known = self._pairs[word] = self._work_out(word)
        return list(known)

    def _work_out(self, word: str) -> tuple[tuple[str, str], ...]:
        if NARROW_NO_BREAK_SPACE in word:
            # '«\u202fmot\u202f»', 'parties\u202f;': the word breaks by its letters; the marks stay with their ends.
            first, last = word.find(NARROW_NO_BREAK_SPACE), word.rfind(NARROW_NO_BREAK_SPACE)
            lead = word[:first + 1] if first < len(word) // 2 and word[:first] == "«" else ""
            trail = word[last:] if len(word[last:]) <= 4 and last >= len(lead) else ""
            core = word[len(lead):len(word) - len(trail)]
            if NARROW_NO_BREAK_SPACE in core:
                return ()
            return tuple((lead + head, tail + trail) for head, tail in self._work_out(core))
        if self.elides and any(mark in word for mark in _APOSTROPHES):
            # l’application: only the word after the apostrophe breaks, by its own letters (l’appli-cation).
            cut = max(word.rfind(mark) for mark in _APOSTROPHES) + 1
            return tuple((word[:cut] + head, tail) for head, tail in self._work_out(word[cut:]))
        if len(word) < MIN_WORD_LENGTH or _NEVER_BREAK.search(word):
            return ()
        if word[:1].isupper():
            return ()  # names and titles ('Le-banon', 'Handi-cap International') are read whole
        parts = word.split("-")
        if any(_has_inner_capital(part) for part in parts):
            return ()  # acronyms and names like 'McDonald': 'APM-BC' reads as two words
        if len(parts) > 1:
            # Never at the word's own hyphen: when ReportLab re-breaks a split paragraph it rejoins the pieces by
            # stripping the head's trailing '-', so 'Anti-' + 'Personnel' came back as 'AntiPersonnel'.
            return ()
        return tuple((head, tail) for head, tail in self._pyphen.iterate(word)
                     if not (tail[0].isupper() and head[-1].isalpha()))


def _has_inner_capital(part: str) -> bool:
    return any(char.isupper() for char in part[1:])


def line_texts(paragraph: Paragraph) -> list[str]:
    """Each line's text as printed, with any hyphen the line breaker added (after `.wrap()`)."""
    return [line_text(line).strip() for line in paragraph.blPara.lines]


def line_text(line) -> str:
    """The text of one broken line, in either of ReportLab's forms: (extra space, words), or a line of fragments.
    A split keeps the first form even in a paragraph of several fonts, so each line is asked, not the paragraph."""
    if isinstance(line, tuple):
        return " ".join(line[1])
    return "".join(getattr(frag, "text", "") for frag in line.words if not hasattr(frag, "cbDefn"))


def break_at_line_end(paragraph: Paragraph, index: int) -> tuple[bool, bool]:
    """(Does line `index` end inside a word ReportLab split, with a hyphen it added?), after `.wrap()`.

    Each line is asked in its own form: a split paragraph of several fonts may keep simple lines."""
    lines = paragraph.blPara.lines
    line = lines[index]
    if isinstance(line, tuple):
        word = line[1][-1] if line[1] else ""
        split = isinstance(word, SplitWord) and not isinstance(word, SplitWordEnd)
        return split, split and word.endswith("-")
    following = lines[index + 1] if index + 1 < len(lines) else None
    start = getattr(following, "sFW", 0)
    last = paragraph.frags[start - 1] if start > 0 and start - 1 < len(paragraph.frags) else None
    split = isinstance(last, (SplitFrag, SplitFragH))
    text = last[-1][1] if split and len(last) > 1 else ""
    return split, isinstance(last, SplitFragH) and text.endswith("-")


def hyphenated_line_ends(paragraph: Paragraph) -> list[bool]:
    """For each line (after `.wrap()`): does it end with a hyphen inside a word?

    These are the rungs of a hyphen ladder: an added hyphen or a break at a word's own
    hyphen. A long word or address split without a hyphen does not count. ReportLab
    records this only in the classes of the split words, private to its line breaker.
    """
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        last_words = [words[-1] if words else "" for _, words in lines]
        return [isinstance(word, SplitWord) and not isinstance(word, SplitWordEnd) and word.endswith("-")
                for word in last_words]
    # After wrapping, paragraph.frags holds the split frag words; each line knows where
    # its words start, so the word before the next line's start ends this line.
    words = paragraph.frags
    ends = []
    for line, next_line in zip(lines, [*lines[1:], None]):
        if next_line is None:
            ends.append(False)
            continue
        last = words[next_line.sFW - 1] if next_line.sFW > 0 else None
        text = last[-1][1] if last and len(last) > 1 else ""
        ends.append(isinstance(last, SplitFragH) and text.endswith("-"))
    return ends


SPACE = "space"
"""The line ends between two words (or the paragraph ends)."""
ADDED_HYPHEN = "added hyphen"
"""The line ends in a word the line breaker hyphenated: its hyphen is not part of the word."""
JOINED = "joined"
"""The line ends inside a word, at the writer's own hyphen or a break without one: the next line goes on."""


def line_ends(paragraph: Paragraph) -> list[str]:
    """How each drawn line ends (after `.wrap()`): SPACE, ADDED_HYPHEN or JOINED, for the tagged text."""
    lines = paragraph.blPara.lines
    if not lines:
        return []
    if paragraph.blPara.kind == 0:
        last_words = [words[-1] if words else "" for _, words in lines]
        return [_end_of(word, isinstance(word, ADDED_HYPHEN_WORDS)) for word in last_words]
    words = paragraph.frags
    ends = []
    for line, next_line in zip(lines, [*lines[1:], None]):
        if next_line is None:
            # The head of a split keeps its own words before breaking (JustifiedParagraph) or in frags.
            own = paragraph.__dict__.get("_frags_before_breaking", words)
            last = own[-1] if own else None
        else:
            last = words[next_line.sFW - 1] if next_line.sFW > 0 else None
        text = last[-1][1] if isinstance(last, list) and len(last) > 1 else ""
        if isinstance(last, ADDED_HYPHEN_FRAGS) and text.endswith("-"):
            ends.append(ADDED_HYPHEN)
        else:
            # A split piece not followed by a space: the word goes on at the next line.
            ends.append(JOINED if isinstance(last, SplitFrag) and not isinstance(last, HSFrag) else SPACE)
    return ends


def _end_of(word: str, added: bool) -> str:
    if added and word.endswith("-"):
        return ADDED_HYPHEN
    return JOINED if isinstance(word, SplitWord) and not isinstance(word, SplitWordEnd) else SPACE
