"""`bulletinpdf check`: 2016 Q4 passes; issue files made to fail each check are caught, with where and why."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from bulletinpdf.run.preflight import check_issue, to_json, to_text
from bulletinpdf.cli import main
from bulletinpdf.render.profiles import EMAIL, PRINT

from .conftest import ISSUE_2016Q4, ROOT

SOURCE = ISSUE_2016Q4.read_text(encoding="utf-8")
RAVIAC = "images/2016Q4/raviac-seminar.jpg"
RAVIAC_LINE = 59  # the line of its `- image:` in 2016Q4.yaml


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project's assets with two small photos added, and an empty issues/ folder."""
    root = tmp_path_factory.mktemp("check-project")
    shutil.copytree(ROOT / "assets", root / "assets")
    (root / "issues").mkdir()
    return root


def _photo_of_ppi(project: Path, name: str, *, ppi: int, width_mm: float) -> str:
    """A flat 3:2 photo that has `ppi` at `width_mm`; returns its path as an issue writes it."""
    width = round(width_mm / 25.4 * ppi)
    Image.new("RGB", (width, width * 2 // 3), (120, 140, 160)).save(project / "assets/images/2016Q4" / name)
    return f"images/2016Q4/{name}"


def _issue(project: Path, name: str, text: str) -> Path:
    path = project / "issues" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _changed(old: str, new: str) -> str:
    assert SOURCE.count(old) == 1, old
    return SOURCE.replace(old, new)


def _messages(report) -> list[str]:
    return [f"{d.line}:{d.severity}: {d.message}" for d in report.diagnostics]


def test_2016q4_has_no_error_and_exits_0(capsys):
    assert main(["check", str(ISSUE_2016Q4)]) == 0
    out = capsys.readouterr().out
    assert "0 errors" in out
    assert "within the 500 KB budget" in out
    assert out.count("yes  yes") == 3  # every photo has its alt text and credit


def test_2016q4_report_says_what_each_photo_gives(capsys):
    report = check_issue(ISSUE_2016Q4, display_name="issues/2016Q4.yaml")
    assert report.errors == 0 and report.pages == 2
    assert {name: edition["pages"] for name, edition in report.editions.items()} == {"print": 2, "email": 2}
    ppis = [p.effective_ppi for p in report.photos]
    assert ppis == sorted(ppis)  # lowest resolution first
    # The two seminar photos asked for at 60 % are set across the column (issue 12's rule 2): 86 mm.
    assert [round(p.placed_width_mm) for p in report.photos[:2]] == [86, 86]
    for photo in report.photos:
        assert photo.effective_ppi > 800 and photo.print_ppi == pytest.approx(300, abs=2)
        assert photo.alt and photo.credit
    assert set(report.counts) >= {"stranded_headings", "orphans", "widows", "overfull_lines", "photos_moved"}


def test_nothing_is_written(project: Path):
    issue = _issue(project, "2016Q4", SOURCE)
    check_issue(issue)
    assert not (project / "build" / "2016Q4").exists()


def test_json_report(capsys):
    assert main(["check", "--json", str(ISSUE_2016Q4)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 0 and data["pages"] == 2
    assert set(data["editions"]) == {"print", "email"}
    assert data["editions"]["email"]["size_budget_kb"] == 500
    assert len(data["photos"]) == 3


def test_a_blurred_photo_is_an_error_and_a_soft_one_a_warning(project: Path, capsys):
    # The photos' printed widths follow the issue's `width:`; made to measure, so the test holds when they change.
    placed = {p.path: p.placed_width_mm for p in check_issue(_issue(project, "2016Q4", SOURCE)).photos}
    blurred = _photo_of_ppi(project, "blurred.jpg", ppi=120, width_mm=placed[RAVIAC])
    soft = _photo_of_ppi(project, "soft.jpg", ppi=200, width_mm=placed["images/2016Q4/au-meeting-addis-ababa.jpg"])
    text = _changed(RAVIAC, blurred).replace("images/2016Q4/au-meeting-addis-ababa.jpg", soft)
    issue = _issue(project, "lowppi", text)
    report = check_issue(issue, display_name="issues/lowppi.yaml")
    messages = _messages(report)
    assert messages[0].startswith(f"{RAVIAC_LINE}:error: '{blurred}' has 120 ppi at its printed width of")
    assert "would print blurred" in messages[0]
    assert any(m.startswith(f"83:warning: '{soft}' has 200 ppi") for m in messages), messages
    needed = round(placed[RAVIAC] / 25.4 * 300)
    assert abs(int(report.diagnostics[0].hint.split()[5]) - needed) <= 2  # "use a file at least N pixels wide"
    assert report.photos[0].path == blurred and report.photos[0].print_ppi == pytest.approx(120, abs=1)
    assert main(["check", str(issue)]) == 1
    out = capsys.readouterr().out
    assert f"{issue}:{RAVIAC_LINE}:" in out
    assert "120 !!" in out and "200 !" in out  # the photo table marks them


def test_missing_alt_text_is_an_error_and_a_missing_credit_a_warning(project: Path):
    """The e-mail edition is an accessible PDF (PDF/UA), which a photo without alt text would fail; the build only
    warns, and leaves the claim out (test_standards.py)."""
    text = _changed(
        "        alt: Participants of the seminar seated at conference tables in a meeting room in Rakitje, Croatia\n"
        '        credit: "Photo: RAVIAC"    # in quotes because it holds ": "\n', "")
    report = check_issue(_issue(project, "noalt", text))
    assert report.errors == 1
    messages = _messages(report)
    assert messages[0] == (f"{RAVIAC_LINE}:error: photo '{RAVIAC}' has no alt text, which the e-mail edition needs "
                           f"to be accessible (PDF/UA)")
    assert not any("so the e-mail edition is not accessible" in m for m in messages)  # the build's warning, once
    assert f"{RAVIAC_LINE}:warning: photo '{RAVIAC}' has no credit" in messages
    assert "MISSING" in to_text(report)


def test_a_link_that_is_not_web_or_mail_is_an_error(project: Path):
    text = _changed("in Room XIX", "in Room XIX ([map](ftp://example.org/room))")
    report = check_issue(_issue(project, "badlink", text))
    assert report.errors == 1
    assert report.diagnostics[0].line == 24
    assert "link target 'ftp://example.org/room' is not a web or e-mail address" in report.diagnostics[0].message
    assert report.editions  # still preflighted: the rest of the report is there


def test_a_character_the_fonts_cannot_draw_is_an_error_with_its_place(project: Path):
    text = _changed("heading: Congratulations to Mozambique", "heading: Congratulations to Mozambique ☃")
    report = check_issue(_issue(project, "snowman", text))
    assert report.errors == 1
    found = report.diagnostics[0]
    # The line is exact; the column is counted from the section's start (the model keeps no heading position).
    assert found.line == 36
    assert "U+2603" in found.message and "empty box" in found.message


def test_over_the_size_budget_is_a_warning(project: Path):
    issue = _issue(project, "2016Q4", SOURCE)
    report = check_issue(issue, profiles=[PRINT, replace(EMAIL, size_budget_kb=10)])
    assert report.errors == 0
    assert any(d.severity == "warning" and "over its budget of 10 KB" in d.message for d in report.diagnostics)
    assert "OVER the 10 KB budget" in to_text(report)


def test_errors_come_before_warnings(project: Path):
    text = _changed("heading: Congratulations to Mozambique", "heading: Congratulations to Mozambique ☃")
    text = text.replace('        credit: "Photo: RAVIAC"    # in quotes because it holds ": "\n', "")
    report = check_issue(_issue(project, "mixed", text))
    assert [d.severity for d in report.diagnostics] == ["error", "warning"]  # the error is further down the file


def test_a_file_that_cannot_be_read_reports_its_problems_only(project: Path):
    issue = _issue(project, "broken", SOURCE.replace("title: Highlights", "titel: Highlights"))
    report = check_issue(issue)
    assert report.errors >= 1 and not report.editions
    assert "not made" in to_text(report)
    assert json.loads(to_json(report))["errors"] == report.errors
