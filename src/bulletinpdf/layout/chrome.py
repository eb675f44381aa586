"""Page chrome: the masthead on page 1, the band at the head of later pages, and every page's footer."""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from bulletinpdf.brand.theme import Theme
from bulletinpdf.layout.structure import Element, artifact, marked

# The masthead's own drawing, relative to the brand's measures (assets/brand.yaml: masthead).
ORGANISATION_SIZE = 9.0
"""The organisation's name in the band, in points: type reversed out of a tint is at least 9 pt bold (issue 12)."""
ORGANISATION_BOLD = True
ORGANISATION_COLOUR = "tint"
ORGANISATION_RAISE = 3.3 * mm
"""Its baseline above the band's foot."""
LOGO_DROP = 2 * mm
"""The logo's and title's top below the top margin."""
LOGO_TO_TITLE = 6 * mm
TITLE_CAP_HEIGHT = 0.78
"""Carlito's cap height, as a share of the size: the title's caps hang from the logo's top."""
PERIOD_BELOW_TITLE = 1.5
"""The period line's baseline below the title's, in period sizes."""
RULE_ABOVE_COLUMNS = 4 * mm
RULE_WEIGHT = 1.5
FOOTER_RULE_BELOW_MARGIN = 5 * mm
FOOTER_RULE_WEIGHT = 0.6
FOOTER_TEXT_BELOW_RULE = 1.5 * mm
# The organisation's name, reversed out of the masthead band, as the typesetting rules judge it: (size, bold, role).
REVERSED_TYPE = (ORGANISATION_SIZE, ORGANISATION_BOLD, ORGANISATION_COLOUR)


def period_baseline(theme: Theme) -> float:
    """Where the masthead's period line sits, from the bottom of the page."""
    geometry = theme.geometry
    top = geometry.height - geometry.margin_top - LOGO_DROP
    title_baseline = top - theme.brand.type["title"].size * TITLE_CAP_HEIGHT
    return title_baseline - theme.brand.type["period"].size * PERIOD_BELOW_TITLE


def masthead_rule_y(theme: Theme) -> float:
    """The rule under the masthead: the first thing below the period line."""
    geometry = theme.geometry
    return geometry.height - geometry.margin_top - geometry.masthead_height + RULE_ABOVE_COLUMNS


def masthead_gap(theme: Theme) -> float:
    """The white between the period line's descenders and the rule below it, in points."""
    return period_baseline(theme) - 0.25 * theme.brand.type["period"].size - masthead_rule_y(theme)


class PageChrome:
    """Draws what every page carries besides the flowing content."""

    def __init__(self, theme: Theme, *, title: str, period: str, footer_title: str, organisation: str,
                 page_of: str = "page {page} of {pages}", title_tag: Element | None = None,
                 period_tag: Element | None = None):
        """`period` is paragraph markup (French writes '1<super>er</super>'); `organisation` is the running head,
        `page_of` the folio, both in the issue's language; the tags are the title's and period's structure."""
        self.theme = theme
        self.title_tag = title_tag
        self.period_tag = period_tag
        self.title = title
        self.period = period
        self.footer_title = footer_title
        self.organisation = organisation
        self.page_of = page_of

    def draw_head(self, canvas: Canvas, *, page_number: int, bleed: float = 0.0) -> None:
        """Drawn before the page's content, so the masthead reads first; `bleed` is the edition's (0 for screens)."""
        if page_number == 1:
            self._masthead(canvas, bleed)
        else:
            with artifact(canvas):
                self._band(canvas, self.theme.brand.masthead.thin_band * mm, bleed)

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
        band, logo_size = brand.masthead.band * mm, brand.masthead.logo * mm
        # The band, the organisation's name in it, the logo and the rule are the brand's furniture, as on every
        # issue: artifacts. The logo says nothing the title does not (and the organisation is the document's author).
        with artifact(canvas):
            self._band(canvas, band, bleed)
        regular, bold = f"{theme.font_family}-Regular", f"{theme.font_family}-Bold"
        canvas.saveState()
        canvas.setFillColor(theme.colour(ORGANISATION_COLOUR))
        canvas.setFont(bold if ORGANISATION_BOLD else regular, ORGANISATION_SIZE)
        with artifact(canvas):
            canvas.drawRightString(geometry.width - geometry.margin_right, geometry.height - band + ORGANISATION_RAISE,
                                   self.organisation)
        top = geometry.height - geometry.margin_top - LOGO_DROP
        logo = theme.logo
        # Otherwise the drawing starts in ReportLab's unembedded Helvetica, even with no text in it.
        logo.initialFontName = regular
        scale = logo_size / max(logo.width, logo.height)
        with artifact(canvas):
            canvas.saveState()
            canvas.translate(geometry.margin_left, top - logo_size)
            canvas.scale(scale, scale)
            renderPDF.draw(logo, canvas, 0, 0)
            canvas.restoreState()
        text_x = geometry.margin_left + logo_size + LOGO_TO_TITLE
        title_size = theme.brand.type["title"].size
        canvas.setFillColor(theme.colour("primary"))
        canvas.setFont(bold, title_size)
        title_baseline = top - title_size * TITLE_CAP_HEIGHT
        with marked(canvas, self.title_tag):
            canvas.drawString(text_x, title_baseline, self.title)
        period_size = theme.brand.type["period"].size
        # A paragraph, not a string: the period may hold a superscript ('1er' in French).
        period = Paragraph(self.period, ParagraphStyle(
            "period", fontName=regular, fontSize=period_size, leading=period_size * 1.2,
            textColor=theme.colour("accent")))
        _, height = period.wrap(geometry.width - geometry.margin_right - text_x, period_size * 3)
        baseline = title_baseline - period_size * PERIOD_BELOW_TITLE
        # Its first baseline where the string's was: a paragraph is placed by its bottom edge.
        with marked(canvas, self.period_tag):
            period.drawOn(canvas, text_x + 1, baseline - (height - period_size))
        rule_y = masthead_rule_y(theme)
        canvas.setStrokeColor(theme.colour("accent"))
        canvas.setLineWidth(RULE_WEIGHT)
        with artifact(canvas):
            canvas.line(geometry.margin_left, rule_y, geometry.width - geometry.margin_right, rule_y)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, *, page_number: int, page_count: int) -> None:
        theme, geometry = self.theme, self.theme.geometry
        style = theme.styles.footer
        left, right = geometry.margin_left, geometry.width - geometry.margin_right
        rule_y = geometry.margin_bottom - FOOTER_RULE_BELOW_MARGIN
        canvas.saveState()
        canvas.setStrokeColor(theme.colour("primary"))
        canvas.setLineWidth(FOOTER_RULE_WEIGHT)
        canvas.line(left, rule_y, right, rule_y)
        canvas.setFillColor(theme.colour("muted"))
        canvas.setFont(style.fontName, style.fontSize)
        baseline = rule_y - style.fontSize - FOOTER_TEXT_BELOW_RULE
        canvas.drawString(left, baseline, self.footer_title)
        label = self.page_of.format(page=page_number, pages=page_count)
        canvas.drawString(right - stringWidth(label, style.fontName, style.fontSize), baseline, label)
        canvas.restoreState()
