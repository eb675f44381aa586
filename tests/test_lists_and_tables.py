"""Lists, line breaks and tables: read as Markdown has them, set in the brand's style, every mistake at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from bulletinpdf.layout.report import FAULT_NAMES
from bulletinpdf.text.blocks import BULLET, ListItem, Table, mark_up

from .layout_cases import built_case
from .test_bad_input_cli import HEAD, build_bad, built_template, project  # noqa: F401 - fixtures


def test_bullets_numbers_and_a_list_inside_an_item() -> None:
    text = ("Dates:\n\n- first, on\n  two lines\n- second\n\n1. one\n2. two\n   * inside two\n\nAfter.\n")
    pieces = mark_up(text).paragraphs
    assert pieces[0] == "Dates:"
    items = [piece for piece in pieces if isinstance(piece, ListItem)]
    assert [(item.markup, item.label, item.depth) for item in items] == [
        ("first, on two lines", BULLET, 1), ("second", BULLET, 1),
        ("one", "1.", 1), ("two", "2.", 1), ("inside two", BULLET, 2),
    ]
    # The space of a paragraph above and below each list, tighter between its items.
    assert [(item.starts_list, item.ends_list) for item in items] == [
        (True, False), (False, True), (True, False), (False, False), (False, True)]
    assert pieces[-1] == "After."


def test_items_keep_their_markup_and_numbers_start_where_written() -> None:
    (first, second), = [mark_up("3. **bold** and [a link](https://un.org)\n4. *italic*").paragraphs]
    assert first.label == "3." and second.label == "4."
    assert first.markup.startswith("<b>bold</b> and <a href=\"https://un.org\"")
    assert second.markup == "<i>italic</i>"


def test_a_backslash_at_a_line_end_breaks_the_line_there() -> None:
    result = mark_up("Implementation Support Unit\\\nPalais des Nations\\\nGeneva")
    assert result.paragraphs == ("Implementation Support Unit<br/>Palais des Nations<br/>Geneva",)
    assert result.plain == ("Implementation Support Unit Palais des Nations Geneva",)


def test_a_table_with_its_alignments() -> None:
    text = "| Date | Meeting | Place |\n|:--|:-:|--:|\n| 4 June | *7MSP* | Geneva |\n| 5 June | x \\| y | Bern |\n"
    (table,) = mark_up(text).paragraphs
    assert isinstance(table, Table)
    assert table.header == ("Date", "Meeting", "Place")
    assert table.rows == (("4 June", "<i>7MSP</i>", "Geneva"), ("5 June", "x | y", "Bern"))
    assert table.alignments == ("left", "center", "right")


def test_a_mistake_inside_an_item_or_a_cell_is_found_where_it_was_typed() -> None:
    problems = mark_up("Intro.\n\n- an [odd link](ftp://x.org) here\n\n| A | B |\n|---|---|\n| [c](ftp://y) | d |").problems
    assert [(p.line_offset, p.column) for p in problems] == [(2, 6), (6, 3)]


LISTS = HEAD + "  - heading: News\n    text: |\n"
CLI_CASES = {
    "row_with_a_cell_missing": (
        LISTS + "      | Date | Meeting | Place |\n      |---|---|---|\n      | 4 June | Geneva |\n",
        "issues/2017Q1.yaml:8:7: error: this row has 2 cells, the table's header has 3\n"
        "    hint: give every row as many cells as the header, each between '|' marks; write \\| for a '|' inside a "
        "cell\n",
    ),
    "text_right_after_a_table": (
        LISTS + "      | Date | Place |\n      |---|---|\n      | 4 June | Geneva |\n      All dates to be confirmed.\n",
        "issues/2017Q1.yaml:9:7: error: a line right after a table is read as one of its rows\n"
        "    hint: leave a blank line between the table and the text after it\n",
    ),
    "list_three_deep": (
        LISTS + "      - one\n        - two\n          - three\n",
        "issues/2017Q1.yaml:8:7: error: a list inside a list inside a list: at most 2 levels\n"
        "    hint: indent this item like the items of the list above it\n",
    ),
    "table_too_wide": (
        LISTS + "      | " + " | ".join(f"Heading{n}" for n in range(8)) + " |\n      |" + "---|" * 8 + "\n      | "
        + " | ".join("Internationalization" for _ in range(8)) + " |\n",
        "issues/2017Q1.yaml:6:7: error: this table is too wide for a column: its longest words need 721 pt, a column "
        "has 242 pt\n"
        "    hint: shorten the longest words of its widest columns (a date as '4–6 Sept.'), or make it two tables of "
        "fewer columns\n",
    ),
}


@pytest.mark.parametrize("case", list(CLI_CASES))
def test_a_broken_list_or_table_is_one_message_at_its_line_and_nothing_is_written(case: str, project: Path) -> None:
    issue, message = CLI_CASES[case]
    run = build_bad(project, issue)
    assert (run.returncode, run.stdout, run.stderr) == (
        1, "", message + "issues/2017Q1.yaml: 1 error; nothing was written\n")


def _page_texts(name: str) -> list[str]:
    # The e-mail edition ends each line with a space, for its tagged text (render/marked_content.py).
    pages = [page.extract_text() for page in PdfReader(built_case(name).outputs["email"]).pages]
    return ["\n".join(line.rstrip(" ") for line in text.split("\n")) for text in pages]


def test_the_case_prints_bullets_numbers_and_breaks_in_reading_order() -> None:
    text = "\n".join(_page_texts("lists_and_tables"))
    for earlier, later in [("year:", "• 4–6 September 2017"), ("Germany", "• 11 September 2017"),
                           ("Secretary-General:", "1. Benin"), ("2. Madagascar", "3. Sri Lanka"),
                           ("State Party", "• its instrument"), ("write to the", "Implementation Support Unit\n")]:
        assert text.index(earlier) < text.index(later), (earlier, later)
    assert "\nConvention on Cluster Munitions\nPalais des Nations, Geneva" in text  # the author's line breaks


def test_a_table_split_over_a_page_repeats_its_header() -> None:
    first, second = (" ".join(text.split()) for text in _page_texts("lists_and_tables"))
    # Where it splits depends on page 1's height (the masthead); the header heads both pages' parts.
    assert "Date Meeting Place" in first and second.startswith("Date Meeting Place ")
    assert "18 December" in second and "4–6 September" in first


def test_list_items_hang_and_tables_span_the_column() -> None:
    report = built_case("lists_and_tables").report
    styles = {item.style for page in report.pages for column in page.columns for item in column.items}
    assert {"list_item_1", "list_item_1_last", "list_item_2_last"} <= styles
    # Every fault kind but those tests/test_typesetting_rules.py names as not yet met for this case (issue 12).
    from .test_typesetting_rules import NOT_YET
    assert {kind for kind, count in report.counts.items() if count and kind in FAULT_NAMES} <= {
        kind for (name, kind) in NOT_YET if name == "lists_and_tables"}


def _table_of(rows: int, body_font: str):
    """A table of `rows` one-line rows under a header, and the height of each."""
    from reportlab.lib.colors import black
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from bulletinpdf.layout.flowables import TableBlock

    style = ParagraphStyle("cell", fontName=body_font, fontSize=10, leading=12)
    body = [[Paragraph(f"row {n}", style), Paragraph("text", style)] for n in range(rows)]
    table = TableBlock([Paragraph("A", style), Paragraph("B", style)], body, alignments=("left", "left"),
                       padding=3, rule=black, tint=black)
    _, height = table.wrap(200, 1000)
    return table, height / (rows + 1)


def _splits(table, row: float, rows: int) -> set[tuple[int, ...]]:
    """How many body rows each side of every split holds (the header repeats on each)."""
    from bulletinpdf.lines.reportlab_internals import table_cells

    found = set()
    for room in [row * n + 1 for n in range(1, rows + 2)]:
        parts = table.split(200, room)
        if len(parts) == 2:
            found.add(tuple(len(table_cells(part)) - 1 for part in parts))
    return found


def test_a_table_never_leaves_one_row_alone_on_either_side_of_a_split(body_font: str) -> None:
    table, row = _table_of(4, body_font)
    assert all(min(split) >= 2 for split in _splits(table, row, 4))


def test_a_table_of_three_rows_splits_between_any_two(body_font: str) -> None:
    # Too short to keep two rows on each side: unsplit, such a calendar stood alone on a last page.
    table, row = _table_of(3, body_font)
    assert _splits(table, row, 3) == {(1, 2), (2, 1)}


def test_a_heading_keeps_the_head_of_a_long_table_at_a_column_foot(body_font: str) -> None:
    # A calendar of eight rows under its heading, below a few lines of text on a last page: the heading and the
    # first rows stay under the text, the rest heads the next column (the whole table once went there, and
    # the first column ended after four lines).
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from bulletinpdf.layout.columns import Flow, Frame, Ref, paginate

    table, row = _table_of(8, body_font)
    style = ParagraphStyle("body", fontName=body_font, fontSize=10, leading=12)
    heading_style = ParagraphStyle("heading_1", parent=style, fontSize=14, leading=18, spaceBefore=12)
    text = Paragraph(" ".join(["the land released to local communities for agriculture"] * 2), style)
    story = [Flow(text, Ref("paragraph", 0, 0, 1)), Flow(Paragraph("Calendar", heading_style), Ref("heading", 1, None, 5)),
             Flow(table, Ref("paragraph", 1, 0, 6))]
    frame = Frame(top=800, bottom=0, left=0, column_width=200, gutter=10)
    (page,) = paginate(story, frame_for_page=lambda number: frame)
    first = [p.ref.kind for p in page.placements if p.column == 0]
    assert first == ["paragraph", "heading", "paragraph"]  # the text, the heading, the table's head
    heights = [sum(p.height for p in page.placements if p.column == column) for column in (0, 1)]
    assert abs(heights[0] - heights[1]) <= 2 * row + 1


@pytest.mark.parametrize("column_lines", range(5, 12))
def test_a_long_item_splits_over_columns_like_a_paragraph_never_leaving_its_bullet_alone(column_lines: int) -> None:
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    from bulletinpdf.layout.columns import Flow, Frame, Ref, paginate
    from bulletinpdf.layout.report import build_report, paragraph_lines
    from bulletinpdf.lines.linebreak import JustifiedParagraph

    from .test_layout_rules import BODY, COLUMN, LEADING, text

    item = ParagraphStyle("list_item_1", parent=BODY, alignment=TA_LEFT, leftIndent=14, bulletIndent=0, spaceAfter=3)
    story = [Flow(JustifiedParagraph(text(lines, seed), item, bulletText="•"), Ref("paragraph", 0, 1, 1))
             for lines, seed in ((2, 0), (6, 3), (1, 5), (5, 7))]
    pages = paginate(story, frame_for_page=lambda _: Frame(top=column_lines * LEADING + 8, bottom=0, left=0,
                                                              column_width=COLUMN, gutter=10))
    report = build_report(pages, body_leading=LEADING)
    assert report.counts["orphans"] == report.counts["widows"] == report.counts["stranded_headings"] == 0
    split = [p for page in pages for p in page.placements if p.continued]
    for placement in (p for page in pages for p in page.placements):
        if placement.continued or placement in split:
            assert len(paragraph_lines(placement.flowable)) >= 2  # the bullet's line never alone at a foot


def test_a_list_item_beside_a_photo_keeps_its_bullet_and_indent(tmp_path: Path) -> None:
    # Beside a narrow photo justified text is drawn ragged; a list item is ragged already and must keep its style.
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas

    from bulletinpdf.layout.flowables import FloatingFigure
    from bulletinpdf.lines.linebreak import JustifiedParagraph

    from .test_layout_rules import BODY, COLUMN, photo, text

    item_style = ParagraphStyle("list_item_1", parent=BODY, alignment=TA_LEFT, leftIndent=14, bulletIndent=0)
    item = JustifiedParagraph(text(3), item_style, bulletText="•")
    body = JustifiedParagraph(text(3, 2), BODY)
    narrow = ParagraphStyle("body_narrow", parent=BODY, alignment=TA_LEFT)
    floating = FloatingFigure(photo(tmp_path, height_pt=60), [item, body], side="right", gap=6, narrow_style=narrow,
                              narrow_below=COLUMN, nothing_below=0)
    floating.wrap(COLUMN, 400)
    floating.drawOn(Canvas(str(tmp_path / "x.pdf")), 0, 0)
    beside = floating.text_beside  # the item, or the head of it split beside the photo
    assert beside and floating.width_beside < COLUMN
    assert beside[0].style is item_style


def test_a_column_that_grows_its_spaces_keeps_a_list_s_items_together() -> None:
    # Grown alike with the paragraph spaces, the small spaces between a list's items read as blank lines.
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from bulletinpdf.layout.columns import Ref, _Slot, _spaces

    def slot(style: str, kind: str = "paragraph") -> _Slot:
        return _Slot(Paragraph("words", ParagraphStyle(style)), Ref(kind, 0, 0, 1), height=12.0, gap=6.0)

    column = [slot("heading_1", "heading"), slot("body"), slot("list_item_1"), slot("list_item_1"),
              slot("list_item_1_last"), slot("body")]
    # Above the list and below it; not under the heading, not between the items.
    assert _spaces(column) == [2, 5]
