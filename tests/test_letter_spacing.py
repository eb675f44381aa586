"""Rule 6's letter spacing: a whole paragraph or none, at most 1 % of the type size, chosen only where it buys
better word spaces; the drawing, the layout report and the plan agree on it."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from bulletinpdf.layout.report import paragraph_lines
from bulletinpdf.lines import line_costs, total_fit
from bulletinpdf.lines.hyphenation import hyphenator_for
from bulletinpdf.lines.line_costs import MAX_TRACKING_EM
from bulletinpdf.lines.linebreak import JustifiedParagraph, paragraph_tracking
from bulletinpdf.render.profiles import PROFILES
from bulletinpdf.run.pipeline import build_issue

from .conftest import ISSUE_2016Q4

STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12, alignment=TA_JUSTIFY,
                       spaceShrinkage=0.2, hyphenationLang=hyphenator_for("en"))
MEASURE = 230.0
# Its best breaking without letter spacing leaves wide spaces (names and a number that may not be hyphenated).
HARD = ("Stockpile destruction continued during the quarter. Three States Parties reported the destruction of "
        "more than 40,000 cluster munitions and over two million submunitions, and two further States announced "
        "that they expect to complete destruction well ahead of their deadlines, as the Convention on Cluster "
        "Munitions requires of every State Party.")


def _ratios(paragraph: JustifiedParagraph) -> list[float]:
    return [line.word_space_ratio for line in paragraph_lines(paragraph)[:-1] if line.gaps]


def _tracked_paragraph() -> JustifiedParagraph:
    for words in range(len(HARD.split()), 20, -1):
        paragraph = JustifiedParagraph(" ".join(HARD.split()[:words]), STYLE)
        paragraph.wrap(MEASURE, 1000)
        if paragraph_tracking(paragraph):
            return paragraph
    raise AssertionError("no part of the text was letter-spaced")


def test_letter_spacing_is_chosen_only_where_it_buys_better_spaces(monkeypatch) -> None:
    tracked = _tracked_paragraph()
    text = tracked.getPlainText()
    assert abs(paragraph_tracking(tracked)) <= MAX_TRACKING_EM * STYLE.fontSize + 1e-9
    # The same paragraph, never letter-spaced: its spaces are worse by the breaker's own prices.
    monkeypatch.setattr(total_fit, "TRACKING_STEPS_EM", ())
    plain = JustifiedParagraph(text, ParagraphStyle("untracked", parent=STYLE))
    plain.wrap(MEASURE, 1000)
    assert paragraph_tracking(plain) == 0
    price = lambda ratios: sum(line_costs.badness(ratio, STYLE.spaceShrinkage) for ratio in ratios)  # noqa: E731
    assert price(_ratios(tracked)) < price(_ratios(plain))


def test_a_letter_spaced_paragraph_is_drawn_spaced_alike_on_every_line_and_fills_its_measure(tmp_path: Path) -> None:
    paragraph = _tracked_paragraph()
    tracking = paragraph_tracking(paragraph)
    path = tmp_path / "tracked.pdf"
    canvas = Canvas(str(path), pageCompression=0)
    paragraph.drawOn(canvas, 20, 500)
    canvas.save()
    content = PdfReader(path).pages[0].get_contents().get_data().decode("latin-1")
    # One letter spacing for the paragraph, set once before its first line: no line is spaced on its own.
    assert [float(value) for value in re.findall(r"(-?[\d.]+) Tc", content)] == [pytest.approx(tracking, abs=1e-3)]
    # Each justified line still ends at the measure: its words' width, the letter spacing and the word spaces.
    space = stringWidth(" ", STYLE.fontName, STYLE.fontSize)
    for line, ratio in zip(paragraph_lines(paragraph)[:-1], _ratios(paragraph)):
        drawn = line.width + (ratio - 1) * (space + 2 * tracking) * line.gaps
        assert drawn == pytest.approx(MEASURE, abs=0.01)


def test_no_line_of_2016q4_is_letter_spaced_alone_or_by_more_than_one_percent() -> None:
    out = Path(tempfile.mkdtemp(prefix="bulletinpdf-tracking-")) / "out"
    result = build_issue(ISSUE_2016Q4, profiles=[PROFILES["email"]], out_dir=out, display_name="issues/2016Q4.yaml")
    body = 10.5
    for page in PdfReader(result.outputs["email"]).pages:
        content = page.get_contents().get_data().decode("latin-1")
        for value in re.findall(r"(-?[\d.]+) Tc", content):
            assert abs(float(value)) <= MAX_TRACKING_EM * body + 1e-3
    figures = result.report.figures
    assert figures["widest_letter_spacing_em"] <= MAX_TRACKING_EM + 1e-9
    assert figures["letter_spaced_paragraphs"] >= 1
    assert not [fault for fault in result.report.faults_of("word_spacing") if "letter-spaced" in fault.detail]


def test_a_paragraph_that_cannot_be_split_keeps_the_lines_it_is_drawn_with() -> None:
    # ReportLab forgets a paragraph's lines when a split would leave an orphan; the column engine tries splits
    # of paragraphs it has placed (taking lines back from a page), and one was then drawn without its lines.
    paragraph = JustifiedParagraph(" ".join(HARD.split()[:40]), STYLE)
    paragraph.wrap(MEASURE, 1000)
    lines = paragraph.blPara.lines
    assert paragraph.split(MEASURE, STYLE.leading * 1.5) == []  # one line of room: an orphan
    assert paragraph.blPara.lines == lines


def test_ragged_text_the_plan_cannot_follow_never_ends_three_lines_in_a_row_with_a_hyphen(monkeypatch) -> None:
    from reportlab.platypus import Paragraph

    from bulletinpdf.lines import linebreak

    # Beside a photo (a narrow measure, set ragged), where the plan gives up, first fit is not simply kept: it
    # hyphenated line after line in the 40-page bench issue.
    narrow = 100.0
    text = ("this national by its capacity munitions obligations ministry government programme was at which progress "
            "delegates international survey were was workshop ministry stockpiles report stockpiles by clearance the "
            "from obligations was commitments for from contamination were victim progress clearance with parties")
    run = lambda ends: max((len(block) for block in "".join("h" if end else " " for end in ends).split()), default=0)  # noqa: E731
    first_fit = Paragraph(text, STYLE)
    first_fit.wrap(narrow, 1000)
    assert run(linebreak.hyphenated_line_ends(first_fit)) > 2
    monkeypatch.setattr(linebreak, "_total_fit", lambda *args: None)
    paragraph = JustifiedParagraph(text, STYLE)
    paragraph.wrap(narrow, 1000)
    assert run(linebreak.hyphenated_line_ends(paragraph)) <= 2
    assert paragraph.getPlainText() == first_fit.getPlainText()


@pytest.mark.parametrize("ragged", [True, False])
def test_the_rest_of_a_split_paragraph_never_ends_with_a_word_s_tail_alone(ragged: bool) -> None:
    # The rest of a paragraph split beside a photo is set again where it goes on (its words are ReportLab's
    # processed pieces: the beam search, not the plan). It ended "contribu-" / "tions." there, beside a photo
    # (ragged) and under one (justified): narrower trials stopped at the first loose line, and ragged lines were
    # priced as justified ones.
    from reportlab.platypus import Paragraph

    from bulletinpdf.lines import linebreak

    text = ("<b>Survivors</b> and their representative organizations took part in every session of the Intersessional "
            "Meetings, and the Coordinators on victim assistance thanked the International Committee of the Red "
            "Cross and the World Rehabilitation Fund for their contributions")
    head_lines = 2

    def rest_at(paragraph_class, width: float):
        whole = paragraph_class(text, STYLE)
        whole.wrap(MEASURE, 1000)
        _, rest = whole.split(MEASURE, head_lines * STYLE.leading + 1)
        rest.wrap(width, 1000)
        return rest

    def lone_tail(paragraph) -> bool:
        ends = linebreak.hyphenated_line_ends(paragraph)
        last = paragraph_lines(paragraph)[-1].text.strip()
        return len(ends) > 1 and ends[-2] and " " not in last

    widths = [w / 2 for w in range(180, 300)] if ragged else [w / 2 for w in range(440, 520)]
    tails = [w for w in widths if lone_tail(rest_at(Paragraph, w))]
    assert tails, "no measure where first fit leaves a word's tail alone"
    assert not [w for w in tails if lone_tail(rest_at(JustifiedParagraph, w))]
