"""Page chrome: the masthead on page 1, the band at the head of later pages, and every page's footer."""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from bulletinpdf.brand.theme import Theme

BAND_HEIGHT = 9 * mm
THIN_BAND_HEIGHT = 3 * mm
LOGO_SIZE = 24 * mm
# The organisation's name, reversed out of the masthead band: (size in points, bold, colour role).
REVERSED_TYPE = (9.0, True, "tint")


def period_baseline(theme: Theme) -> float:
    """Where the masthead's period line sits, from the bottom of the page."""
    geometry = theme.geometry
    top = geometry.height - geometry.margin_top - 2 * mm
    return top - theme.brand.type["title"].size * 0.78 - theme.brand.type["period"].size * 1.5


def masthead_rule_y(theme: Theme) -> float:
    """The orange rule under the masthead: the first thing below the period line."""
    geometry = theme.geometry
    return geometry.height - geometry.margin_top - geometry.masthead_height + 4 * mm


def masthead_gap(theme: Theme) -> float:
    """The white between the period line's descenders and the rule below it, in points."""
    period = theme.brand.type["period"].size
    return period_baseline(theme) - 0.25 * period - masthead_rule_y(theme)


class PageChrome:
    """Draws what every page carries besides the flowing content."""

    def __init__(self, theme: Theme, *, title: str, period: str, footer_title: str):
        self.theme = theme
        self.title = title
        self.period = period
        self.footer_title = footer_title

    def draw_head(self, canvas: Canvas, *, page_number: int, bleed: float = 0.0) -> None:
        """Drawn before the page's content, so the masthead reads first; `bleed` is the edition's (0 for screens)."""
        if page_number == 1:
            self._masthead(canvas, bleed)
        else:
            self._band(canvas, THIN_BAND_HEIGHT, bleed)

    def draw_foot(self, canvas: Canvas, *, page_number: int, page_count: int) -> None:
        """Drawn after the page's content, so text extraction reads the footer last."""
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
        self._band(canvas, BAND_HEIGHT, bleed)
        regular, bold = f"{theme.font_family}-Regular", f"{theme.font_family}-Bold"
        canvas.saveState()
        size, bold_face, role = REVERSED_TYPE
        canvas.setFillColor(theme.colour(role))
        canvas.setFont(bold if bold_face else regular, size)
        canvas.drawRightString(geometry.width - geometry.margin_right, geometry.height - BAND_HEIGHT + 3.3 * mm,
                               brand.organisation)
        top = geometry.height - geometry.margin_top - 2 * mm
        logo = theme.logo
        # Otherwise the drawing starts in ReportLab's unembedded Helvetica, even with no text in it.
        logo.initialFontName = regular
        scale = LOGO_SIZE / max(logo.width, logo.height)
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
        canvas.drawString(text_x, title_baseline, self.title)
        canvas.setFillColor(theme.colour("accent"))
        period_size = theme.brand.type["period"].size
        canvas.setFont(regular, period_size)
        canvas.drawString(text_x + 1, period_baseline(theme), self.period)
        rule_y = masthead_rule_y(theme)
        canvas.setStrokeColor(theme.colour("accent"))
        canvas.setLineWidth(1.5)
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
