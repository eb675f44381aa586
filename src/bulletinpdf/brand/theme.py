"""The theme: the brand turned into ReportLab fonts, colours, paragraph styles and page geometry."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import CMYKColor, Color, HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from bulletinpdf.load.brand_file import Brand, Colour
from bulletinpdf.cache_files import CacheFolder


@dataclass(frozen=True)
class PageGeometry:
    """Where things go on a page, in points from the bottom-left corner of the trimmed page."""

    width: float
    height: float
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    gutter: float
    masthead_height: float
    """Space the masthead takes at the top of page 1, above the body."""

    @property
    def body_width(self) -> float:
        return self.width - self.margin_left - self.margin_right

    @property
    def column_width(self) -> float:
        return (self.body_width - self.gutter) / 2

    @property
    def body_top(self) -> float:
        return self.height - self.margin_top

    def body_top_on(self, page_number: int) -> float:
        return self.body_top - (self.masthead_height if page_number == 1 else 0)

    def column_x(self, column: int) -> float:
        return self.margin_left + column * (self.column_width + self.gutter)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_narrow: ParagraphStyle
    """Beside a photo the measure is too short to justify well: set ragged-right."""
    heading_1: ParagraphStyle
    heading_2: ParagraphStyle
    caption: ParagraphStyle
    credit: ParagraphStyle
    box_heading: ParagraphStyle
    contact: ParagraphStyle
    footer: ParagraphStyle
    list_item: ParagraphStyle
    """A list item: ragged (short items would stretch when justified), the bullet or number in the accent colour
    hanging in the indent; the layout derives the nested and last items' styles from it."""
    table_cell: ParagraphStyle
    table_header: ParagraphStyle


@dataclass(frozen=True)
class Theme:
    """Colours are the brand's RGB: one layout serves every edition, and the print edition's canvas replaces
    each with the brand's own CMYK for it (render.py)."""

    brand: Brand
    logo: Drawing
    """The brand's SVG logo as a vector drawing."""
    geometry: PageGeometry
    styles: Styles
    font_family: str
    paragraph_gap: float
    """The one space between paragraphs, photos and boxes: the vertical rhythm's unit."""

    def colour(self, role: str) -> Color:
        return colour_for(self.brand.colours[role], "rgb")


def colour_for(colour: Colour, colour_model: str) -> Color:
    if colour_model == "cmyk":
        c, m, y, k = (value / 100 for value in colour.cmyk)
        return CMYKColor(c, m, y, k)
    return HexColor(colour.rgb)


@dataclass(frozen=True)
class FontFamily:
    """The brand's four faces, registered with ReportLab under one family name for this build."""

    name: str
    covered: frozenset[int]
    """The characters every face can draw."""

    def missing(self, text: str) -> list[str]:
        """The characters of `text` that some face cannot draw (they would print as empty boxes)."""
        return sorted({ch for ch in text if ord(ch) not in self.covered and ch not in "\n\r\t"})


def register_fonts(regular: Path, bold: Path, italic: Path, bold_italic: Path) -> FontFamily:
    """Register the brand's four faces as one family, so <b> and <i> use the real bold and italic.

    Read again on every build (30 ms): ReportLab's registry is by name, and `watch` must see a font file replaced.
    """
    family = regular.stem.split("-")[0]
    names = {
        "regular": f"{family}-Regular", "bold": f"{family}-Bold",
        "italic": f"{family}-Italic", "bold_italic": f"{family}-BoldItalic",
    }
    faces = []
    for face, path in zip(names.values(), (regular, bold, italic, bold_italic)):
        font = TTFont(face, str(path))
        pdfmetrics.registerFont(font)
        faces.append(set(font.face.charToGlyph))
    pdfmetrics.registerFontFamily(
        family, normal=names["regular"], bold=names["bold"], italic=names["italic"], boldItalic=names["bold_italic"],
    )
    return FontFamily(name=family, covered=frozenset(set.intersection(*faces)))


# Part of the logo cache's key: change it when the conversion changes.
_LOGO_VERSION = "logo-2"


def load_logo(path: Path, *, cache: CacheFolder | None = None) -> Drawing:
    """The SVG logo as a ReportLab drawing, kept pickled in `cache` (build/cache/logo) by the SVG's content.

    Importing svglib (with lxml and its CSS parsers) costs 45 ms, a tenth of a rebuild; the drawing it makes
    loads from a pickle in a fraction of a millisecond. The pickle is ours, written by an earlier build into
    the project's own build folder and verified before it is read; anything else means converting the SVG again.
    """
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()
    kept = cache.read(key) if cache is not None else None
    if kept is not None:
        try:
            drawing = pickle.loads(kept)
            if isinstance(drawing, Drawing):
                return drawing
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError):
            pass
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(str(path))
    if drawing is None:
        raise ValueError(f"the logo '{path}' is not a drawing svglib can read")
    if cache is not None:
        try:
            cache.write(key, pickle.dumps(drawing, pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError):
            pass  # converting again next time is all it costs
    return drawing


def logo_cache(folder: Path) -> CacheFolder:
    """The logo's folder of build/cache: a drawing depends on svglib's conversion and ReportLab's classes."""
    return CacheFolder(folder, version=f"{_LOGO_VERSION}|reportlab {reportlab.Version}")


def make_theme(brand: Brand, *, fonts: FontFamily, hyphenate: Callable[[str], list], logo: Drawing) -> Theme:
    """The styles of every part of the page; `hyphenate` (from the line-breaking stage) breaks the body's words."""
    family = fonts.name
    geometry = _geometry(brand)
    colour = lambda role: colour_for(brand.colours[role], "rgb")  # noqa: E731
    size = brand.type
    spacing = brand.spacing
    body = ParagraphStyle(
        "body",
        fontName=f"{family}-Regular",
        fontSize=size["body"].size,
        leading=size["body"].leading,
        textColor=colour("text"),
        alignment=TA_JUSTIFY,
        spaceAfter=size["body"].leading * spacing.paragraph,
        hyphenationLang=hyphenate,
        # Not zero, so that ReportLab offers every word that does not fit its line to be split, in styles that
        # hyphenate nothing too: the line breaking splits web and e-mail addresses where rule 8 allows
        # (lines/address_breaks.py). ReportLab's own address split, which this would turn on, is never asked.
        uriWasteReduce=1e-9,
        embeddedHyphenation=0,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
        # Word spaces may tighten to two thirds of the natural space, as TeX's and Typst's do by default (InDesign's
        # default stops at 80 %): a line that would otherwise be loose takes one word more. What tightening costs
        # the line breakers is line_costs.SHRINK's, so spaces shrink beyond 80 % only where that saves a bad line.
        spaceShrinkage=1 / 3,
    )
    heading_1 = ParagraphStyle(
        "heading_1", parent=body, fontName=f"{family}-Bold", fontSize=size["heading_1"].size,
        leading=size["heading_1"].leading, textColor=colour("primary"), alignment=TA_LEFT,
        hyphenationLang="", spaceBefore=size["body"].leading * spacing.heading_1_before,
        spaceAfter=size["body"].leading * spacing.heading_1_after,
    )
    heading_2 = ParagraphStyle(
        "heading_2", parent=heading_1, fontSize=size["heading_2"].size, leading=size["heading_2"].leading,
        spaceBefore=size["body"].leading * spacing.heading_2_before,
        spaceAfter=size["body"].leading * spacing.heading_2_after,
    )
    caption = ParagraphStyle(
        "caption", parent=body, fontName=f"{family}-Italic", fontSize=size["caption"].size,
        leading=size["caption"].leading, textColor=colour("muted"), alignment=TA_LEFT,
        spaceBefore=0, spaceAfter=0, hyphenationLang="",
    )
    credit = ParagraphStyle(
        "credit", parent=caption, fontName=f"{family}-Regular", fontSize=size["caption"].size - 1.5,
        leading=size["caption"].leading - 1.5,
    )
    styles = Styles(
        body=body,
        body_narrow=ParagraphStyle("body_narrow", parent=body, alignment=TA_LEFT),
        heading_1=heading_1,
        heading_2=heading_2,
        caption=caption,
        credit=credit,
        box_heading=ParagraphStyle("box_heading", parent=heading_1, spaceBefore=0),
        contact=ParagraphStyle("contact", parent=body, alignment=TA_LEFT, spaceAfter=0, hyphenationLang=""),
        footer=ParagraphStyle(
            "footer", parent=body, fontSize=size["footer"].size, leading=size["footer"].size * 1.2,
            textColor=colour("muted"), alignment=TA_LEFT, hyphenationLang="", spaceAfter=0,
        ),
        list_item=ParagraphStyle(
            "list_item", parent=body, alignment=TA_LEFT, spaceAfter=size["body"].leading * spacing.list_item,
            leftIndent=size["body"].size * spacing.list_indent, bulletIndent=0, bulletFontName=f"{family}-Bold",
            bulletFontSize=size["body"].size, bulletColor=colour("accent"),
        ),
        table_cell=ParagraphStyle("table_cell", parent=body, alignment=TA_LEFT, spaceAfter=0, hyphenationLang="",
                                  splitLongWords=1),
        table_header=ParagraphStyle("table_header", parent=body, fontName=f"{family}-Bold", alignment=TA_LEFT,
                                    spaceAfter=0, hyphenationLang="", textColor=colour("primary")),
    )
    return Theme(
        brand=brand, logo=logo, geometry=geometry, styles=styles,
        font_family=family, paragraph_gap=size["body"].leading * spacing.paragraph,
    )


def _geometry(brand: Brand) -> PageGeometry:
    if brand.page.size.upper() != "A4":
        raise ValueError(f"only A4 pages are supported, not {brand.page.size!r}")
    width, height = A4
    page = brand.page
    return PageGeometry(
        width=width, height=height,
        margin_left=page.margin_inner * mm, margin_right=page.margin_outer * mm,
        margin_top=page.margin_top * mm, margin_bottom=page.margin_bottom * mm,
        gutter=page.gutter * mm,
        masthead_height=brand.masthead.height * mm,
    )
