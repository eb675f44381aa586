"""The column engine's rules, on synthetic paragraphs and photos: headings, orphans and widows, photos, balance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from bulletinpdf.diagnostics import IssueFileError
from bulletinpdf.layout.columns import Float, Flow, Frame, Ref, Span, paginate
from bulletinpdf.layout.flowables import Figure, FigureSource, FloatingFigure
from bulletinpdf.lines.linebreak import JustifiedParagraph
from bulletinpdf.layout.report import build_report, paragraph_lines
from bulletinpdf.run.pipeline import build_issue
from bulletinpdf.render.profiles import PROFILES

from .layout_cases import draw_photo, set_up_case

LEADING = 12.0
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=LEADING, alignment=TA_JUSTIFY,
                      spaceAfter=6, allowWidows=0, allowOrphans=0)
HEADING = ParagraphStyle("heading_1", parent=BODY, fontName="Helvetica-Bold", fontSize=14, leading=18,
                         spaceBefore=12, spaceAfter=4)
WORDS = ("the convention on cluster munitions obliges every state party to clear contaminated land "
         "destroy its stockpiles and assist the victims within agreed deadlines").split()
COLUMN = 200.0


def frame(height: float) -> Frame:
    return Frame(top=height, bottom=0, left=0, column_width=COLUMN, gutter=10)


def text(lines: int, seed: int = 0) -> str:
    """Roughly `lines` lines of text at the synthetic column width."""
    return " ".join(WORDS[(seed + i) % len(WORDS)] for i in range(lines * 7))


def para(lines: int, line: int, seed: int = 0) -> Flow:
    return Flow(Paragraph(text(lines, seed), BODY), Ref("paragraph", 0, line, line))


def heading(line: int) -> Flow:
    return Flow(Paragraph("A heading", HEADING), Ref("heading", 0, None, line))


def photo(tmp_path: Path, height_pt: float) -> Figure:
    path = tmp_path / "photo.jpg"
    draw_photo(path, portrait=False, shade=0)
    width = COLUMN * 0.6
    figure = Figure(FigureSource(path, 1200, round(1200 * height_pt / width)), width=width, caption=None,
                    credit=None, caption_gap=3)
    figure.spaceBefore = figure.spaceAfter = 6
    return figure


def compose(figure: Figure, flowables: list) -> FloatingFigure:
    return FloatingFigure(figure, flowables, side="right", gap=6, narrow_style=BODY, narrow_below=0,
                          nothing_below=0)


ISSUE_HEAD = "title: Highlights\nperiod: {from: 2017-01-01, to: 2017-03-31}\nsections:\n"


def issue_in_a_project(tmp_path: Path, sections: str) -> tuple[Path, Path]:
    """(project, issue file): a project with the real brand holding one issue of these `sections` (YAML)."""
    project = tmp_path / "project"
    issue = set_up_case("one_section", project)
    issue.write_text(ISSUE_HEAD + sections)
    return project, issue


def columns_of(pages) -> list[list]:
    return [[p for p in page.placements if p.column == column] for page in pages for column in (0, 1)]


def test_a_heading_never_ends_a_column_and_keeps_two_lines(tmp_path: Path) -> None:
    # The heading fits at the foot of column 1, but not with two lines of its text: it moves on.
    for filler in range(10, 16):
        story = [para(filler, 1), heading(2), para(6, 3)]
        pages = paginate(story, frame_for_page=lambda _: frame(16 * LEADING + 30))
        report = build_report(pages, body_leading=LEADING)
        assert report.counts["stranded_headings"] == 0
        for column in columns_of(pages):
            for index, placement in enumerate(column):
                if placement.ref.kind == "heading":
                    following = column[index + 1]
                    assert following.ref.kind == "paragraph" and following.height >= 2 * LEADING - 1e-6


@pytest.mark.parametrize("column_lines", range(6, 14))
def test_no_orphan_or_widow(column_lines: int) -> None:
    story = [para(4, 1), para(7, 2, seed=3), para(5, 3, seed=5), para(6, 4, seed=7)]
    pages = paginate(story, frame_for_page=lambda _: frame(column_lines * LEADING + 10))
    report = build_report(pages, body_leading=LEADING)
    assert report.counts["orphans"] == report.counts["widows"] == 0
    for column in columns_of(pages):
        for placement in column:
            if isinstance(placement.flowable, Paragraph) and placement.continued:
                assert len(paragraph_lines(placement.flowable)) >= 2


def test_a_photo_that_does_not_fit_moves_on_while_the_text_keeps_filling(tmp_path: Path) -> None:
    figure = photo(tmp_path, height_pt=120)
    around = [para(4, 3, seed=2), para(4, 4, seed=4)]
    story = [para(14, 1), Float(figure=figure, text=tuple(around), ref=Ref("figure", 0, 2, 2), compose=compose)]
    pages = paginate(story, frame_for_page=lambda _: frame(20 * LEADING))
    first, second = columns_of(pages)[:2]
    # Column 1 is filled to its foot with the text that followed the photo.
    assert [p.ref.line for p in first][:2] == [1, 3]
    assert pages[0].column_space_left[0] < 2 * LEADING
    # The photo heads column 2, marked as moved.
    assert second[0].moved_figure and isinstance(second[0].flowable, FloatingFigure)
    assert build_report(pages, body_leading=LEADING).counts["photos_moved"] == 1


def _unevenness(pages) -> float:
    columns = columns_of(pages)[-2:]
    heights = [max(p.y + p.height for p in c) - min(p.y for p in c) for c in columns if c]
    return max(heights) - min(heights) if len(heights) == 2 else 0.0


@pytest.mark.parametrize("lines", [9, 23])
def test_the_last_columns_are_balanced_as_evenly_as_the_content_allows(lines: int) -> None:
    def story():
        return [para(lines, 1), heading(2), para(5, 3)]

    pages = paginate(story(), frame_for_page=lambda _: frame(40 * LEADING), balance_tolerance=2 * LEADING)
    assert pages[-1].balanced
    # No column height does better (checked every 3 points, a quarter line).
    best = float("inf")
    for height in range(120, 40 * int(LEADING), 3):
        trial = paginate(story(), frame_for_page=lambda _: frame(height), balance_tolerance=2 * LEADING)
        if len(trial) == 1:
            best = min(best, _unevenness(trial))
    assert _unevenness(pages) <= best + 3
    if best <= 2 * LEADING:
        assert build_report(pages, body_leading=LEADING).counts["unbalanced_last_columns"] == 0


def test_a_justified_paragraph_avoids_loose_lines_that_first_fit_leaves() -> None:
    from bulletinpdf.lines.hyphenation import hyphenator_for

    style = ParagraphStyle("body", parent=BODY, spaceShrinkage=0.2, hyphenationLang=hyphenator_for("en"))
    source = ("On 17 November 2016, the Netherlands and Norway, in their capacity as Co-coordinators on "
              "Clearance for the CCM organized an expert level workshop under the framework of supporting "
              "Lebanon in meeting its CCM Article 4 obligations, to share lessons learned and find ways to "
              "maintain donor support for clearance activities in Lebanon.")

    def loose(paragraph: Paragraph) -> int:
        # As the layout report counts them: word spaces beyond twice normal, letter spacing included.
        paragraph.wrap(COLUMN, 1000)
        count = 0
        for line in paragraph_lines(paragraph)[:-1]:
            ratio = line.word_space_ratio if line.gaps else 1.0
            count += ratio > 2 + 1e-6
        return count

    first_fit, total_fit = Paragraph(source, style), JustifiedParagraph(source, style)
    assert loose(first_fit) > 0
    assert loose(total_fit) == 0
    assert total_fit.getPlainText() == first_fit.getPlainText()
    assert len(paragraph_lines(total_fit)) <= len(paragraph_lines(first_fit)) + 1


def test_a_paragraph_in_one_font_is_broken_by_dynamic_programming_not_by_trials(monkeypatch) -> None:
    from bulletinpdf.lines import linebreak

    def no_trials(*args, **kwargs):
        raise AssertionError("the beam search ran although the paragraph is in one font")

    monkeypatch.setattr(linebreak, "_search", no_trials)
    style = ParagraphStyle("body", parent=BODY, spaceShrinkage=0.15)
    source = ("On 17 November 2016, the Netherlands and Norway, in their capacity as Co-coordinators on "
              "Clearance for the CCM organized an expert level workshop under the framework of supporting "
              "Lebanon in meeting its CCM Article 4 obligations, to share lessons learned and find ways to "
              "maintain donor support for clearance activities in Lebanon.")
    first_fit, total_fit = Paragraph(source, style), JustifiedParagraph(source, style)
    first_fit.wrap(COLUMN, 1000)
    total_fit.wrap(COLUMN, 1000)
    # The plan was realised exactly by ReportLab (or it would have fallen back to the trials).
    assert total_fit.getPlainText() == first_fit.getPlainText()
    assert [line.text for line in paragraph_lines(total_fit)] != [line.text for line in paragraph_lines(first_fit)]


MIXED = ("On 17 November 2016, the <b>Netherlands</b> and <i>Norway</i>, in their capacity as Co-coordinators on "
         "Clearance for the 5<super>th</super> time, organized an expert level workshop under the framework of "
         "supporting Lebanon in meeting its CCM Article 4 obligations (see "
         '<a href="https://www.clusterconvention.org" color="#1F5C99">www.clusterconvention.org</a>), '
         "to share lessons <b>learned</b> and find ways to maintain donor support for clearance in Lebanon.")


@pytest.mark.parametrize("measure", [175.0, COLUMN, 240.0])  # narrower is set ragged (NARROW_MEASURE_EMS)
def test_a_paragraph_mixing_fonts_and_links_is_planned_too_and_reportlab_realises_the_plan(monkeypatch, measure) -> None:
    from bulletinpdf.lines import linebreak

    style = ParagraphStyle("body", parent=BODY, spaceShrinkage=0.15, hyphenationLang=lambda word: [
        (word[:i], word[i:]) for i in range(len(word) - 3, 1, -1)])
    paragraph = JustifiedParagraph(MIXED, style)
    paragraph.wrap(measure, 1000)
    first_fit_lines = len(Paragraph(MIXED, style).breakLines([measure]).lines)
    widths = linebreak._total_fit(paragraph, [measure], False, first_fit_lines, 1)
    assert widths is not None, "ReportLab broke the lines otherwise than planned"
    if linebreak._is_ragged([measure], style):
        return  # planned ragged (as beside a photo), where the beam search is never asked: nothing to compare
    # No worse than the beam search over ReportLab's own breaks, which measures everything itself.
    planned = paragraph._break_at([measure], *widths)
    searched = paragraph._break_at([measure], 0.0, linebreak._search(paragraph, [measure], False, first_fit_lines, 1))
    cost = lambda result: sum(c for c, _ in linebreak._line_costs(paragraph, result, [measure], [measure], False))  # noqa: E731
    assert cost(planned) <= cost(searched) + 1e-6


def test_a_paragraph_with_a_forced_line_break_is_left_to_the_trials() -> None:
    from bulletinpdf.lines.total_fit import plan as _plan

    paragraph = JustifiedParagraph("Some <b>bold</b> words<br/>and more " * 20, BODY)
    assert _plan(paragraph, COLUMN, False, 40) is None


def test_a_photo_taller_than_a_column_is_scaled_down_with_a_warning_naming_its_line(tmp_path: Path) -> None:
    project, issue = issue_in_a_project(
        tmp_path,
        "  - heading: A tall photo\n    blocks:\n"
        "      - text: Before the photo.\n"
        "      - image: images/case/tall.jpg\n        float: none\n        width: 100%\n"
        "        caption: A very tall photo\n"
        "      - text: After the photo.\n")
    text = issue.read_text()
    tall = project / "assets" / "images" / "case" / "tall.jpg"
    tall.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (400, 2000), (120, 110, 90)).save(tall, "JPEG")
    line = next(number for number, content in enumerate(text.split("\n"), start=1) if "tall.jpg" in content)
    result = build_issue(issue, profiles=[PROFILES["email"]], out_dir=tmp_path / "out", display_name="tall.yaml")
    warnings = [str(d) for d in result.diagnostics if "taller than a column" in str(d)]
    assert warnings and warnings[0].startswith(f"tall.yaml:{line}:")
    assert result.report.counts["photos_scaled_down"] == 1
    # A photo a whole column tall cannot be balanced against one line of text; taller than page 1's columns,
    # it moves on to page 2 while the text goes on, which leaves page 1 nearly empty, and the report says so
    # (rules 1 and 3 of issue 12); nothing else is amiss.
    faults = {kind: count for kind, count in result.report.counts.items() if count}
    assert set(faults) - {"unbalanced_last_columns", "column_holes", "last_page_gaps"} == {
        "photos_scaled_down", "photos_moved"}


# ---------------------------------------------------------------- photos the engine used to refuse (LayoutOverflow)

def shorter_first_page(first: float, later: float):
    """Page 1's columns are shorter than the rest, as under the masthead."""
    return lambda number: frame(first if number == 1 else later)


def pages_of(pages, kind: str) -> set[int]:
    return {page.number for page in pages for p in page.placements if p.ref.kind == kind}


def test_a_photo_taller_than_page_ones_columns_waits_for_page_two_while_its_text_fills_page_one(
        tmp_path: Path) -> None:
    # Sized for a continuation page's column, as the story sizes every photo, but taller than page 1's.
    figure = photo(tmp_path, height_pt=24 * LEADING)
    story = [heading(1), Float(figure=figure, text=(para(3, 3),), ref=Ref("figure", 0, 2, 2), compose=compose),
             para(30, 4)]
    pages = paginate(story, frame_for_page=shorter_first_page(20 * LEADING, 30 * LEADING))
    assert pages_of(pages, "figure") == {2}
    assert {p.ref.line for p in pages[0].placements} >= {1, 3}
    assert build_report(pages, body_leading=LEADING).counts["stranded_headings"] == 0


def test_a_photo_that_fits_a_column_only_without_the_space_under_it_moves_on(tmp_path: Path) -> None:
    # Alone at the head of page 1 and without text: nothing at all goes on page 1, and that is no reason to give up.
    figure = photo(tmp_path, height_pt=20 * LEADING)
    height = figure.wrap(COLUMN, 10_000)[1] + 1  # the photo fits; with the padding under it, it does not
    story = [Float(figure=figure, text=(), ref=Ref("figure", 0, 1, 1), compose=compose), para(6, 2)]
    pages = paginate(story, frame_for_page=shorter_first_page(height, 40 * LEADING))
    assert pages_of(pages, "figure") == {2}


def test_a_very_tall_narrow_photo_is_scaled_down_to_fit_a_column_and_keeps_a_readable_caption(
        tmp_path: Path) -> None:
    path = tmp_path / "stripe.jpg"
    Image.new("RGB", (20, 600), (90, 90, 90)).save(path, "JPEG")
    caption = Paragraph(text(2), ParagraphStyle("caption", parent=BODY, fontSize=8, leading=10))
    figure = Figure(FigureSource(path, 20, 600), width=COLUMN * 0.4, caption=caption, credit=None,
                    caption_gap=3, max_height=20 * LEADING)
    # Narrowing photo and caption together stops at a caption width still worth reading; the photo shrinks on alone.
    assert figure.scaled_down and figure.fits
    assert figure.wrap(COLUMN, 10_000)[1] <= 20 * LEADING
    assert figure.width == COLUMN * 0.4 and figure.image_width < figure.width
    story = [para(3, 1), Flow(figure, Ref("figure", 0, 2, 2)), para(3, 3)]
    pages = paginate(story, frame_for_page=lambda _: frame(20 * LEADING))
    assert len(pages_of(pages, "figure")) == 1


def test_a_caption_too_long_for_any_column_is_an_error_naming_its_line(tmp_path: Path) -> None:
    caption = " ".join(text(1, seed) for seed in range(120))
    project, issue = issue_in_a_project(
        tmp_path,
        "  - heading: A long caption\n    blocks:\n"
        "      - text: Before the photo.\n"
        "      - image: images/case/photo.jpg\n        float: right\n        width: 50%\n"
        f"        caption: {caption}\n"
        "      - text: After the photo.\n")
    draw_photo(project / "assets" / "images" / "case" / "photo.jpg", portrait=True, shade=0)
    with pytest.raises(IssueFileError) as failure:
        build_issue(issue, profiles=[PROFILES["email"]], out_dir=tmp_path / "out", display_name="long.yaml")
    messages = [str(d) for d in failure.value.diagnostics]
    assert any(m.startswith("long.yaml:7:9: error: the caption of photo") for m in messages), messages


def test_a_box_across_the_columns_taller_than_page_ones_body_goes_to_page_two_instead_of_off_the_foot() -> None:
    box = Paragraph(text(25), BODY)  # about 25 lines at full width, one flowable that is not split
    story = [Span(box, Ref("notice", 0, None, 1)), para(4, 2)]
    pages = paginate(story, frame_for_page=shorter_first_page(12 * LEADING, 40 * LEADING))
    notice = next(p for page in pages for p in page.placements if p.ref.kind == "notice")
    assert pages_of(pages, "notice") == {2} and notice.y >= 0


def test_a_notice_longer_than_a_page_is_an_error_naming_its_line(tmp_path: Path) -> None:
    long_text = "\n\n".join("          " + text(8, seed) for seed in range(40))
    _, issue = issue_in_a_project(
        tmp_path,
        "  - heading: A long notice\n    style: notice\n    text: |\n" + long_text + "\n")
    with pytest.raises(IssueFileError) as failure:
        build_issue(issue, profiles=[PROFILES["email"]], out_dir=tmp_path / "out", display_name="notice.yaml")
    messages = [str(d) for d in failure.value.diagnostics]
    assert any(m.startswith("notice.yaml:4:5: error: the notice 'A long notice' is too long") for m in messages), \
        messages


def test_a_photo_split_at_a_column_foot_keeps_as_many_lines_under_it_as_fit(tmp_path: Path) -> None:
    # ReportLab keeps at most one paragraph under the photo in the part that stays; the column must fill to the foot.
    figure = photo(tmp_path, height_pt=5 * LEADING)
    float_ = compose(figure, [Paragraph(text(4, seed), BODY) for seed in range(4)])
    height = 14 * LEADING
    head, *rest = float_.split(COLUMN, height)
    assert rest and height - 2 * LEADING <= head.wrap(COLUMN, height)[1] <= height


def test_no_text_goes_in_a_strip_too_narrow_for_words_beside_a_wide_photo(tmp_path: Path) -> None:
    figure = photo(tmp_path, 60)
    figure.width = figure.image_width = COLUMN * 0.9
    words = Paragraph("Implementation Support Unit of the Convention on Cluster Munitions", BODY)
    floated = FloatingFigure(figure, [words], side="right", gap=6, narrow_style=BODY, narrow_below=0,
                             nothing_below=60)
    floated.wrap(COLUMN, 1000)
    assert floated._C0 == [] and floated._C1 == [words]
    beside = FloatingFigure(figure, [words], side="right", gap=6, narrow_style=BODY, narrow_below=0, nothing_below=0)
    beside.wrap(COLUMN, 1000)
    assert beside._C0  # without the rule, ReportLab chops the words into the strip


def test_the_planned_breaking_never_leaves_a_word_head_alone_on_a_line() -> None:
    from bulletinpdf.lines.total_fit import plan as _plan

    style = ParagraphStyle("body", parent=BODY, spaceShrinkage=0.15, hyphenationLang=lambda word: [
        (word[:i], word[i:]) for i in range(len(word) - 3, 1, -1)])
    paragraph = JustifiedParagraph(" ".join(["cooperation obligations implementation"] * 12), style)
    plan = _plan(paragraph, COLUMN, False, 40)
    assert plan is not None
    lines = plan.lines
    assert all(len(line) > 1 for line in lines[:-1]), lines


def test_a_lone_word_on_a_justified_line_costs_more_than_any_loose_line_and_is_reported() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from bulletinpdf.lines.line_costs import LOOSE_PENALTY, line_pricer as _line_pricer

    space = stringWidth(" ", "Helvetica", 10)
    price = _line_pricer(COLUMN, space, 0.15)
    loose = price(4, 30, COLUMN - 40)  # four spaces stretched by 10 points each
    assert loose >= LOOSE_PENALTY
    assert price(0, 7, COLUMN - 40) > loose  # one word and 40 points of nothing
    assert price(0, 30, COLUMN - space) == 0  # one word that fills the line is fine

    # Words so long that each line holds one: every line but the last is reported loose.
    word = "incomprehensibilities"
    measure = stringWidth(word, "Helvetica", 10) * 1.6
    paragraph = JustifiedParagraph(" ".join([word] * 5), BODY)
    pages = paginate([Flow(paragraph, Ref("paragraph", 0, 0, 1))],
                     frame_for_page=lambda _: Frame(top=500, bottom=0, left=0, column_width=measure, gutter=10))
    assert build_report(pages, body_leading=LEADING).counts["loose_lines"] == 4


HYPHENATE_ALL = lambda word: [(word[:i], word[i:]) for i in range(len(word) - 3, 1, -1)]  # noqa: E731


@pytest.mark.parametrize("markup", [
    " ".join(WORDS * 3),
    " ".join(WORDS * 3).replace("convention", "<i>convention</i>"),  # fragments in several fonts
])
def test_a_split_never_leaves_a_hyphen_inside_a_line_of_another_split(markup: str) -> None:
    """ReportLab marks the hyphenated head that ends a split in place; a later split elsewhere must not keep it."""
    style = ParagraphStyle("body", parent=BODY, hyphenationLang=HYPHENATE_ALL)
    paragraph = JustifiedParagraph(markup, style)
    narrow = 90.0
    paragraph.wrap(narrow, 10_000)
    ends = [line.text.endswith("-") for line in paragraph_lines(paragraph)]
    for cut in [index + 1 for index, end in enumerate(ends[:-1]) if end][:3]:
        paragraph.split(narrow, cut * LEADING + 1)  # a trial split after a hyphenated line
    head, rest = paragraph.split(narrow, 2 * LEADING + 1)
    rest.wrap(COLUMN * 1.5, 10_000)  # the rest goes on under the photo, at the full measure
    for line in paragraph_lines(rest):
        assert not any(word.endswith("-") for word in line.text.split()[:-1]), line.text


def test_text_beside_a_photo_breaks_alike_laid_out_justified_and_drawn_ragged() -> None:
    from reportlab.lib.enums import TA_LEFT

    style = ParagraphStyle("body", parent=BODY, hyphenationLang=HYPHENATE_ALL, spaceShrinkage=0.15)
    ragged = ParagraphStyle("body_narrow", parent=style, alignment=TA_LEFT)
    text_ = " ".join(WORDS * 2)
    laid_out = JustifiedParagraph(text_, style)
    laid_out.wrap(110.0, 10_000)
    drawn = JustifiedParagraph(text_, ragged)
    drawn.wrap(110.0, 10_000)
    lines = [line.text for line in paragraph_lines(laid_out)]
    assert lines == [line.text for line in paragraph_lines(drawn)]
    first_fit = Paragraph(text_, style)
    first_fit.wrap(110.0, 10_000)
    hyphens = lambda texts: sum(t.endswith("-") for t in texts)  # noqa: E731
    assert hyphens(lines) < hyphens([line.text for line in paragraph_lines(first_fit)])
    # Ragged lines are drawn at their natural width: none may need its spaces shrunk to fit.
    for line in paragraph_lines(laid_out):
        assert line.width <= 110.0 + 1e-6, line.text


def test_a_photo_taller_than_page_ones_columns_moves_on_and_its_heading_keeps_its_text(tmp_path: Path) -> None:
    """Page 1's columns are shorter (the masthead): a photo sized for later pages waits for page 2, while the
    heading above it stays with the text after it instead of standing alone."""
    tall = photo(tmp_path, 300)
    story = [heading(1), Flow(tall, Ref("figure", 0, 1, 2)), para(5, 3), heading(4), para(6, 5)]

    def frame_for_page(number: int) -> Frame:
        return Frame(top=250 if number == 1 else 400, bottom=0, left=0, column_width=COLUMN, gutter=10)

    pages = paginate(story, frame_for_page=frame_for_page)
    report = build_report(pages, body_leading=LEADING)
    assert report.counts["stranded_headings"] == 0
    assert report.counts["photos_moved"] == 1
    (placed,) = [(page.number, p) for page in pages for p in page.placements if p.ref.kind == "figure"]
    assert placed[0] == 2 and placed[1].moved_figure
    first_column = [p.ref.kind for p in pages[0].placements if p.column == 0]
    assert first_column[:2] == ["heading", "paragraph"]


@pytest.mark.parametrize("column_lines", range(7, 19))
def test_no_page_ends_inside_a_hyphenated_word(column_lines: int) -> None:
    from bulletinpdf.lines.hyphenation import hyphenator_for

    style = ParagraphStyle("body", parent=BODY, hyphenationLang=hyphenator_for("en"), spaceShrinkage=0.15)
    story = [Flow(JustifiedParagraph(" ".join(WORDS * 12), style), Ref("paragraph", 0, 0, 1)),
             Flow(JustifiedParagraph(" ".join(WORDS[::-1] * 12), style), Ref("paragraph", 0, 1, 2))]
    pages = paginate(story, frame_for_page=lambda _: frame(column_lines * LEADING + 3))
    for page in pages[:-1]:
        last = [p for p in page.placements if p.column == 1][-1]
        assert not paragraph_lines(last.flowable)[-1].text.rstrip().endswith("-"), (page.number, column_lines)


def test_a_paragraph_last_measured_elsewhere_splits_at_the_words_of_the_width_asked() -> None:
    """Beside a photo a paragraph is measured narrow and may then be split under it, full width."""
    style = ParagraphStyle("body", parent=BODY, hyphenationLang=HYPHENATE_ALL)
    paragraph = JustifiedParagraph(" ".join(WORDS * 4), style)
    paragraph.wrap(90.0, 10_000)
    head, rest = paragraph.split(COLUMN, 3 * LEADING + 1)
    rest.wrap(COLUMN, 10_000)
    lines = [line.text for part in (head, rest) for line in paragraph_lines(part)]
    assert len(paragraph_lines(head)) == 3
    assert " ".join(lines).replace("- ", "").split() == " ".join(WORDS * 4).split()
    # Both parts are broken for the full width, not the narrow one measured last.
    for part in (head, rest):
        assert all(line.width > 0.8 * COLUMN for line in paragraph_lines(part)[:-1])


@pytest.mark.parametrize("markup", [
    " ".join(WORDS * 3),
    " ".join(WORDS * 3).replace("convention", "<i>convention</i>"),  # fragments in several fonts
])
@pytest.mark.parametrize("widths", [[90], [90, 150, 90], [150, 90], [200, 90, 150, 90]])
def test_a_paragraph_split_and_split_again_keeps_every_word_once(markup: str, widths: list[float]) -> None:
    """Whatever widths it was measured at before (the balancer tries many), a paragraph split in a narrow column,
    its rest split again at the full measure and the last part set narrower still reads the whole text once,
    with no hyphen left inside a line."""
    style = ParagraphStyle("body", parent=BODY, hyphenationLang=HYPHENATE_ALL)
    paragraph = JustifiedParagraph(markup, style)
    for width in widths:
        paragraph.wrap(width, 10_000)
    head, rest = paragraph.split(widths[-1], 5 * LEADING + 1)
    rest.wrap(200, 10_000)
    middle, last = rest.split(200, 2 * LEADING + 1)
    last.wrap(120, 10_000)
    lines = [line.text for part in (head, middle, last) for line in paragraph_lines(part)]
    assert not [line for line in lines if re.search(r"\w- \w", line)]
    assert " ".join(lines).replace("- ", "").split() == " ".join(WORDS * 3).split()


# ---------------------------------------------------------------- holes at column feet and the last columns (rules 1, 3)

def _ends(pages, number: int) -> list[float]:
    """Where each column of a page ends (the bottom of its last piece)."""
    page = pages[number - 1]
    return [min(p.y for p in page.placements if p.column == column) for column in (0, 1)]


def test_a_column_that_would_end_short_before_a_heading_shares_the_hole_with_the_column_before() -> None:
    # Column 2 holds the rest of the first paragraph and the second; the heading with its two lines does not fit
    # under them: column 1 gives it a line, and both end within a line and a paragraph space of the foot.
    story = [para(24, 1), para(8, 2, seed=3), heading(3), para(20, 4, seed=5)]
    pages = paginate(story, frame_for_page=lambda _: frame(20 * LEADING), balance_tolerance=2 * LEADING)
    assert all(end <= 1.5 * LEADING + 1e-6 for end in _ends(pages, 1)), _ends(pages, 1)
    assert build_report(pages, body_leading=LEADING).counts["stranded_headings"] == 0


def test_the_last_columns_take_lines_from_the_page_before_when_a_photo_keeps_them_apart(tmp_path: Path) -> None:
    # The last page holds a photo ten lines tall and the four lines after it: set as they come, the columns end six
    # lines apart; the page before gives the last one a few lines (and grows its spaces by whole lines).
    figure = photo(tmp_path, height_pt=10 * LEADING)
    story = [*[para(6, line, seed=line) for line in range(1, 6)], Flow(figure, Ref("figure", 0, 6, 6)),
             para(4, 7, seed=2)]
    pages = paginate(story, frame_for_page=lambda _: frame(20 * LEADING), balance_tolerance=2 * LEADING)
    assert len(pages) == 2
    report = build_report(pages, body_leading=LEADING)
    assert report.counts["unbalanced_last_columns"] == 0
    assert all(end <= 1.5 * LEADING + 1e-6 for end in _ends(pages, 1)), _ends(pages, 1)
    assert report.counts["orphans"] == report.counts["widows"] == report.counts["stranded_headings"] == 0


def test_the_shorter_of_the_last_columns_grows_its_spaces_when_nothing_else_balances_them(tmp_path: Path) -> None:
    # One page only: nothing to take back. A photo in column 2 and three short paragraphs in column 1.
    figure = photo(tmp_path, height_pt=14 * LEADING)
    story = [para(2, 1), para(2, 2, seed=1), para(2, 3, seed=2), Flow(figure, Ref("figure", 0, 4, 4))]
    pages = paginate(story, frame_for_page=lambda _: frame(15 * LEADING), balance_tolerance=2 * LEADING)
    assert len(pages) == 1 and pages[0].levelled == {0}
    column = [p for p in pages[0].placements if p.column == 0]
    spaces = [above.y - (below.y + below.height) for above, below in zip(column, column[1:])]
    # Alike (there is no heading to set apart further), by at most a line and a quarter each; the columns end
    # within two lines.
    assert max(spaces) - min(spaces) < 1e-6 and BODY.spaceAfter < spaces[0] <= BODY.spaceAfter + 1.25 * LEADING, \
        spaces
    assert build_report(pages, body_leading=LEADING).counts["unbalanced_last_columns"] == 0


def test_spaces_grow_by_whole_lines_above_headings_first_and_never_under_a_heading() -> None:
    story = [para(24, 1), heading(2), para(4, 3, seed=1), para(4, 4, seed=2), para(4, 5, seed=3), heading(6),
             para(30, 7, seed=4)]
    pages = paginate(story, frame_for_page=lambda _: frame(20 * LEADING), balance_tolerance=2 * LEADING)
    assert pages[0].flushed == {1}
    placed = [p for p in pages[0].placements if p.column == 1]
    spaces = [(above.ref.kind, below.ref.kind, above.y - (below.y + below.height))
              for above, below in zip(placed, placed[1:])]
    # The space above the heading grows by a line; the one under it and between paragraphs stay.
    assert spaces == [("paragraph", "heading", pytest.approx(HEADING.spaceBefore + LEADING)),
                      ("heading", "paragraph", pytest.approx(HEADING.spaceAfter)),
                      ("paragraph", "paragraph", pytest.approx(BODY.spaceAfter))]


def test_a_list_too_narrow_beside_a_photo_goes_under_it_with_what_follows(tmp_path: Path) -> None:
    # Rule 2 holds for a list item's own measure: what its indent leaves beside the photo.
    figure = photo(tmp_path, 8 * LEADING)
    item_style = ParagraphStyle("list_item_1", parent=BODY, leftIndent=18, bulletIndent=6)
    lead = Paragraph("The Centre thanked the donors whose support made the survey possible:", BODY)
    items = [Paragraph(f"the {name} and its partners", item_style, bulletText="•")
             for name in ("European Union", "Government of Norway", "Geneva Centre")]
    beside_measure = COLUMN - figure.width - 6
    floated = FloatingFigure(figure, [lead, *items], side="right", gap=6, narrow_style=BODY, narrow_below=0,
                             nothing_below=beside_measure - 1)  # running text fits beside, an indented item not
    floated.wrap(COLUMN, 1000)
    assert floated.text_beside == [lead] and floated.text_below == items
    everything = FloatingFigure(figure, [lead, *items], side="right", gap=6, narrow_style=BODY, narrow_below=0,
                                nothing_below=0)
    everything.wrap(COLUMN, 1000)
    # Without the rule, the list runs in the strip beside the photo.
    assert len(everything.text_beside) > 1, [f.getPlainText() for f in everything.text_beside]


@pytest.mark.parametrize(("width", "beside"), [("45%", True), ("50%", False)])
def test_a_list_stays_beside_a_photo_of_45_percent_and_goes_under_one_of_50(tmp_path: Path, width: str,
                                                                            beside: bool) -> None:
    # docs/issue-format.md: a list beside a photo needs more room than running text (its items are indented).
    from pypdf import PdfReader

    project, issue = issue_in_a_project(
        tmp_path,
        "  - heading: Donors\n    blocks:\n"
        f"      - image: images/case/donors.jpg\n        float: left\n        width: {width}\n"
        "        caption: The donors' meeting\n        alt: Delegates around a table\n"
        "      - text: |\n          The Centre thanked its donors:\n\n"
        "          - the European Union and its Member States\n"
        "          - the Governments of Norway and of Switzerland\n"
        # Enough text after it to fill the page: the photo then heads the first column, not balanced away.
        "  - heading: Reports\n    text: |\n" + "".join(f"      {text(4, seed)}.\n\n" for seed in range(14)))
    draw_photo(project / "assets" / "images" / "case" / "donors.jpg", portrait=False, shade=1)
    result = build_issue(issue, profiles=[PROFILES["email"]], out_dir=tmp_path / "out", display_name="list.yaml")
    assert result.report.counts["narrow_text_beside_photos"] == 0
    starts = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            starts.setdefault(text.strip(), cm[4] + tm[4])

    PdfReader(result.outputs["email"]).pages[0].extract_text(visitor_text=visit)
    lead = next(x for text, x in starts.items() if text.startswith("The Centre"))
    item = next(x for text, x in starts.items() if text.startswith("the European Union"))
    assert lead > 100  # the paragraph before the list is beside the photo either way
    assert (item > lead) == beside, (lead, item)


def test_the_text_around_a_placed_photo_is_read_as_it_is_drawn(tmp_path: Path, monkeypatch) -> None:
    # The paragraphs around a photo are shared with every arrangement the column engine tries; the report read
    # one under a photo with the short lines it had been given beside the photo elsewhere (five "loose lines"
    # that were drawn full).
    from bulletinpdf.layout import columns

    figure = photo(tmp_path, height_pt=3 * LEADING)
    under = Paragraph(text(2, seed=3), BODY)
    # Text enough after it to fill the page, so that the photo and its text stand whole at its head.
    story = [Float(figure=figure, text=(para(3, 2), Flow(under, Ref("paragraph", 0, 3, 3))),
                   ref=Ref("figure", 0, 1, 1), compose=compose), para(80, 4)]
    original_wrap, placing = under.wrap, [True]

    def wrap_then_narrow(width, height):
        found = original_wrap(width, height)
        if placing[0]:
            original_wrap(COLUMN * 0.3, height)  # what another arrangement tried leaves behind
        return found

    def place(self, items):
        placed = original_place(self, items)
        placing[0] = False
        return placed

    original_place = columns._Pagination.place
    monkeypatch.setattr(columns._Pagination, "place", place)
    under.wrap = wrap_then_narrow
    pages = paginate(story, frame_for_page=lambda _: frame(40 * LEADING))
    floating = next(p.flowable for p in pages[0].placements if isinstance(p.flowable, FloatingFigure))
    assert under in floating.text_below
    fresh = Paragraph(text(2, seed=3), BODY)
    fresh.wrap(COLUMN, 1000)
    assert under.width == COLUMN and len(under.blPara.lines) == len(fresh.blPara.lines)


@pytest.mark.parametrize("room_lines", [3.0, 3.5, 4.0, 4.5, 5.0])
def test_a_heading_under_a_notice_near_the_foot_waits_for_a_column_that_holds_its_text(room_lines: float) -> None:
    # A run that starts under a notice with room for the heading but not for its text: the heading once stood
    # alone at the foot of the first column, its text at the foot of the second (found by the property tests).
    column = 30 * LEADING
    before = para(54, 1)  # fills both columns above the notice but for a few lines
    notice = Span(Paragraph(text(1), BODY), Ref("notice", 1, None, 5))
    story = [before, notice, heading(7), para(12, 8)]
    pages = paginate(story, frame_for_page=lambda _: frame(column + room_lines * LEADING))
    report = build_report(pages, body_leading=LEADING)
    assert report.counts["stranded_headings"] == 0
    for page in pages:
        for side in (0, 1):
            placed = [p for p in page.placements if p.column == side]
            assert not placed or placed[-1].ref.kind != "heading", (page.number, side)


def test_the_space_between_a_photo_and_the_text_under_it_may_grow(tmp_path: Path) -> None:
    # A column holding a photo with text under it has that space to grow, as it grows those between paragraphs
    # (the 'notices_and_lists' case levels its columns above a notice so).
    from reportlab.pdfgen.canvas import Canvas

    from bulletinpdf.layout.columns import PagePlan, _place_columns, _Slot, _spaces

    figure = photo(tmp_path, height_pt=4 * LEADING)
    floated = compose(figure, [Paragraph(text(2), BODY), Paragraph(text(3, seed=1), BODY)])
    _, height = floated.wrap(COLUMN, 1000)
    assert floated.text_below
    slot = _Slot(floated, Ref("figure", 0, 1, 1), height=height, gap=0.0)
    assert _spaces([slot]) == [("under photo", 0)]
    page = PagePlan(number=1)
    _place_columns(page, [[slot], []], frame(40 * LEADING), 40 * LEADING, extras=[{("under photo", 0): 10.0}, {}])
    (placed,) = page.placements
    assert placed.height == pytest.approx(height + 10.0) and placed.flowable.space_under_photo == 10.0
    # Drawn from the same foot: the photo and the text beside it 10 points higher, the text under it where it was.
    from pypdf import PdfReader

    def baselines(flowable, name: str) -> list[float]:
        path = tmp_path / name
        canvas = Canvas(str(path))
        flowable.wrap(COLUMN, 1000)
        flowable.drawOn(canvas, 0, 100)
        canvas.save()
        found = []
        PdfReader(path).pages[0].extract_text(visitor_text=lambda text, cm, tm, *_: text.strip() and found.append(
            round(cm[5] + tm[5], 2)))
        return sorted(set(found), reverse=True)

    before, after = baselines(floated, "before.pdf"), baselines(placed.flowable, "after.pdf")
    beside = len(floated.text_beside[0].blPara.lines)
    assert [y + 10.0 for y in before[:beside]] == pytest.approx(after[:beside])
    assert before[beside:] == pytest.approx(after[beside:])


def test_photos_floated_one_after_another_stand_side_by_side_in_a_row() -> None:
    # Each floated beside nothing, they stood staggered, a hole beside each (photos_in_a_row).
    from pypdf import PdfReader

    from .layout_cases import built_case

    result = built_case("photos_in_a_row")
    first = result.report.pages[0].columns[0].items
    assert [item.kind for item in first[:3]] == ["heading", "figure", "figure"]
    assert first[1].first_words == "The opening session"  # one row: the first photo's caption names it
    page = PdfReader(result.outputs["email"]).pages[0]
    placed = []

    def visit(operator, operands, cm, tm):
        if operator == b"Do":
            placed.append((round(cm[4], 1), round(cm[5], 1), round(cm[0], 1), round(cm[3], 1)))

    page.extract_text(visitor_operand_before=visit)
    (left, bottom_left, width_left, height_left), (right, bottom_right, _, height_right) = placed[:2]
    assert bottom_left + height_left == pytest.approx(bottom_right + height_right, abs=0.2)  # tops level
    assert right > left + width_left  # side by side, in the order written


@pytest.mark.parametrize(("count", "rows"), [(1, []), (2, [2]), (3, [3]), (4, [2, 2]), (5, [3, 2]), (7, [3, 2, 2])])
def test_photos_one_after_another_make_rows_of_as_even_a_number_as_they_can(count: int, rows: list[int]) -> None:
    from bulletinpdf.layout.story import _floated_in_a_row
    from bulletinpdf.model import ImageBlock

    blocks = [object.__new__(ImageBlock) for _ in range(count)]  # as far as the grouping looks: floated photos
    for block in blocks:
        object.__setattr__(block, "float", "left")
    found, position = [], 0
    while position < count:
        row = _floated_in_a_row(blocks, position)
        found.append(len(row))
        position += len(row)
    assert [size for size in found if size > 1] == rows


def test_the_photos_of_a_row_are_prepared_for_the_width_they_are_placed_at() -> None:
    # Sized for the widths written (or across the column, by rule 2) they were prepared larger than placed: the
    # print edition carried them at more than its 300 ppi, the e-mail edition heavier than it needs.
    from bulletinpdf.run.preflight import check_issue

    from .layout_cases import set_up_issue

    report = check_issue(set_up_issue("photos_in_a_row"), display_name="photos_in_a_row.yaml")
    in_print = {photo.path: photo.print_ppi for photo in report.photos}
    assert all(295 <= ppi <= 305 for ppi in in_print.values()), in_print


def test_a_floated_photo_with_no_text_after_it_stands_alone_under_its_heading(tmp_path: Path) -> None:
    # Floated right beside nothing, it stood at the column's right edge with a hole to its left.
    from pypdf import PdfReader

    project, issue = issue_in_a_project(
        tmp_path,
        "  - heading: Only a photo\n    blocks:\n"
        "      - image: images/case/alone.jpg\n        float: right\n        width: 40%\n"
        "        caption: The new premises\n        alt: A glass building\n"
        "  - heading: Then text\n    text: |\n      " + text(6) + "\n")
    draw_photo(project / "assets" / "images" / "case" / "alone.jpg", portrait=False, shade=2)
    result = build_issue(issue, profiles=[PROFILES["email"]], out_dir=tmp_path / "out", display_name="alone.yaml")
    assert [item.kind for item in result.report.pages[0].columns[0].items[:2]] == ["heading", "figure"]
    photos, heading = [], []
    PdfReader(result.outputs["email"]).pages[0].extract_text(
        visitor_operand_before=lambda op, args, cm, tm: photos.append(cm[4]) if op == b"Do" else None,
        visitor_text=lambda text, cm, tm, *_: heading.append(cm[4] + tm[4]) if text.startswith("Only a") else None)
    # Under its heading, at the column's left edge where the heading starts.
    assert photos and heading and abs(min(photos) - heading[0]) < 1.0, (photos, heading)


@pytest.mark.parametrize(("short_by", "each"), [(40.0, 13.5), (2 * 13.5 + 20.25 + 5.0, 1.25 * 13.5)])
def test_spaces_grow_by_more_than_a_line_only_where_that_alone_ends_the_column_without_a_hole(
        short_by: float, each: float) -> None:
    # A line each keeps the column's lines on the other column's baselines (rule 11); a quarter more only where a
    # hole would be left otherwise (rule 1: the 10-page bench issue had one of 22 pt).
    from bulletinpdf.layout.columns import _Pagination, _Slot

    pagination = _Pagination(lambda _: frame(40 * LEADING), max_pages=5, tolerance=2 * 13.5)
    slots = [_Slot(Paragraph("words", BODY), Ref("paragraph", 0, index, index), height=36.0, gap=6.0)
             for index in range(3)]
    grown = pagination._grown_spaces(slots, short_by)
    assert set(grown) == {1, 2} and all(value == pytest.approx(each) for value in grown.values())
