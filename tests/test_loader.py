"""Tests for the loader: a valid issue, the real issue, and every bad input in tests/bad_inputs/."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from bulletinpdf.loader import MAX_BYTES, MAX_DIAGNOSTICS, load_issue
from bulletinpdf.model import ImageBlock, Position, TextBlock

REPO = Path(__file__).resolve().parent.parent
BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs"
REGENERATE = os.environ.get("BULLETINPDF_REGENERATE") == "1"
"""Set to 1 to rewrite the .expected files from the loader's output (then review the diff)."""

MINIMAL = """\
title: Highlights
period: {from: 2016-10-01, to: 2016-12-31}
sections:
  - heading: Save the date for the Seventh Meeting of States Parties (7MSP)
    style: notice
    text: |
      The President of the 7MSP, ... On 5^th^ December ...

      A second paragraph.
  - heading: Regional meetings
    level: 2
    blocks:
      - text: 'Quoted text'
      - image: images/2016Q4/raviac-seminar.jpg
        float: left
        width: 45%
        caption: Delegates at the seminar
contact:
  lines: [Cluster Munition Coalition, Geneva]
  email: info@clusterconvention.org
  website: www.clusterconvention.org
"""


def make_assets(root: Path) -> Path:
    """An assets folder with one tiny real JPEG, as the bad-input cases expect."""
    folder = root / "assets" / "images" / "2016Q4"
    folder.mkdir(parents=True)
    Image.new("RGB", (4, 3), "white").save(folder / "raviac-seminar.jpg")
    return root / "assets"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make_assets(tmp_path)
    (tmp_path / "issues").mkdir()
    return tmp_path


def write_issue(project: Path, text: str, *, name: str = "2016Q4.yaml") -> Path:
    path = project / "issues" / name
    path.write_text(text, encoding="utf-8")
    return path


def printed(diagnostics: list) -> str:
    return "".join(f"{d}\n" for d in diagnostics)


# ---------------------------------------------------------------- valid input


def test_minimal_issue_loads(project: Path) -> None:
    issue, diagnostics = load_issue(write_issue(project, MINIMAL))
    assert diagnostics == []
    assert issue is not None
    assert issue.title == "Highlights"
    assert issue.quarter == "2016Q4"
    assert issue.language == "en"
    assert issue.brand is None
    assert issue.period.start == dt.date(2016, 10, 1)
    assert issue.period.end == dt.date(2016, 12, 31)
    first, second = issue.sections
    assert (first.style, first.level, first.where) == ("notice", 1, Position(line=4, column=5))
    assert (second.style, second.level) == ("normal", 2)
    assert issue.contact is not None
    assert issue.contact.heading == "Contact details"
    assert issue.contact.lines == ("Cluster Munition Coalition", "Geneva")


def test_text_blocks_keep_raw_text_and_point_at_it(project: Path) -> None:
    issue, _ = load_issue(write_issue(project, MINIMAL))
    assert issue is not None
    literal = issue.sections[0].blocks[0]
    assert isinstance(literal, TextBlock)
    assert literal.text == "The President of the 7MSP, ... On 5^th^ December ...\n\nA second paragraph.\n"
    assert literal.where == Position(line=6, column=5)
    assert literal.text_where == Position(line=7, column=7)
    quoted = issue.sections[1].blocks[0]
    assert isinstance(quoted, TextBlock)
    assert quoted.text_where == Position(line=13, column=16)


def test_image_block_is_resolved(project: Path) -> None:
    issue, _ = load_issue(write_issue(project, MINIMAL))
    assert issue is not None
    (image,) = issue.image_blocks
    assert isinstance(image, ImageBlock)
    assert image.resolved == (project / "assets/images/2016Q4/raviac-seminar.jpg").resolve()
    assert (image.float, image.width, image.caption, image.alt, image.credit) == ("left", 0.45, "Delegates at the seminar", "", "")


def test_plain_scalars_are_not_typed(project: Path) -> None:
    text = MINIMAL.replace("Regional meetings", "no").replace("'Quoted text'", "12:30 0777 1.10 on")
    issue, diagnostics = load_issue(write_issue(project, text))
    assert diagnostics == []
    assert issue is not None
    assert issue.sections[1].heading == "no"
    block = issue.sections[1].blocks[0]
    assert isinstance(block, TextBlock) and block.text == "12:30 0777 1.10 on"


def test_display_name_names_the_file(project: Path) -> None:
    text = MINIMAL.replace("title: Highlights", "title: [x]")
    _, diagnostics = load_issue(write_issue(project, text), display_name="issues/2016Q4.yaml")
    assert str(diagnostics[0]).startswith("issues/2016Q4.yaml:1:8: error: 'title' must be text, not a list")


def test_assets_dir_defaults_to_the_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.parent)
    issue, diagnostics = load_issue(write_issue(project, MINIMAL))
    assert diagnostics == [] and issue is not None


def test_period_outside_the_quarter_in_the_name_warns(project: Path) -> None:
    issue, diagnostics = load_issue(write_issue(project, MINIMAL, name="2016Q3.yaml"), display_name="2016Q3.yaml")
    assert issue is not None
    assert printed(diagnostics) == (
        "2016Q3.yaml:2:9: warning: the period starts in 2016Q4 but the file is named 2016Q3\n"
        "    hint: check the dates, or rename the file\n"
    )


def test_brand_file_is_named_when_it_exists(project: Path) -> None:
    (project / "assets" / "cluster.yaml").write_text("name: cluster\n", encoding="utf-8")
    issue, diagnostics = load_issue(write_issue(project, "brand: cluster\n" + MINIMAL))
    assert diagnostics == [] and issue is not None and issue.brand == "cluster"


def test_the_real_issue_loads_cleanly() -> None:
    issue, diagnostics = load_issue(REPO / "issues" / "2016Q4.yaml", display_name="issues/2016Q4.yaml")
    assert printed(diagnostics) == ""
    assert issue is not None and issue.quarter == "2016Q4"


# ---------------------------------------------------------------- bad input


def test_missing_file(tmp_path: Path) -> None:
    issue, diagnostics = load_issue(tmp_path / "nope.yaml", display_name="nope.yaml")
    assert issue is None
    assert printed(diagnostics) == "nope.yaml: error: the file does not exist\n"


def test_file_over_the_size_limit(project: Path) -> None:
    path = write_issue(project, MINIMAL + "#" * MAX_BYTES)
    issue, diagnostics = load_issue(path, display_name="big.yaml")
    assert issue is None
    assert printed(diagnostics) == (
        "big.yaml: error: the file is larger than 1 MiB\n"
        "    hint: an issue file holds text only; put photos in assets/images/ and write their paths\n"
    )


def test_too_many_errors_stops_at_the_cap(project: Path) -> None:
    _, diagnostics = load_issue(BAD_INPUTS / "too_many_errors.yaml", assets_dir=project / "assets")
    assert len(diagnostics) == MAX_DIAGNOSTICS + 1
    assert diagnostics[-1].message == f"too many errors; stopped after the first {MAX_DIAGNOSTICS}"


def bad_cases() -> list[str]:
    return sorted(path.stem for path in BAD_INPUTS.iterdir() if path.suffix == ".yaml")


@pytest.mark.parametrize("case", bad_cases())
def test_bad_input(case: str, tmp_path: Path) -> None:
    assets_dir = make_assets(tmp_path)
    started = time.perf_counter()
    issue, diagnostics = load_issue(BAD_INPUTS / f"{case}.yaml", display_name=f"{case}.yaml", assets_dir=assets_dir)
    elapsed = time.perf_counter() - started
    expected_file = BAD_INPUTS / f"{case}.expected"
    if REGENERATE:
        expected_file.write_text(printed(diagnostics), encoding="utf-8")
    assert printed(diagnostics) == expected_file.read_text(encoding="utf-8")
    assert (issue is None) == any(d.is_error for d in diagnostics)
    assert elapsed < 0.5


@pytest.mark.parametrize("case", bad_cases())
def test_every_case_has_its_expected_file(case: str) -> None:
    assert (BAD_INPUTS / f"{case}.expected").is_file()
