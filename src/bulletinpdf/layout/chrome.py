"""Page chrome: the masthead on page 1, the band at the head of later pages, and every page's footer."""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from bulletinpdf.brand.theme import Theme
from bulletinpdf.layout.structure import Element, artifact, marked

BAND_HEIGHT = 9 * mm
THIN_BAND_HEIGHT = 3 * mm
LOGO_SIZE = 24 * mm


class PageChrome:
    """Draws what every page carries besides the flowing content."""

    def __init__(self, theme: Theme, *, title: str, period: str, footer_title: str,
                 title_tag: Element | None = None, period_tag: Element | None = None):
        self.theme = theme
        self.title_tag = title_tag
        self.period_tag = period_tag
        self.title = title
        self.period = period
        self.footer_title = footer_title

    def draw_head(self, canvas: Canvas, *, page_number: int, bleed: float = 0.0) -> None:
        """Drawn before the page's content, so the masthead reads first; `bleed` is the edition's (0 for screens)."""
        if page_number == 1:
            self._masthead(canvas, bleed)
        else:
            with artifact(canvas):
                self._band(canvas, THIN_BAND_HEIGHT, bleed)

    def draw_foot(self, canvas: Canvas, *, page_number: int, page_count: int) -> None:
        """Drawn after the page's content, so text extraction reads the footer last."""
        with artifact(canvas):
            self._footer(canvas, page_number=page_number, page_count=page_count)

    def _band(self, canvas: Canvas, height: float, bleed: float) -> None:
        geometry = self.theme.geometry
        canvas.saveState()
        canvas.setFillColor(self.theme.colour("primary"))
        # Tints that touch the page edge run on into the bleed so trimming leaves no white hairline.
        canvas.rect(-bleed, geometry.height - height, geometry.width + 2 * bleed, height + bleed,
                    stroke=0, fill=1)
        canvas.restoreState()

    def _masthead(self, canvas: Canvas, bleed: float) -> None:
        theme, geometry = self.theme, self.theme.geometry
        brand = theme.brand
        # The band, the organisation's name in it, the logo and the rule are the brand's furniture, as on every
        # issue: artifacts. The logo says nothing the title does not (and the organisation is the document's author).
        with artifact(canvas):
            self._band(canvas, BAND_HEIGHT, bleed)
        regular, bold = f"{theme.font_family}-Regular", f"{theme.font_family}-Bold"
        canvas.saveState()
        canvas.setFillColor(theme.colour("tint"))
        canvas.setFont(regular, 8.5)
        with artifact(canvas):
            canvas.drawRightString(geometry.width - geometry.margin_right, geometry.height - BAND_HEIGHT + 3.3 * mm,
                                   brand.organisation)
        top = geometry.height - geometry.margin_top - 2 * mm
        logo = theme.logo
        # Otherwise the drawing starts in ReportLab's unembedded Helvetica, even with no text in it.
        logo.initialFontName = regular
        scale = LOGO_SIZE / max(logo.width, logo.height)
        with artifact(canvas):
            canvas.saveState()
            canvas.translate(geometry.margin_left, top - LOGO_SIZE)
            canvas.scale(scale, scale)
            renderPDF.draw(logo, canvas, 0, 0)
            canvas.restoreState()
        text_x = geometry.margin_left + LOGO_SIZE + 6 * mm
        title_size = theme.brand.type["title"].size
        canvas.setFillColor(theme.colour("primary"))
        canvas.setFont(bold, title_size)
        title_baseline = top - title_size * 0.78
        with marked(canvas, self.title_tag):
            canvas.drawString(text_x, title_baseline, self.title)
        canvas.setFillColor(theme.colour("accent"))
        period_size = theme.brand.type["period"].size
        canvas.setFont(regular, period_size)
        with marked(canvas, self.period_tag):
            canvas.drawString(text_x + 1, title_baseline - period_size * 1.5, self.period)
        rule_y = geometry.height - geometry.margin_top - geometry.masthead_height + 4 * mm
        canvas.setStrokeColor(theme.colour("accent"))
        canvas.setLineWidth(1.5)
        with artifact(canvas):
            canvas.line(geometry.margin_left, rule_y, geometry.width - geometry.margin_right, rule_y)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, *, page_number: int, page_count: int) -> None:
        theme, geometry = self.theme, self.theme.geometry
        style = theme.styles.footer
        left, right = geometry.margin_left, geometry.width - geometry.margin_right
        rule_y = geometry.margin_bottom - 5 * mm
        canvas.saveState()
        canvas.setStrokeColor(theme.colour("primary"))
        canvas.setLineWidth(0.6)
        canvas.line(left, rule_y, right, rule_y)
        canvas.setFillColor(theme.colour("muted"))
        canvas.setFont(style.fontName, style.fontSize)
        baseline = rule_y - style.fontSize - 1.5 * mm
        canvas.drawString(left, baseline, self.footer_title)
        label = f"page {page_number} of {page_count}"
        canvas.drawString(right - stringWidth(label, style.fontName, style.fontSize), baseline, label)
        canvas.restoreState()
