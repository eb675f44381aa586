"""Line breaking: JustifiedParagraph, which breaks its lines for the whole paragraph, not line by line.

The plan comes from total_fit.py, what lines cost from line_costs.py; here are the caches that keep what was
chosen, the slower beam search for what the plan cannot follow, and letter spacing for lines that need it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from bulletinpdf.lines.address_breaks import (
    ADDRESS_BREAK_PENALTY, ends_inside_address, least_width as address_least_width, set_flush_at_addresses,
)
from bulletinpdf.lines.hyphenation import hyphenated_line_ends, line_text
from bulletinpdf.lines.reportlab_internals import (
    SplitFragH, SplitWordH, fragment_words, is_split_rest, justifies_last_line, no_break_space_count,
)
from bulletinpdf.lines import line_costs
from bulletinpdf.lines.line_costs import (
    CONSECUTIVE_HYPHEN_PENALTY, EXTRA_LINE_PENALTY, EXTRA_LINES_ALLOWED, HYPHEN_PENALTY, LONE_TAIL_PENALTY, LOOSE_PENALTY,
    LOOSE_SPACE_FACTOR, MAX_HYPHENS_IN_A_ROW, RAGGED_CONSECUTIVE_HYPHEN_PENALTY, RAGGED_HYPHEN_PENALTY, badness,
    lone_word_price, word_space_ratio,
)
from bulletinpdf.lines.reportlab_internals import NARROW_NO_BREAK_SPACE, words_held
from bulletinpdf.lines.total_fit import plan as plan_lines
from bulletinpdf.text.addresses import BREAKS_BEFORE, may_hold_address
from bulletinpdf.tolerances import FUZZ

# How many shorter breaks than first-fit's are tried for each line, and how many partial solutions are kept.
CANDIDATES_PER_LINE = 4
BEAM_WIDTH = 4
# Measures narrower than this many ems (text beside a photo) are set ragged-right, so no breaking makes them loose.
NARROW_MEASURE_EMS = 16
# Each trial of the beam search breaks the whole paragraph, so it grows with the square of its length: longer
# paragraphs the plan cannot follow keep first-fit (the layout report still counts any loose line in them).
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


class LineBreaking:
    """What one build has worked out about line breaks, owned by the pipeline and handed to every paragraph.

    Layout wraps the same paragraph at the same measure many times (the balancer, the photo wrapping); each is
    broken once. `remembered` holds the choices of earlier builds (build/cache/linebreaks), `new` those this build
    searched for, to be kept for the next. Keys hold everything that decides the lines: the text and each piece's
    font, size, colour and link, the style, the hyphenation patterns and the measures.
    """

    def __init__(self, remembered: Mapping[str, list[float] | None] | None = None):
        self.broken: dict = {}
        """Lines and split words per paragraph content, style and widths."""
        self.chosen: dict = {}
        """(letter spacing, per-line widths) of the best breaking, per text, style, patterns and measures."""
        self.remembered: Mapping[str, list[float] | None] = remembered if remembered is not None else {}
        self.new: dict[str, list[float] | None] = {}



class HeldParagraph(Paragraph):
    """A paragraph whose narrow no-break spaces (French '« mot »', 'date :') hold the words around them together,
    as ReportLab holds U+00A0: no line then starts with ; : ! ? or ». In a language that elides (French), its words
    with an apostrophe may be hyphenated after it (l’appli-cation). Every paragraph of the issue's text is one."""

    def __init__(self, text, *args, **kwargs):
        # ReportLab tidies a paragraph's white space as it parses it, with the same split: held there too.
        if not isinstance(text, str) or NARROW_NO_BREAK_SPACE not in text:
            super().__init__(text, *args, **kwargs)
        else:
            with words_held():
                super().__init__(text, *args, **kwargs)
        if isinstance(text, str):
            self._held = _held_for(text, self.style)  # from the markup: cheaper than from the fragments later

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's signature
        held = _held_words(self)
        wrapped = self.__dict__.get("blPara")
        parts = super().split(availWidth, availHeight)
        if not parts and wrapped is not None and "blPara" not in self.__dict__:
            # ReportLab forgets a paragraph's lines when it cannot split it (an orphan or a widow would be left).
            # The column engine tries splits of paragraphs it has already placed, and a placed paragraph must
            # keep the lines it is drawn with.
            self.blPara = wrapped
        for part in parts:
            part.__dict__.setdefault("_held", held)  # the pieces of a paragraph hold what it held
        return parts

    def minWidth(self):  # noqa: N802 - ReportLab's name
        """The widest word, an address by its widest piece: a table column (flowables.py) need not hold it whole."""
        held = _held_words(self)
        if not (held and held.get("addresses")) or not self.frags:
            return super().minWidth()
        return address_least_width(fragment_words(self.frags, None), self.style.fontSize)

    def breakLines(self, width):  # noqa: N802 - ReportLab's name
        held = _held_words(self)
        if held is None:
            return super().breakLines(width)
        with words_held(**held):
            return super().breakLines(width)


def _held_words(paragraph: Paragraph) -> dict | None:
    """What ReportLab's breaking must hold for this paragraph (words_held's options), or None for nothing."""
    if "_held" not in paragraph.__dict__:
        frags = paragraph.__dict__.get("_frags_before_breaking", paragraph.frags)
        paragraph._held = _held_for(_text_of(frags), paragraph.style)
    return paragraph._held


def _held_for(text: str, style) -> dict | None:
    held = {"narrow_spaces": NARROW_NO_BREAK_SPACE in text,
            "elisions": getattr(style.hyphenationLang, "elides", False) and ("’" in text or "'" in text),
            "addresses": (None if not may_hold_address(text) else
                          "justified" if style.alignment == TA_JUSTIFY else "ragged")}
    return held if any(held.values()) else None


class JustifiedParagraph(HeldParagraph):
    """A paragraph whose justified lines are broken for the whole paragraph, not line by line.

    ReportLab still measures, hyphenates and draws every line; this class only chooses, per line, a maximum
    width at or below the measure so that its first-fit breaker ends the line at the best of the breaks it
    can offer (spaces and hyphenation points). The lines are then stretched to the full measure.
    """

    # Set by the layout from the pipeline's LineBreaking; a paragraph made without one keeps its own.
    line_breaking: LineBreaking | None = None

    @property
    def breaking(self) -> LineBreaking:
        if self.line_breaking is None:
            self.line_breaking = LineBreaking()
        return self.line_breaking

    def deepcopy(self):
        # ReportLab deep-copies a paragraph before trying a split beside a photo; splitting never changes the
        # original's fragments, so a copy with its own attributes does, at a fraction of the cost.
        twin = copy(self)
        twin.__dict__ = dict(self.__dict__)
        return twin

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's signature
        if self.frags and (getattr(self, "blPara", None) is None or getattr(self, "width", None) != availWidth):
            # ReportLab splits the lines of the last wrap, whatever its width: a paragraph last measured beside a
            # photo and then split under it came apart at the wrong words (a line printed twice, another lost).
            self.wrap(availWidth, availHeight)
        # ReportLab marks the hyphenated word that ends the head of a split as "keep this hyphen" by changing
        # that word's class in place, and the word is shared: with this paragraph's broken lines, its cached
        # copies and every later split of it. A later split elsewhere then kept the hyphen mid-line when its rest
        # was broken again at another width ("pos- sible"). The head gets a marked copy; the shared word is
        # restored.
        watched = [(piece, piece.__class__) for piece in _split_word_pieces(self)]
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.line_breaking = self.breaking
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
            head._inherited_lines = (availWidth, self.blPara, self.frags, 0, cut)
            rest._inherited_lines = (availWidth, self.blPara, self.frags, cut, None)
        return parts

    def breakLines(self, width):  # noqa: N802 - ReportLab's name
        held = _held_words(self)
        if held is None:
            return self._justified_lines(width)
        with words_held(**held):  # the plan (total_fit.py) splits and hyphenates the words too
            return self._justified_lines(width)

    def _justified_lines(self, width):
        # ReportLab's breaker replaces self.frags by the words it split the paragraph into, and a later split
        # takes the words of its lines from there by index (they rejoin a hyphenated word there, too): whatever
        # lines are returned, from the cache or inherited, self.frags must be the words they were broken from.
        self.own_frags  # noqa: B018 - kept before frags is replaced: this paragraph's own words
        inherited = self.__dict__.get("_inherited_lines")
        measure = width[-1] if isinstance(width, (list, tuple)) else width
        if inherited is not None and abs(inherited[0] - measure) < FUZZ:
            whole, frags, start, stop = inherited[1:]
            part = copy(whole)
            part.lines = whole.lines[start:stop]
            self.frags = frags
            return part
        key = (self._content_key, repr(self.style.textColor), _style_key(self.style), tuple(_as_list(width)),
               justifies_last_line(self), is_split_rest(self))
        broken = self.breaking.broken
        known = broken.get(key)
        if known is None:
            known = broken[key] = self._break_lines(width)
        # Layout wraps the same paragraph at the same measure many times (balancing, photos); break it once.
        broken, self.frags = known
        result = copy(broken)
        result.lines = list(broken.lines)
        return result

    def getPlainText(self, identify=None):  # noqa: N802 - ReportLab's name
        """This paragraph's own words: its frags may be those of the whole it was split from (see breakLines)."""
        frags = self.frags
        self.frags = self.own_frags
        try:
            return super().getPlainText(identify)
        finally:
            self.frags = frags

    def _break_lines(self, width):
        """The lines, and the split words they were broken from (ReportLab's self.frags after breaking them)."""
        result = self._best_lines(width)
        if self.style.alignment == TA_JUSTIFY and _held_words(self) and _held_words(self).get("addresses"):
            style = self.style
            set_flush_at_addresses(result.lines, result.broken_from, stringWidth(" ", style.fontName, style.fontSize))
        return result, result.broken_from

    def _best_lines(self, width):
        style = self.style
        measures = list(width) if isinstance(width, (list, tuple)) else [width]
        # A narrow measure is planned ragged whatever the style's alignment: beside a photo the paragraph is laid
        # out justified and drawn ragged (FloatingFigure.drawOn), and both must break it alike.
        if style.alignment != TA_JUSTIFY and not _is_ragged(measures, style):
            return self._trial(width)
        justify_last = justifies_last_line(self)
        # By the words and their fonts: the same words partly in bold break elsewhere.
        key = (self._content_key, _style_key(style), tuple(measures), justify_last)
        # The head of a split paragraph must keep the lines its column was measured for; the rest, set again at
        # another measure (under the photo it began beside), may take a line more like any paragraph.
        inherited = self.__dict__.get("_inherited_lines")
        head = is_split_rest(self) and not (inherited is not None and inherited[3])
        extra_lines = 0 if head else EXTRA_LINES_ALLOWED
        # First fit is only needed where the choice is not known yet: a warm build breaks each paragraph once.
        first_fit = _Lazy(lambda: self._trial(width))
        chosen = _chosen_breaking(key, self, measures, justify_last, first_fit, extra_lines)
        if chosen is None:
            return first_fit.value
        return self._break_at(measures, *chosen)

    def _break_at(self, measures: list[float], tracking: float, chosen: tuple[float, ...]):
        """Break with the chosen line widths, then give each line back the full measure to stretch into;
        `tracking` is the paragraph's letter spacing, which the drawing adds."""
        self.frags = self.own_frags
        result = super().breakLines(list(chosen) + [measures[-1]])
        result.broken_from = self.frags  # see breakLines
        result.tracking = tracking
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
            frags = self.own_frags
            self._content_key_value = (_fingerprint(frags), _colours(frags))
        return self._content_key_value

    @property
    def own_frags(self):
        # breakLines replaces self.frags with its split words (hyphenated pieces included); every trial starts afresh.
        if "_frags_before_breaking" not in self.__dict__:
            self._frags_before_breaking = self.frags
        return self._frags_before_breaking

    def beginText(self, x, y):  # noqa: N802 - ReportLab's name
        # ReportLab justifies by word spacing only; the tracked text adds the paragraph's letter spacing.
        tracking = paragraph_tracking(self)
        text = self.canv.beginText(x, y)
        return _TrackedText(text, tracking, _word_space_plan(self, tracking)) if tracking else text

    def _trial(self, widths: list[float]):
        self.frags = self.own_frags
        result = super().breakLines(widths)
        result.broken_from = self.frags  # see breakLines
        result.tracking = 0.0
        return result


def paragraph_tracking(paragraph: Paragraph) -> float:
    """The letter spacing, in points after each character, that a wrapped paragraph is drawn with (0 for none)."""
    return getattr(getattr(paragraph, "blPara", None), "tracking", 0.0) or 0.0


class _Lazy:
    """A value worked out the first time it is asked for."""

    def __init__(self, make):
        self._make = make

    @property
    def value(self):
        if "_value" not in self.__dict__:
            self._value = self._make()
        return self._value


def _split_word_pieces(paragraph: Paragraph) -> list:
    """The heads of hyphenated words, as ReportLab's split may find them: words of simple lines, or fragment words."""
    para = paragraph.blPara
    if para is None:
        return []
    if para.kind == 0:
        return [word for _, words in para.lines for word in words if isinstance(word, SplitWordH)]
    return [frag for frag in paragraph.frags if isinstance(frag, SplitFragH)]


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
            style.spaceShrinkage, _patterns_of(style))


def _patterns_of(style) -> str | None:
    """Which hyphenation patterns break this style's words (named by the hyphenator), or None for none."""
    hyphenate = style.hyphenationLang
    return getattr(hyphenate, "patterns", None) if hyphenate else None


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


def _shrink_allowance(paragraph: Paragraph, line) -> float:
    words = len(line[1]) if isinstance(line, tuple) else line.wordCount
    space = stringWidth(" ", paragraph.style.fontName, paragraph.style.fontSize)
    return (paragraph.style.spaceShrinkage or 0) * space * (words + 1)


def _line_costs(paragraph: Paragraph, result, measures: list[float], widths: list[float], justify_last: bool):
    """(cost, loose?) of each line of a trial, judged against the full measure; set ragged beside a photo, a line
    costs the square of the ems it ends short, as total_fit.py prices it."""
    costs = []
    count = len(result.lines)
    ragged = _is_ragged(measures, paragraph.style)
    for index, line in enumerate(result.lines):
        extra = line[0] if isinstance(line, tuple) else line.extraSpace
        extra += _measure(measures, index) - _measure(widths, index)
        if (index == count - 1 and not justify_last) or getattr(line, "lineBreak", False):
            costs.append((0.0, False))  # set flush left: the paragraph's last line, or one the author broke
            continue
        if ragged:
            costs.append(((max(extra, 0.0) / paragraph.style.fontSize) ** 2, False))
            continue
        text = _line_text_and_extra(line)[0].strip()
        style = paragraph.style
        space = stringWidth(" ", style.fontName, style.fontSize)
        inside_address = ends_inside_address(result.lines, getattr(result, "broken_from", paragraph.frags), index)
        if " " not in text:
            # A line of address pieces alone is set ragged (set_flush_at_addresses): what it costs is the break.
            lone = 0.0 if inside_address else lone_word_price(extra, space)
            costs.append((lone + (ADDRESS_BREAK_PENALTY if inside_address else 0.0), not inside_address and lone > 0))
            continue
        tracking = getattr(result, "tracking", 0.0)
        ratio = word_space_ratio(extra=extra - tracking * (len(text) - 1), gaps=text.count(" "), space=space,
                                 tracking=tracking)
        costs.append((badness(ratio, style.spaceShrinkage or 0) + (ADDRESS_BREAK_PENALTY if inside_address else 0.0),
                      ratio > LOOSE_SPACE_FACTOR + FUZZ))
    return costs


def _needs_better_breaks(paragraph: Paragraph, result, measures: list[float], justify_last: bool) -> bool:
    if any(loose for _, loose in _line_costs(paragraph, result, measures, measures, justify_last)):
        return True
    return _ends_in_a_lone_tail(paragraph, result) or _longest_hyphen_run(_hyphen_ends(paragraph, result)) > MAX_HYPHENS_IN_A_ROW


def _ends_in_a_lone_tail(paragraph: Paragraph, result) -> bool:
    """Is the last line only the tail of a hyphenated word (rule 5: planned again, where that costs a lone tail)?"""
    ends = _hyphen_ends(paragraph, result)
    return len(ends) > 1 and ends[-2] and " " not in line_text(result.lines[-1]).strip()


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
    return [line_text(line) for line in result.lines]


# Part of every stable key: change it whenever the search's rules change. The costs' constants are part of it too.
SEARCH_VERSION = "18|addresses-2|" + repr(sorted((name, value) for name, value in vars(line_costs).items()
                                                 if name.isupper()))


def _stable_key(paragraph: JustifiedParagraph, measures: list[float], justify_last: bool, extra_lines: int) -> str:
    style = paragraph.style
    parts = (SEARCH_VERSION, _fingerprint(paragraph.own_frags), style.name, style.fontName, style.fontSize,
             style.alignment, style.leading, style.spaceShrinkage, _patterns_of(style),
             [round(measure, 3) for measure in measures], justify_last, extra_lines)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _chosen_breaking(key, paragraph: JustifiedParagraph, measures: list[float], justify_last: bool,
                     first_fit: _Lazy, extra_lines: int) -> tuple[float, tuple[float, ...]] | None:
    """(letter spacing, per-line widths) of the best breaking found, or None to keep first fit; cached, since
    layout wraps a paragraph many times. Remembered between builds as [letter spacing, *widths]."""
    breaking = paragraph.breaking
    if key not in breaking.chosen:
        # First fit's lines follow from the rest of the key: not part of it.
        stable = _stable_key(paragraph, measures, justify_last, extra_lines)
        if stable in breaking.remembered:
            known = breaking.remembered[stable]
            breaking.chosen[key] = None if not known else (known[0], tuple(known[1:]))
        elif not first_fit.value.lines or (_is_ragged(measures, paragraph.style)
                                           and not any(_hyphen_ends(paragraph, first_fit.value))):
            # Nothing to break; or set ragged beside a photo, where planning is only worth it where first fit
            # hyphenates, often line after line. Justified text is always planned: first fit's lines are as
            # full as they come, not as even.
            breaking.chosen[key] = None
            breaking.new[stable] = None
        else:
            first_fit = first_fit.value
            first_fit_lines = len(first_fit.lines)
            chosen = _total_fit(paragraph, measures, justify_last, first_fit_lines, extra_lines)
            ragged = _is_ragged(measures, paragraph.style)
            # Where the plan cannot follow the paragraph, the beam search: for ragged text only to end a run of
            # hyphens that first fit left, or a last line made of a word's tail.
            if chosen is None and first_fit_lines <= MAX_LINES_SEARCHED and (
                    (_longest_hyphen_run(_hyphen_ends(paragraph, first_fit)) > MAX_HYPHENS_IN_A_ROW
                     or _ends_in_a_lone_tail(paragraph, first_fit)) if ragged
                    else _needs_better_breaks(paragraph, first_fit, measures, justify_last)):
                widths = _search(paragraph, measures, justify_last, first_fit_lines, extra_lines)
                chosen = None if widths is None else (0.0, widths)
            breaking.chosen[key] = chosen
            breaking.new[stable] = None if chosen is None else [chosen[0], *chosen[1]]
    return breaking.chosen[key]


def _total_fit(paragraph: JustifiedParagraph, measures: list[float], justify_last: bool,
               first_fit_lines: int, extra_lines: int) -> tuple[float, tuple[float, ...]] | None:
    """Knuth–Plass-style total fit: every word measured once, breaks chosen by dynamic programming with the
    same costs as the beam search; None where it does not apply or where ReportLab, given the chosen widths,
    would not break as planned (the beam search then takes over)."""
    plan = plan_lines(paragraph, measures[-1], justify_last, first_fit_lines + extra_lines,
                      ragged=_is_ragged(measures, paragraph.style))
    if plan is None:
        return None
    result = paragraph._break_at(measures, plan.tracking, plan.widths)
    paragraph.frags = paragraph.own_frags
    if [" ".join(text.split()) for text in _line_texts(result)] != plan.lines:
        return None
    return plan.tracking, plan.widths


def _search(paragraph: JustifiedParagraph, measures: list[float], justify_last: bool,
            first_fit_lines: int, extra_lines: int) -> tuple[float, ...] | None:
    """Beam search over line ends, line by line; states ending at the same place are merged (dynamic programming).

    At most `extra_lines` more lines than first-fit made; each is priced, so a paragraph grows only to lose a
    loose line.
    """
    max_lines = first_fit_lines + extra_lines
    ragged = _is_ragged(measures, paragraph.style)
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
                if width < _measure(measures, line_index) - FUZZ and _address_cut_by_letters(result, line_index):
                    # Narrower than its measure, the line cut a piece of an address that fits the measure by
                    # letters, ReportLab's last resort (rule 8); narrower still cuts it again.
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
                        cost += (RAGGED_HYPHEN_PENALTY + (RAGGED_CONSECUTIVE_HYPHEN_PENALTY if run > 1 else 0.0)
                                 if ragged else HYPHEN_PENALTY + (CONSECUTIVE_HYPHEN_PENALTY if run > 1 else 0.0))
                    fixed = _Trial(widths=tuple(widths), cost=cost, hyphen_run=run)
                    if len(result.lines) == line_index + 1:
                        cost += EXTRA_LINE_PENALTY * max(line_index + 1 - first_fit_lines, 0)
                        if trial.hyphen_run and " " not in line_text(line).strip():
                            cost += LONE_TAIL_PENALTY  # the last line only the tail of a hyphenated word
                        if best is None or cost < best[0]:
                            best = (cost, fixed)
                    else:
                        rest = "\n".join(_line_texts(result)[line_index + 1:])
                        known = states.get((rest, run))
                        if known is None or cost < known.cost:
                            states[(rest, run)] = fixed
                if natural <= 0 or (costs[line_index][0] >= LOOSE_PENALTY and not hyphen):
                    # Shorter still is only looser; but a line that ends inside a word may yet end before it,
                    # which can save a paragraph's last line made of the word's tail.
                    break
                # ReportLab may shrink word spaces a little to fit a line: go below that too.
                width = natural - NUDGE - _shrink_allowance(paragraph, line)
        beam = sorted(states.values(), key=lambda t: t.cost)[:BEAM_WIDTH]
        if not beam:
            break
    paragraph.frags = paragraph.own_frags
    return best[1].widths if best else None


def _address_cut_by_letters(result, index: int) -> bool:
    """Does line `index` end inside an address elsewhere than at one of its break points (rule 8)?"""
    if index + 1 >= len(result.lines) or not ends_inside_address(result.lines, result.broken_from, index):
        return False
    texts = _line_texts(result)
    return not (texts[index + 1].lstrip()[:1] in BREAKS_BEFORE or texts[index].rstrip().endswith("//"))


def _line_text_and_extra(line) -> tuple[str, float]:
    return line_text(line), line[0] if isinstance(line, tuple) else line.extraSpace


def _word_space_plan(paragraph: Paragraph, tracking: float) -> list[tuple[float, float]]:
    """For each line ReportLab will justify: (the word space it will ask for, the word space to draw instead).

    ReportLab measured the line without letter spacing: the spaces give back what the letters take.
    """
    plan = []
    for line in paragraph.blPara.lines:
        text, extra = _line_text_and_extra(line)
        if isinstance(line, tuple):
            spaces = len(line[1]) + no_break_space_count(text) - 1
        else:
            spaces = line.wordCount + sum(no_break_space_count(f.text) for f in line.words if not hasattr(f, "cbDefn")) - 1
        if spaces <= 0:
            continue
        glyphs = len(text.strip())
        plan.append((extra / spaces, (extra - tracking * (glyphs - 1)) / spaces))
    return plan


class _TrackedText:
    """A ReportLab text object that letter-spaces a whole paragraph, its justified lines' word spaces narrowed
    by what the letters take."""

    def __init__(self, inner, tracking: float, plan: list[tuple[float, float]]):
        self.__dict__["_inner"] = inner
        self.__dict__["_plan"] = plan
        inner.setCharSpace(tracking)  # ReportLab draws each paragraph inside q/Q, which ends it

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __setattr__(self, name, value):
        setattr(self._inner, name, value)

    def setWordSpace(self, word_space: float) -> None:  # noqa: N802 - ReportLab's name
        if word_space:
            for index, (expected, drawn) in enumerate(self._plan):
                if abs(expected - word_space) < FUZZ:
                    del self._plan[: index + 1]
                    word_space = drawn
                    break
        self._inner.setWordSpace(word_space)
