"""The typesetting rules of issue 12, checked on the placed pages: each rule's faults with page, column and line.

Each check is a function over the placed pages (and the theme, for what the brand decides) returning faults;
report.py counts them beside its own. The numbers are the rules' numbers in docs/issue-format.md.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace
from typing import Callable, Iterator

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from bulletinpdf.brand.theme import Theme
from bulletinpdf.layout import chrome
from bulletinpdf.layout.columns import Frame, PagePlan, Placement
from bulletinpdf.layout.flowables import FloatingFigure, indent_of
from bulletinpdf.lines.hyphenation import break_at_line_end, line_text
from bulletinpdf.lines.reportlab_internals import image_and_flowables_parts, measure_beside_image
from bulletinpdf.lines.line_costs import MAX_TRACKING_EM
from bulletinpdf.lines.linebreak import paragraph_tracking
from bulletinpdf.layout.set_text import paragraph_lines, set_paragraphs
from bulletinpdf.text.addresses import pieces as address_pieces

# Rule 1: a column may end this much above its foot (points: a line and a paragraph space, plus rounding).
ROUNDING = 1.0
# Rule 2: text beside a photo takes at least this many characters a line.
MIN_CHARACTERS_BESIDE_PHOTO = 25
# Rule 3: no empty band taller than this many lines inside the last page's text area.
MAX_LAST_PAGE_GAP_LINES = 6
# Rule 4: a line of running or box text holds at most this many characters.
MAX_CHARACTERS_A_LINE = 75
# Rule 5: at most this many hyphenated lines in a row.
MAX_HYPHENATED_IN_A_ROW = 2
# Rule 6: the goals for the whole issue (Typst's optimal line breaking on 2016 Q4 does 20 % and 1.46 ×).
MAX_HYPHENATED_SHARE = 0.15
MAX_MEDIAN_WORD_SPACE = 1.40
LOOSE_WORD_SPACE = 1.6
MAX_LOOSE_SHARE = 0.05
MAX_WORD_SPACE = 2.0
# Rule 8: where an address may break, with no hyphen added.
ADDRESS_BREAKS_BEFORE = set("/.-_?#&=@")
# Rule 9: the masthead's period line and the first thing below it (points: 8 mm).
MAX_MASTHEAD_GAP = 8 * 72 / 25.4
# Rule 10: print text under this size (points) in one ink; reversed-out text at least 9 pt bold on two inks.
ONE_INK_BELOW = 12.0
REVERSED_MIN_SIZE = 9.0
REVERSED_MAX_INKS = 2
# Rule 11: baselines of the two columns closer than this line up (points).
BASELINE_FUZZ = 0.5

# Every rule's count in the report, by rule number.
RULE_NAMES = {
    1: "column_holes", 2: "narrow_text_beside_photos", 3: "last_page_gaps", 4: "long_lines", 5: "bad_hyphens",
    6: "word_spacing", 7: "lone_last_words", 8: "broken_addresses", 9: "masthead_gap", 10: "small_type_inks",
}


@dataclass(frozen=True)
class Fault:
    rule: int
    kind: str
    page: int | None
    column: int | None
    """1 or 2; None for something across both columns or the whole issue."""
    line: int
    """Line of the issue file; 0 when the fault is the brand's or the whole issue's."""
    detail: str
    box: tuple[float, float, float, float] | None = None
    """x, y (bottom), width, height on the page in points, for the proof sheet."""

    def as_dict(self) -> dict:
        return {"kind": self.kind, "rule": self.rule, "page": self.page, "column": self.column, "line": self.line,
                "detail": self.detail, "box": None if self.box is None else [round(v, 1) for v in self.box]}


@dataclass(frozen=True)
class Rules:
    """What the checks need besides the pages."""

    theme: Theme
    frame_for_page: Callable[[int], Frame]

    @property
    def leading(self) -> float:
        return self.theme.styles.body.leading


@dataclass(frozen=True)
class SetLine:
    """A line of a placed paragraph, as the rules judge it."""

    text: str
    paragraph: Paragraph
    index: int
    count: int
    placement: Placement
    page: int
    beside_photo: bool
    """Set in the measure beside a floated photo."""
    broken_in_word: bool
    """The line ends inside a word (a hyphenation or a split address)."""
    hyphen_added: bool
    word: str
    """The word the line ends in, whole (when broken_in_word)."""
    before: str
    """The characters either side of the break inside the word."""
    after: str
    zero_width: bool = False
    """Its paragraph's text holds zero-width characters."""
    ratio: float | None = None
    """Its word spaces over the normal space, as justified; None for a line not justified or without spaces."""
    tracking_em: float = 0.0
    """Its letter spacing, in ems (JustifiedParagraph tracks whole paragraphs, never a line alone)."""


def check(pages: list[PagePlan], rules: Rules, lines: list[SetLine] | None = None,
          spacing: tuple | None = None) -> list[Fault]:
    lines = list(_set_lines(pages)) if lines is None else lines
    return [*column_holes(pages, rules), *narrow_text_beside_photos(pages, rules), *last_page_gaps(pages, rules),
            *long_lines(lines), *bad_hyphens(lines), *word_spacing(lines, spacing), *lone_last_words(lines),
            *broken_addresses(lines), *masthead_gap(pages, rules), *small_type_inks(rules)]


# -- rule 1

def column_holes(pages: list[PagePlan], rules: Rules) -> list[Fault]:
    """A column that ends more than a line and a paragraph space above its foot while the flow goes on."""
    faults = []
    allowed = rules.leading + rules.theme.paragraph_gap + ROUNDING
    bands = [(page, band) for page in pages for band in _bands(page, rules.frame_for_page(page.number))]
    for position, (page, (bottom, placed)) in enumerate(bands):
        if position == len(bands) - 1 and page is pages[-1]:
            break  # the last columns: rule 3 (unless the boxes after them went on to a page of their own)
        frame = rules.frame_for_page(page.number)
        # Above a box across the columns the columns are balanced, as the last page's are: within two lines.
        limit = allowed if bottom <= frame.bottom + ROUNDING else 2 * rules.leading + ROUNDING
        for column in (0, 1):
            mine = [p for p in placed if p.column == column]
            end = min((p.y for p in mine), default=None)
            if end is None:
                end = max(p.y + p.height for p in placed)
            if end - bottom > limit:
                last = mine[-1] if mine else placed[-1]
                x = frame.column_x(column)
                faults.append(Fault(1, RULE_NAMES[1], page.number, column + 1, last.ref.line,
                                    f"column ends {(end - bottom) / rules.leading:.0f} lines "
                                    f"({end - bottom:.0f} pt) above its foot",
                                    (x, bottom, frame.column_width, end - bottom)))
    return faults


def _bands(page: PagePlan, frame: Frame) -> list[tuple[float, list[Placement]]]:
    """The page's runs of columns between boxes across them, top down: (where the run's foot is, its pieces)."""
    spans = sorted((p for p in page.placements if p.column is None), key=lambda p: -p.y)
    columns = [p for p in page.placements if p.column is not None]
    bands = []
    for span in [*spans, None]:
        foot = frame.bottom if span is None else span.y + span.height + span.flowable.getSpaceBefore()
        placed = [p for p in columns if p.y >= foot - ROUNDING and p not in sum((b[1] for b in bands), [])]
        if placed:
            bands.append((foot, placed))
    return bands


# -- rule 2

def narrow_text_beside_photos(pages: list[PagePlan], rules: Rules) -> list[Fault]:
    faults = []
    for page in pages:
        for placement in page.placements:
            for floating in _floats_in(placement.flowable):
                measure = measure_beside_image(floating)
                beside = image_and_flowables_parts(floating)[0]
                if not measure or not beside:
                    continue
                # A list item's own measure is what its indent leaves of the measure beside the photo.
                fits = min(characters_in(measure - indent_of(flowable), rules.theme) for flowable in beside)
                if fits < MIN_CHARACTERS_BESIDE_PHOTO - 0.01:
                    faults.append(Fault(2, RULE_NAMES[2], page.number, _column(placement), placement.ref.line,
                                        f"text beside the photo is {fits:.0f} characters wide",
                                        _box(placement)))
    return faults


def characters_in(measure: float, theme: Theme) -> float:
    """How many characters of running text a measure holds, on average."""
    return measure / _average_character(theme)


def measure_for(characters: float, theme: Theme) -> float:
    """The measure that holds this many characters of running text, on average."""
    return characters * _average_character(theme)


def _average_character(theme: Theme) -> float:
    style = theme.styles.body
    return stringWidth(_SAMPLE, style.fontName, style.fontSize) / len(_SAMPLE)


# Running English as the bulletin prints it, to measure an average character with.
_SAMPLE = ("The Convention on Cluster Munitions obliges each State Party to clear contaminated land, to destroy "
           "its stockpiles and to assist the victims; in 2016 the meeting in Geneva reviewed the progress made.")


def _floats_in(flowable) -> Iterator[FloatingFigure]:
    if isinstance(flowable, FloatingFigure):
        yield flowable


# -- rule 3

def last_page_gaps(pages: list[PagePlan], rules: Rules) -> list[Fault]:
    """The last page: no void taller than six lines between its text and what follows; its columns even."""
    page = pages[-1]
    frame = rules.frame_for_page(page.number)
    faults = []
    boxes = [p for p in page.placements if p.column is None]
    if len(pages) > 1 and boxes and len(boxes) == len(page.placements):
        names = " and ".join(dict.fromkeys("the contact box" if p.ref.kind == "contact" else "a notice"
                                           for p in sorted(boxes, key=lambda p: -p.y)))
        faults.append(Fault(3, RULE_NAMES[3], page.number, None, boxes[0].ref.line,
                            f"the last page holds only {names}, with no text of the issue", _box(boxes[0])))
    occupied = sorted(((p.y, p.y + p.height, p) for p in page.placements), key=lambda item: -item[1])
    reach = frame.top
    for bottom, top, placement in occupied:
        if reach - top > MAX_LAST_PAGE_GAP_LINES * rules.leading + ROUNDING:
            faults.append(Fault(3, RULE_NAMES[3], page.number, _column(placement), placement.ref.line,
                                f"{(reach - top) / rules.leading:.0f} empty lines above this",
                                (frame.left, top, frame.width, reach - top)))
        reach = min(reach, bottom)
    bands = _bands(page, frame)
    if bands:
        _, placed = bands[-1]
        heights = []
        for column in (0, 1):
            mine = [p for p in placed if p.column == column]
            heights.append(max((p.y + p.height for p in mine), default=0) - min((p.y for p in mine), default=0))
        # One column left empty while the other holds more than two lines is not balanced either.
        if abs(heights[0] - heights[1]) > 2 * rules.leading + ROUNDING and min(heights) == 0:
            placement = placed[-1]
            faults.append(Fault(3, RULE_NAMES[3], page.number, None, placement.ref.line,
                                f"one column is empty, the other {max(heights) / rules.leading:.0f} lines long",
                                _box(placement)))
    return faults


def copyfit(pages: list[PagePlan], rules: Rules) -> dict:
    """How far the issue is from a full last page, in lines of body text: to tell the editor what to cut or add."""
    page = pages[-1]
    frame = rules.frame_for_page(page.number)
    used = sum(p.height for p in page.placements if p.column is not None)
    used += sum(2 * p.height for p in page.placements if p.column is None)
    room = 2 * (frame.top - frame.bottom)
    lines_used = round(used / rules.leading)
    lines_short = max(round((room - used) / rules.leading), 0)
    return {"pages": len(pages), "last_page_lines": lines_used, "lines_short_of_full": lines_short,
            "lines_over_a_page_less": lines_used if len(pages) > 1 else 0}


# -- rules 4 to 8, on every line set

def _set_lines(pages: list[PagePlan]) -> Iterator[SetLine]:
    for page in pages:
        for placement in page.placements:
            for found in set_paragraphs(placement.flowable):
                paragraph, beside = found.paragraph, found.beside
                para = getattr(paragraph, "blPara", None)
                if para is None:
                    continue
                texts = [line_text(line) for line in para.lines]
                plain = paragraph.getPlainText()
                breaks = _breaks(paragraph, texts, plain)
                zero_width = bool(_ZERO_WIDTH.search(plain))
                measured = paragraph_lines(paragraph)
                tracking_em = paragraph_tracking(paragraph) / paragraph.style.fontSize
                for index, text in enumerate(texts):
                    inside, added, word, before, after = breaks[index]
                    line = SetLine(text.strip(), paragraph, index, len(texts), placement, page.number, beside,
                                   inside, added, word, before, after, zero_width, tracking_em=tracking_em)
                    yield replace(line, ratio=measured[index].word_space_ratio) if _justified(line) else line


def _breaks(paragraph: Paragraph, texts: list[str], plain: str) -> list[tuple[bool, bool, str, str, str]]:
    """For each line: (ends inside a word, with a hyphen added, that word, the characters either side)."""
    # The printed characters of the paragraph's own text, and where a word starts (after a space).
    words = [word for word in (_ZERO_WIDTH.sub("", part) for part in plain.split()) if word]
    letters = "".join(words)
    starts = set()
    position = 0
    for word in words:
        starts.add(position)
        position += len(word)
    found = []
    at = 0
    for index, text in enumerate(texts):
        printed = _UNPRINTED.sub("", text)
        last = index == len(texts) - 1
        added = printed.endswith("-") and not last and letters[at + len(printed) - 1:at + len(printed)] != "-"
        if added:
            printed = printed[:-1]
        if letters[at:at + len(printed)] != printed:
            return _breaks_from_classes(paragraph, texts)  # the piece of a split paragraph: its words are gone
        at += len(printed)
        inside = not last and 0 < at < len(letters) and at not in starts
        word = before = after = ""
        if inside:
            start = max(s for s in starts if s < at)
            end = min((s for s in starts if s > at), default=len(letters))
            word, before, after = letters[start:end], letters[max(start, at - 2):at], letters[at]
        found.append((inside, added, word, before, after))
    return found


_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_UNPRINTED = re.compile("[\\s\u200b\u200c\u200d\u2060\ufeff]+")


def _breaks_from_classes(paragraph: Paragraph, texts: list[str]) -> list[tuple[bool, bool, str, str, str]]:
    """The breaks as ReportLab's line breaker marked them: hyphens it added; a split address by its look."""
    found = []
    for index, text in enumerate(texts):
        words = text.split()
        following = texts[index + 1].split() if index + 1 < len(texts) else []
        if not words or not following:
            found.append((False, False, "", "", ""))
            continue
        head, tail = words[-1], following[0]
        split, added = break_at_line_end(paragraph, index)
        added = added and head.endswith("-")
        if added:
            head = head[:-1]
        split_address = split and not added and _is_address(head + tail)
        found.append((added or split_address, added, head + tail, head[-2:], tail[:1]))
    return found


def long_lines(lines: list[SetLine]) -> list[Fault]:
    return [_line_fault(4, line, f"{len(line.text)} characters: {line.text[:40]}…")
            for line in lines if len(line.text) > MAX_CHARACTERS_A_LINE]


def _is_address(word: str) -> bool:
    return "://" in word or "www." in word.lower() or "@" in word or "/" in word or \
        any(part and part[0].isalnum() for part in word.strip(".,;:!?)").split(".")[1:])


def bad_hyphens(lines: list[SetLine]) -> list[Fault]:
    faults = []
    run = 0
    previous_hyphenated = False
    for line in lines:
        run = (run if line.index else 0) + 1 if line.hyphen_added else 0
        if line.hyphen_added:
            word = line.word.strip("\"'“”‘’()[],.;:!?")
            reason = None
            if _is_address(line.word):
                reason = "an address hyphenated"
            elif any(c.isdigit() for c in word):
                reason = "a number hyphenated"
            elif sum(c.isupper() for c in word) > 1:
                reason = "an acronym hyphenated"
            elif word[:1].isupper():
                reason = "a capitalised word hyphenated"
            elif _italic_at_end(line):
                reason = "a word in italics hyphenated"
            if reason:
                faults.append(_line_fault(5, line, f"{reason}: {line.word}"))
            if run == MAX_HYPHENATED_IN_A_ROW + 1:
                faults.append(_line_fault(5, line, f"{run} hyphenated lines in a row"))
        if line.index == line.count - 1 and line.index > 0 and " " not in line.text and previous_hyphenated:
            faults.append(_line_fault(5, line, f"a paragraph's last line is a word's tail: {line.text}"))
        previous_hyphenated = line.hyphen_added
    return faults


def _italic_at_end(line: SetLine) -> bool:
    broken = line.paragraph.blPara.lines[line.index]
    if isinstance(broken, tuple):
        font = line.paragraph.style.fontName
    else:
        frags = [f for f in broken.words if getattr(f, "text", "")]
        font = frags[-1].fontName if frags else ""
    return "italic" in font.lower() or "oblique" in font.lower()


def word_spacing(lines: list[SetLine], spacing: tuple | None = None) -> list[Fault]:
    """Rule 6: over the whole issue, hyphens and word spaces within Typst's; no line letter-spaced alone."""
    faults = []
    ratios, hyphenated, measured = spacing or spacing_figures(lines)
    for line, ratio in ratios:
        if ratio > MAX_WORD_SPACE + 1e-6:
            faults.append(_line_fault(6, line, f"word spaces {ratio:.2f} × the normal space: {line.text}"))
    for line in lines:
        if abs(line.tracking_em) > MAX_TRACKING_EM + 1e-6:
            faults.append(_line_fault(6, line, f"letter-spaced by {100 * line.tracking_em:+.1f} % of the type size "
                                               f"(at most {100 * MAX_TRACKING_EM:.0f} %): {line.text}"))
    if measured:
        share = hyphenated / measured
        values = [ratio for _, ratio in ratios]
        median = statistics.median(values) if values else 1.0
        loose = sum(ratio > LOOSE_WORD_SPACE for ratio in values) / max(len(values), 1)
        for bad, detail in ((share > MAX_HYPHENATED_SHARE, f"{100 * share:.0f} % of lines hyphenated (at most "
                             f"{100 * MAX_HYPHENATED_SHARE:.0f} %)"),
                            (median > MAX_MEDIAN_WORD_SPACE, f"median word space {median:.2f} × (at most "
                             f"{MAX_MEDIAN_WORD_SPACE:.2f})"),
                            (loose > MAX_LOOSE_SHARE, f"{100 * loose:.0f} % of justified lines over "
                             f"{LOOSE_WORD_SPACE} × (at most {100 * MAX_LOOSE_SHARE:.0f} %)")):
            if bad:
                faults.append(Fault(6, RULE_NAMES[6], None, None, 0, detail))
    return faults


def spacing_figures(lines: list[SetLine]) -> tuple[list[tuple[SetLine, float]], int, int]:
    """(each justified line and its word space over the normal one, hyphenated lines, lines of running text)."""
    ratios = []
    hyphenated = measured = 0
    for line in lines:
        style = line.paragraph.style
        if style.name not in ("body", "body_narrow"):
            continue
        measured += 1
        hyphenated += line.hyphen_added
        if line.ratio is not None:
            ratios.append((line, line.ratio))
    return ratios, hyphenated, measured


def _justified(line: SetLine) -> bool:
    """A line of running text stretched to its measure: not a paragraph's last, not ragged beside a photo."""
    style = line.paragraph.style
    return style.name in ("body", "body_narrow") and style.alignment == TA_JUSTIFY \
        and line.index < line.count - 1 and not (line.beside_photo and _ragged(line)) and " " in line.text \
        and not getattr(line.paragraph.blPara.lines[line.index], "lineBreak", False)


def _ragged(line: SetLine) -> bool:
    from bulletinpdf.lines.linebreak import NARROW_MEASURE_EMS
    width = getattr(line.paragraph, "width", 0) or 0
    return width < NARROW_MEASURE_EMS * line.paragraph.style.fontSize


def lone_last_words(lines: list[SetLine]) -> list[Fault]:
    """Rule 7: a heading or caption that takes two lines or more has two words or more on its last."""
    faults = []
    for line in lines:
        name = line.paragraph.style.name
        if line.count > 1 and line.index == line.count - 1 and len(line.text.split()) == 1 \
                and (name.startswith("heading") or name in ("box_heading", "caption")):
            faults.append(_line_fault(7, line, f"the {'caption' if name == 'caption' else 'heading'} ends with "
                                               f"'{line.text}' alone on its last line"))
    return faults


def broken_addresses(lines: list[SetLine]) -> list[Fault]:
    """Rule 8: addresses break only after '//' or before / . - _ ? # & = @, with no hyphen; no zero-width
    characters in the text."""
    faults = []
    seen: set[int] = set()
    for line in lines:
        if id(line.paragraph) not in seen:
            seen.add(id(line.paragraph))
            if line.zero_width:
                faults.append(_line_fault(8, line, "zero-width characters in the text"))
        if not line.broken_in_word or not _is_address(line.word):
            continue
        good = not line.hyphen_added and (line.before == "//" or line.after in ADDRESS_BREAKS_BEFORE
                                          or _inside_a_piece_wider_than_the_column(line))
        if not good:
            faults.append(_line_fault(8, line, f"address broken at '{line.before}|{line.after}': {line.word}"))
    return faults


def _inside_a_piece_wider_than_the_column(line: SetLine) -> bool:
    """Is the break inside a piece of the address (between two of its break points) wider than the column? Then it
    may break anywhere, as a last resort (lines/address_breaks.py)."""
    style = line.paragraph.style
    measure = getattr(line.paragraph, "width", 0) or 0
    return any(line.before + line.after in piece and stringWidth(piece, style.fontName, style.fontSize) > measure
               for piece in address_pieces(line.word))


# -- rules 9 and 10: the page furniture and the brand

def masthead_gap(pages: list[PagePlan], rules: Rules) -> list[Fault]:
    gap = chrome.masthead_gap(rules.theme)
    if gap > MAX_MASTHEAD_GAP + 0.1:
        return [Fault(9, RULE_NAMES[9], 1, None, 0, f"{gap / (72 / 25.4):.0f} mm under the period line (at most 8)")]
    return []


def small_type_inks(rules: Rules) -> list[Fault]:
    """Rule 10, for the print edition: small type in one ink, reversed-out type big, bold and on two inks."""
    theme = rules.theme
    brand = theme.brand
    by_rgb = {colour.rgb.lower().lstrip("#"): (role, colour) for role, colour in brand.colours.items()}
    faults = []
    styles = theme.styles
    small = [styles.body, styles.caption, styles.credit, styles.contact, styles.footer]
    roles: dict[str, float] = {}
    for style in small:
        if style.fontSize < ONE_INK_BELOW:
            found = by_rgb.get(style.textColor.hexval()[2:].lower())
            if found:
                roles[found[0]] = min(roles.get(found[0], 99.0), style.fontSize)
    if styles.body.fontSize < ONE_INK_BELOW and "link" in brand.colours:
        roles["link"] = styles.body.fontSize
    for role, size in sorted(roles.items()):
        cmyk = brand.colours[role].cmyk
        if sum(1 for value in cmyk if value) > 1 or any(cmyk[:3]):
            faults.append(Fault(10, RULE_NAMES[10], None, None, 0,
                                f"{size:g} pt type in '{role}' prints in {_inks(cmyk)}: give it a black tint"))
    size, bold, role = chrome.REVERSED_TYPE
    cmyk = brand.colours[role].cmyk
    if size < REVERSED_MIN_SIZE or not bold or sum(1 for value in cmyk if value) > REVERSED_MAX_INKS:
        faults.append(Fault(10, RULE_NAMES[10], 1, None, 0,
                            f"reversed-out masthead type {size:g} pt{' bold' if bold else ''} in {_inks(cmyk)}"))
    return faults


def _inks(cmyk) -> str:
    inks = [name for name, value in zip("CMYK", cmyk) if value]
    return f"{len(inks)} ink{'s' if len(inks) != 1 else ''} ({'+'.join(inks) or 'none'})"


# -- the figures a designer reads beside the counts

def evaluate(pages: list[PagePlan], rules: Rules) -> tuple[list[Fault], dict]:
    """Every rule's faults and the figures, from one pass over the lines set."""
    lines = list(_set_lines(pages))
    spacing = spacing_figures(lines)
    return check(pages, rules, lines, spacing), figures(pages, rules, lines, spacing)


def figures(pages: list[PagePlan], rules: Rules, lines: list[SetLine] | None = None,
            spacing: tuple | None = None) -> dict:
    """The issue's typesetting in numbers: the measure beside photos, hyphens, word spaces, the baseline grid."""
    lines = list(_set_lines(pages)) if lines is None else lines
    ratios, hyphenated, measured = spacing or spacing_figures(lines)
    values = [ratio for _, ratio in ratios]
    beside = [len(line.text) for line in lines
              if line.beside_photo and line.index < line.count - 1 and line.paragraph.style.name.startswith("body")]
    return {
        "characters_beside_photos": {"min": min(beside, default=None),
                                     "median": statistics.median(beside) if beside else None},
        "hyphenated_share": round(hyphenated / measured, 3) if measured else None,
        "median_word_space": round(statistics.median(values), 3) if values else None,
        "justified_lines": len(values),
        "lines_over_1_6": sum(value > LOOSE_WORD_SPACE for value in values),
        "lines_over_2": sum(value > MAX_WORD_SPACE + 1e-6 for value in values),
        "letter_spaced_paragraphs": len({id(line.paragraph) for line in lines if line.tracking_em}),
        "widest_letter_spacing_em": max((abs(line.tracking_em) for line in lines), default=0.0),
        "baseline_grid": baseline_grid(pages),
        "copyfit": copyfit(pages, rules),
    }


# -- rule 11: a figure, not a fault

def baseline_grid(pages: list[PagePlan]) -> float | None:
    """The share of body baselines that line up with one in the other column, where both columns have text."""
    aligned = total = 0
    for page in pages:
        baselines: dict[int, list[float]] = {0: [], 1: []}
        for placement in page.placements:
            if placement.column is None:
                continue
            for found in set_paragraphs(placement.flowable):
                paragraph, beside = found.paragraph, found.beside
                if paragraph.style.name not in ("body", "body_narrow") or beside:
                    continue
                para = getattr(paragraph, "blPara", None)
                if para is None or placement.flowable is not paragraph:
                    continue
                top = placement.y + placement.height
                leading = paragraph.style.leading
                baselines[placement.column] += [top - (i + 1) * leading for i in range(len(para.lines))]
        left, right = baselines[0], baselines[1]
        if not left or not right:
            continue
        low, high = max(min(left), min(right)), min(max(left), max(right))
        for mine, other in ((left, right), (right, left)):
            for y in mine:
                if low - BASELINE_FUZZ <= y <= high + BASELINE_FUZZ:
                    total += 1
                    aligned += any(abs(y - o) <= BASELINE_FUZZ for o in other)
    return None if not total else aligned / total


def _column(placement: Placement) -> int | None:
    return None if placement.column is None else placement.column + 1


def _box(placement: Placement) -> tuple[float, float, float, float]:
    return (placement.x, placement.y, placement.width, placement.height)


def _line_fault(rule: int, line: SetLine, detail: str) -> Fault:
    return Fault(rule, RULE_NAMES[rule], line.page, _column(line.placement), line.placement.ref.line, detail,
                 _box(line.placement))
