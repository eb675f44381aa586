"""The layout report: what landed where, and the counts of every typesetting fault a designer checks."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from reportlab.platypus import Flowable, ImageAndFlowables, Paragraph

from bulletinpdf.tolerances import FUZZ
from bulletinpdf.layout.columns import PagePlan, Placement
from bulletinpdf.layout.flowables import Box, Figure, PhotoRow
# What the report counts as a loose line and as a hyphen ladder is what the line breaker avoids.
from bulletinpdf.lines.line_costs import LOOSE_SPACE_FACTOR, MAX_HYPHENS_IN_A_ROW
from bulletinpdf.lines.reportlab_internals import image_and_flowables_parts
from bulletinpdf.layout import rules as typesetting_rules
from bulletinpdf.layout.set_text import paragraph_lines, set_paragraphs

# Line widths are compared with this tolerance (points): rounding, not faults.
WIDTH_TOLERANCE = 0.5
# Columns ending two lines apart plus the odd half-point of heading and photo spacing are balanced (points).
BALANCE_FUZZ = 1.0

# Faults a designer would send back; each must be zero.
FAULT_NAMES = (
    "overlapping_pieces", "stranded_headings", "orphans", "widows", "overfull_lines", "loose_lines", "hyphen_ladders",
    "unbalanced_last_columns", *typesetting_rules.RULE_NAMES.values(),
)
# What the layout had to do to a photo: reported, not a fault (the warning names the line).
ADJUSTMENT_NAMES = ("photos_scaled_down", "photos_moved", "photos_widened", "photos_narrowed")
COUNT_NAMES = FAULT_NAMES + ADJUSTMENT_NAMES


@dataclass(frozen=True)
class Fault:
    """One thing a designer would send back (or, for an adjustment, want to know), where it is."""

    kind: str
    """One of COUNT_NAMES."""
    page: int
    column: int | None = None
    """1 or 2; None for what spans both columns."""
    line: int | None = None
    """The issue file's line of the block it is in."""
    at: str = ""
    """The block's first words, to find it on the page."""
    detail: str = ""
    box: tuple[float, float, float, float] | None = None
    """x, y, width, height in points; None for a fault that has no place on the page (a page's balance)."""
    rule: int | None = None
    """The number of the rule in layout/rules.py (issue 12) it breaks; None for the report's older counts."""

    def as_json(self) -> dict:
        found = {"kind": self.kind, "page": self.page, "detail": self.detail}
        if self.rule is not None:
            found.update(rule=self.rule, column=self.column, line=self.line)
        if self.box is None:
            return found
        return {**found, "column": self.column, "line": self.line, "at": self.at, "box": list(self.box)}


@dataclass(frozen=True)
class PlacedItem:
    """One piece of the story as placed: a heading, a paragraph or its part, a photo, a box."""

    kind: str
    section: int | None
    """1-based, in the issue file's order."""
    block: int | None
    line: int
    first_words: str
    continued: bool
    """The rest of something begun in an earlier column."""
    top_pt: float
    height_pt: float
    style: str | None
    """The paragraph style (heading_1, heading_2, body; None for photos and boxes), for checking the rhythm."""

    def as_json(self) -> dict:
        return {"kind": self.kind, "section": self.section, "block": self.block, "line": self.line,
                "first_words": self.first_words, "continued": self.continued, "top_pt": self.top_pt,
                "height_pt": self.height_pt, "style": self.style}


@dataclass(frozen=True)
class ColumnContents:
    column: int
    """1 or 2."""
    space_left_pt: float
    """Empty height at the column's foot."""
    items: tuple[PlacedItem, ...]
    flushed: bool = False
    """Its paragraph spaces grew alike so that it ends at the page's foot (layout/columns.py, issue 12's rule 1)."""
    levelled: bool = False
    """It ends a run, and its paragraph spaces grew alike so that it ends near the other column (rules 1 and 3)."""


@dataclass(frozen=True)
class PageContents:
    page: int
    spans: tuple[PlacedItem, ...]
    """What runs across both columns (the notice, a full-width photo), top first."""
    columns: tuple[ColumnContents, ColumnContents]


@dataclass(frozen=True)
class LayoutReport:
    """What landed on which page and column, and every fault counted; written as layout-report.json."""

    pages: tuple[PageContents, ...]
    counts: Mapping[str, int]
    """Per name in COUNT_NAMES, in that order."""
    faults: tuple[Fault, ...]
    figures: Mapping[str, object] = field(default_factory=dict)
    """The typesetting in numbers (layout/rules.py figures): the measure beside photos, hyphens, word spaces,
    the baseline grid, the copyfit."""

    @property
    def fault_count(self) -> int:
        return sum(self.counts[name] for name in FAULT_NAMES)

    def faults_of(self, *kinds: str) -> list[Fault]:
        return [fault for fault in self.faults if fault.kind in kinds]

    def to_json(self) -> str:
        """The one place the report becomes JSON (layout-report.json, and check's --json)."""
        data = {
            "pages": [{"page": page.page, "spans": [item.as_json() for item in page.spans],
                       "columns": [{"column": column.column, "space_left_pt": column.space_left_pt,
                                    "flushed": column.flushed, "levelled": column.levelled,
                                    "items": [item.as_json() for item in column.items]} for column in page.columns]}
                      for page in self.pages],
            "counts": dict(self.counts),
            "faults": [fault.as_json() for fault in self.faults],
            "figures": dict(self.figures),
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def figures_in(flowable: Flowable) -> Iterator[Figure]:
    """Every photo a placed piece draws: itself, those of its row, the one text flows around, those in a box."""
    if isinstance(flowable, PhotoRow):
        yield from flowable.figures
    elif isinstance(flowable, Figure):
        yield flowable
    elif isinstance(flowable, ImageAndFlowables):
        yield from figures_in(image_and_flowables_parts(flowable)[2])
    elif isinstance(flowable, Box):
        for part in flowable.content:
            yield from figures_in(part)


def _first_words(flowable: Flowable, count: int = 6) -> str:
    for paragraph in (found.paragraph for found in set_paragraphs(flowable)):
        words = paragraph.getPlainText().split()
        if words:
            return " ".join(words[:count])
    if isinstance(flowable, PhotoRow):
        return _first_words(flowable.figures[0], count)
    if isinstance(flowable, Figure):
        return f"[photo {flowable.source.photo_name}]"
    return ""


def _line_count(flowable: Flowable) -> int:
    para = getattr(flowable, "blPara", None)
    return len(para.lines) if para is not None else 0


def build_report(pages: list[PagePlan], *, body_leading: float,
                 rules: typesetting_rules.Rules | None = None) -> LayoutReport:
    """What landed where, then every fault: of columns, of lines, of photos, of the last page, of the rules."""
    contents, columns = _contents(pages)
    tally = _Tally()
    _overlaps(pages, tally)
    _column_faults(columns, tally)
    _line_and_photo_faults(pages, tally)
    _balance_fault(pages[-1], body_leading, tally)
    figures = {}
    if rules is not None:
        found_faults, figures = typesetting_rules.evaluate(pages, rules)
        for found in found_faults:
            tally.add(Fault(kind=found.kind, page=found.page or 0, column=found.column, line=found.line,
                            detail=found.detail, rule=found.rule,
                            box=None if found.box is None else tuple(round(v, 1) for v in found.box)))
    return LayoutReport(pages=contents, counts=tally.counts, faults=tuple(tally.faults), figures=figures)


class _Tally:
    """The faults found so far, in the order they are found, and their count per kind."""

    def __init__(self) -> None:
        self.counts = dict.fromkeys(COUNT_NAMES, 0)
        self.faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self.counts[fault.kind] += 1
        self.faults.append(fault)

    def at(self, kind: str, page: int, column: int | None, placement: Placement, detail: str = "",
           line: int | None = None) -> None:
        """A fault of the placed piece, boxed where it stands; at `line` of the file where it is one photo of a
        row (the piece is at its first photo's line)."""
        self.add(Fault(
            kind=kind, page=page, column=None if column is None else column + 1, line=line or placement.ref.line,
            at=_first_words(placement.flowable), detail=detail,
            box=tuple(round(v, 1) for v in (placement.x, placement.y, placement.width, placement.height)),
        ))


Columns = list[tuple[int, int, list[Placement]]]
"""(page number, column 0 or 1, what it holds top first), in reading order."""


def _contents(pages: list[PagePlan]) -> tuple[tuple[PageContents, ...], Columns]:
    entries, columns = [], []
    for page in pages:
        spans = tuple(_describe(p) for p in page.placements if p.column is None)
        contents = []
        for column in (0, 1):
            placed = [p for p in page.placements if p.column == column]
            columns.append((page.number, column, placed))
            contents.append(ColumnContents(
                column=column + 1, space_left_pt=round(page.column_space_left.get(column, 0.0), 1),
                items=tuple(_describe(p) for p in placed), flushed=column in page.flushed,
                levelled=column in page.levelled,
            ))
        entries.append(PageContents(page=page.number, spans=spans, columns=(contents[0], contents[1])))
    return tuple(entries), columns


def _overlaps(pages: list[PagePlan], tally: _Tally) -> None:
    """Pieces printed over each other: one that draws taller or shorter than the room it was given, or two whose
    rooms meet in the same column (a span stands in both)."""
    for page in pages:
        for placement in page.placements:
            drawn = placement.drawn_height
            if drawn is not None and abs(drawn - placement.height) > WIDTH_TOLERANCE:
                tally.at("overlapping_pieces", page.number, placement.column, placement,
                         f"drawn {drawn:.1f} pt tall in a room of {placement.height:.1f} pt")
        for column in (0, 1):
            placed = sorted((p for p in page.placements if p.column in (column, None)),
                            key=lambda p: -(p.y + p.height))
            for above, below in zip(placed, placed[1:]):
                if below.y + below.height > above.drawn_bottom + WIDTH_TOLERANCE:
                    tally.at("overlapping_pieces", page.number, below.column, below,
                             f"{below.y + below.height - above.drawn_bottom:.1f} pt under "
                             f"'{_first_words(above.flowable)}'")


def _column_faults(columns: Columns, tally: _Tally) -> None:
    """Stranded headings, orphans and widows: what a column's foot and head leave."""
    for index, (page, column, placed) in enumerate(columns):
        following = columns[index + 1][2] if index + 1 < len(columns) else []
        for position, placement in enumerate(placed):
            if placement.ref.kind == "heading":
                after = placed[position + 1] if position + 1 < len(placed) else None
                if after is None or (isinstance(after.flowable, Paragraph) and after.continued is False
                                     and position + 2 == len(placed) and 0 < _line_count(after.flowable) < 2
                                     and following and following[0].continued and following[0].ref == after.ref):
                    tally.at("stranded_headings", page, column, placement)
        if placed:
            last, first = placed[-1], placed[0]
            continues = bool(following) and following[0].continued and following[0].ref == last.ref
            if isinstance(last.flowable, Paragraph) and continues and _line_count(last.flowable) == 1:
                tally.at("orphans", page, column, last)
            if isinstance(first.flowable, Paragraph) and first.continued and _line_count(first.flowable) == 1:
                tally.at("widows", page, column, first)


def _line_and_photo_faults(pages: list[PagePlan], tally: _Tally) -> None:
    for page in pages:
        for placement in page.placements:
            for found in set_paragraphs(placement.flowable):
                _line_faults(found.paragraph, found.ragged, page.number, placement, tally)
            _photo_faults(page.number, placement, tally)


def _line_faults(paragraph: Paragraph, ragged: bool, page: int, placement: Placement, tally: _Tally) -> None:
    """Overfull and loose lines, and hyphen ladders, of one paragraph."""
    column = placement.column
    ending_hyphens = 0
    for line in paragraph_lines(paragraph):
        if line.width - line.shrinkable > line.available + WIDTH_TOLERANCE:
            tally.at("overfull_lines", page, column, placement, line.text)
        if line.justified and not ragged and not line.gaps:
            # A lone word on a justified line cannot stretch: the rest of the line stays empty.
            if line.available - line.width > LOOSE_SPACE_FACTOR * line.space_width + FUZZ:
                tally.at("loose_lines", page, column, placement, line.text)
        elif line.justified and not ragged:
            ratio = line.word_space_ratio
            if ratio is not None and ratio > LOOSE_SPACE_FACTOR + FUZZ / line.space_width:
                tally.at("loose_lines", page, column, placement, line.text)
        ending_hyphens = ending_hyphens + 1 if line.text.rstrip().endswith("-") else 0
        if ending_hyphens == MAX_HYPHENS_IN_A_ROW + 1:
            tally.at("hyphen_ladders", page, column, placement, line.text)


def _photo_faults(page: int, placement: Placement, tally: _Tally) -> None:
    """What the layout had to do to a photo: scale it down, widen it, move it on."""
    column = placement.column
    for figure in figures_in(placement.flowable):
        if figure.scaled_down:
            tally.at("photos_scaled_down", page, column, placement, line=figure.line)
        if figure.widened_from is not None and not placement.continued:
            tally.at("photos_widened", page, column, placement,
                     f"set across the full column: at {round(100 * figure.widened_from)} % the text beside it "
                     f"would be under {typesetting_rules.MIN_CHARACTERS_BESIDE_PHOTO} characters a line "
                     f"(write 'width: 45%' or less to keep text beside it)", line=figure.line)
        if figure.narrowed_from is not None and not placement.continued:
            share = round(100 * figure.width / placement.width)
            tally.at("photos_narrowed", page, column, placement,
                     f"set at {share} % of the column {figure.narrowed_for} "
                     f"(write 'width: {share}%' to keep it so, or shorten the text)", line=figure.line)
    if placement.moved_figure:
        tally.at("photos_moved", page, column, placement)


def _balance_fault(last_page: PagePlan, body_leading: float, tally: _Tally) -> None:
    # Only the final run of columns is balanced: the one below the last span that stands above columns.
    column_tops = [p.y + p.height for p in last_page.placements if p.column is not None]
    spans_above = [p.y for p in last_page.placements if p.column is None and column_tops and p.y >= max(column_tops)]
    run_top = min(spans_above) if spans_above else float("inf")
    heights = {}
    for column in (0, 1):
        placed = [p for p in last_page.placements if p.column == column and p.y + p.height <= run_top + FUZZ]
        if placed:
            heights[column] = max(p.y + p.height for p in placed) - min(p.y for p in placed)
    if len(heights) == 2 and abs(heights[0] - heights[1]) > 2 * body_leading + BALANCE_FUZZ:
        tally.add(Fault(kind="unbalanced_last_columns", page=last_page.number,
                        detail=f"columns differ by {abs(heights[0] - heights[1]):.1f} pt"))


def _describe(placement: Placement) -> PlacedItem:
    ref = placement.ref
    return PlacedItem(
        kind=ref.kind,
        section=None if ref.section is None else ref.section + 1,
        block=None if ref.block is None else ref.block + 1,
        line=ref.line,
        first_words=_first_words(placement.flowable),
        continued=placement.continued,
        top_pt=round(placement.y + placement.height, 1),
        height_pt=round(placement.height, 1),
        style=getattr(getattr(placement.flowable, "style", None), "name", None),
    )


def summary(report: LayoutReport) -> str:
    """One line for the terminal: the faults, then what was done to photos."""
    counts = report.counts
    pages = len(report.pages)
    faults = [f"{counts[name]} {name.replace('_', ' ')}" for name in FAULT_NAMES if counts[name]]
    adjustments = [f"{counts[name]} {name.replace('_', ' ')}" for name in ADJUSTMENT_NAMES if counts[name]]
    text = f"layout: {pages} page{'s' if pages != 1 else ''}, "
    text += f"{report.fault_count} faults ({', '.join(faults)})" if faults else "no faults"
    if adjustments:
        text += f"; {', '.join(adjustments)}"
    return text
