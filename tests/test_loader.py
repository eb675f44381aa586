"""Tests for the loader: a valid issue, the real issue, and every bad input in tests/bad_inputs/."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from bulletinpdf.load.reader import MAX_BYTES, MAX_DIAGNOSTICS, load_issue
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
    issue, diagnostics = load_issue(BAD_INPUTS / f"{case}.yaml", display_name=f"{case}.yaml", assets_dir=assets_dir)
    expected_file = BAD_INPUTS / f"{case}.expected"
    if REGENERATE:
        expected_file.write_text(printed(diagnostics), encoding="utf-8")
    assert printed(diagnostics) == expected_file.read_text(encoding="utf-8")
    assert (issue is None) == any(d.is_error for d in diagnostics)


@pytest.mark.parametrize("case", bad_cases())
def test_every_case_has_its_expected_file(case: str) -> None:
    assert (BAD_INPUTS / f"{case}.expected").is_file()


# ---------------------------------------------------------------- bounded, whatever the input

HEAD = "title: Highlights\nperiod: {from: 2016-10-01, to: 2016-12-31}\nsections:\n"
HOSTILE = {
    "deep_flow": "title: " + "[" * 200_000,
    "deep_block": "".join("  " * depth + "k:\n" for depth in range(400)),
    "many_sections": HEAD + "  - heading: Regional meetings\n    text: Some text.\n" * 20_000,
    "many_aliases": "a: &a x\nb: [" + ",".join(["*a"] * 100_000) + "]\n",
    "long_line_of_spaces": "title: x" + " " * 900_000 + "y\n",
    "one_huge_text": HEAD + "  - heading: A\n    text: " + "word " * 200_000 + "\n",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_is_read_without_a_crash(case: str, tmp_path: Path) -> None:
    path = tmp_path / f"{case}.yaml"
    path.write_text(HOSTILE[case], encoding="utf-8")
    started = time.perf_counter()
    issue, diagnostics = load_issue(path, assets_dir=tmp_path)
    # Measured, not asserted (tests never depend on the clock): `pytest -s -k hostile` shows the times.
    print(f"{case}: {(time.perf_counter() - started) * 1000:.0f} ms")
    assert issue is not None or any(d.is_error for d in diagnostics)


def test_too_many_items(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(HOSTILE["many_sections"], encoding="utf-8")
    issue, diagnostics = load_issue(path, display_name="big.yaml", assets_dir=tmp_path)
    assert issue is None
    assert printed(diagnostics) == (
        "big.yaml:3333:5: error: the file holds too many items for one issue\n"
        "    hint: an issue has a few hundred keys, list entries and texts; look for something pasted by mistake\n"
    )


# Without libyaml, PyYAML's pure-Python parser must give the same messages.
PURE_PYTHON_DIFFERS = {"escaped_surrogate"}
"""libyaml refuses '\\ud800' while scanning; the pure-Python parser lets it through to our own check."""


@pytest.mark.parametrize("case", [case for case in bad_cases() if case not in PURE_PYTHON_DIFFERS])
def test_bad_input_without_libyaml(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    import bulletinpdf.load.reader

    monkeypatch.setattr(bulletinpdf.load.reader, "_YamlLoader", yaml.SafeLoader)
    _, diagnostics = load_issue(BAD_INPUTS / f"{case}.yaml", display_name=f"{case}.yaml", assets_dir=make_assets(tmp_path))
    assert printed(diagnostics) == (BAD_INPUTS / f"{case}.expected").read_text(encoding="utf-8")


# ---------------------------------------------------------------- never a traceback

YAML_ALPHABET = st.sampled_from(list(" \t\n-:#'\"|>[]{},&*!%@`?\\abc12é\x00\x85\u2028\ud800"))


@st.composite
def edited_issues(draw: st.DrawFn) -> str:
    """The minimal issue with a few characters inserted, deleted or replaced, as a careless edit would."""
    text = MINIMAL
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        cut = draw(st.integers(min_value=0, max_value=3))
        text = text[:at] + draw(st.text(YAML_ALPHABET, max_size=4)) + text[at + cut :]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(edited_issues(), st.text(YAML_ALPHABET, max_size=200)))
def test_any_text_gives_diagnostics_not_a_traceback(text: str, project: Path) -> None:
    path = project / "issues" / "2016Q4.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    issue, diagnostics = load_issue(path)
    assert all(isinstance(d.message, str) and d.message and not d.message.endswith(".") for d in diagnostics)
    assert (issue is None) == any(d.is_error for d in diagnostics)


def test_issue_path_that_is_a_folder(tmp_path: Path) -> None:
    _, diagnostics = load_issue(tmp_path, display_name="issues")
    assert printed(diagnostics) == (
        "issues: error: this is a folder, not an issue file\n"
        "    hint: give the path of a .yaml file, for example issues/2016Q4.yaml\n"
    )


def test_issue_path_that_is_a_fifo_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    _, diagnostics = load_issue(tmp_path / "pipe.yaml", display_name="pipe.yaml")
    assert printed(diagnostics) == (
        "pipe.yaml: error: this is not a regular file\n"
        "    hint: give the path of a .yaml file, for example issues/2016Q4.yaml\n"
    )
