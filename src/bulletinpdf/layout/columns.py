"""Columns: fills two columns page by page, keeps headings with their text, defers photos, balances the last page."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable

from reportlab.platypus import Flowable, Paragraph

from bulletinpdf.tolerances import FUZZ, UNLIMITED_HEIGHT
from bulletinpdf.lines.hyphenation import line_text
from bulletinpdf.lines.reportlab_internals import image_and_flowables_parts
from bulletinpdf.layout.flowables import Figure, FloatingFigure, TableBlock

# ReportLab's own tolerance for "fits": rounding in wrapped heights.
# A heading needs this many lines of the paragraph that follows it in the same column.
LINES_KEPT_WITH_HEADING = 2
# Balancing tries column heights this far apart above the lowest that takes everything (points), this many times.
BALANCE_STEP = 2.0
BALANCE_TRIES = 12
# A page may end this many lines short rather than inside a hyphenated word.
PAGE_END_LINES_EARLIER = 3
# At most this many lines short of the foot, the columns leave text over to keep the closing box company: so many
# lines, or (where that would leave a hole at their foot) at least the fewest.
CARRY_OVER_MAX_LINES = 12
CARRY_OVER_MIN_LINES = 5
CARRY_OVER_FEWEST_LINES = 2
# A column that would end short (its text goes on overleaf, or it ends a run beside a longer one) grows its spaces,
# each by a line at most, or by up to this many where only that ends it without a hole: with a line, a column of
# three paragraphs whose next heading does not fit with its text at its foot still ended 22 pt short (the 10-page
# bench issue); at a line and a quarter a paragraph space is under two blank lines.
FLUSH_MAX_LINES_PER_SPACE = 1.25
# A photo set across the column that keeps the columns ending a run apart may be narrowed to these shares of its
# width, the first that levels them (a designer's last remedy before an uneven last page).
NARROWED_PHOTO_SHARES = (0.9, 0.8, 0.7, 0.6)
# Also where the boxes after a run too short to go on with them would otherwise stand on the next page without it.
# What `check` says of such a photo: "set at 70 % of the column ...".
TO_LEVEL = "so that the columns it stands in end level"
TO_MAKE_ROOM = "so that the boxes after it fit on its page"
# A column gives at most this many lines to the one after it (on this page or the next) when that fills a hole at
# that one's foot or balances the columns that end a run: it then ends as far short itself, its spaces grown.
MAX_LINES_BACK = 6


@dataclass(frozen=True)
class Ref:
    """What a placed piece is, in the user's terms: for the layout report and the tests."""

    kind: str
    """'heading', 'paragraph', 'figure', 'notice' or 'contact'."""
    section: int | None
    """Index of the section in the issue; None for the contact block."""
    block: int | None
    line: int
    """Line of the issue file it came from."""


@dataclass(frozen=True)
class Flow:
    """A flowable that goes into a column: a heading, a paragraph, a figure not floated."""

    flowable: Flowable
    ref: Ref
    continued: bool = False
    """True for the rest of something split at a column end."""
    moved: bool = False
    """True for a photo moved on to a later column because it is taller than a whole column here."""

    @property
    def is_heading(self) -> bool:
        return self.ref.kind == "heading"


@dataclass(frozen=True)
class Float:
    """A photo at one side of the column with the paragraphs that flow around it."""

    figure: Figure
    text: tuple[Flow, ...]
    ref: Ref
    compose: Callable[[Figure, list[Flowable]], Flowable]
    moved: bool = False
    """True once the photo has been moved on to a later column for lack of room."""


@dataclass(frozen=True)
class Span:
    """Something across both columns: a notice, the contact block."""

    flowable: Flowable
    ref: Ref
    at_foot: bool = False
    """Set at the foot of the page rather than straight after what precedes it (the closing contact block)."""


ColumnItem = Flow | Float
StoryItem = Flow | Float | Span


@dataclass(frozen=True)
class Placement:
    flowable: Flowable
    ref: Ref
    x: float
    y: float
    """Bottom edge, in points from the bottom of the page."""
    width: float
    height: float
    column: int | None
    """0 or 1; None for a span across both."""
    continued: bool = False
    moved_figure: bool = False
    drawn_height: float | None = None
    """The height it draws at its width once placed; differs from `height` only if the layout is wrong."""

    @property
    def drawn_bottom(self) -> float:
        return self.y + self.height - (self.height if self.drawn_height is None else self.drawn_height)


@dataclass
class PagePlan:
    number: int
    placements: list[Placement] = field(default_factory=list)
    column_space_left: dict[int, float] = field(default_factory=dict)
    """Space left at the foot of each column's last run on the page, in points."""
    balanced: bool = False
    flushed: set[int] = field(default_factory=set)
    """Columns whose paragraph spaces grew so that they end at the page's foot."""
    levelled: set[int] = field(default_factory=set)
    """Columns that end a run whose paragraph spaces grew so that they end near the other column's end."""


@dataclass(frozen=True)
class Frame:
    """The body area available to the column engine on a page."""

    top: float
    bottom: float
    left: float
    column_width: float
    gutter: float

    @property
    def width(self) -> float:
        return 2 * self.column_width + self.gutter

    def column_x(self, column: int) -> float:
        return self.left + column * (self.column_width + self.gutter)


@dataclass
class _Slot:
    flowable: Flowable
    ref: Ref
    height: float
    gap: float
    continued: bool = False
    moved_figure: bool = False


def paginate(
    story: list[StoryItem], *, frame_for_page: Callable[[int], Frame], max_pages: int = 200,
    balance_tolerance: float = 27.0,
) -> list[PagePlan]:
    """Place the whole story, page after page.

    Raises LayoutOverflow when something does not fit an empty column of a page whose later pages are no taller
    (the story makes every photo fit a continuation page's column, so an issue never gets there).

    The last run of columns is balanced: they end within `balance_tolerance` points of each other (two lines).
    """
    pages = _Pagination(frame_for_page, max_pages=max_pages, tolerance=balance_tolerance).place(story)
    for page in pages:
        page.placements = [_settled(placement) for placement in page.placements]
    return pages


def _settled(placement: Placement) -> Placement:
    """The placement with its flowable wrapped, last, at its own width.

    A flowable draws the lines of its last wrap, and filling and balancing wrap the same paragraph at many
    widths (beside a photo, under it, in a column): without this, a paragraph measured at the column's width
    could draw the lines it was given beside a photo tried elsewhere, over what is above it.
    """
    _, drawn = placement.flowable.wrap(placement.width, max(placement.height, UNLIMITED_HEIGHT))
    if isinstance(placement.flowable, FloatingFigure):
        placement.flowable.settle(placement.width)
    return replace(placement, drawn_height=drawn)


@dataclass
class _Fill:
    """One page's share of a run of columns, decided but not placed yet."""

    queue: list[ColumnItem]
    """What the page was filled from."""
    columns: list[list[_Slot]]
    leftover: list[ColumnItem]
    available: float
    """The columns' height, from where they start to the page's foot."""
    gap_above: float
    ends_run: bool = False
    span_moves_on: bool = False
    """The run ends here, but the span after it does not fit under it: the span heads the next page."""


@dataclass
class _Turned:
    """A page the run went on from, kept until the next page is settled: that page may ask for text back."""

    page: PagePlan
    frame: Frame
    top: float
    fill: _Fill
    placed: int
    """How many placements the page had before these columns."""
    column_space_left: dict[int, float]
    flushed: set[int]


class _Pagination:
    """The pages placed so far, and where the next thing goes on the last of them."""

    def __init__(self, frame_for_page: Callable[[int], Frame], *, max_pages: int, tolerance: float):
        self.frame_for_page = frame_for_page
        self.max_pages = max_pages
        self.tolerance = tolerance
        """How far apart the columns that end a run may end (two lines)."""
        self.line = tolerance / 2
        self.hole = tolerance * 0.75
        """How far above its foot a column may end while the text goes on (a line and a paragraph space)."""
        self.pages = [PagePlan(number=1)]
        self.frame = frame_for_page(1)
        self.top = self.frame.top

    def place(self, story: list[StoryItem]) -> list[PagePlan]:
        runs = _runs(story)
        for index, run in enumerate(runs):
            if isinstance(run, Span):
                self._place_span(run)
            else:
                self._place_run(run, _boxes_after(runs, index))
        return self.pages

    def _new_page(self) -> None:
        if len(self.pages) >= self.max_pages:
            raise TooManyPages(f"the issue would need more than {self.max_pages} pages")
        self.pages.append(PagePlan(number=len(self.pages) + 1))
        self.frame = self.frame_for_page(self.pages[-1].number)
        self.top = self.frame.top

    def _later_pages_taller(self) -> bool:
        return _taller_later(self.frame, self.frame_for_page(self.pages[-1].number + 1))

    def _place_span(self, span: Span) -> None:
        frame = self.frame
        _, height = span.flowable.wrap(frame.width, self.top - frame.bottom)
        gap = span.flowable.getSpaceBefore() if self.top < frame.top else 0
        # A box that does not fit goes to the next page; from the head of page 1 only when later pages are taller.
        if height + gap > self.top - frame.bottom + FUZZ and (self.top < frame.top or self._later_pages_taller()):
            self._new_page()
            gap = 0
        self.top -= gap
        y = self.frame.bottom if span.at_foot else self.top - height
        self.pages[-1].placements.append(
            Placement(span.flowable, span.ref, self.frame.left, y, self.frame.width, height, None))
        self.top = y

    def _place_run(self, run: list[ColumnItem], spans: tuple[Span, ...]) -> None:
        """A run of columns between spans, page after page; `spans` are the boxes that must not stand alone on the
        next page without it (_boxes_after)."""
        queue = list(run)
        turned: _Turned | None = None
        while queue:
            fill = self._fill_page(queue, spans)
            if fill.ends_run:
                if turned is not None and self._uneven_after_levelling(fill.columns) > self.tolerance:
                    fill = self._take_back(turned, fill, spans)
                if self._uneven_after_levelling(fill.columns) > self.tolerance:
                    fill = self._with_a_photo_narrowed(fill, spans)
                self._place_run_end(fill)
                return
            if not any(fill.columns) and self.top >= self.frame.top and not self._later_pages_taller():
                raise LayoutOverflow(queue[0].ref)
            if turned is not None and self._hole_after_flush(fill.columns[0], fill.available) > self.hole:
                fill = self._take_back(turned, fill, spans)
            turned = self._place_turn(self.pages[-1], self.frame, self.top, fill)
            queue = fill.leftover
            self._new_page()

    def _fill_page(self, queue: list[ColumnItem], spans: tuple[Span, ...]) -> _Fill:
        """This page's share of the run: to its foot, or balanced where the run ends (above `spans` if they fit)."""
        frame = self.frame
        width = frame.column_width
        gap_above = _run_gap(queue[0]) if self.top < frame.top else 0
        available = self.top - gap_above - frame.bottom
        reserve = 0.0
        for span in spans:
            _, span_height = span.flowable.wrap(frame.width, available)
            reserve += span_height + span.flowable.getSpaceBefore()
        columns, leftover = self._fill_without_holes(queue, available, width)
        fits_with_span = False
        if not leftover and reserve:
            fits_with_span = _fits(queue, available - reserve, width)
            if not fits_with_span:
                # The spans would stand alone on the next page: carry the foot of the run over with them.
                columns, leftover = self._carry_over(queue, available, width)
                holes = bool(leftover) and any(self._hole_after_flush(slots, available) > self.hole
                                               for slots in columns)
                if not leftover or holes:
                    # Too little text to go over with them without holes here: narrower photos may make room for
                    # them on this page; or else the first box at least stays here, under the run.
                    roomier = _photos_narrowed_to_fit(queue, available - reserve, width)
                    if roomier is not None:
                        return self._fill_page(roomier, spans)
                    if len(spans) > 1:
                        return self._fill_page(queue, spans[:1])
        if leftover:
            return _Fill(queue, columns, leftover, available, gap_above)
        # The run ends on this page: balance its columns, above the span that follows when it fits too.
        limit = available - reserve if fits_with_span else available
        columns = _balanced(queue, limit, width, self.tolerance)
        return _Fill(queue, columns, [], available, gap_above, ends_run=True,
                     span_moves_on=bool(reserve) and not fits_with_span)

    def _fill_without_holes(self, queue: list[ColumnItem], available: float, width: float):
        """Both columns to the page's foot. When the second would end short (what comes next does not fit in what
        is left: a heading with its two lines, a photo), the first gives it a few lines and ends that much short
        itself: the two columns' paragraph spaces share the hole (rule 1)."""
        # A heading keeps its text here and its photo heads the next column rather than leave a hole (rule 1).
        full = self.frame.top - self.frame.bottom
        first = columns, leftover = _fill_columns(queue, [available] * 2, width, page_turns=True,
                                                  photo_may_move=True, full_column=full)
        if not leftover or not columns[0] or self._hole_after_flush(columns[1], available) <= self.hole:
            return first
        moved = _moved_photos(columns)
        # The second column needs at least this many lines more (its spaces may grow a line each, one more space
        # with the lines it is given), the first can give at most what its own spaces make up.
        fewest = max(1, math.ceil(self._lines_short(columns[1], available, extra_spaces=1) - FUZZ))
        most = min(MAX_LINES_BACK, int(self._lines_to_give([columns[0]], available) + FUZZ))
        # Only when no page turn outside a word leaves no hole does the page turn inside a hyphenated word.
        for page_turns, shortest in ((True, fewest), (False, 0)):
            for lines in range(shortest, most + 1):
                trial, rest = _fill_columns(queue, [available - lines * self.line, available], width,
                                            page_turns=page_turns, photo_may_move=True, full_column=full)
                if rest and _moved_photos(trial) <= moved and not _strands_heading(trial, text_goes_on=True) and all(
                        self._hole_after_flush(slots, available) <= self.hole for slots in trial):
                    return trial, rest
        return first

    def _carry_over(self, queue: list[ColumnItem], available: float, width: float):
        """Fill the columns a little short of the foot, so that some of the run is left over for the next page.

        The lines that go over are taken from both columns, shared so that each column's spaces can make up what
        it ends short (rule 1): the second column alone would end as many lines short as go over. At least
        CARRY_OVER_MIN_LINES go over, or as few as CARRY_OVER_FEWEST_LINES where more would leave a hole.
        Text goes over, not a photo parted from its text; only when no text can go over without one (the foot
        of the run is a photo with the text around it) does the last photo move on, with at least as much text.
        """
        whole = columns, leftover = _fill_columns(queue, [available] * 2, width, page_turns=True)
        photos_moved = _moved_photos(columns)
        first_found = None
        # Tidy first: no heading left at a column's foot, no paragraph's last line alone, no first column left
        # empty; only a run too short for any of that may go over untidily, rather than the box alone.
        for tidy, photo_may_go in ((True, False), (True, True), (False, False), (False, True)):
            for fewest_lines in (CARRY_OVER_MIN_LINES, CARRY_OVER_FEWEST_LINES):
                for lines_short in range(1, CARRY_OVER_MAX_LINES + 1):
                    # The second column alone first (as the text runs), then the shares nearest an even one.
                    for from_first in sorted(range(lines_short + 1), key=lambda n: (n != 0, abs(2 * n - lines_short))):
                        heights = [available - from_first * self.line, available - (lines_short - from_first) * self.line]
                        columns, leftover = _fill_columns(queue, heights, width, page_turns=True)
                        carried = _paragraphs_in(leftover) if photo_may_go else [
                            item for item in leftover if isinstance(item, Flow) and item.ref.kind == "paragraph"]
                        # ...and each column still reaches within two lines of where it was cut.
                        reached = all(_column_height(slots) >= height - 2 * self.line
                                      for slots, height in zip(columns, heights))
                        if not (carried and reached and _moved_photos(columns) <= photos_moved
                                and _height_of(carried if photo_may_go else leftover, width)
                                >= fewest_lines * self.line - FUZZ):
                            continue
                        if tidy and not (columns[0] and not _strands_heading(columns, text_goes_on=True)
                                         and not _widowed(columns, leftover, width)):
                            continue
                        if all(self._hole_after_flush(slots, available) <= self.hole for slots in columns):
                            return columns, leftover
                        # With a hole: the first found, five lines going over before two.
                        first_found = first_found or (columns, leftover)
            if first_found:
                break
        return first_found or whole

    def _take_back(self, turned: _Turned, fill: _Fill, spans: tuple[Span, ...]) -> _Fill:
        """The page before gives this one a few lines, and ends that much short itself (its spaces grown), when that
        fills the hole at the foot of this page's first column or balances the columns that end the run here.
        Returns this page's share then (the page before is placed again), or as it was."""
        before = turned.fill
        chosen = None
        # This page's first column needs at least so many lines more to fill its hole; the page before can give
        # at most what its spaces make up.
        fewest = 1 if fill.ends_run else max(
            1, math.ceil(self._lines_short(fill.columns[0], fill.available, extra_spaces=1) - FUZZ))
        most = min(MAX_LINES_BACK, int(self._lines_to_give(before.columns, before.available) + FUZZ))
        tried = set()
        for lines in range(fewest, most + 1):
            shorter = self._shorter_by(before, lines, turned.frame.column_width)
            if shorter is None or shorter[2] in tried:
                continue  # the page before cannot end so much short, or would give what it gave for fewer lines
            tried.add(shorter[2])
            here = self._fill_page(shorter[1], spans)
            if here.ends_run != fill.ends_run or _moved_photos(here.columns) > _moved_photos(fill.columns):
                continue
            if self._uneven_after_levelling(here.columns) <= self.tolerance if here.ends_run else (
                    self._hole_after_flush(here.columns[0], here.available) <= self.hole
                    and self._hole_after_flush(here.columns[1], here.available) <= max(
                        self.hole, self._hole_after_flush(fill.columns[1], fill.available))):
                # (The second column's hole, if it has one the first cannot help with, is no deeper for it.)
                chosen = shorter[0]
                break
        if chosen is None:
            return fill
        page = turned.page
        del page.placements[turned.placed:]
        page.column_space_left, page.flushed = dict(turned.column_space_left), set(turned.flushed)
        columns, leftover = _fill_columns(before.queue, chosen, turned.frame.column_width, page_turns=True,
                                          photo_may_move=True)
        self._place_turn(page, turned.frame, turned.top, replace(before, columns=columns, leftover=leftover))
        return self._fill_page(leftover, spans)

    def _with_a_photo_narrowed(self, fill: _Fill, spans: tuple[Span, ...]) -> _Fill:
        """The columns that end a run, still uneven when nothing else levels them, with a photo of the longer one
        narrowed (so shorter), as little as levels them: 90 % of its width, 80 %, down to NARROWED_PHOTO_SHARES' last.
        Only a photo set across the column on its own, not one with text around it; as it was when none does."""
        heights = [_column_height(slots) for slots in fill.columns]
        longer = fill.columns[heights.index(max(heights))]
        in_longer = {id(slot.flowable) for slot in longer}
        for index, item in enumerate(fill.queue):
            if not (isinstance(item, Flow) and isinstance(item.flowable, Figure) and id(item.flowable) in in_longer):
                continue
            for share in NARROWED_PHOTO_SHARES:
                queue = list(fill.queue)
                queue[index] = replace(item, flowable=item.flowable.narrowed(share, why=TO_LEVEL))
                here = self._fill_page(queue, spans)
                if here.ends_run and _moved_photos(here.columns) <= _moved_photos(fill.columns) \
                        and self._uneven_after_levelling(here.columns) <= self.tolerance:
                    return here
        return fill

    def _shorter_by(self, fill: _Fill, lines: int, width: float):
        """The columns of `fill` holding `lines` lines less between them, shared so that their spaces grow least and
        neither ends shorter than its spaces can make up: (their heights, what is left, how tall they are then), or
        None."""
        best = None
        # Shared about as the columns' spaces are, which can make up a line each.
        spaces = [len(_spaces(slots)) for slots in fill.columns]
        middle = round(lines * (spaces[0] + 0.5) / (sum(spaces) + 1))
        for first in sorted({0, max(0, middle - 1), middle, min(lines, middle + 1)}):
            heights = [fill.available - first * self.line, fill.available - (lines - first) * self.line]
            columns, leftover = _fill_columns(fill.queue, heights, width, page_turns=True, photo_may_move=True)
            if leftover and _moved_photos(columns) <= _moved_photos(fill.columns) \
                    and not _strands_heading(columns, text_goes_on=True) and all(
                    self._hole_after_flush(slots, fill.available) <= self.hole for slots in columns):
                growth = max(max(self._flush(slots, fill.available).values(), default=0.0) for slots in columns)
                if best is None or growth < best[0] - FUZZ:
                    best = (growth, heights, leftover, tuple(round(_column_height(slots), 1) for slots in columns))
        return None if best is None else best[1:]

    def _lines_short(self, slots: list[_Slot], available: float, *, extra_spaces: int = 0) -> float:
        """How many lines a column ends short of what growing its spaces (and `extra_spaces` more) makes up."""
        return (available - _column_height(slots) - self.hole) / self.line - len(_spaces(slots)) - extra_spaces

    def _lines_to_give(self, columns: list[list[_Slot]], available: float) -> float:
        """How many lines columns can give to the next and still end within what their spaces make up."""
        return sum(-self._lines_short(slots, available) for slots in columns)

    def _place_turn(self, page: PagePlan, frame: Frame, top: float, fill: _Fill) -> _Turned:
        """Place columns the run goes on from: each that would end short shares what it leaves among its spaces."""
        turned = _Turned(page, frame, top, fill, len(page.placements), dict(page.column_space_left),
                         set(page.flushed))
        extras = [self._flush(slots, fill.available) for slots in fill.columns]
        page.flushed.update(column for column, grown in enumerate(extras) if grown)
        _place_columns(page, fill.columns, frame, top - fill.gap_above, extras=extras)
        return turned

    def _place_run_end(self, fill: _Fill) -> None:
        """Place the balanced columns that end a run; the shorter grows its spaces when they end far apart."""
        page = self.pages[-1]
        page.balanced = True
        extras = self._levelling(fill.columns)
        page.levelled.update(column for column, grown in enumerate(extras) if grown)
        used = _place_columns(page, fill.columns, self.frame, self.top - fill.gap_above, extras=extras)
        self.top -= fill.gap_above + used
        if fill.span_moves_on:
            self.top = self.frame.bottom  # the span goes on the next page

    def _flush(self, slots: list[_Slot], available: float) -> dict[Space, float]:
        """How much the spaces of a column the text goes on from grow (by slot), so that it ends at the page's foot
        within a line when it would end more than a line and a paragraph space short (rule 1 of issue 12)."""
        short_by = available - _column_height(slots)
        return self._grown_spaces(slots, short_by) if short_by > self.hole + FUZZ else {}

    def _hole_after_flush(self, slots: list[_Slot], available: float) -> float:
        return available - _column_height(slots) - sum(self._flush(slots, available).values())

    def _levelling(self, columns: list[list[_Slot]]) -> list[dict[Space, float]]:
        """How much the spaces of the columns that end a run grow (by slot): the shorter column's, when they would
        end more than two lines apart, until they end within a line of each other."""
        heights = [_column_height(slots) for slots in columns]
        if not all(columns) or abs(heights[0] - heights[1]) <= self.tolerance + FUZZ:
            return [{}, {}]
        shorter = heights.index(min(heights))
        grown = self._grown_spaces(columns[shorter], abs(heights[0] - heights[1]))
        return [grown, {}] if shorter == 0 else [{}, grown]

    def _uneven_after_levelling(self, columns: list[list[_Slot]]) -> float:
        return _unevenness(columns) - sum(sum(grown.values()) for grown in self._levelling(columns))

    def _grown_spaces(self, slots: list[_Slot], short_by: float) -> dict[Space, float]:
        """Grow a column's spaces so that it ends no more than a line short: those above its headings by whole lines
        where they are enough (a wider break before a section reads as meant, and the lines stay on the other
        column's baselines, rule 11); otherwise every space alike, by at most FLUSH_MAX_LINES_PER_SPACE each (some
        paragraph spaces a line wider than others would read as blank lines). Never the space under a heading."""
        spaces = _spaces(slots)
        if short_by <= self.line + FUZZ or not spaces:
            return {}
        whole = math.ceil((short_by - self.line) / self.line - FUZZ)
        above_headings = [index for index in spaces if isinstance(index, int) and slots[index].ref.kind == "heading"]
        if whole <= len(above_headings):
            return dict.fromkeys(_spread(above_headings, whole), self.line)
        # A line each, or up to FLUSH_MAX_LINES_PER_SPACE where only that ends the column without a hole: a space
        # grown by more than a line is no longer on the other column's baselines (rule 11).
        each = min(short_by / len(spaces), self.line)
        wider = min(short_by / len(spaces), FLUSH_MAX_LINES_PER_SPACE * self.line)
        if short_by - each * len(spaces) > self.hole + FUZZ >= short_by - wider * len(spaces):
            each = wider
        return dict.fromkeys(spaces, each)


class LayoutOverflow(Exception):
    """Something cannot be placed in an empty column (it is taller than the column even when alone)."""

    def __init__(self, ref: Ref):
        super().__init__(f"cannot place {ref.kind} from line {ref.line}")
        self.ref = ref


class TooManyPages(Exception):
    pass


def _taller_later(frame: Frame, later: Frame) -> bool:
    """Has a later page taller columns? Page 1's are shorter (the masthead): what does not fit there may fit later."""
    return later.top - later.bottom > frame.top - frame.bottom + FUZZ


def _photos_narrowed_to_fit(queue: list[ColumnItem], height: float, width: float) -> list[ColumnItem] | None:
    """The queue with its photos set across the column (not those with text around them) narrowed alike, as little
    as makes it go into two columns of `height`; None when even NARROWED_PHOTO_SHARES' last does not."""
    photos = [index for index, item in enumerate(queue) if isinstance(item, Flow) and isinstance(item.flowable, Figure)
              and item.flowable.narrowed_from is None]
    for share in NARROWED_PHOTO_SHARES if photos else ():
        narrower = list(queue)
        for index in photos:
            narrower[index] = replace(queue[index], flowable=queue[index].flowable.narrowed(share, why=TO_MAKE_ROOM))
        if _fits(narrower, height, width):
            return narrower
    return None


def _boxes_after(runs: list, index: int) -> tuple[Span, ...]:
    """The boxes after run `index` that would stand alone on a page without some of its text: the one right after
    it (a notice), or all of them where they end the issue (a closing notice and the contact box), since none
    can keep the others company on a page of their own."""
    spans = []
    for run in runs[index + 1:]:
        if not isinstance(run, Span):
            return tuple(spans[:1])
        spans.append(run)
    return tuple(spans)


def _runs(story: list[StoryItem]) -> list[Span | list[ColumnItem]]:
    """Group consecutive column items into runs between spans."""
    runs: list[Span | list[ColumnItem]] = []
    for item in story:
        if isinstance(item, Span):
            runs.append(item)
        elif runs and isinstance(runs[-1], list):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _run_gap(item: ColumnItem) -> float:
    flowable = item.flowable if isinstance(item, Flow) else item.figure
    return flowable.getSpaceBefore()


def _balanced(queue: list[ColumnItem], limit: float, width: float, tolerance: float) -> list[list[_Slot]]:
    """The shortest equal column height that still takes everything: the last columns end level.

    A photo moved away from its text is only accepted when no height keeps every photo with its text and
    ends the columns within `tolerance` of each other.
    """
    columns, _ = _fill_columns(queue, [limit] * 2, width)
    if _moved_photos(columns):
        return _lowest_fill(queue, limit, width, keep_photos=False)
    kept = _lowest_fill(queue, limit, width, keep_photos=True)
    if _unevenness(kept) <= tolerance:
        return kept
    moved = _lowest_fill(queue, limit, width, keep_photos=False)
    return moved if _unevenness(moved) < _unevenness(kept) else kept


def _lowest_fill(queue: list[ColumnItem], limit: float, width: float, *, keep_photos: bool) -> list[list[_Slot]]:
    """The columns of the most even filling at the lowest heights that take everything."""
    def fill(height: float) -> tuple[bool, list[list[_Slot]]]:
        filled, leftover = _fill_columns(queue, [height] * 2, width, photo_may_move=not keep_photos)
        fits = not leftover and not _strands_heading(filled)
        return fits and not (keep_photos and _moved_photos(filled)), filled

    fits, filled = fill(limit)
    if not fits:
        return filled
    # Two columns cannot end lower than half of what fills them: start the search just below that.
    half = sum(sum(slot.gap + slot.height for slot in slots) for slots in filled) / 2
    low, high = max(0.0, half - 2 * BALANCE_TRIES * BALANCE_STEP), limit
    if fill(low)[0]:
        low, high = 0.0, low
    while high - low > 1.0:
        middle = (low + high) / 2
        if fill(middle)[0]:
            high = middle
        else:
            low = middle
    # Lines come in steps, so a little taller can end the columns more evenly: try a few heights above the lowest.
    best, best_unevenness = None, float("inf")
    for step in range(BALANCE_TRIES):
        fits, filled = fill(min(high + step * BALANCE_STEP, limit))
        if fits and _unevenness(filled) < best_unevenness - 0.5:
            best, best_unevenness = filled, _unevenness(filled)
    return best if best is not None else fill(high)[1]


def _fits(queue: list[ColumnItem], height: float, width: float) -> bool:
    """Does the whole queue go into two columns of this height?"""
    return not _fill_columns(queue, [height] * 2, width)[1]


def _paragraphs_in(items: list[ColumnItem]) -> list[Flow]:
    """The running text among `items`, that around photos too."""
    flows: list[Flow] = []
    for item in items:
        for flow in (item.text if isinstance(item, Float) else (item,)):
            if flow.ref.kind == "paragraph":
                flows.append(flow)
    return flows


def _height_of(items: list[ColumnItem], width: float) -> float:
    total = 0.0
    for item in items:
        flowable = item.flowable if isinstance(item, Flow) else item.compose(item.figure, [f.flowable for f in item.text])
        total += flowable.wrap(width, UNLIMITED_HEIGHT)[1]
    return total


def _unevenness(columns: list[list[_Slot]]) -> float:
    """How much longer the longer column is; a column left empty does not count as uneven."""
    heights = [sum(slot.gap + slot.height for slot in slots) for slots in columns if slots]
    return max(heights) - min(heights) if len(heights) == 2 else 0.0


def _strands_heading(columns: list[list[_Slot]], *, text_goes_on: bool = False) -> bool:
    """Does a column end with a heading whose text starts the next? A short trial column only takes the heading
    at its head (at a page's column head it must go somewhere): balancing, and a page that sends text overleaf
    (`text_goes_on`: the last column is followed too), try other heights instead."""
    return any(slots and slots[-1].ref.kind == "heading" for slots in (columns if text_goes_on else columns[:-1]))


def _widowed(columns: list[list[_Slot]], leftover: list[ColumnItem], width: float) -> bool:
    """Does a column, or what goes on overleaf, begin with the last line of a paragraph alone? Splits keep two
    lines on each side, but the text left under a photo whose page ends beside it is set again at the column's
    full width, where two short lines can make one."""
    heads = [slots[0] for slots in columns[1:] if slots]
    starts = [(slot.flowable, slot.continued) for slot in heads]
    if leftover and isinstance(leftover[0], Flow):
        starts.append((leftover[0].flowable, leftover[0].continued))
    return any(continued and isinstance(flowable, Paragraph) and _line_count(flowable, width) == 1
               for flowable, continued in starts)


def _line_count(paragraph: Paragraph, width: float) -> int:
    _, height = paragraph.wrap(width, UNLIMITED_HEIGHT)
    return round(height / paragraph.style.leading) if paragraph.style.leading else 0


def _moved_photos(columns: list[list[_Slot]]) -> int:
    return sum(slot.moved_figure for slots in columns for slot in slots)


def _place_columns(page: PagePlan, columns: list[list[_Slot]], frame: Frame, top: float, *,
                   extras: list[dict[Space, float]] | None = None) -> float:
    """Place filled columns below `top`, each space of column c grown by extras[c][space]; returns the height used
    by the taller column."""
    used = 0.0
    for column, slots in enumerate(columns):
        grown = extras[column] if extras else {}
        y = top
        for index, slot in enumerate(slots):
            under_photo = grown.get(("under photo", index), 0.0)
            if under_photo:
                slot = _with_space_under_photo(slot, under_photo, frame.column_width)
            y -= slot.gap + grown.get(index, 0.0)
            y -= slot.height
            page.placements.append(Placement(
                slot.flowable, slot.ref, frame.column_x(column), y, frame.column_width, slot.height, column,
                continued=slot.continued, moved_figure=slot.moved_figure,
            ))
        used = max(used, top - y)
        page.column_space_left[column] = y - frame.bottom
    return used


def _with_space_under_photo(slot: _Slot, space: float, width: float) -> _Slot:
    """The slot of a photo with text under it, `space` more between the two; as it was where the text would not
    stay as it is (the photo's split is only measured again)."""
    grown = slot.flowable.with_space_under_photo(space)
    _, height = grown.wrap(width, UNLIMITED_HEIGHT)
    if abs(height - slot.height - space) > FUZZ:
        return slot
    return replace(slot, flowable=grown, height=height)


def _column_height(slots: list[_Slot]) -> float:
    return sum(slot.gap + slot.height for slot in slots)


def _spread(items: list[int], count: int) -> list[int]:
    """`count` of `items`, evenly apart."""
    if count <= 0:
        return []
    return [items[int((k + 0.5) * len(items) / count)] for k in range(count)]


Space = int | tuple[str, int]
"""A space of a column that may grow: the slot it is above (an index), or ("under photo", index): between the
photo of that slot and the text under it."""


def _spaces(slots: list[_Slot]) -> list[Space]:
    """The spaces of a column that may grow: above every slot but the first, but the text under a heading (a
    heading stays close to what it heads) and but the items of a list after its first (a list's items stay
    closer together than paragraphs); and between a photo and the text under it."""
    above = [index for index, slot in enumerate(slots)
             if index and slot.gap > FUZZ and slots[index - 1].ref.kind != "heading"
             and not _continues_a_list(slots[index - 1])]
    under = [("under photo", index) for index, slot in enumerate(slots)
             if isinstance(slot.flowable, FloatingFigure) and slot.flowable.text_below]
    return [*above, *under]


def _continues_a_list(slot: _Slot) -> bool:
    """Is this a list item with more items of its list after it? (story.py names their styles so.)"""
    name = getattr(getattr(slot.flowable, "style", None), "name", "")
    return name.startswith("list_item") and not name.endswith("_last")


def _fill_columns(queue: list[ColumnItem], heights: list[float], width: float, *, photo_may_move: bool = False,
                  page_turns: bool = False, full_column: float = 0.0):
    """`page_turns`: what is left after the last column goes on overleaf (not so when balancing a run's end).
    `full_column`: the height of a whole column of the page; a heading whose text does not fit under it at the
    head of a shorter one (a run that starts under a notice) waits for the next, where a whole one holds both."""
    columns: list[list[_Slot]] = []
    remaining = list(queue)
    for number, height in enumerate(heights, start=1):
        slots, remaining = _fill_column(remaining, height, width, photo_may_move=photo_may_move,
                                        page_turns=page_turns and number == len(heights), full_column=full_column)
        columns.append(slots)
    return columns, remaining


def _fill_column(
    queue: list[ColumnItem], height: float, width: float, *, photo_may_move: bool = False, page_turns: bool = False,
    full_column: float = 0.0,
) -> tuple[list[_Slot], list[ColumnItem]]:
    """Fill one column from the head of `queue`; returns what was placed and what is left, in order.

    With `photo_may_move`, a heading followed by a photo stays when two lines of the text around the photo fit
    (the photo then moves on to the next column). With `page_turns`, a paragraph split at the foot does not end
    the page inside a hyphenated word when it can break a few lines earlier: the reader would turn the page
    mid-word (and the running footer would come between its halves when the text is read back).
    """
    slots: list[_Slot] = []
    queue = list(queue)
    used = 0.0
    deferred: list[ColumnItem] = []
    previous_after = 0.0
    while queue:
        item = queue[0]
        gap = max(previous_after, _run_gap(item)) if slots else 0.0
        available = height - used - gap
        if available <= FUZZ:
            break
        if isinstance(item, Float):
            placed = _place_float(item, available, width, page_turns=page_turns)
            if placed is None:
                # The photo does not fit in what is left: the text goes on here, the photo waits for the next column.
                deferred.append(replace(item, text=(), moved=True))
                queue[0:1] = list(item.text)
                continue
            flowable, flowable_height, rest = placed
            slots.append(_Slot(flowable, item.ref, flowable_height, gap, moved_figure=item.moved))
            used += gap + flowable_height
            previous_after = flowable.getSpaceAfter()
            queue[0:1] = rest
            if rest:
                break
            continue
        if deferred and item.ref.section != deferred[0].ref.section:
            break  # a photo moved on stays in its own section: it heads the next column
        flowable = item.flowable
        _, flowable_height = flowable.wrap(width, available)
        if isinstance(flowable, Figure) and slots and flowable_height > available + FUZZ \
                and _text_of_section_follows(item, queue):
            # A photo across the column that does not fit under what is here heads the next column, and its
            # section's text goes on filling this one: a column never ends short for a photo (rule 1).
            deferred.append(replace(item, moved=True))
            queue.pop(0)
            continue
        if _taller_than_column(item, height, width):
            # Taller than this whole column (page 1's are shorter, under the masthead): the photo waits for a
            # taller column and the text after it goes on here, as it does around a floated photo.
            deferred.append(replace(item, moved=True))
            queue.pop(0)
            continue
        if item.is_heading and (slots or height < full_column - FUZZ):
            following = queue[1] if len(queue) > 1 else None
            if photo_may_move and isinstance(following, Float) and following.text:
                following = following.text[0]
            elif photo_may_move and isinstance(following, Flow) and isinstance(following.flowable, Figure) \
                    and _text_of_section_follows(following, queue[1:]):
                following = queue[2]  # a photo across the column moves on, and the text leads
            elif following is not None and _taller_than_column(following, height, width):
                following = queue[2] if len(queue) > 2 else None  # the photo moves on: the text leads
            needed = flowable_height + _lead_needed(following, width, flowable.getSpaceAfter())
            if needed > available + FUZZ and (slots or needed <= full_column + FUZZ):
                break
        if flowable_height <= available + FUZZ:
            slots.append(_Slot(flowable, item.ref, flowable_height, gap, continued=item.continued,
                               moved_figure=item.moved))
            used += gap + flowable_height
            previous_after = flowable.getSpaceAfter()
            queue.pop(0)
            continue
        parts = flowable.split(width, available)
        if page_turns and len(parts) >= 2 and _ends_hyphenated(parts[0]):
            earlier = _split_before_hyphen(flowable, width, available, flowable.style.leading, _ends_hyphenated)
            parts = earlier or ([] if slots else parts)
        if len(parts) >= 2:
            head = parts[0]
            _, head_height = head.wrap(width, available)
            slots.append(_Slot(head, item.ref, head_height, gap, continued=item.continued))
            queue[0:1] = [Flow(part, item.ref, continued=True) for part in parts[1:]]
        # Otherwise it waits for the next column: a taller one may take it (page 1 is shorter, under the masthead).
        break
    return slots, _with_deferred(deferred, queue)


def _place_float(item: Float, available: float, width: float, *, page_turns: bool = False):
    """Place a photo and the text around it; None when the photo itself does not fit.

    That holds at the top of a column too: page 1's columns are shorter than the rest (the masthead), and a
    photo sized for a continuation page's column waits for one while the text goes on here. With `page_turns`,
    text split at the foot does not end the page inside a hyphenated word when a few lines earlier will do.
    """
    # Measured as placed, with the padding under the photo: the figure alone may fit where the float does not.
    if item.compose(item.figure, []).wrap(width, available)[1] > available + FUZZ:
        return None
    text = [flow.flowable for flow in item.text]
    flowable = item.compose(item.figure, text)
    _, height = flowable.wrap(width, available)
    if height <= available + FUZZ:
        return flowable, height, []
    parts = flowable.split(width, available)
    ends_hyphenated = lambda head: _text_ends_hyphenated(head, width, available)  # noqa: E731
    if page_turns and len(parts) >= 2 and ends_hyphenated(parts[0]):
        leading = next((f.style.leading for f in text if isinstance(f, Paragraph)), 0.0)
        parts = (leading and _split_before_hyphen(flowable, width, available, leading, ends_hyphenated)) or parts
    if not parts:
        return None
    head = parts[0]
    _, head_height = head.wrap(width, available)
    return head, head_height, _refs_for_rest(item, parts[1:])


def _text_ends_hyphenated(head: Flowable, width: float, height: float) -> bool:
    """Does the text of this head of a split photo-and-text end inside a hyphenated word?"""
    head.wrap(width, height)
    beside, below, _ = image_and_flowables_parts(head)
    content = [*beside, *below]
    return bool(content) and _ends_hyphenated(content[-1])


def _refs_for_rest(item: Float, rest: list[Flowable]) -> list[Flow]:
    """Give the text left over after a split back its source references."""
    originals = list(item.text)
    by_identity = {id(flow.flowable): flow for flow in originals}
    flows: list[Flow] = []
    first_untouched = len(originals) - sum(1 for f in rest if id(f) in by_identity)
    for flowable in rest:
        if id(flowable) in by_identity:
            flows.append(by_identity[id(flowable)])
        else:
            source = originals[max(first_untouched - 1, 0)]
            flows.append(Flow(flowable, source.ref, continued=True))
    return flows


def _split_before_hyphen(flowable: Flowable, width: float, available: float, leading: float,
                         ends_hyphenated: Callable[[Flowable], bool]) -> list[Flowable]:
    """A split of `flowable` a line or a few earlier whose head does not end inside a hyphenated word; none when
    the orphan rule allows no such split (then a paragraph goes overleaf whole, unless it heads its column)."""
    for lines_earlier in range(1, PAGE_END_LINES_EARLIER + 1):
        earlier = flowable.split(width, available - lines_earlier * leading)
        if len(earlier) < 2:
            return []
        if not ends_hyphenated(earlier[0]):
            return earlier
    return []


def _ends_hyphenated(head: Flowable) -> bool:
    """Does this head of a split paragraph end its last line inside a hyphenated word?"""
    lines = getattr(head, "blPara", None) and head.blPara.lines
    if not lines:
        return False
    return line_text(lines[-1]).rstrip().endswith("-")


def _text_of_section_follows(item: Flow, queue: list[ColumnItem]) -> bool:
    following = queue[1] if len(queue) > 1 else None
    return isinstance(following, Flow) and following.ref.kind == "paragraph" and following.ref.section == item.ref.section


def _taller_than_column(item: ColumnItem, height: float, width: float) -> bool:
    """Is this a photo, not floated, taller than a whole column of `height`?"""
    return isinstance(item, Flow) and isinstance(item.flowable, Figure) \
        and item.flowable.wrap(width, height)[1] > height + FUZZ


def _with_deferred(deferred: list[ColumnItem], queue: list[ColumnItem]) -> list[ColumnItem]:
    """Put photos moved on for lack of room at the head of the next column; a floated one takes the text that
    follows it along, to flow around it again."""
    for item in reversed(deferred):
        if isinstance(item, Flow):
            queue.insert(0, item)
            continue
        text: list[Flow] = []
        while queue and isinstance(queue[0], Flow) and queue[0].ref.kind == "paragraph" \
                and queue[0].ref.section == item.ref.section:
            text.append(queue.pop(0))
        queue.insert(0, replace(item, text=tuple(text)))
    return queue


def _lead_needed(following: ColumnItem | None, width: float, heading_after: float) -> float:
    """How much of what follows a heading must share its column."""
    if following is None:
        return 0.0
    if isinstance(following, Float):
        return max(heading_after, following.figure.getSpaceBefore()) + following.figure.wrap(width, UNLIMITED_HEIGHT)[1]
    flowable = following.flowable
    gap = max(heading_after, flowable.getSpaceBefore())
    _, height = flowable.wrap(width, UNLIMITED_HEIGHT)
    if isinstance(flowable, Paragraph):
        leading = flowable.style.leading
        return gap + min(height, LINES_KEPT_WITH_HEADING * leading)
    if isinstance(flowable, TableBlock):
        # A table splits between rows: its header and first rows are enough to keep its heading company.
        return gap + min(height, flowable.least_head_height(width))
    return gap + height
