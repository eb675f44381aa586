"""Total fit: the best breaking of a paragraph, chosen by dynamic programming over every word measured once.

ReportLab measures, hyphenates and draws the lines; the plan chooses where each line ends, as widths ReportLab's
own first-fit breaker then realises exactly (linebreak.py checks that it does), and the paragraph's letter
spacing, which the drawing adds (linebreak._TrackedText).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import strip as strip_spaces

from bulletinpdf.lines.address_breaks import ADDRESS_BREAK_PENALTY
from bulletinpdf.text.addresses import break_points
from bulletinpdf.tolerances import FUZZ
from bulletinpdf.lines.reportlab_internals import (
    FK_TEXT, HYPHEN_PREFIX, HYPHEN_SUFFIX, SOFT_HYPHEN, HSFrag, SplitWordH, fragment_kind, fragment_words,
    fragments_processed, hyphenation_letters,
)
from bulletinpdf.lines.reportlab_internals import split_holding_narrow_spaces as split_words
from bulletinpdf.lines.line_costs import (
    CONSECUTIVE_HYPHEN_PENALTY, EXTRA_LINE_PENALTY, HYPHEN_PENALTY, LONE_TAIL_PENALTY, MAX_HYPHENS_IN_A_ROW,
    MAX_TRACKING_EM, RAGGED_CONSECUTIVE_HYPHEN_PENALTY, RAGGED_HYPHEN_PENALTY, TRACKING_PRICE, TRACKING_STEPS_EM,
    WIDE_PENALTY, line_pricer,
)

if TYPE_CHECKING:
    from bulletinpdf.lines.linebreak import JustifiedParagraph


@dataclass(frozen=True)
class Word:
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
    address_piece: bool = False
    """A piece of a web or e-mail address between two of its break points (rule 8): a line may end after it
    with no hyphen, and a line of such pieces alone, having no spaces, is set ragged (linebreak.py)."""


def plan_words(paragraph: JustifiedParagraph, measure: float) -> list[Word] | None:
    """The paragraph's words, measured as ReportLab's breaker measures them; None where the plan cannot follow it."""
    frags = paragraph.own_frags
    if len(frags) == 1 and hasattr(frags[0], "text") or hasattr(frags[0], "words"):
        # One font: ReportLab's simple breaker (kind 0), on the text or on the words left by a split.
        font, size = frags[0].fontName, frags[0].fontSize
        space = stringWidth(" ", font, size)
        hyphenates = not getattr(frags[0], "nobr", False)
        if hasattr(frags[0], "text"):
            texts = split_words(strip_spaces(frags[0].text))  # ReportLab's own split: it keeps no-break spaces
        else:
            texts = list(frags[0].words)
            if any(not text or isinstance(text, SplitWordH) for text in texts):
                return None  # a hyphenation head that must end its line: ReportLab's rule, not modelled
        if any(SOFT_HYPHEN in text for text in texts):
            return None  # soft hyphens: ReportLab's own rules
        return _address_pieces([
            Word(text, stringWidth(text, font, size), *((space, space) if i < len(texts) - 1 else (0.0, 0.0)),
                 (font, size) if hyphenates else None, (font, size)) for i, text in enumerate(texts)])
    if not frags or fragments_processed(frags):
        return None  # the rest of a split paragraph: its pieces are rejoined by rules not modelled here
    if any(not hasattr(frag, "text") or getattr(frag, "cbDefn", None) is not None or getattr(frag, "backColor", None)
           or fragment_kind(frag) not in (None, FK_TEXT) or getattr(frag, "lineBreak", False)
           or SOFT_HYPHEN in frag.text for frag in frags):
        return None  # line breaks, images, soft hyphens: the beam search, which lets ReportLab handle them
    words: list[Word] = []
    for word in fragment_words(frags, measure):
        pieces = word[1:]
        text = "".join(piece[1] for piece in pieces)
        last = pieces[-1][0]
        space = stringWidth(" ", last.fontName, last.fontSize) if isinstance(word, HSFrag) else 0.0
        if not text and word[0] == 0 and words and not words[-1].space_after:
            # The space after a word in another font ("<b>bold</b> words") comes as an empty word in the font
            # of the text that holds it; ReportLab adds it to the word before.
            before = words[-1]
            shrink = stringWidth(" ", *before.last_font)
            words[-1] = Word(before.text, before.width, space, shrink if space else 0.0, before.font, before.last_font)
            continue
        if word[0] <= 0 or not text:
            return None  # other zero-width words are placed by rules of their own
        first = pieces[0][0]
        # ReportLab does not hyphenate text in <nobr> (words in italics, layout/story.py): nor does the plan.
        hyphenates = len(pieces) == 1 and not getattr(first, "nobr", False)
        words.append(Word(text, word[0], space, space, (first.fontName, first.fontSize) if hyphenates else None,
                           (last.fontName, last.fontSize)))
    return _address_pieces(words)


def _address_pieces(words: list[Word]) -> list[Word]:
    """Each address of one font cut into its pieces, run together with no space between them: ReportLab breaks
    an address at the end of a line only between two (reportlab_internals.addresses_broken, address_breaks.py)."""
    cut = []
    for word in words:
        points = break_points(word.text)
        if not points or word.last_font == ("", 0.0):
            cut.append(word)
            continue
        font = word.last_font
        edges = (0, *points, len(word.text))
        for start, end in zip(edges, edges[1:]):
            text = word.text[start:end]
            last = end == len(word.text)
            cut.append(Word(text, stringWidth(text, *font), word.space_after if last else 0.0,
                            word.space_shrink if last else 0.0, None, font, address_piece=True))
    return cut


@dataclass(frozen=True)
class Plan:
    """The best breaking of a paragraph: its letter spacing, each line's width for ReportLab, and each line's text."""

    tracking: float
    """Points of letter spacing after every character of the paragraph (0 for none)."""
    widths: tuple[float, ...]
    """Each line's width, the last included: just wide enough for ReportLab's first fit to take exactly that line."""
    lines: list[str]


def plan(paragraph: JustifiedParagraph, measure: float, justify_last: bool, max_lines: int, *,
         ragged: bool = False) -> Plan | None:
    """The best breaking, or None where there is none to plan.

    `ragged` plans for text set ragged-right beside a photo: lines as even as they come without stretching,
    spaces never shrunk (a ragged line is drawn at its natural width, so a shrunk one would reach into the gap
    beside the photo), and a hyphen only where it saves a line ending well short. Justified text whose best
    breaking leaves a line's spaces wide is tried letter-spaced too, the whole paragraph alike (rule 6).
    """
    words = plan_words(paragraph, measure)
    if not words or max(word.width for word in words) > measure:
        return None  # ReportLab would split a word by letters
    style = paragraph.style
    hyphenation = _Hyphenation(words, style)
    best = _best_breaking(words, hyphenation, style, measure, justify_last, ragged, 0.0)
    if best is not None and not ragged and best[2]:
        for step in TRACKING_STEPS_EM:
            for signed in (step, -step):
                found = _tracked(words, hyphenation, style, measure, justify_last, signed)
                if found is not None and found[0] < best[0]:
                    best = found
    if best is None:
        return None
    cost, trail, _, tracking = best
    widths, lines = _rebuilt(trail, words)
    if len(lines) > max_lines:
        return None
    return Plan(tracking, tuple(widths), lines)


def _tracked(words: list[Word], hyphenation: _Hyphenation, style, measure: float, justify_last: bool,
             step: float) -> tuple[float, tuple, bool, float] | None:
    """The best breaking letter-spaced by `step` ems, its cost raised by its share of TRACKING_PRICE."""
    found = _best_breaking(words, hyphenation, style, measure, justify_last, False, step * style.fontSize)
    if found is None:
        return None
    return (found[0] + TRACKING_PRICE * abs(step) / MAX_TRACKING_EM, *found[1:])


def _best_breaking(words: list[Word], hyphenation: _Hyphenation, style, measure: float, justify_last: bool,
                   ragged: bool, tracking: float, pricing=None,
                   lone_tail_penalty: float = LONE_TAIL_PENALTY) -> tuple[float, tuple, bool, float] | None:
    """(cost, trail, whether a justified line's spaces are over the wide limit, tracking) of the best breaking.

    `pricing` replaces the costs (price, hyphen penalty, consecutive hyphen penalty): the spacing bound
    (benchmarks/spacing_bound.py) counts lines instead, and forbids a last line of a word's tail outright
    (`lone_tail_penalty`)."""
    shrinkage = 0.0 if ragged else style.spaceShrinkage or 0
    pieces, tail_width = hyphenation.pieces, hyphenation.tail_width

    # A state is where a line starts (the next word, or the tail left by hyphenating it) and the hyphen run so
    # far. Lines only move forward, and a tail starts after its word's own state, so taking states in that order
    # knows every way into a state before leaving it. Every line costs EXTRA_LINE_PENALTY more, which prices an
    # added line as the beam search does (first fit already has the fewest lines).
    # A line fits when its spaces, letter spacing included, need not shrink beyond the style's shrinkage. A trail
    # is (earlier trail, start word, its tail or None, last word, hyphenated head or None, the narrowest width at
    # which ReportLab's first fit, which knows nothing of letter spacing, takes the line): enough to rebuild it,
    # so no line is ever copied.
    price, hyphen_penalty, consecutive_penalty = pricing or _pricing(style, measure, ragged=ragged, tracking=tracking)
    wide = WIDE_PENALTY if not ragged else float("inf")
    justify_last = justify_last and not ragged
    # Each state's cost, trail, and whether a line on the way is wide; by the word the state starts at.
    states: dict[int, dict[tuple[int, str | None, int], tuple[float, tuple | None, bool]]] = {
        0: {(0, None, 0): (0.0, None, False)}}
    finished: list[tuple[float, tuple, bool]] = []
    last = len(words) - 1
    for start in range(len(words)):
        starting = states.get(start)
        if not starting:
            continue
        here = sorted(starting, key=lambda key: key[1] is not None)
        done: set = set()
        while here:
            key = here.pop(0)
            if key in done:
                continue
            done.add(key)
            _, tail, run = key
            cost, trail, widened = starting.pop(key)
            count = 0  # words on the line so far
            gaps = 0  # word spaces between them
            chars = 0  # their letters
            natural = 0.0  # their width, spaces included
            shrinking = 0.0  # the spaces' width as ReportLab's shrink allowance counts them, but for the last
            space_before = shrink_before = 0.0  # the space after the line's last word, should another follow
            for index in range(start, len(words)):
                word = words[index]
                resumed = index == start and tail is not None
                gap = 1 if space_before else 0
                # What ReportLab lets the line's spaces shrink by when it tries this word on the line.
                allowance = (style.spaceShrinkage or 0) * (shrinking + space_before)
                token = tail if resumed else word.text
                width = tail_width(index, tail) if resumed else word.width
                # The line may also end inside this word, with the head of a hyphenation.
                # ReportLab never hyphenates the first word of a line (it fits, or is split by letters).
                for shown, shown_width, rest in ([] if resumed or not count else pieces(index)):
                    new_run = run + 1
                    if new_run > MAX_HYPHENS_IN_A_ROW:
                        continue
                    line_width = natural + space_before + shown_width
                    line_price = price(gaps + gap, chars + len(shown) + gaps + gap, line_width)
                    if line_price is None:
                        continue
                    total = cost + line_price + EXTRA_LINE_PENALTY + hyphen_penalty
                    total += consecutive_penalty if new_run > 1 else 0.0
                    state = (index, rest, new_run)
                    known = states.setdefault(index, {}).get(state)
                    if known is None or total < known[0]:
                        states[index][state] = (total, (trail, start, tail, index, shown, line_width - allowance),
                                                widened or line_price >= wide)
                    if index == start:
                        here.append((index, rest, new_run))
                natural += space_before + width
                shrinking += shrink_before
                gaps += gap
                chars += len(token)
                count += 1
                space_before, shrink_before = word.space_after, word.space_shrink
                line_price = price(gaps, chars + gaps, natural)
                if line_price is None:
                    break
                entry = (trail, start, tail, index, None, natural - allowance)
                # Address pieces alone, the line ending inside the address: it has no space to stretch and is set
                # ragged (address_breaks.set_flush_at_addresses); what it costs is the break.
                inside_address = word.address_piece and not word.space_after and index < last
                address_line = inside_address and not gaps
                if address_line:
                    line_price = 0.0
                if inside_address and not pricing:
                    line_price += ADDRESS_BREAK_PENALTY
                if index == last:
                    lone_tail = lone_tail_penalty if resumed and count == 1 else 0.0
                    counted = line_price if justify_last else 0.0
                    finished.append((cost + counted + EXTRA_LINE_PENALTY + lone_tail, entry,
                                     widened or counted >= wide))
                else:
                    total = cost + line_price + EXTRA_LINE_PENALTY
                    state = (index + 1, None, 0)
                    known = states.setdefault(index + 1, {}).get(state)
                    if known is None or total < known[0]:
                        states[index + 1][state] = (total, entry, widened or (line_price >= wide and not address_line))
    if not finished:
        return None
    cost, trail, widened = min(finished, key=lambda found: found[0])
    return cost, trail, widened, tracking


class _Hyphenation:
    """The ways ReportLab may hyphenate each word of a paragraph, and the widths of the tails, worked out once."""

    def __init__(self, words: list[Word], style):
        self.words = words
        self.hyphenate = style.hyphenationLang if callable(style.hyphenationLang) else None
        self.min_length = getattr(style, "hyphenationMinWordLength", 5)
        self.known_pieces: dict[int, list[tuple[str, float, str]]] = {}
        self.tail_widths: dict[tuple[int, str], float] = {}

    def pieces(self, index: int) -> list[tuple[str, float, str]]:
        """(head with its hyphen, its width, tail) for each way ReportLab may hyphenate word `index`."""
        if index not in self.known_pieces:
            self.known_pieces[index] = self._pieces(index)
        return self.known_pieces[index]

    def _pieces(self, index: int) -> list[tuple[str, float, str]]:
        word = self.words[index]
        if self.hyphenate is None or word.font is None:
            return []
        prefix = HYPHEN_PREFIX.match(word.text)
        prefix = prefix.group(0) if prefix else ""
        core = word.text[len(prefix):]
        suffix = HYPHEN_SUFFIX.search(core)
        suffix = suffix.group(0) if suffix else ""
        core = core[:len(core) - len(suffix)] if suffix else core
        if len(core) < self.min_length or not hyphenation_letters().match(core):
            return []
        found = []
        for head, tail in self.hyphenate(core):
            head = prefix + head
            shown = head if head.endswith("-") else head + "-"
            found.append((shown, stringWidth(shown, *word.font), tail + suffix))
        return found

    def tail_width(self, index: int, tail: str) -> float:
        if (index, tail) not in self.tail_widths:
            self.tail_widths[index, tail] = stringWidth(tail, *self.words[index].font)  # type: ignore[misc]
        return self.tail_widths[index, tail]


def _pricing(style, measure: float, *, ragged: bool, tracking: float):
    """What a line costs (by its spaces, glyphs and natural width; None where it does not fit), a hyphen, and a
    hyphen after another."""
    if ragged:
        size = style.fontSize

        def ragged_price(gaps: int, glyphs: int, natural: float) -> float | None:
            short = measure - natural
            return None if short < -1e-9 else (short / size) ** 2  # in ems, squared

        return ragged_price, RAGGED_HYPHEN_PENALTY, RAGGED_CONSECUTIVE_HYPHEN_PENALTY
    price = line_pricer(measure, stringWidth(" ", style.fontName, style.fontSize), style.spaceShrinkage, tracking)
    return price, HYPHEN_PENALTY, CONSECUTIVE_HYPHEN_PENALTY


def _rebuilt(trail: tuple, words: list[Word]) -> tuple[list[float], list[str]]:
    """Each line's width and text, first to last, from the trail of the best breaking."""
    lines, widths = [], []
    while trail is not None:
        trail, start, tail, index, shown, tightest = trail
        lines.append(_line_text(words, start, tail, index, shown))
        # Just wide enough for ReportLab's first fit to take exactly this line (it lets spaces shrink a little).
        widths.append(tightest + FUZZ)
    lines.reverse()
    widths.reverse()
    return widths, lines


def _line_text(words: list[Word], start: int, tail: str | None, index: int, shown: str | None) -> str:
    """A planned line's text, words from start to index, spaced as ReportLab will; `shown` is the hyphenated head
    of the last word. Spaces are normalised as `_total_fit` compares them."""
    text = tail if tail is not None else words[start].text
    for position in range(start + 1, index + 1):
        text += (" " if words[position - 1].space_after else "") + words[position].text
    if shown is not None:
        text = text[:len(text) - len(words[index].text)] + shown
    return " ".join(text.split())
