"""Columns: fills two columns page by page, keeps headings with their text, defers photos, balances the last page."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from reportlab.platypus import Flowable, Paragraph

from bulletinpdf.tolerances import FUZZ, UNLIMITED_HEIGHT
from bulletinpdf.lines.hyphenation import line_text
from bulletinpdf.lines.reportlab_internals import image_and_flowables_parts
from bulletinpdf.layout.flowables import Figure

# ReportLab's own tolerance for "fits": rounding in wrapped heights.
# A heading needs this many lines of the paragraph that follows it in the same column.
LINES_KEPT_WITH_HEADING = 2
# Balancing tries column heights this far apart above the lowest that takes everything (points), this many times.
BALANCE_STEP = 2.0
BALANCE_TRIES = 12
# A page may end this many lines short rather than inside a hyphenated word.
PAGE_END_LINES_EARLIER = 3
# At most this many lines short of the foot, the second column leaves text over to keep the closing box company.
CARRY_OVER_MAX_LINES = 12
CARRY_OVER_MIN_LINES = 5


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


@dataclass
class PagePlan:
    number: int
    placements: list[Placement] = field(default_factory=list)
    column_space_left: dict[int, float] = field(default_factory=dict)
    """Space left at the foot of each column's last run on the page, in points."""
    balanced: bool = False


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
    pages: list[PagePlan] = [PagePlan(number=1)]
    frame = frame_for_page(1)
    top = frame.top
    runs = _runs(story)
    index = 0
    while index < len(runs):
        run = runs[index]
        page = pages[-1]
        if isinstance(run, Span):
            _, height = run.flowable.wrap(frame.width, top - frame.bottom)
            gap = run.flowable.getSpaceBefore() if top < frame.top else 0
            # A box that does not fit goes to the next page; from the head of page 1 only when later pages are taller.
            if height + gap > top - frame.bottom + FUZZ and (
                    top < frame.top or _taller_later(frame, frame_for_page(page.number + 1))):
                page, frame, top = _new_page(pages, frame_for_page, max_pages)
                gap = 0
            top -= gap
            y = frame.bottom if run.at_foot else top - height
            page.placements.append(Placement(run.flowable, run.ref, frame.left, y, frame.width, height, None))
            top = y
            index += 1
            continue
        queue = list(run)
        next_span = runs[index + 1] if index + 1 < len(runs) and isinstance(runs[index + 1], Span) else None
        while queue:
            gap_above = _run_gap(queue[0]) if top < frame.top else 0
            available = top - gap_above - frame.bottom
            reserve = 0.0
            if next_span is not None:
                _, span_height = next_span.flowable.wrap(frame.width, available)
                reserve = span_height + next_span.flowable.getSpaceBefore()
            columns, leftover = _fill_columns(queue, [available] * 2, frame.column_width, page_turns=True)
            fits_with_span = False
            if not leftover and reserve:
                fits_with_span = _fits(queue, available - reserve, frame.column_width)
                if not fits_with_span:
                    # The span would stand alone on the next page: carry the foot of the run over with it.
                    columns, leftover = _carry_over(queue, available, frame.column_width, line=balance_tolerance / 2)
            if not leftover:
                # The run ends on this page: balance its columns, above the span that follows when it fits too.
                limit = available - reserve if fits_with_span else available
                columns = _balanced(queue, limit, frame.column_width, balance_tolerance)
                page.balanced = True
                used = _place_columns(page, columns, frame, top - gap_above)
                top = top - gap_above - used
                if reserve and not fits_with_span:
                    top = frame.bottom  # the span goes on the next page
                break
            if not any(columns) and top >= frame.top and not _taller_later(frame, frame_for_page(page.number + 1)):
                raise LayoutOverflow(queue[0].ref)
            _place_columns(page, columns, frame, top - gap_above)
            queue = leftover
            page, frame, top = _new_page(pages, frame_for_page, max_pages)
        index += 1
    return pages


class LayoutOverflow(Exception):
    """Something cannot be placed in an empty column (it is taller than the column even when alone)."""

    def __init__(self, ref: Ref):
        super().__init__(f"cannot place {ref.kind} from line {ref.line}")
        self.ref = ref


class TooManyPages(Exception):
    pass


def _new_page(pages: list[PagePlan], frame_for_page: Callable[[int], Frame], max_pages: int):
    if len(pages) >= max_pages:
        raise TooManyPages(f"the issue would need more than {max_pages} pages")
    page = PagePlan(number=len(pages) + 1)
    pages.append(page)
    frame = frame_for_page(page.number)
    return page, frame, frame.top


def _taller_later(frame: Frame, later: Frame) -> bool:
    """Has a later page taller columns? Page 1's are shorter (the masthead): what does not fit there may fit later."""
    return later.top - later.bottom > frame.top - frame.bottom + FUZZ


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
        return _lowest_fill(queue, limit, width, keep_photos=False)[1]
    kept_height, kept = _lowest_fill(queue, limit, width, keep_photos=True)
    if _unevenness(kept) <= tolerance:
        return kept
    _, moved = _lowest_fill(queue, limit, width, keep_photos=False)
    if _unevenness(moved) < _unevenness(kept):
        return moved
    # Filled once more at the chosen height: flowables remember their last wrap, and that is what gets drawn.
    return _fill_columns(queue, [kept_height] * 2, width, photo_may_move=False)[0]


def _lowest_fill(queue: list[ColumnItem], limit: float, width: float, *,
                 keep_photos: bool) -> tuple[float, list[list[_Slot]]]:
    """The most even filling at the lowest heights that take everything: (its height, its columns)."""
    def fill(height: float) -> tuple[bool, list[list[_Slot]]]:
        filled, leftover = _fill_columns(queue, [height] * 2, width, photo_may_move=not keep_photos)
        fits = not leftover and not _strands_heading(filled)
        return fits and not (keep_photos and _moved_photos(filled)), filled

    fits, filled = fill(limit)
    if not fits:
        return limit, filled
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
    best_height, best_unevenness = high, float("inf")
    for step in range(BALANCE_TRIES):
        height = min(high + step * BALANCE_STEP, limit)
        fits, filled = fill(height)
        if fits and _unevenness(filled) < best_unevenness - 0.5:
            best_height, best_unevenness = height, _unevenness(filled)
    # Filled once more at the chosen height: flowables remember their last wrap, and that is what gets drawn.
    return best_height, fill(best_height)[1]


def _fits(queue: list[ColumnItem], height: float, width: float) -> bool:
    """Does the whole queue go into two columns of this height?"""
    return not _fill_columns(queue, [height] * 2, width)[1]


def _carry_over(queue: list[ColumnItem], available: float, width: float, *, line: float):
    """Fill the columns a little short of the foot, so that some of the run is left over for the next page.

    Text goes over, not a photo parted from its text; only when no text can go over without one (the foot of
    the run is a photo with the text around it) does the last photo move on, with at least as much text.
    """
    columns, leftover = _fill_columns(queue, [available] * 2, width, page_turns=True)
    photos_moved = _moved_photos(columns)
    for photo_may_go in (False, True):
        for lines_short in range(1, CARRY_OVER_MAX_LINES + 1):
            columns, leftover = _fill_columns(queue, [available, available - lines_short * line], width,
                                              page_turns=True)
            carried = _paragraphs_in(leftover) if photo_may_go else [
                item for item in leftover if isinstance(item, Flow) and item.ref.kind == "paragraph"]
            # ...and the second column still reaches within two lines of where it was cut.
            filled = sum(slot.gap + slot.height for slot in columns[1])
            if (carried and _moved_photos(columns) <= photos_moved
                    and filled >= available - (lines_short + 2) * line
                    and _height_of(carried if photo_may_go else leftover, width) >= CARRY_OVER_MIN_LINES * line):
                return columns, leftover
    return _fill_columns(queue, [available] * 2, width, page_turns=True)


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


def _strands_heading(columns: list[list[_Slot]]) -> bool:
    """Does a column end with a heading whose text starts the next? A short trial column only takes the heading
    at its head (at a page's column head it must go somewhere): balancing tries taller ones instead."""
    return any(slots and slots[-1].ref.kind == "heading" for slots in columns[:-1])


def _moved_photos(columns: list[list[_Slot]]) -> int:
    return sum(slot.moved_figure for slots in columns for slot in slots)


def _place_columns(page: PagePlan, columns: list[list[_Slot]], frame: Frame, top: float) -> float:
    """Place filled columns below `top`; returns the height used by the taller column."""
    used = 0.0
    for column, slots in enumerate(columns):
        y = top
        for slot in slots:
            y -= slot.gap
            y -= slot.height
            page.placements.append(Placement(
                slot.flowable, slot.ref, frame.column_x(column), y, frame.column_width, slot.height, column,
                continued=slot.continued, moved_figure=slot.moved_figure,
            ))
        used = max(used, top - y)
        page.column_space_left[column] = y - frame.bottom
    return used


def _fill_columns(queue: list[ColumnItem], heights: list[float], width: float, *, photo_may_move: bool = False,
                  page_turns: bool = False):
    """`page_turns`: what is left after the last column goes on overleaf (not so when balancing a run's end)."""
    columns: list[list[_Slot]] = []
    remaining = list(queue)
    for number, height in enumerate(heights, start=1):
        slots, remaining = _fill_column(remaining, height, width, photo_may_move=photo_may_move,
                                        page_turns=page_turns and number == len(heights))
        columns.append(slots)
    return columns, remaining


def _fill_column(
    queue: list[ColumnItem], height: float, width: float, *, photo_may_move: bool = False, page_turns: bool = False,
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
        flowable = item.flowable
        _, flowable_height = flowable.wrap(width, available)
        if _taller_than_column(item, height, width):
            # Taller than this whole column (page 1's are shorter, under the masthead): the photo waits for a
            # taller column and the text after it goes on here, as it does around a floated photo.
            deferred.append(replace(item, moved=True))
            queue.pop(0)
            continue
        if item.is_heading and slots:
            following = queue[1] if len(queue) > 1 else None
            if photo_may_move and isinstance(following, Float) and following.text:
                following = following.text[0]
            elif following is not None and _taller_than_column(following, height, width):
                following = queue[2] if len(queue) > 2 else None  # the photo moves on: the text leads
            needed = flowable_height + _lead_needed(following, width, flowable.getSpaceAfter())
            if needed > available + FUZZ:
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
    return gap + height
