"""Line breaking: a total-fit pass over justified paragraphs where ReportLab's first-fit leaves loose lines."""

from __future__ import annotations

import hashlib
from copy import copy
from dataclasses import dataclass

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import (
    _FK_TEXT, _getFragWords, _HSFrag, _hy_letters_pat, _hy_pfx_pat, _hy_sfx_pat, _nbspCount, _processed_frags, _shy,
)
from reportlab.platypus.paragraph import _SplitFragH, _SplitWordH
from reportlab.platypus.paragraph import split as split_words
from reportlab.platypus.paragraph import strip as strip_spaces

from ..hyphenation import hyphenated_line_ends

# Word spaces stretched beyond this multiple of the normal space make a loose line (as the layout report counts).
LOOSE_SPACE_FACTOR = 2.0
# More hyphenated line ends in a row than this are never chosen.
MAX_HYPHENS_IN_A_ROW = 3
# How many shorter breaks than first-fit's are tried for each line, and how many partial solutions are kept.
CANDIDATES_PER_LINE = 4
BEAM_WIDTH = 4
# Badness: stretch cubed (TeX's shape), a price for each hyphen and more for hyphens on consecutive lines.
HYPHEN_PENALTY = 0.6
CONSECUTIVE_HYPHEN_PENALTY = 1.5
LOOSE_PENALTY = 1000.0
# A paragraph may grow by this many lines to avoid a loose one; each added line is priced like a bad line.
EXTRA_LINES_ALLOWED = 1
EXTRA_LINE_PENALTY = 8.0
# Where no breaking keeps word spaces within the limit, letters may be spaced apart by up to this share of an em,
# as a designer would track a line; the report counts the line loose only if that is not enough either.
MAX_TRACKING_EM = 0.03
# Measures narrower than this many ems (text beside a photo) are set ragged-right, so no breaking makes them loose.
NARROW_MEASURE_EMS = 16
# Ragged lines cost the square of how many ems short they end; a hyphen costs as much as ending 2 ems short,
# and twice that again on the line after another.
RAGGED_HYPHEN_PENALTY = 4.0
RAGGED_CONSECUTIVE_HYPHEN_PENALTY = 8.0
# Each trial breaks the whole paragraph, so the search grows with the square of its length: longer paragraphs
# keep first-fit (the layout report still counts any loose line in them).
MAX_LINES_SEARCHED = 40
# The width given to the rest of a paragraph while one line's break is being chosen.
UNBROKEN_REST = 1e7
# A width just below a line's natural width makes ReportLab's first-fit choose the next shorter break.
NUDGE = 0.05


@dataclass(frozen=True)
class _Trial:
    widths: tuple[float, ...]
    """Chosen maximum widths of the lines fixed so far (narrower than the measure forces an earlier break)."""
    cost: float
    hyphen_run: int


class JustifiedParagraph(Paragraph):
    """A paragraph whose justified lines are broken for the whole paragraph, not line by line.

    ReportLab still measures, hyphenates and draws every line; this class only chooses, per line, a maximum
    width at or below the measure so that its first-fit breaker ends the line at the best of the breaks it
    can offer (spaces and hyphenation points). The lines are then stretched to the full measure.
    """

    def deepcopy(self):
        # ReportLab deep-copies a paragraph before trying a split beside a photo; splitting never changes the
        # original's fragments, so a copy with its own attributes does, at a fraction of the cost.
        twin = copy(self)
        twin.__dict__ = dict(self.__dict__)
        return twin

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's signature
        if getattr(self, "blPara", None) is None and self.frags:
            self.wrap(availWidth, availHeight)  # as ReportLab's split does first: the pieces below come from it
        # ReportLab marks the hyphenated word that ends the head of a split as "keep this hyphen" by changing
        # that word's class in place, and the word is shared: with this paragraph's broken lines, its cached
        # copies and every later split of it. A later split elsewhere then kept the hyphen mid-line when its rest
        # was broken again at another width ("pos- sible"). The head gets a marked copy; the shared word is
        # restored.
        watched = [(piece, piece.__class__) for piece in _split_word_pieces(self)]
        parts = super().split(availWidth, availHeight)
        changed = [(piece, cls) for piece, cls in watched if piece.__class__ is not cls]
        if changed:
            if parts:
                _give_own_copies(parts[0], [piece for piece, _ in changed])
            for piece, cls in changed:
                piece.__class__ = cls
        if len(parts) == 2 and getattr(self, "blPara", None) is not None:
            # The rest of a split paragraph keeps the lines already chosen for the whole one, at the same measure:
            # the best breaking of a paragraph's tail is the tail of its best breaking.
            head, rest = parts
            cut = len(head.blPara.lines)
            head._inherited_lines = (availWidth, self.blPara, 0, cut)
            rest._inherited_lines = (availWidth, self.blPara, cut, None)
        return parts

    def breakLines(self, width):  # noqa: N802 - ReportLab's name
        inherited = self.__dict__.get("_inherited_lines")
        measure = width[-1] if isinstance(width, (list, tuple)) else width
        if inherited is not None and abs(inherited[0] - measure) < 1e-6:
            whole, start, stop = inherited[1:]
            part = copy(whole)
            part.lines = whole.lines[start:stop]
            return part
        key = (self._content_key, repr(self.style.textColor), _style_key(self.style), tuple(_as_list(width)),
               bool(getattr(self, "_JustifyLast", False)), bool(getattr(self, "_splitpara", 0)))
        known = _BROKEN.get(key)
        if known is None:
            if len(_BROKEN) > 5000:
                _BROKEN.clear()
            known = _BROKEN[key] = self._break_lines(width)
        # Layout wraps the same paragraph at the same measure many times (balancing, photos); break it once.
        result = copy(known)
        result.lines = list(known.lines)
        return result

    def _break_lines(self, width):
        first_fit = self._trial(width)
        style = self.style
        measures = list(width) if isinstance(width, (list, tuple)) else [width]
        # A narrow measure is planned ragged whatever the style's alignment: beside a photo the paragraph is laid
        # out justified and drawn ragged (FloatingFigure.drawOn), and both must break it alike.
        if not first_fit.lines or len(first_fit.lines) > MAX_LINES_SEARCHED or (
                style.alignment != TA_JUSTIFY and not _is_ragged(measures, style)):
            return first_fit
        justify_last = bool(getattr(self, "_JustifyLast", False))
        if _is_ragged(measures, style):
            # Set ragged beside a photo: only worth planning where first fit hyphenates, often line after line.
            if not any(_hyphen_ends(self, first_fit)):
                return first_fit
        elif not _needs_better_breaks(self, first_fit, measures, justify_last):
            return first_fit
        text = _text_of(self._original_frags)
        key = (text, style.name, style.fontName, style.fontSize, tuple(measures), justify_last)
        # The head of a split paragraph must keep the lines its column was measured for.
        extra_lines = 0 if getattr(self, "_splitpara", 0) else EXTRA_LINES_ALLOWED
        chosen = _chosen_widths(key, self, measures, justify_last, len(first_fit.lines), extra_lines)
        if chosen is None:
            return first_fit
        return self._break_at(measures, chosen)

    def _break_at(self, measures: list[float], chosen: tuple[float, ...]):
        """Break with the chosen line widths, then give each line back the full measure to stretch into."""
        self.frags = self._original_frags
        result = super().breakLines(list(chosen) + [measures[-1]])
        for index, line in enumerate(result.lines):
            slack = _measure(measures, index) - (chosen[index] if index < len(chosen) else measures[-1])
            if not slack:
                continue
            if isinstance(line, tuple):
                result.lines[index] = (line[0] + slack, line[1])
            else:
                line.extraSpace += slack
                line.maxWidth = _measure(measures, index)
        return result

    @property
    def _content_key(self) -> tuple:
        """The text, fonts, links and colours of the paragraph (the broken lines carry its colours too)."""
        if "_content_key_value" not in self.__dict__:
            frags = self._original_frags
            self._content_key_value = (_fingerprint(frags), _colours(frags))
        return self._content_key_value

    @property
    def _original_frags(self):
        # breakLines replaces self.frags with its split words (hyphenated pieces included); every trial starts afresh.
        if "_frags_before_breaking" not in self.__dict__:
            self._frags_before_breaking = self.frags
        return self._frags_before_breaking

    def beginText(self, x, y):  # noqa: N802 - ReportLab's name
        # ReportLab justifies by word spacing only; the tracked text adds letter spacing to lines that need it.
        return _TrackedText(self.canv.beginText(x, y), _tracking_by_word_space(self))

    def _trial(self, widths: list[float]):
        self.frags = self._original_frags
        return super().breakLines(widths)


_BROKEN: dict = {}


def _split_word_pieces(paragraph: Paragraph) -> list:
    """The heads of hyphenated words, as ReportLab's split may find them: words of simple lines, or fragment words."""
    para = paragraph.blPara
    if para is None:
        return []
    if para.kind == 0:
        return [word for _, words in para.lines for word in words if isinstance(word, _SplitWordH)]
    return [frag for frag in paragraph.frags if isinstance(frag, _SplitFragH)]


def _give_own_copies(part: Paragraph, pieces: list) -> None:
    """Replace `pieces` in the part's fragments by copies of them, classes and all."""
    by_identity = {id(piece): piece for piece in pieces}

    def own(item):
        piece = by_identity.get(id(item))
        return item if piece is None else type(piece)(piece)

    for frag in part.frags:
        if hasattr(frag, "words"):
            frag.words = type(frag.words)(own(word) for word in frag.words)
    part.frags = type(part.frags)(own(frag) for frag in part.frags) if isinstance(part.frags, list) else part.frags


def _is_ragged(measures: list[float], style) -> bool:
    return measures[-1] < NARROW_MEASURE_EMS * style.fontSize


def _as_list(width) -> list[float]:
    return list(width) if isinstance(width, (list, tuple)) else [width]


def _style_key(style) -> tuple:
    return (style.name, style.fontName, style.fontSize, style.alignment, style.leading,
            style.spaceShrinkage, id(style.hyphenationLang))


def _fingerprint(frags) -> tuple:
    """What decides a paragraph's lines: its text and each piece's font, size and link."""
    parts = []
    for frag in frags:
        if isinstance(frag, list):  # a word already split into (style, text) pieces
            parts.append(tuple((getattr(p[0], "fontName", None), getattr(p[0], "fontSize", None), p[1])
                               for p in frag[1:]))
        elif hasattr(frag, "words"):
            parts.append(tuple(frag.words))
        else:
            parts.append((getattr(frag, "fontName", None), getattr(frag, "fontSize", None),
                          getattr(frag, "rise", 0), repr(getattr(frag, "link", None)), getattr(frag, "text", "")))
    return tuple(parts)


def _colours(frags) -> tuple:
    colours = []
    for frag in frags:
        pieces = [piece[0] for piece in frag[1:]] if isinstance(frag, list) else [frag]
        colours.append(tuple(repr(getattr(piece, "textColor", None)) for piece in pieces))
    return tuple(colours)


def _text_of(frags) -> str:
    """The words of a paragraph's fragments, whichever form ReportLab keeps them in (for the cache key)."""
    parts = []
    for frag in frags:
        if isinstance(frag, list):  # a word already split into (style, text) pieces
            parts.append("".join(piece[1] for piece in frag[1:]) + " ")
        elif hasattr(frag, "words"):  # the rest of a split simple paragraph
            parts.append(" ".join(frag.words))
        else:
            parts.append(getattr(frag, "text", ""))
    return "".join(parts)


def _measure(measures: list[float], index: int) -> float:
    return measures[min(index, len(measures) - 1)]


def _line_stretch(paragraph: Paragraph, line, measure: float, natural_extra: float) -> float:
    """How far a line's word spaces stretch to fill the measure, as a multiple of a normal space's width."""
    # Counted as the layout report counts them: the spaces between the line's words.
    if isinstance(line, tuple):
        gaps = max(len(line[1]) - 1, 0)
    else:
        gaps = "".join(frag.text for frag in line.words).strip().count(" ")
    if gaps == 0:
        return 0.0
    space = stringWidth(" ", paragraph.style.fontName, paragraph.style.fontSize)
    return natural_extra / (gaps * space)


def _shrink_allowance(paragraph: Paragraph, line) -> float:
    words = len(line[1]) if isinstance(line, tuple) else line.wordCount
    space = stringWidth(" ", paragraph.style.fontName, paragraph.style.fontSize)
    return (paragraph.style.spaceShrinkage or 0) * space * (words + 1)


def _line_costs(paragraph: Paragraph, result, measures: list[float], widths: list[float], justify_last: bool):
    """(cost, loose?) of each line of a trial, judged against the full measure."""
    costs = []
    count = len(result.lines)
    for index, line in enumerate(result.lines):
        extra = line[0] if isinstance(line, tuple) else line.extraSpace
        extra += _measure(measures, index) - _measure(widths, index)
        if index == count - 1 and not justify_last:
            costs.append((0.0, False))
            continue
        stretch = _line_stretch(paragraph, line, _measure(measures, index), extra)
        text = _line_text_and_extra(line)[0].strip()
        style = paragraph.style
        space = stringWidth(" ", style.fontName, style.fontSize)
        if " " not in text:
            lone = _lone_word_price(extra, space)
            costs.append((lone, lone > 0))
            continue
        tracked = stretch_after_tracking(extra=extra, gaps=text.count(" "), glyphs=len(text), space=space,
                                         font_size=style.fontSize)
        loose = tracked > LOOSE_SPACE_FACTOR - 1 + 1e-6
        # A tightened line costs as much as one stretched by the same share of what is allowed.
        shrink = paragraph.style.spaceShrinkage or 1.0
        badness = stretch ** 3 if stretch >= 0 else (-stretch / shrink) ** 3
        costs.append((badness + (LOOSE_PENALTY if loose else 0.0), loose))
    return costs


def _needs_better_breaks(paragraph: Paragraph, result, measures: list[float], justify_last: bool) -> bool:
    if any(loose for _, loose in _line_costs(paragraph, result, measures, measures, justify_last)):
        return True
    return _longest_hyphen_run(_hyphen_ends(paragraph, result)) > MAX_HYPHENS_IN_A_ROW


def _hyphen_ends(paragraph: Paragraph, result) -> list[bool]:
    paragraph.blPara = result
    return hyphenated_line_ends(paragraph)


def _longest_hyphen_run(ends: list[bool]) -> int:
    longest = run = 0
    for end in ends:
        run = run + 1 if end else 0
        longest = max(longest, run)
    return longest


def _line_texts(result) -> list[str]:
    if result.kind == 0:
        return [" ".join(words) for _, words in result.lines]
    return ["".join(frag.text for frag in line.words) for line in result.lines]


_CACHE: dict = {}
# Choices made by earlier builds, by stable key, and those this process made: the pipeline keeps them on disk,
# so a rebuild after an edit searches only the paragraphs that changed.
_REMEMBERED: dict[str, list[float] | None] = {}
_NEW: dict[str, list[float] | None] = {}
# Part of every stable key: change it whenever the search's rules or constants change.
SEARCH_VERSION = "6"


def remember_choices(choices: dict[str, list[float] | None]) -> None:
    """Line breakings chosen by earlier builds (from `new_choices`), to be reused instead of searched again."""
    _REMEMBERED.update(choices)


def new_choices() -> dict[str, list[float] | None]:
    """The line breakings this process searched for, by stable key; None where first-fit was best."""
    return dict(_NEW)


def _stable_key(paragraph: JustifiedParagraph, measures: list[float], justify_last: bool,
                first_fit_lines: int, extra_lines: int) -> str:
    style = paragraph.style
    parts = (SEARCH_VERSION, _fingerprint(paragraph._original_frags), style.name, style.fontName, style.fontSize,
             style.alignment, style.leading, style.spaceShrinkage, getattr(style.hyphenationLang, "patterns", None),
             [round(measure, 3) for measure in measures], justify_last, first_fit_lines, extra_lines)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _chosen_widths(key, paragraph: JustifiedParagraph, measures: list[float], justify_last: bool,
                   first_fit_lines: int, extra_lines: int) -> tuple[float, ...] | None:
    """The per-line widths of the best breaking found; cached, since layout wraps a paragraph many times."""
    if key not in _CACHE:
        if len(_CACHE) > 5000:
            _CACHE.clear()
        stable = _stable_key(paragraph, measures, justify_last, first_fit_lines, extra_lines)
        if stable in _REMEMBERED:
            known = _REMEMBERED[stable]
            _CACHE[key] = None if known is None else tuple(known)
        else:
            chosen = _total_fit(paragraph, measures, justify_last, first_fit_lines, extra_lines)
            if chosen is None and not _is_ragged(measures, paragraph.style):
                chosen = _search(paragraph, measures, justify_last, first_fit_lines, extra_lines)
            _CACHE[key] = chosen
            _NEW[stable] = None if _CACHE[key] is None else list(_CACHE[key])
    return _CACHE[key]


def _total_fit(paragraph: JustifiedParagraph, measures: list[float], justify_last: bool,
               first_fit_lines: int, extra_lines: int) -> tuple[float, ...] | None:
    """Knuth–Plass-style total fit: every word measured once, breaks chosen by dynamic programming with the
    same costs as the beam search; None where it does not apply or where ReportLab, given the chosen widths,
    would not break as planned (the beam search then takes over)."""
    plan = _plan(paragraph, measures[-1], justify_last, first_fit_lines + extra_lines,
                 ragged=_is_ragged(measures, paragraph.style))
    if plan is None:
        return None
    widths, lines = plan
    result = paragraph._break_at(measures, widths)
    paragraph.frags = paragraph._original_frags
    if [" ".join(text.split()) for text in _line_texts(result)] != lines:
        return None
    return widths


@dataclass(frozen=True)
class _Word:
    """A word as ReportLab's breaker sees it: its text, width and the space that follows it."""

    text: str
    width: float
    space_after: float
    """0 when no space follows (the paragraph's last word, or a word run into the next fragment)."""
    space_shrink: float
    """That space as ReportLab counts it when it lets a line's spaces shrink: in the font of the word before it,
    where space_after is in the font of the text that holds the space (the same, unless a bold word ends)."""
    font: tuple[str, float] | None
    """Font name and size to hyphenate it in; None when it mixes fonts (ReportLab's rules differ: not planned)."""
    last_font: tuple[str, float] = ("", 0.0)
    """The font of its last letters."""


def _plan_words(paragraph: JustifiedParagraph, measure: float) -> list[_Word] | None:
    """The paragraph's words, measured as ReportLab's breaker measures them; None where the plan cannot follow it."""
    frags = paragraph._original_frags
    if len(frags) == 1 and hasattr(frags[0], "text") or hasattr(frags[0], "words"):
        # One font: ReportLab's simple breaker (kind 0), on the text or on the words left by a split.
        font, size = frags[0].fontName, frags[0].fontSize
        space = stringWidth(" ", font, size)
        if hasattr(frags[0], "text"):
            texts = split_words(strip_spaces(frags[0].text))  # ReportLab's own split: it keeps no-break spaces
        else:
            texts = list(frags[0].words)
            if any(not text or isinstance(text, _SplitWordH) for text in texts):
                return None  # a hyphenation head that must end its line: ReportLab's rule, not modelled
        if any(_shy in text for text in texts):
            return None  # soft hyphens: ReportLab's own rules
        return [_Word(text, stringWidth(text, font, size), *((space, space) if i < len(texts) - 1 else (0.0, 0.0)),
                      (font, size)) for i, text in enumerate(texts)]
    if not frags or _processed_frags(frags):
        return None  # the rest of a split paragraph: its pieces are rejoined by rules not modelled here
    if any(not hasattr(frag, "text") or getattr(frag, "cbDefn", None) is not None or getattr(frag, "backColor", None)
           or getattr(frag, "_fkind", None) not in (None, _FK_TEXT) or getattr(frag, "lineBreak", False)
           or _shy in frag.text for frag in frags):
        return None  # line breaks, images, soft hyphens: the beam search, which lets ReportLab handle them
    words: list[_Word] = []
    for word in _getFragWords(frags, measure):
        pieces = word[1:]
        text = "".join(piece[1] for piece in pieces)
        last = pieces[-1][0]
        space = stringWidth(" ", last.fontName, last.fontSize) if isinstance(word, _HSFrag) else 0.0
        if not text and word[0] == 0 and words and not words[-1].space_after:
            # The space after a word in another font ("<b>bold</b> words") comes as an empty word in the font
            # of the text that holds it; ReportLab adds it to the word before.
            before = words[-1]
            shrink = stringWidth(" ", *before.last_font)
            words[-1] = _Word(before.text, before.width, space, shrink if space else 0.0, before.font, before.last_font)
            continue
        if word[0] <= 0 or not text:
            return None  # other zero-width words are placed by rules of their own
        first = pieces[0][0]
        words.append(_Word(text, word[0], space, space, (first.fontName, first.fontSize) if len(pieces) == 1 else None,
                           (last.fontName, last.fontSize)))
    return words


def _plan(paragraph: JustifiedParagraph, measure: float, justify_last: bool, max_lines: int, *,
          ragged: bool = False) -> tuple[tuple[float, ...], list[str]] | None:
    """The best breaking as (each line's width but the last, each line's text); None where there is none to plan.

    `ragged` plans for text set ragged-right beside a photo: lines as even as they come without stretching,
    spaces never shrunk (a ragged line is drawn at its natural width, so a shrunk one would reach into the gap
    beside the photo), and a hyphen only where it saves a line ending well short.
    """
    words = _plan_words(paragraph, measure)
    if not words or max(word.width for word in words) > measure:
        return None  # ReportLab would split a word by letters
    style = paragraph.style
    shrinkage = 0.0 if ragged else style.spaceShrinkage or 0
    hyphenate = style.hyphenationLang if callable(style.hyphenationLang) else None
    min_length = getattr(style, "hyphenationMinWordLength", 5)

    known_pieces: dict[int, list[tuple[str, float, str]]] = {}

    def pieces(index: int) -> list[tuple[str, float, str]]:
        if index not in known_pieces:
            known_pieces[index] = _pieces(index)
        return known_pieces[index]

    def _pieces(index: int) -> list[tuple[str, float, str]]:
        """(head with its hyphen, its width, tail) for each way ReportLab may hyphenate word `index`."""
        word = words[index]
        if hyphenate is None or word.font is None:
            return []
        prefix = _hy_pfx_pat.match(word.text)
        prefix = prefix.group(0) if prefix else ""
        core = word.text[len(prefix):]
        suffix = _hy_sfx_pat.search(core)
        suffix = suffix.group(0) if suffix else ""
        core = core[:len(core) - len(suffix)] if suffix else core
        if len(core) < min_length or not _hy_letters_pat.match(core):
            return []
        found = []
        for head, tail in hyphenate(core):
            head = prefix + head
            shown = head if head.endswith("-") else head + "-"
            found.append((shown, stringWidth(shown, *word.font), tail + suffix))
        return found

    tail_widths: dict[tuple[int, str], float] = {}

    def tail_width(index: int, tail: str) -> float:
        if (index, tail) not in tail_widths:
            tail_widths[index, tail] = stringWidth(tail, *words[index].font)  # type: ignore[misc]
        return tail_widths[index, tail]

    # A state is where a line starts (the next word, or the tail left by hyphenating it) and the hyphen run so
    # far. Lines only move forward, and a tail starts after its word's own state, so taking states in that order
    # knows every way into a state before leaving it. Every line costs EXTRA_LINE_PENALTY more, which prices an
    # added line as the beam search does (first fit already has the fewest lines).
    # A line fits, as ReportLab judges it, when its natural width less `shrinkage` of its word spaces' width is
    # within the measure. A trail is (earlier trail, start word, its tail or None, last word, hyphenated head
    # or None, the narrowest measure that takes the line): enough to rebuild it, so no line is ever copied.
    if ragged:
        size = style.fontSize
        price = lambda gaps, glyphs, natural: ((measure - natural) / size) ** 2  # noqa: E731 - in ems, squared
        hyphen_penalty, consecutive_penalty = RAGGED_HYPHEN_PENALTY, RAGGED_CONSECUTIVE_HYPHEN_PENALTY
        justify_last = False
    else:
        price = _line_pricer(measure, stringWidth(" ", style.fontName, style.fontSize), style.fontSize,
                             style.spaceShrinkage)
        hyphen_penalty, consecutive_penalty = HYPHEN_PENALTY, CONSECUTIVE_HYPHEN_PENALTY
    states: dict[tuple[int, str | None, int], tuple[float, tuple | None]] = {(0, None, 0): (0.0, None)}
    finished: list[tuple[float, tuple]] = []
    last = len(words) - 1
    for start in range(len(words)):
        here = sorted((key for key in states if key[0] == start), key=lambda key: key[1] is not None)
        done: set = set()
        while here:
            key = here.pop(0)
            if key in done:
                continue
            done.add(key)
            _, tail, run = key
            cost, trail = states.pop(key)
            count = 0  # words on the line so far
            gaps = 0  # word spaces between them
            chars = 0  # their letters
            natural = 0.0  # their width, spaces included
            shrinking = 0.0  # the spaces' width as the shrink allowance counts them, but for the last
            space_before = shrink_before = 0.0  # the space after the line's last word, should another follow
            for index in range(start, len(words)):
                word = words[index]
                resumed = index == start and tail is not None
                gap = 1 if space_before else 0
                # What ReportLab lets the line's spaces shrink by when it tries this word on the line.
                allowance = shrinkage * (shrinking + space_before)
                # The line may also end inside this word, with the head of a hyphenation.
                # ReportLab never hyphenates the first word of a line (it fits, or is split by letters).
                for shown, shown_width, rest in ([] if resumed or not count else pieces(index)):
                    line_width = natural + space_before + shown_width
                    new_run = run + 1
                    if line_width - allowance > measure + 1e-9 or new_run > MAX_HYPHENS_IN_A_ROW:
                        continue
                    line_price = price(gaps + gap, chars + len(shown) + gaps + gap, line_width) + EXTRA_LINE_PENALTY
                    line_price += hyphen_penalty + (consecutive_penalty if new_run > 1 else 0.0)
                    _offer(states, (index, rest, new_run), cost + line_price,
                           (trail, start, tail, index, shown, line_width - allowance))
                    if index == start:
                        here.append((index, rest, new_run))
                token = tail if resumed else word.text
                natural += space_before + (tail_width(index, tail) if resumed else word.width)
                shrinking += shrink_before
                gaps += gap
                chars += len(token)
                count += 1
                space_before, shrink_before = word.space_after, word.space_shrink
                if natural - allowance > measure + 1e-9:
                    break
                entry = (trail, start, tail, index, None, natural - allowance)
                line_price = price(gaps, chars + gaps, natural)
                if index == last:
                    finished.append((cost + (line_price if justify_last else 0.0) + EXTRA_LINE_PENALTY, entry))
                else:
                    _offer(states, (index + 1, None, 0), cost + line_price + EXTRA_LINE_PENALTY, entry)
    if not finished:
        return None
    _, trail = min(finished, key=lambda found: found[0])
    lines, widths = [], []
    while trail is not None:
        trail, start, tail, index, shown, tightest = trail
        lines.append(_line_text(words, start, tail, index, shown))
        # Just wide enough for ReportLab's first fit to take exactly this line (it lets spaces shrink a little).
        widths.append(tightest + 1e-6)
    lines.reverse()
    widths.reverse()
    if len(lines) > max_lines:
        return None
    return tuple(widths[:-1]), lines


def _offer(states: dict, state: tuple, cost: float, trail: tuple) -> None:
    known = states.get(state)
    if known is None or cost < known[0]:
        states[state] = (cost, trail)


def _line_text(words: list[_Word], start: int, tail: str | None, index: int, shown: str | None) -> str:
    """A planned line's text, words from start to index, spaced as ReportLab will; `shown` is the hyphenated head
    of the last word. Spaces are normalised as `_total_fit` compares them."""
    text = tail if tail is not None else words[start].text
    for position in range(start + 1, index + 1):
        text += (" " if words[position - 1].space_after else "") + words[position].text
    if shown is not None:
        text = text[:len(text) - len(words[index].text)] + shown
    return " ".join(text.split())


def _lone_word_price(extra: float, space: float) -> float:
    """One word alone on a line of justified text cannot be stretched: unless it nearly fills the line, it is
    a loose line, and worse than any loose line with spaces to stretch, as if its whole gap were one space."""
    if extra <= LOOSE_SPACE_FACTOR * space:
        return 0.0
    return LOOSE_PENALTY + (extra / space) ** 3


def _line_pricer(measure: float, space: float, size: float, space_shrinkage: float | None):
    """What the beam search's _line_costs charges for one justified line, as price(gaps, glyphs, natural width).

    The arithmetic of _line_costs and stretch_after_tracking, unrolled: the plan prices every candidate line.
    """
    loose_limit = LOOSE_SPACE_FACTOR - 1 + 1e-6
    tracking_limit = space * (LOOSE_SPACE_FACTOR - 1) * 0.98
    max_tracking = MAX_TRACKING_EM * size
    shrink = space_shrinkage or 1.0

    def price(gaps: int, glyphs: int, natural: float) -> float:
        extra = measure - natural
        if gaps == 0:
            return _lone_word_price(extra, space)
        stretch = extra / (gaps * space)
        letters = glyphs - 1 - gaps
        if letters <= 0 or extra <= tracking_limit * gaps:
            track = 0.0
        else:
            track = min((extra - tracking_limit * gaps) / letters, max_tracking)
        tracked = (extra - track * letters) / gaps / space
        badness = stretch ** 3 if stretch >= 0 else (-stretch / shrink) ** 3
        return badness + (LOOSE_PENALTY if tracked > loose_limit else 0.0)

    return price


def _search(paragraph: JustifiedParagraph, measures: list[float], justify_last: bool,
            first_fit_lines: int, extra_lines: int) -> tuple[float, ...] | None:
    """Beam search over line ends, line by line; states ending at the same place are merged (dynamic programming).

    At most `extra_lines` more lines than first-fit made; each is priced, so a paragraph grows only to lose a
    loose line.
    """
    max_lines = first_fit_lines + extra_lines
    beam = [_Trial(widths=(), cost=0.0, hyphen_run=0)]
    best: tuple[float, _Trial] | None = None
    for line_index in range(max_lines):
        states: dict[tuple[str, int], _Trial] = {}
        for trial in beam:
            width = _measure(measures, line_index)
            for _ in range(CANDIDATES_PER_LINE):
                widths = [*trial.widths, width]
                # Everything after the line being chosen goes on one endless line: it only has to be measured,
                # not broken and hyphenated, which made each trial cost as much as breaking the whole paragraph.
                result = paragraph._trial(widths + [UNBROKEN_REST])
                if len(result.lines) <= line_index:
                    break
                costs = _line_costs(paragraph, result, measures, widths + [measures[-1]], justify_last)
                ends = _hyphen_ends(paragraph, result)
                hyphen = ends[line_index]
                run = trial.hyphen_run + 1 if hyphen else 0
                line = result.lines[line_index]
                extra = line[0] if isinstance(line, tuple) else line.extraSpace
                natural = width - extra
                if run <= MAX_HYPHENS_IN_A_ROW:
                    cost = trial.cost + costs[line_index][0]
                    if hyphen:
                        cost += HYPHEN_PENALTY + (CONSECUTIVE_HYPHEN_PENALTY if run > 1 else 0.0)
                    fixed = _Trial(widths=tuple(widths), cost=cost, hyphen_run=run)
                    if len(result.lines) == line_index + 1:
                        cost += EXTRA_LINE_PENALTY * max(line_index + 1 - first_fit_lines, 0)
                        if best is None or cost < best[0]:
                            best = (cost, fixed)
                    else:
                        rest = "\n".join(_line_texts(result)[line_index + 1:])
                        known = states.get((rest, run))
                        if known is None or cost < known.cost:
                            states[(rest, run)] = fixed
                if natural <= 0 or costs[line_index][0] >= LOOSE_PENALTY:
                    break  # shorter still is only looser
                # ReportLab may shrink word spaces a little to fit a line: go below that too.
                width = natural - NUDGE - _shrink_allowance(paragraph, line)
        beam = sorted(states.values(), key=lambda t: t.cost)[:BEAM_WIDTH]
        if not beam:
            break
    paragraph.frags = paragraph._original_frags
    return best[1].widths if best else None


def tracking(*, extra: float, gaps: int, glyphs: int, space: float, font_size: float) -> float:
    """Letter spacing (points after each glyph) that brings a line's word spaces within the loose limit, capped.

    With tracking t and word spacing w the line's extra width is w * gaps + t * (glyphs - 1), and each visible
    word space grows by w + t; solved for t at the limit.
    """
    limit = space * (LOOSE_SPACE_FACTOR - 1) * 0.98
    letters = glyphs - 1 - gaps
    if gaps == 0 or letters <= 0 or extra <= limit * gaps:
        return 0.0
    return min((extra - limit * gaps) / letters, MAX_TRACKING_EM * font_size)


def stretch_after_tracking(*, extra: float, gaps: int, glyphs: int, space: float, font_size: float) -> float:
    """How far word spaces stretch, as a multiple of a normal space, once the line is tracked."""
    if gaps == 0:
        return 0.0
    track = tracking(extra=extra, gaps=gaps, glyphs=glyphs, space=space, font_size=font_size)
    return (extra - track * (glyphs - 1 - gaps)) / gaps / space


def _line_text_and_extra(line) -> tuple[str, float]:
    if isinstance(line, tuple):
        return " ".join(line[1]), line[0]
    return "".join(frag.text for frag in line.words if not hasattr(frag, "cbDefn")), line.extraSpace


def _tracking_by_word_space(paragraph: Paragraph) -> list[tuple[float, float, int, int]]:
    """For each line ReportLab will justify: (the word space it will ask for, tracking, spaces, glyphs)."""
    style = paragraph.style
    space = stringWidth(" ", style.fontName, style.fontSize)
    plan = []
    for line in paragraph.blPara.lines:
        text, extra = _line_text_and_extra(line)
        if isinstance(line, tuple):
            spaces = len(line[1]) + _nbspCount(text) - 1
        else:
            spaces = line.wordCount + sum(_nbspCount(f.text) for f in line.words if not hasattr(f, "cbDefn")) - 1
        if spaces <= 0:
            continue
        text = text.strip()
        gaps = text.count(" ")
        track = tracking(extra=extra, gaps=gaps, glyphs=len(text), space=space, font_size=style.fontSize)
        plan.append((extra / spaces, track, gaps, len(text)))
    return plan


class _TrackedText:
    """A ReportLab text object that letter-spaces the justified lines its plan says need it."""

    def __init__(self, inner, plan: list[tuple[float, float, int, int]]):
        self.__dict__["_inner"] = inner
        self.__dict__["_plan"] = plan
        self.__dict__["_tracking"] = 0.0

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __setattr__(self, name, value):
        setattr(self._inner, name, value)

    def setWordSpace(self, word_space: float) -> None:  # noqa: N802 - ReportLab's name
        if word_space == 0:
            self._inner.setWordSpace(0)
            if self._tracking:
                self._inner.setCharSpace(0)
                self.__dict__["_tracking"] = 0.0
            return
        for index, (expected, track, gaps, glyphs) in enumerate(self._plan):
            if abs(expected - word_space) < 1e-6:
                del self._plan[: index + 1]
                if track and gaps:
                    self.__dict__["_tracking"] = track
                    self._inner.setCharSpace(track)
                    word_space -= track * (glyphs - 1) / gaps
                break
        self._inner.setWordSpace(word_space)
