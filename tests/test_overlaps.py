"""Nothing is printed over anything else: every placed piece draws the lines it was measured with, and the layout
report counts a piece that does not (or two whose rooms meet) as an overlapping piece."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle

from bulletinpdf.layout.columns import PagePlan, Placement, Ref, paginate, Flow, Frame
from bulletinpdf.layout.report import build_report
from bulletinpdf.lines.linebreak import JustifiedParagraph

from .layout_cases import CASE_NAMES, built_case

STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12, alignment=TA_JUSTIFY)
TEXT = "the European Union and its Member States, and the Governments of Norway and Switzerland"
WIDE, NARROW = 400.0, 120.0
FRAME = Frame(top=700.0, bottom=50.0, left=50.0, column_width=WIDE, gutter=20.0)


def _paragraph_wrapped_last_at(width: float) -> JustifiedParagraph:
    paragraph = JustifiedParagraph(TEXT, STYLE)
    paragraph.wrap(width, 1000)
    return paragraph


def test_a_paragraph_last_wrapped_at_another_width_is_placed_with_the_lines_of_its_own() -> None:
    # The column engine wraps one paragraph at many widths (beside a photo, under it, in a column); it draws the
    # lines of its last wrap. Placed at the column's width, it must draw the column's lines, not a photo's.
    paragraph = JustifiedParagraph(TEXT, STYLE)
    flow = Flow(paragraph, Ref("paragraph", 0, 0, 1))
    original_wrap = paragraph.wrap
    calls = []

    def wrap_then_narrow(width, height):
        found = original_wrap(width, height)
        calls.append(width)
        return found

    paragraph.wrap = wrap_then_narrow
    pages = paginate([flow], frame_for_page=lambda number: FRAME)
    placement = pages[0].placements[0]
    assert calls[-1] == placement.width  # wrapped last at its own width, whatever was tried before
    assert placement.drawn_height == placement.height == len(paragraph.blPara.lines) * STYLE.leading


def test_the_report_counts_a_piece_drawn_taller_than_its_room() -> None:
    paragraph = _paragraph_wrapped_last_at(NARROW)  # its last wrap: several lines
    one_line = STYLE.leading
    placement = Placement(paragraph, Ref("paragraph", 0, 0, 7), FRAME.left, 300.0, WIDE, one_line, 0,
                          drawn_height=paragraph.height)
    report = build_report([PagePlan(number=1, placements=[placement])], body_leading=STYLE.leading)
    assert report.counts["overlapping_pieces"] == 1
    fault = report.faults_of("overlapping_pieces")[0]
    assert (fault.page, fault.column, fault.line) == (1, 1, 7)
    assert fault.detail == f"drawn {paragraph.height:.1f} pt tall in a room of {one_line:.1f} pt"


def test_the_report_counts_two_pieces_whose_rooms_meet() -> None:
    first, second = _paragraph_wrapped_last_at(WIDE), _paragraph_wrapped_last_at(WIDE)
    height = first.height
    placements = [
        Placement(first, Ref("paragraph", 0, 0, 3), FRAME.left, 400.0, WIDE, height, 0, drawn_height=height),
        Placement(second, Ref("paragraph", 0, 1, 5), FRAME.left, 400.0 - height + 4.0, WIDE, height, 0,
                  drawn_height=height),
    ]
    report = build_report([PagePlan(number=1, placements=placements)], body_leading=STYLE.leading)
    assert [(f.line, f.detail) for f in report.faults_of("overlapping_pieces")] == [
        (5, "4.0 pt under 'the European Union and its Member'")]


# Text this size or larger is running text, headings, boxes and tables (captions and credits are smaller);
# two of its lines in one column closer than this (points) are printed over each other.
RUNNING_TEXT_SIZE = 9.0
CLOSEST_LINES = 8.0


def _overprinted_lines(path) -> list[tuple[int, str, str]]:
    """(page, line, line below) for each two lines of text of one column printed closer than CLOSEST_LINES."""
    found = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        middle = float(page.mediabox.width) / 2
        shown: list[tuple[bool, float, str]] = []

        def visit(text, cm, tm, font, size):
            if text.strip() and size * abs(tm[3] * cm[3]) >= RUNNING_TEXT_SIZE:
                shown.append((cm[4] + tm[4] * cm[0] >= middle, round(cm[5] + tm[5] * cm[3], 2), text.strip()))

        page.extract_text(visitor_text=visit)
        for right in (False, True):
            lines = {}
            for side, baseline, text in shown:
                if side == right:
                    lines.setdefault(baseline, text)
            baselines = sorted(lines, reverse=True)
            for upper, lower in zip(baselines, baselines[1:]):
                if 0.5 < upper - lower < CLOSEST_LINES:
                    found.append((number, lines[upper], lines[lower]))
    return found


@pytest.mark.parametrize("name", CASE_NAMES)
def test_no_line_of_text_is_printed_over_another(name: str) -> None:
    # crowded_quarter once printed a list item at a column's foot with the two lines it had been given beside a
    # photo that then moved on, its second line over the paragraph above it.
    result = built_case(name)
    assert result.report.counts["overlapping_pieces"] == 0
    assert _overprinted_lines(result.outputs["email"]) == []
