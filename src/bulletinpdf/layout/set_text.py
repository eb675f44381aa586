"""The paragraphs and lines as the layout set them, walked and measured once for the layout report and the rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, ImageAndFlowables, Paragraph, Table

from bulletinpdf.layout.flowables import Box, Figure, FloatingFigure, PhotoRow, TwoColumns
from bulletinpdf.lines.hyphenation import line_text
from bulletinpdf.lines.line_costs import word_space_ratio
from bulletinpdf.lines.linebreak import paragraph_tracking
from bulletinpdf.lines.reportlab_internals import image_and_flowables_parts, justifies_last_line, table_cells


@dataclass(frozen=True)
class SetParagraph:
    """A paragraph inside a placed flowable."""

    paragraph: Paragraph
    beside: bool
    """Set in the measure beside a floated photo."""
    ragged: bool
    """Set ragged whatever its style says (beside a photo that leaves a narrow measure, or its caption then)."""


def set_paragraphs(flowable: Flowable, beside: bool = False, ragged: bool = False) -> Iterator[SetParagraph]:
    """Every paragraph inside `flowable`, in reading order."""
    if isinstance(flowable, Paragraph):
        yield SetParagraph(flowable, beside, ragged)
    elif isinstance(flowable, FloatingFigure):
        next_to, below, image = image_and_flowables_parts(flowable)
        narrow = flowable.width_beside < flowable.narrow_below
        for part in next_to:
            yield from set_paragraphs(part, True, narrow)
        for part in below:
            yield from set_paragraphs(part)
        yield from set_paragraphs(image)
    elif isinstance(flowable, ImageAndFlowables):
        next_to, below, image = image_and_flowables_parts(flowable)
        for part in (*next_to, *below):
            yield from set_paragraphs(part)
        yield from set_paragraphs(image)
    elif isinstance(flowable, Box):
        for part in flowable.content:
            yield from set_paragraphs(part)
    elif isinstance(flowable, TwoColumns):
        for part in flowable.placed_parts:
            yield from set_paragraphs(part)
    elif isinstance(flowable, PhotoRow):
        for figure in flowable.figures:
            yield from set_paragraphs(figure, beside, ragged)
    elif isinstance(flowable, Figure):
        for part in (flowable.caption, flowable.credit):
            if part is not None:
                yield SetParagraph(part, False, ragged)
    elif isinstance(flowable, Table):
        for row in table_cells(flowable):
            for cell in row:
                for part in cell if isinstance(cell, list) else [cell]:
                    if isinstance(part, Flowable):
                        yield from set_paragraphs(part)


@dataclass(frozen=True)
class Line:
    """One line of a set paragraph, measured as drawn."""

    text: str
    width: float
    """Natural width of the words and normal spaces, with the paragraph's letter spacing."""
    available: float
    gaps: int
    justified: bool
    space_width: float
    shrinkable: float = 0.0
    """How much the line's word spaces may tighten (the style's spaceShrinkage), in points."""
    tracking: float = 0.0
    """The paragraph's letter spacing, points after each character (JustifiedParagraph tracks whole paragraphs)."""

    @property
    def word_space_ratio(self) -> float | None:
        """Its word spaces over the natural one, as drawn across the measure; None for a line without spaces."""
        if not self.gaps or not self.available:
            return None
        return word_space_ratio(extra=self.available - self.width, gaps=self.gaps, space=self.space_width,
                                tracking=self.tracking)


def _drawn_width(frags) -> float:
    """The width of a line's fragments as drawn, without the spaces that end it."""
    pieces = [frag for frag in frags if getattr(frag, "text", "") and not hasattr(frag, "cbDefn")]
    width = 0.0
    for index, frag in enumerate(pieces):
        text = frag.text.rstrip(" ") if index == len(pieces) - 1 else frag.text
        width += stringWidth(text, frag.fontName, frag.fontSize)
    return width


def paragraph_lines(paragraph: Paragraph) -> list[Line]:
    """The lines of a wrapped paragraph, with what is needed to judge them."""
    para = getattr(paragraph, "blPara", None)
    if para is None:
        return []
    style = paragraph.style
    available = getattr(paragraph, "width", None) or para.get("aW", 0) or 0
    lines = []
    count = len(para.lines)
    justify_last = justifies_last_line(paragraph)
    for index, line in enumerate(para.lines):
        text = line_text(line)
        # Measured from what is drawn: where ReportLab splits a long word, the extra space it records also
        # counts the space before the piece that went on to the next line, which is never drawn.
        if isinstance(line, tuple):
            drawn = stringWidth(" ".join(word for word in line[1] if word), style.fontName, style.fontSize)
        else:
            drawn = _drawn_width(line.words)
        tracking = paragraph_tracking(paragraph)
        extra = available - drawn - tracking * max(len(text.strip()) - 1, 0)
        space = stringWidth(" ", style.fontName, style.fontSize)
        last = index == count - 1
        lines.append(Line(
            text=text,
            width=available - extra,
            available=available,
            gaps=text.strip().count(" "),
            # A line that ends where the author broke it (a '\' at its end) is set flush left, as the last.
            justified=style.alignment == TA_JUSTIFY and (not last or justify_last)
            and not getattr(line, "lineBreak", False),
            space_width=space,
            shrinkable=(getattr(style, "spaceShrinkage", 0) or 0) * space * (text.strip().count(" ") + 1),
            tracking=tracking,
        ))
    return lines
