"""Nothing is printed over anything else: every placed piece draws the lines it was measured with, and the layout
report counts a piece that does not (or two whose rooms meet) as an overlapping piece."""

from __future__ import annotations

from pypdf import PdfReader
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle

from bulletinpdf.layout.columns import PagePlan, Placement, Ref, paginate, Flow, Frame
from bulletinpdf.layout.report import build_report
from bulletinpdf.lines.linebreak import JustifiedParagraph

from .layout_cases import built_case

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


def _baselines_of(path, page_index: int) -> list[tuple[float, float, str]]:
    """(x, baseline, text) of every piece of text drawn on a page."""
    shown: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            shown.append((cm[4] + tm[4], cm[5] + tm[5], text.strip()))

    PdfReader(path).pages[page_index].extract_text(visitor_text=visit)
    return shown


def test_a_list_item_at_a_column_foot_is_printed_below_the_text_before_it() -> None:
    # crowded_quarter, page 1, right column: the list item after "…made the survey possible:" was drawn with the
    # two lines it had been given beside a photo that then moved overleaf, the second over the line above it.
    result = built_case("crowded_quarter")
    assert result.report.counts["overlapping_pieces"] == 0
    shown = _baselines_of(result.outputs["email"], 0)
    before = next(y for x, y, text in shown if text.endswith("survey possible:"))
    item = [y for x, y, text in shown if text.startswith("the European Union") or text.endswith("Member States")]
    assert item and max(item) < before - 10.0, (before, item)
