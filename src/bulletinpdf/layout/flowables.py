"""The bulletin's own flowables: section headings that bookmark themselves, photos with captions, tinted boxes."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.paragraph import ParagraphStyle

from bulletinpdf.lines.linebreak import HeldParagraph
from bulletinpdf.tolerances import FUZZ, UNLIMITED_HEIGHT
from bulletinpdf.layout.structure import Element, Tagged, artifact, drawn_before, end_artifact, marked, start_artifact
from bulletinpdf.lines.linebreak import JustifiedParagraph
from bulletinpdf.lines.reportlab_internals import (
    UnsqueezedFlowable, WrappingImage, row_heights, table_cells, text_below_image_lowered, wrapping_content,
)



class BodyParagraph(Tagged, JustifiedParagraph):
    """A paragraph of running text: one P element, however many columns and pages it runs over."""

    def __init__(self, text: str | None, style: ParagraphStyle, *args, tag: Element | None = None, **kwargs):
        # ReportLab's split makes the pieces with this class and Paragraph's own arguments.
        super().__init__(text, style, *args, **kwargs)
        self.tag = tag


class SectionHeading(Tagged, HeldParagraph):
    """A heading that adds its section to the PDF outline where it is drawn."""

    def __init__(self, text: str, style: ParagraphStyle, *, outline_title: str, outline_level: int, key: str,
                 tag: Element | None = None):
        super().__init__(text, style)
        self.tag = tag
        self.outline_title = outline_title
        self.outline_level = outline_level
        self.key = key

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, self.height + self.style.fontSize)
        self.canv.addOutlineEntry(self.outline_title, self.key, level=self.outline_level, closed=False)
        super().draw()


@dataclass(frozen=True)
class FigureSource:
    photo_name: str
    """What the figure asks the canvas to draw: the renderer maps it to the edition's prepared file."""
    width_px: int
    height_px: int


# A photo scaled down to fit a column narrows with its caption down to this width (points); below it, only the photo.
CAPTION_MIN_WIDTH = 72.0


class Figure(UnsqueezedFlowable):
    """A photo with its caption and credit underneath, kept together at a fixed width."""

    def __init__(
        self, source: FigureSource, *, width: float, caption: Paragraph | None, credit: Paragraph | None,
        caption_gap: float, max_height: float | None = None, tag: Element | None = None, line: int | None = None,
    ):
        super().__init__()
        self.tag = tag
        """The Figure element, with the photo's alt text; the caption and credit carry their own."""
        self.line = line
        """The photo's line in the issue file: a row of photos is one piece, placed at its first photo's line."""
        self.source = source
        self.caption = caption
        self.credit = credit
        self.caption_gap = caption_gap
        self._text_heights: dict[float, float] = {}
        self.scaled_down = False
        self.widened_from: float | None = None
        """The share of the column asked for, when the layout set the photo across the full column instead."""
        self.narrowed_from: float | None = None
        """The width it was placed at before the layout narrowed it to level the columns that end a run, or to
        make room for the boxes after them (`narrowed_for` says which)."""
        self.narrowed_for = ""
        self.max_height = max_height
        self.width = width
        self._set_image_width(width)
        if max_height is not None and self._total_height() > max_height:
            self._fit_height(max_height)

    def narrowed(self, share: float, *, why: str) -> Figure:
        """The same photo, caption and credit at `share` of this one's width (its caption rewrapped); `why` ends
        the sentence `check` says of it ("so that ...")."""
        narrower = Figure(self.source, width=self.width * share, caption=self.caption, credit=self.credit,
                          caption_gap=self.caption_gap, max_height=self.max_height, tag=self.tag, line=self.line)
        narrower.spaceBefore, narrower.spaceAfter = self.getSpaceBefore(), self.getSpaceAfter()
        narrower.widened_from, narrower.narrowed_from, narrower.narrowed_for = self.widened_from, self.width, why
        return narrower

    def _text_height(self, width: float) -> float:
        # Balancing asks for the same widths hundreds of times; draw() wraps the caption again at its own width.
        if width not in self._text_heights:
            height = 0.0
            for part in (self.caption, self.credit):
                if part is not None:
                    height += part.wrap(width, UNLIMITED_HEIGHT)[1]
            self._text_heights[width] = height + (self.caption_gap if (self.caption or self.credit) else 0)
        return self._text_heights[width]

    def _total_height(self) -> float:
        return self.image_height + self._text_height(self.width)

    @property
    def fits(self) -> bool:
        """False when the caption and credit alone are taller than the height asked for: no photo size fits."""
        return self.max_height is None or self._total_height() <= self.max_height + FUZZ

    def _fit_height(self, max_height: float) -> None:
        self.scaled_down = True
        requested_width = self.width
        # Captions rewrap as the photo narrows, so shrink step by step until the whole figure fits...
        while self._total_height() > max_height and self.width * 0.97 >= CAPTION_MIN_WIDTH:
            self.width *= 0.97
            self._set_image_width(self.width)
        if self._total_height() <= max_height:
            return
        # ...but a caption narrower than that would read a word a line: a very tall photo shrinks on alone, under
        # its caption at the width asked for, where the caption is shortest.
        self.width = requested_width
        room = max_height - self._text_height(self.width)
        self._set_image_width(min(max(room, 0.0) * self.source.width_px / self.source.height_px, self.width))

    def _set_image_width(self, width: float) -> None:
        self.image_width = width
        self.image_height = width * self.source.height_px / self.source.width_px

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = self._total_height()
        return self.width, self.height

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N803 - ReportLab's signature
        # After the page's text where the canvas offers it (render.py): the order of drawing is the order the
        # PDF's text is read back in (copying, searching, reading aloud), and a caption drawn between two columns'
        # text would part the halves of a hyphenated word.
        later = getattr(canvas, "draw_after_text", None)
        if later is None:
            Flowable.drawOn(self, canvas, x, y, _sW)
        else:
            later(lambda: Flowable.drawOn(self, canvas, x, y, _sW))

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        with marked(canvas, self.tag):
            canvas.drawImage(
                self.source.photo_name, 0, top - self.image_height, self.image_width, self.image_height,
            )
        y = top - self.image_height - self.caption_gap
        for part in (self.caption, self.credit):
            if part is not None:
                _, h = part.wrap(self.width, UNLIMITED_HEIGHT)
                part.drawOn(canvas, 0, y - h)
                y -= h


class PhotoRow(Figure):
    """Photos floated one after another with no text between them, set side by side across the column, tops
    level, in the order written: each floated beside nothing would leave a hole beside it."""

    def __init__(self, figures: list[Figure], *, gap: float):
        Flowable.__init__(self)
        self.figures = figures
        self.gap = gap
        self.tag = None
        self.caption = self.credit = None
        self.max_height = None
        self.scaled_down = any(figure.scaled_down for figure in figures)
        self.widened_from = None
        self.narrowed_from: float | None = None
        self.narrowed_for = ""
        self.width = sum(figure.width for figure in figures) + gap * (len(figures) - 1)
        self.spaceBefore, self.spaceAfter = figures[0].getSpaceBefore(), figures[0].getSpaceAfter()

    @property
    def fits(self) -> bool:
        return all(figure.fits for figure in self.figures)

    def narrowed(self, share: float, *, why: str) -> PhotoRow:
        narrower = PhotoRow([figure.narrowed(share, why=why) for figure in self.figures], gap=self.gap)
        narrower.narrowed_from, narrower.narrowed_for = self.width, why
        return narrower

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.column_width = availWidth
        self.height = max(figure.wrap(figure.width, availHeight)[1] for figure in self.figures)
        return self.width, self.height

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 - ReportLab's signature
        # Centred in the column when the photos, at the widths written, leave some of it (their prepared files
        # are sized for those widths: they are never set wider).
        left = x + max(getattr(self, "column_width", self.width) - self.width, 0.0) / 2
        for figure in self.figures:
            _, height = figure.wrap(figure.width, UNLIMITED_HEIGHT)
            figure.drawOn(canvas, left, y + self.height - height)
            left += figure.width + self.gap


def indent_of(flowable: Flowable) -> float:
    """What a paragraph's indents take of the measure it is set in (a list item's); nothing for anything else."""
    return flowable.style.leftIndent + flowable.style.rightIndent if isinstance(flowable, Paragraph) else 0.0


class FloatingFigure(WrappingImage):
    """A figure at one side of the column with text flowing around it; narrow text beside it is set ragged."""

    # Layout measures without a canvas; ReportLab's container only passes it on to children that ignore it.
    canv = None

    def __init__(self, figure: Figure, text: list[Flowable], *, side: str, gap: float, narrow_style: ParagraphStyle,
                 narrow_below: float, nothing_below: float):
        pad = {"imageLeftPadding": gap, "imageRightPadding": 0} if side == "right" else {
            "imageLeftPadding": 0, "imageRightPadding": gap}
        super().__init__(figure, text, imageSide=side, imageBottomPadding=gap * 0.6, imageTopPadding=0, **pad)
        self.figure = figure
        self.gap = gap
        self.narrow_style = narrow_style
        self.narrow_below = narrow_below
        self.nothing_below = nothing_below

    space_under_photo: float = 0.0
    """Space added between the photo and the text under it: the column engine grows it, as it grows the spaces
    between paragraphs, where a column would end short."""

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's signature
        # What goes beside and below the photo depends on the width alone (ReportLab's own cache also keys on
        # the height, and the column balancer asks at many heights).
        if self.last_wrapped_at(availWidth):
            self.remember_height_asked(availWidth, availHeight)
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        if self.space_under_photo and self.text_below:
            self.height = height = height + self.space_under_photo
        return width, height

    def with_space_under_photo(self, space: float) -> FloatingFigure:
        """The same photo and text with `space` more between the photo and the text under it."""
        grown = self._with(self.content)
        grown.space_under_photo = self.space_under_photo + space
        return grown

    def split_before_search(self, width: float, height: float):
        # Beside a photo almost as wide as the column, a strip of a few letters would chop every word
        # letter by letter: below this measure the text goes under the photo instead.
        if width < self.nothing_below:
            return width + 1, 0, [], self.content
        return None

    def fits_beside(self, flowable: Flowable, width: float) -> bool:
        # A list item or a quotation, indented, may be too narrow beside the photo where running text is not
        # (rule 2): it goes under the photo, and so does what follows it.
        return width - indent_of(flowable) >= self.nothing_below - FUZZ

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's signature
        parts = super().split(availWidth, availHeight)
        if not parts:
            return parts
        # ReportLab rebuilds the part beside the photo as its own plain class (keep ours), and puts at most one
        # paragraph, or none, under the photo: fill the rest of the height too, line by line.
        content, rest = wrapping_content(parts[0]), parts[1:]
        while rest:
            fits, leftover = self._more_under_photo(content, rest[0], availWidth, availHeight)
            if fits is None:
                break
            content.append(fits)
            rest[0:1] = leftover
            if leftover:
                break
        return [self._with(content), *rest]

    def _with(self, content: list[Flowable]) -> FloatingFigure:
        return FloatingFigure(self.figure, content, side=self.side, gap=self.gap,
                              narrow_style=self.narrow_style, narrow_below=self.narrow_below,
                              nothing_below=self.nothing_below)

    def _more_under_photo(self, content: list[Flowable], following: Flowable, width: float, height: float):
        """`following`, or the head of it, if it still fits under the photo: (what fits, what is left)."""
        if self._with([*content, following]).wrap(width, height)[1] <= height + FUZZ:
            return following, []
        head = self._with(content).wrap(width, height)[1]
        room = height - head
        # The space above the paragraph is only known once it is placed under the photo: if the head overshoots
        # (or the paragraph fits the room only without that space), try again in less room by what it overshot.
        for _ in range(4):
            pieces = following.split(width, room) if room > 0 else []
            if not pieces:
                break
            placed = self._with([*content, pieces[0]]).wrap(width, height)[1]
            if len(pieces) >= 2 and placed <= height + FUZZ:
                return pieces[0], pieces[1:]
            # Less room by what it overshot, measured from the piece's own height: the next split is shorter.
            room = min(room, pieces[0].wrap(width, room)[1]) - max(placed - height, 1.0)
        return None, [following]

    def settle(self, width: float) -> None:
        """Wrap the text beside and under the photo, last, at the measures it is drawn at. The paragraphs are
        shared with every other arrangement of them the column engine tried; drawing wraps them again, but the
        layout report reads them before."""
        self.wrap(width, UNLIMITED_HEIGHT)
        for flowable in self.text_beside:
            flowable.wrap(self.width_beside, UNLIMITED_HEIGHT)
        for flowable in self.text_below:
            flowable.wrap(width, UNLIMITED_HEIGHT)

    def drawOn(self, canv, x, y, _sW=0):  # noqa: N803 - ReportLab's signature
        # The line breaks stay; only justification is dropped where the measure beside the photo is short.
        if self.width_beside < self.narrow_below:
            for flowable in self.text_beside:
                # Only justified text: a list item is ragged already and keeps its indent and bullet.
                if isinstance(flowable, Paragraph) and flowable.style.alignment == TA_JUSTIFY:
                    flowable.style = self.narrow_style
        with text_below_image_lowered(self, self.space_under_photo if self.text_below else 0.0):
            super().drawOn(canv, x, y, _sW)


class Box(Flowable):
    """A tinted box around flowables, across the full width (notices, the contact block)."""

    def __init__(self, content: list[Flowable], *, fill: Color, padding: float, edge: Color | None = None,
                 edge_width: float = 0):
        super().__init__()
        self.content = content
        self.fill = fill
        self.padding = padding
        self.edge = edge
        self.edge_width = edge_width
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        inner = availWidth - 2 * self.padding - self.edge_width
        self._heights = []
        height = 2 * self.padding
        for i, flowable in enumerate(self.content):
            _, h = flowable.wrap(inner, UNLIMITED_HEIGHT)
            space = flowable.getSpaceBefore() if i else 0
            self._heights.append(h)
            height += h + space
        self.width, self.height = availWidth, height
        return availWidth, height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        with artifact(canvas):
            canvas.setFillColor(self.fill)
            canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            if self.edge is not None and self.edge_width:
                canvas.setFillColor(self.edge)
                canvas.rect(0, 0, self.edge_width, self.height, stroke=0, fill=1)
        canvas.restoreState()
        y = self.height - self.padding
        x = self.padding + self.edge_width
        for i, (flowable, h) in enumerate(zip(self.content, self._heights)):
            if i:
                y -= flowable.getSpaceBefore()
            flowable.drawOn(canvas, x, y - h)
            y -= h


class TwoColumns(Flowable):
    """Text set in two balanced columns inside a box across the page: a notice's lines stay within a readable
    measure (at most 75 characters) instead of running the full width."""

    def __init__(self, content: list[Flowable], *, gutter: float):
        super().__init__()
        self.content = content
        self.gutter = gutter
        self._wrapped_at: float | None = None
        self.columns: list[list[tuple[Flowable, float, float]]] = [[], []]
        """Per column, after wrap: (piece, its height, the gap above it)."""

    @property
    def placed_parts(self) -> list[Flowable]:
        return [piece for column in self.columns for piece, _, _ in column]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._wrapped_at != availWidth:
            self._balance(availWidth)
            self._wrapped_at = availWidth
        self.width = availWidth
        return availWidth, self.height

    def _balance(self, width: float) -> None:
        column_width = (width - self.gutter) / 2
        whole, _ = _fill_one(self.content, column_width, 1e6)
        total = _height_of(whole)
        low, high = total / 2 - 1, total
        best = None
        # The lowest height at which two columns take everything; lines come in steps, so halve the range.
        while high - low > 0.5:
            middle = (low + high) / 2
            first, rest = _fill_one(self.content, column_width, middle)
            second, left = _fill_one(rest, column_width, middle)
            if left:
                low = middle
            else:
                high, best = middle, (first, second)
        if best is None:
            first, rest = _fill_one(self.content, column_width, high)
            best = (first, _fill_one(rest, column_width, 1e6)[0])
        self.column_width = column_width
        # Filled once more at the chosen height: flowables remember their last wrap, and that is what is drawn.
        first, rest = _fill_one(self.content, column_width, high)
        second, _ = _fill_one(rest, column_width, 1e6)
        self.columns = [first, second]
        self.height = max(_height_of(first), _height_of(second))

    def draw(self) -> None:
        for index, column in enumerate(self.columns):
            x = index * (self.column_width + self.gutter)
            y = self.height
            for piece, height, gap in column:
                y -= gap + height
                piece.drawOn(self.canv, x, y)


def _height_of(column: list[tuple[Flowable, float, float]]) -> float:
    return sum(height + gap for _, height, gap in column)


def _fill_one(content: list[Flowable], width: float, height: float):
    """Fill one column of `height` from the head of `content`: ((piece, height, gap above) placed, what is left)."""
    placed: list[tuple[Flowable, float, float]] = []
    used = 0.0
    previous_after = 0.0
    for index, flowable in enumerate(content):
        gap = max(previous_after, flowable.getSpaceBefore()) if placed else 0.0
        room = height - used - gap
        _, needed = flowable.wrap(width, room)
        if needed <= room + 1e-6:
            placed.append((flowable, needed, gap))
            used += gap + needed
            previous_after = flowable.getSpaceAfter()
            continue
        parts = flowable.split(width, room) if room > 0 else []
        if len(parts) >= 2:
            _, head_height = parts[0].wrap(width, room)
            placed.append((parts[0], head_height, gap))
            return placed, [*parts[1:], *content[index + 1:]]
        return placed, list(content[index:])
    return placed, []


# A cell's text measured in its regular font, made this much wider for the bold or italic words it may hold.
ONE_LINE_ALLOWANCE = 1.05
# A table split over columns keeps at least this many rows of its body on each side (if it has twice as many).
MIN_ROWS_APART = 2
# The columns that wrap get at least this share of an even split of the width between them.
WRAPPING_SHARE = 0.8


class TableBlock(Flowable):
    """A table of the issue's text at the width it is given: columns sized to their words, the header repeated
    wherever the table splits, the brand's rules and tint."""

    def __init__(self, header: list[Paragraph], rows: list[list[Paragraph]], *, alignments: tuple[str, ...],
                 padding: float, rule: Color, tint: Color):
        super().__init__()
        self.header = header
        self.rows = rows
        self.alignments = alignments
        self.padding = padding
        self.rule = rule
        self.tint = tint
        self.spaceBefore = self.spaceAfter = 0.0
        self._tables: dict[float, Table] = {}

    def draw_step(self, table: Table, step: str, *args) -> None:
        """ReportLab's table tells each step of its drawing: the tint and rules are artifacts, and so is the
        header where it is repeated after a column or page break (its cells were read where it first stood)."""
        canvas = table.canv
        if step in ("startBG", "startLines"):
            start_artifact(canvas)
        elif step in ("endBG", "endLines"):
            end_artifact(canvas)
        elif step == "startRow" and args[0] == 0:
            self._repeating = drawn_before(canvas, self)
            if self._repeating:
                start_artifact(canvas)
        elif step == "endRow" and getattr(self, "_repeating", False):
            self._repeating = False
            end_artifact(canvas)

    def least_width(self) -> float:
        """The narrowest measure at which no word of any cell is wider than its column."""
        return sum(self._column_bounds()[0])

    def table_for(self, width: float) -> Table:
        if width not in self._tables:
            widths = self._best_widths(width)
            table = Table([self.header, *self.rows], colWidths=widths, repeatRows=1, hAlign="LEFT",
                          renderCB=self.draw_step)
            commands = [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), self.padding), ("RIGHTPADDING", (0, 0), (-1, -1), self.padding),
                ("TOPPADDING", (0, 0), (-1, -1), self.padding * 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), self.padding),
                ("BACKGROUND", (0, 0), (-1, 0), self.tint),
                ("LINEBELOW", (0, 0), (-1, 0), 1.0, self.rule),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, self.rule),
            ]
            table.setStyle(TableStyle(commands))
            self._tables[width] = table
        return self._tables[width]

    def _best_widths(self, width: float) -> list[float]:
        """Every column on one line but the ones with the longest text, which wrap: a date or a place broken
        over two lines reads worse than a long name broken. Columns wrap from the longest down, as many as the
        width needs, and until those that wrap have nearly their even share of the width (WRAPPING_SHARE)."""
        least, natural = self._column_bounds()
        count = len(least)
        kept = sorted(range(count), key=lambda i: natural[i])

        def too_tight() -> bool:
            wrapping = [i for i in range(count) if i not in kept]
            room = width - sum(natural[i] for i in kept)
            return room < sum(least[i] for i in wrapping) or (wrapping and room < WRAPPING_SHARE * len(wrapping) * width / count)

        while kept and too_tight():
            kept.pop()
        return _widths_keeping(tuple(kept), least, natural, width)

    def _column_bounds(self) -> tuple[list[float], list[float]]:
        columns = len(self.header)
        least, natural = [0.0] * columns, [0.0] * columns
        for row in [self.header, *self.rows]:
            for index, cell in enumerate(row):
                least[index] = max(least[index], cell.minWidth() + 2 * self.padding)
                natural[index] = max(natural[index], _one_line_width(cell) + 2 * self.padding)
        return least, natural

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._wrapped = self.table_for(availWidth)
        self.width, self.height = self._wrapped.wrap(availWidth, availHeight)
        return self.width, self.height

    def _rows_apart(self) -> int:
        return MIN_ROWS_APART if len(self.rows) >= 2 * MIN_ROWS_APART else 1

    def least_head_height(self, width: float) -> float:
        """The height of the shortest head the table may split into: its header and the fewest rows it keeps
        together (the whole table where it may not split)."""
        table = self.table_for(width)
        _, height = table.wrap(width, UNLIMITED_HEIGHT)
        if len(self.rows) < 2:
            return height
        return sum(row_heights(table)[:1 + self._rows_apart()])

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Between rows, with the header on both sides; never a lone row of the table's body on either side, as a
        paragraph leaves no orphan or widow. A table too short for that splits between any two rows: unsplit, a
        calendar of three rows stood alone on a last page, with the text that it follows all on the page before."""
        table = self.table_for(availWidth)
        apart = self._rows_apart()
        height = availHeight
        for _ in range(len(self.rows)):
            parts = table.split(availWidth, height)
            if len(parts) < 2:
                return parts
            head_rows, rest_rows = (len(table_cells(part)) - 1 for part in parts[:2])
            if head_rows < apart:
                return []
            if rest_rows >= apart:
                parts[0].spaceBefore, parts[-1].spaceAfter = self.spaceBefore, self.spaceAfter
                return parts
            # One row more goes on: split above the last row of the head.
            height = parts[0].wrap(availWidth, height)[1] - row_heights(parts[0])[-1] - FUZZ
        return []

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 - ReportLab's signature
        self._wrapped.drawOn(canvas, x, y, _sW)


def _widths_keeping(kept: tuple[int, ...], least: list[float], natural: list[float], width: float) -> list[float]:
    """The columns in `kept` on one line; the others share what is left beyond their longest words, in proportion
    to what they would take on one line; anything over goes to every column alike."""
    widths = [natural[i] if i in kept else 0.0 for i in range(len(least))]
    rest = [i for i in range(len(least)) if i not in kept]
    spare = max(width - sum(widths) - sum(least[i] for i in rest), 0.0)
    wanted = sum(natural[i] - least[i] for i in rest)
    for i in rest:
        widths[i] = least[i] + (spare * (natural[i] - least[i]) / wanted if wanted else spare / len(rest))
    return [w + (width - sum(widths)) / len(widths) for w in widths]


def _one_line_width(cell: Paragraph) -> float:
    # Measured in the cell's own font; a bold word in it is a little wider, which the rounding up allows for.
    return stringWidth(cell.getPlainText(), cell.style.fontName, cell.style.fontSize) * ONE_LINE_ALLOWANCE
