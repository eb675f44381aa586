"""Render: draws a layout into PDF bytes with ReportLab; nothing touches the disk here.

For print the page is the trim plus the bleed plus room for crop marks around it; the origin is
moved to the trim's corner, so the layout draws in trim coordinates whatever the edition.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, Color, toColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bulletinpdf.layout import Layout
from bulletinpdf.lines.reportlab_internals import draw_jpeg
from bulletinpdf.photos.images import PreparedImage
from bulletinpdf.render.marked_content import MarkingCanvas
from bulletinpdf.render.profiles import OutputIntent, Standard

MARK_LENGTH = 6 * mm
MARK_GAP = 1 * mm
"""Crop marks start this far outside the bleed, so a slightly shifted cut never shows them."""
MARK_ROOM = MARK_GAP + MARK_LENGTH + 1 * mm
"""Paper kept outside the bleed for the crop marks."""
MARK_WIDTH = 0.25
REGISTRATION = CMYKColor(1, 1, 1, 1)
"""Crop marks print on every plate, so each separation can be cut alike."""


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    language: str
    keywords: str = ""
    date: dt.date = dt.date(2000, 1, 1)
    """The issue's own date for the metadata (the end of its period), never the day of the build."""


@dataclass(frozen=True)
class PlacedPhoto:
    """One photo as drawn: which file, on which page, at what size in points."""

    path: str
    page: int
    width_pt: float
    height_pt: float


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    placed_photos: list[PlacedPhoto] = field(default_factory=list)
    page_boxes: Mapping[str, tuple[float, float, float, float]] = field(default_factory=dict)
    """MediaBox, BleedBox and TrimBox as set on every page."""


class _EditionCanvas(Canvas):
    """A canvas that draws each photo from this edition's file for it, and remembers where photos went, so
    preflight reads their real placed size."""

    def __init__(self, *args, photo_files: Mapping[str, PreparedImage], **kwargs):
        super().__init__(*args, **kwargs)
        self.photo_files = photo_files
        self.placed_photos: list[PlacedPhoto] = []
        self._after_text: list[Callable[[], None]] = []

    def draw_after_text(self, draw: Callable[[], None]) -> None:
        """Draw this once the page's text is drawn (photos and their captions: see flowables.Figure)."""
        self._after_text.append(draw)

    def draw_what_waited(self) -> None:
        for draw in self._after_text:
            draw()
        self._after_text = []

    def drawImage(self, image, x, y, width=None, height=None, *args, **kwargs):  # noqa: N802 - ReportLab's name
        # The layout names photos; a name without a file here is a bug, and fails rather than draws nothing.
        prepared = self.photo_files[image]
        self.placed_photos.append(
            PlacedPhoto(str(prepared.path), self.getPageNumber(), float(width or 0), float(height or 0)))
        # From the bytes the cache verified, named by their digest: the PDF never depends on the folder.
        draw_jpeg(self, prepared.data, x, y, width, height)


class _MarkingEditionCanvas(MarkingCanvas, _EditionCanvas):
    """The canvas of a tagged edition."""


def render_pdf(
    layout: Layout, *, photo_files: Mapping[str, PreparedImage], metadata: Metadata, page_width: float, page_height: float,
    base_font: str, bleed: float = 0.0, crop_marks: bool = False, colour_model: str = "rgb",
    brand_cmyk: Mapping[str, CMYKColor] | None = None, standard: Standard | None = None,
    intent: OutputIntent | None = None,
) -> RenderedPdf:
    """`photo_files` gives, by the layout's photo names, this edition's prepared photo for each.

    The layout is in the brand's RGB. `brand_cmyk` maps the brand's RGB hex values to their CMYK: for print,
    every colour that reaches the canvas (type, rules, tints, the SVG logo, links) is replaced by the brand's
    own CMYK for it."""
    # Image data goes in as binary: ASCII85 makes files a quarter larger and costs seconds in pure Python.
    rl_config.useA85 = 0
    margin = bleed + (MARK_ROOM if crop_marks else 0.0)
    media = (0.0, 0.0, page_width + 2 * margin, page_height + 2 * margin)
    buffer = io.BytesIO()
    # Invariant mode: the same input gives the same bytes (no creation time, no random document id).
    # The base font replaces ReportLab's default Helvetica, which would be named in every page unembedded.
    canvas = (_MarkingEditionCanvas if standard is not None and standard.tagged else _EditionCanvas)(
        buffer, photo_files=photo_files, pagesize=media[2:], invariant=1, pageCompression=1, initialFontName=base_font,
        enforceColorSpace=_cmyk_enforcer(brand_cmyk or {}) if colour_model == "cmyk" else None,
    )
    boxes = {"MediaBox": media}
    if margin:
        trim = (margin, margin, margin + page_width, margin + page_height)
        bleed_box = (trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed)
        canvas.setTrimBox(trim)
        canvas.setBleedBox(bleed_box)
        boxes.update(BleedBox=bleed_box, TrimBox=trim)
    canvas.setTitle(metadata.title)
    canvas.setAuthor(metadata.author)
    canvas.setSubject(metadata.subject)
    canvas.setKeywords(metadata.keywords)
    canvas.setCreator("bulletinpdf")
    canvas.setCatalogEntry("Lang", metadata.language)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    canvas.showOutline()
    page_count = len(layout.pages)
    for page in layout.pages:
        canvas.saveState()
        canvas.translate(margin, margin)
        layout.chrome.draw_head(canvas, page_number=page.number, bleed=bleed)
        for placement in page.placements:
            placement.flowable.drawOn(canvas, placement.x, placement.y)
        canvas.draw_what_waited()
        layout.chrome.draw_foot(canvas, page_number=page.number, page_count=page_count)
        canvas.restoreState()
        if crop_marks:
            _draw_crop_marks(canvas, trim=(margin, margin, margin + page_width, margin + page_height), bleed=bleed)
        canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    if standard is not None:
        # Imported here: standards.py reads this module's Metadata.
        from bulletinpdf.render import standards

        data = standards.conform(data, standard=standard, info=metadata, intent=intent, structure=layout.structure,
                                 marked_content=getattr(canvas, "marked_content", []),
                                 links=getattr(canvas, "links", []))
    return RenderedPdf(data=data, placed_photos=canvas.placed_photos, page_boxes=boxes)


def _draw_crop_marks(canvas: Canvas, *, trim: tuple[float, float, float, float], bleed: float) -> None:
    """Two short lines at each corner, on the trim lines' extensions, entirely outside the bleed."""
    left, bottom, right, top = trim
    near, far = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    lines = []
    for x, outward_x in ((left, -1), (right, 1)):
        for y, outward_y in ((bottom, -1), (top, 1)):
            lines.append((x, y + outward_y * near, x, y + outward_y * far))  # vertical: the trim's side line
            lines.append((x + outward_x * near, y, x + outward_x * far, y))  # horizontal: its top or bottom
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH)
    canvas.lines(lines)
    canvas.restoreState()


def _cmyk_enforcer(brand_cmyk: Mapping[str, CMYKColor]) -> Callable[[object], Color]:
    by_hex = {key.lower().lstrip("#"): colour for key, colour in brand_cmyk.items()}

    def enforce(colour: object) -> Color:
        found = toColor(colour)
        if isinstance(found, CMYKColor):
            return found
        brand = by_hex.get(found.hexval()[2:].lower())
        if brand is not None:
            return brand.clone(alpha=found.alpha)
        if found.red == found.green == found.blue:
            # Greys (and white) go on the black plate alone, not as a four-ink mix.
            return CMYKColor(0, 0, 0, 1 - found.red, alpha=found.alpha)
        # Not a brand colour: the plain conversion; `check` is where a designer would hear of it.
        return CMYKColor(*found.cmyk(), alpha=found.alpha)

    return enforce
