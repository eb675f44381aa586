"""`bulletinpdf new QUARTER`: the next issue's file, loadable at once, and its photo folder."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bulletinpdf.cli import main
from bulletinpdf.load.reader import load_issue
from bulletinpdf.run.new_issue import NewIssueError, parse_quarter, period_of
from bulletinpdf.load.schema import MODELINE

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "issues", tmp_path / "issues")
    shutil.copytree(REPO / "assets", tmp_path / "assets")
    return tmp_path


@pytest.mark.parametrize("quarter, start, end", [
    ("2017Q1", dt.date(2017, 1, 1), dt.date(2017, 3, 31)),
    ("2017Q2", dt.date(2017, 4, 1), dt.date(2017, 6, 30)),
    ("2017Q3", dt.date(2017, 7, 1), dt.date(2017, 9, 30)),
    ("2020Q4", dt.date(2020, 10, 1), dt.date(2020, 12, 31)),
])
def test_period_of_each_quarter(quarter: str, start: dt.date, end: dt.date):
    assert period_of(*parse_quarter(quarter)) == period_of(start.year, (start.month - 1) // 3 + 1)
    period = period_of(*parse_quarter(quarter))
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["2017Q5", "2017Q0", "2017-Q1", "17Q1", "2017", "Q1 2017", ""])
def test_bad_quarters_are_refused(text: str):
    with pytest.raises(NewIssueError, match="for example 2017Q1"):
        parse_quarter(text)


def test_new_issue_loads_cleanly_and_keeps_the_latest_issues_details(project: Path, capsys):
    assert main(["new", "2017Q1", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "wrote issues/2017Q1.yaml (from 2016Q4.yaml)" in out
    path = project / "issues" / "2017Q1.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    # The contact block is copied as written, comments included.
    assert "# so do not write \"See more at:\" here." in text

    issue, diagnostics = load_issue(path)
    assert diagnostics == [] and issue is not None
    previous, _ = load_issue(project / "issues" / "2016Q4.yaml")
    assert (issue.title, issue.language, issue.brand) == (previous.title, previous.language, previous.brand)
    assert issue.contact.lines == previous.contact.lines and issue.contact.email == previous.contact.email
    assert issue.period.label == "1 January to 31 March 2017"
    kinds = {(s.style, s.level, tuple(type(b).__name__ for b in s.blocks)) for s in issue.sections}
    assert kinds == {("notice", 1, ("TextBlock",)), ("normal", 1, ("TextBlock",)), ("normal", 2, ("TextBlock",)),
                     ("normal", 1, ("TextBlock", "ImageBlock", "TextBlock"))}
    (photo,) = issue.image_blocks
    assert photo.resolved.parent == (project / "assets" / "images" / "2017Q1").resolve()


def test_new_issue_never_overwrites(project: Path, capsys):
    original = (project / "issues" / "2016Q4.yaml").read_bytes()
    assert main(["new", "2016Q4", "--root", str(project)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (project / "issues" / "2016Q4.yaml").read_bytes() == original


def test_bad_quarter_message(project: Path, capsys):
    assert main(["new", "2017-1", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "'2017-1' is not a quarter" in err and "Traceback" not in err
    assert not (project / "issues" / "2017-1.yaml").exists()


def test_quiet_prints_nothing(project: Path, capsys):
    assert main(["new", "2017Q2", "--quiet", "--root", str(project)]) == 0
    assert capsys.readouterr() == ("", "")
    assert (project / "issues" / "2017Q2.yaml").is_file()


def test_a_quarter_between_issues_copies_the_one_before(project: Path):
    assert main(["new", "2018Q1", "-q", "--root", str(project)]) == 0
    assert main(["new", "2017Q2", "-q", "--root", str(project)]) == 0
    assert "copied from 2016Q4.yaml" in (project / "issues" / "2017Q2.yaml").read_text(encoding="utf-8")
