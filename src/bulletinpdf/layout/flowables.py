"""The bulletin's own flowables: section headings that bookmark themselves, photos with captions, tinted boxes."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import ParagraphStyle

from bulletinpdf.tolerances import FUZZ, UNLIMITED_HEIGHT
from bulletinpdf.layout.structure import Element, Tagged, artifact, marked
from bulletinpdf.lines.linebreak import JustifiedParagraph
from bulletinpdf.lines.reportlab_internals import UnsqueezedFlowable, WrappingImage, wrapping_content


class BodyParagraph(Tagged, JustifiedParagraph):
    """A paragraph of running text: one P element, however many columns and pages it runs over."""

    def __init__(self, text: str | None, style: ParagraphStyle, *args, tag: Element | None = None, **kwargs):
        # ReportLab's split makes the pieces with this class and Paragraph's own arguments.
        super().__init__(text, style, *args, **kwargs)
        self.tag = tag


class SectionHeading(Tagged, Paragraph):
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
        caption_gap: float, max_height: float | None = None, tag: Element | None = None,
    ):
        super().__init__()
        self.tag = tag
        """The Figure element, with the photo's alt text; the caption and credit carry their own."""
        self.source = source
        self.caption = caption
        self.credit = credit
        self.caption_gap = caption_gap
        self._text_heights: dict[float, float] = {}
        self.scaled_down = False
        self.max_height = max_height
        self.width = width
        self._set_image_width(width)
        if max_height is not None and self._total_height() > max_height:
            self._fit_height(max_height)

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

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's signature
        # What goes beside and below the photo depends on the width alone (ReportLab's own cache also keys on
        # the height, and the column balancer asks at many heights).
        if self.last_wrapped_at(availWidth):
            self.remember_height_asked(availWidth, availHeight)
            return self.width, self.height
        return super().wrap(availWidth, availHeight)

    def split_before_search(self, width: float, height: float):
        # Beside a photo almost as wide as the column, a strip of a few letters would chop every word
        # letter by letter: below this measure the text goes under the photo instead.
        if width < self.nothing_below:
            return width + 1, 0, [], self.content
        return None

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
        # The space above the paragraph is only known once it is placed under the photo: if the head overshoots,
        # try again without that space.
        for _ in range(2):
            pieces = following.split(width, room) if room > 0 else []
            if len(pieces) < 2:
                break
            placed = self._with([*content, pieces[0]]).wrap(width, height)[1]
            if placed <= height + FUZZ:
                return pieces[0], pieces[1:]
            room = height - head - (placed - head - pieces[0].wrap(width, room)[1])
        return None, [following]

    def drawOn(self, canv, x, y, _sW=0):  # noqa: N803 - ReportLab's signature
        # The line breaks stay; only justification is dropped where the measure beside the photo is short.
        if self.width_beside < self.narrow_below:
            for flowable in self.text_beside:
                if isinstance(flowable, Paragraph):
                    flowable.style = self.narrow_style
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
