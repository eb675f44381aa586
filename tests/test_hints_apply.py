"""Hints that work: every hint that suggests a text is followed literally, and its problem must then be gone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from bulletinpdf.diagnostics import Diagnostic
from bulletinpdf.load.reader import load_issue
from bulletinpdf.run.pipeline import build_issue
from bulletinpdf.run.preflight import check_issue
from bulletinpdf.render.profiles import PROFILES

from .test_bad_input_cli import make_project
from .test_loader import BAD_INPUTS, make_assets

# The forms in which a hint gives the text to write, and what it stands for (a whole 'key: value', or a value).
_WHOLE = (
    re.compile(r"put the text in quotes: (?P<text>.+) \(or write it on the next lines after '\|'\)$"),
    re.compile(r"end the text with the same quote mark it starts with: (?P<text>.+)$"),
    re.compile(r"write '(?P<text>(?!key:)[a-z_]+: [^']+)'"),
)
_VALUE = (
    re.compile(r"write '/' between folders: '(?P<text>[^']+)'$"),
    re.compile(r"^similar files: '(?P<text>[^']+)'"),
)


def suggestion(hint: str | None) -> tuple[str, str] | None:
    """('whole' or 'value', the text) when the hint says what to write."""
    for kind, patterns in (("whole", _WHOLE), ("value", _VALUE)):
        for pattern in patterns:
            found = pattern.search(hint or "")
            if found:
                return kind, found.group("text")
    return None


def followed(text: str, diagnostic: Diagnostic) -> str:
    """`text` with the hint of `diagnostic` applied to its line, as a user would type it."""
    kind, written = suggestion(diagnostic.hint)  # type: ignore[misc]
    lines = text.split("\n")
    line = lines[diagnostic.line - 1]
    if kind == "value":
        key = re.match(r"\s*(?:-\s+)?[a-z_]+:\s*", line)
        assert key, f"no 'key:' on line {diagnostic.line}: {line!r}"
        lines[diagnostic.line - 1] = line[: key.end()] + written
    else:
        key = re.match(r"(?:- )?([a-z_]+):", written)
        assert key, written
        number = _line_of_key(lines, diagnostic.line - 1, key.group(1))
        if number is None:  # a key the block does not have yet: added under the block's first key
            indent = len(line) - len(line.lstrip(" -"))
            lines.insert(diagnostic.line, " " * indent + written)
        else:
            line = lines[number]
            start = line.index(key.group(1) + ":")
            if written.startswith("- "):
                start = line.rindex("- ", 0, start)
            lines[number] = line[:start] + written
    return "\n".join(lines)


def _line_of_key(lines: list[str], first: int, key: str) -> int | None:
    """The line of `key` in the block that starts on line `first` (0-based), if it has one."""
    indent = len(lines[first]) - len(lines[first].lstrip(" -"))
    for number in range(first, len(lines)):
        line = lines[number]
        if number > first and (not line.strip() or len(line) - len(line.lstrip(" -")) < indent
                               or line.lstrip().startswith("- ")):
            return None
        if re.match(rf"\s*(?:-\s+)?{key}:", line):
            return number
    return None


def same_problem(a: Diagnostic, b: Diagnostic) -> bool:
    return (a.line, a.message) == (b.line, b.message)


def with_suggestions(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if suggestion(d.hint)]


# ---------------------------------------------------------------- every bad input the loader reports


@pytest.mark.parametrize("case", sorted(path.stem for path in BAD_INPUTS.glob("*.yaml")))
def test_each_suggested_text_in_the_bad_inputs_removes_its_problem(case: str, tmp_path: Path) -> None:
    assets = make_assets(tmp_path)
    source = (BAD_INPUTS / f"{case}.yaml").read_bytes()
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: no hint of this case suggests a text")
    issue_file = tmp_path / f"{case}.yaml"
    issue_file.write_text(text, encoding="utf-8")
    _, diagnostics = load_issue(issue_file, assets_dir=assets)
    for diagnostic in with_suggestions(diagnostics):
        issue_file.write_text(followed(text, diagnostic), encoding="utf-8")
        _, after = load_issue(issue_file, assets_dir=assets)
        assert not [d for d in after if same_problem(d, diagnostic)], (diagnostic, issue_file.read_text())


def test_the_bad_inputs_do_suggest_texts() -> None:
    """The test above is not vacuous: these cases' hints are applied."""
    suggested = [path.stem for path in BAD_INPUTS.glob("*.expected")
                 if any(suggestion(line.split("hint: ", 1)[1]) for line in path.read_text(encoding="utf-8").splitlines()
                        if "hint: " in line)]
    assert {"colon_in_text", "star_start", "image_width", "width_no_percent", "quote_open_lines_above",
            "extra_after_quote", "image_backslash"} <= set(suggested)


# ---------------------------------------------------------------- hints that need the layout: photos

PHOTOS_ISSUE = """\
title: Highlights
period: {from: 2017-01-01, to: 2017-03-31}
sections:
  - heading: Universalization
    blocks:
      - text: In January the Convention counted one hundred States Parties, and more were to come.
      - image: images/2017Q1/small.jpg
        width: 100%
        caption: Too few pixels for the whole column
        alt: A photo
        credit: ISU
      - text: Delegates met in Addis Ababa to discuss clearance and victim assistance.
      - image: images/2017Q1/tall.jpg
        width: 60%
        caption: Taller than a column at this width
        alt: A photo
        credit: ISU
      - image: images/2017Q1/dot.jpg
        caption: One pixel
        alt: A photo
        credit: ISU
"""


@pytest.fixture
def photo_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path)
    images = project / "assets" / "images" / "2017Q1"
    Image.new("RGB", (300, 200), (90, 120, 160)).save(images / "small.jpg")
    Image.new("RGB", (1200, 9000), (90, 120, 160)).save(images / "tall.jpg")
    Image.new("RGB", (1, 1), (90, 120, 160)).save(images / "dot.jpg")
    (project / "issues" / "2017Q1.yaml").write_text(PHOTOS_ISSUE, encoding="utf-8")
    return project


def test_the_photo_hints_of_build_and_check_can_be_followed(photo_project: Path) -> None:
    issue = photo_project / "issues" / "2017Q1.yaml"
    built = build_issue(issue, profiles=list(PROFILES.values()))
    checked = check_issue(issue).diagnostics
    hinted = with_suggestions(built.diagnostics + checked)
    assert {d.line for d in hinted} == {7, 13}, [str(d) for d in hinted]
    # build warns, at the photo's line, about what check calls an error for print, with the same hint
    errors = [(d.line, d.message, d.hint) for d in checked if d.is_error]
    assert [(d.line, d.message, d.hint) for d in built.diagnostics if "blurred" in d.message] == errors
    assert [line for line, *_ in errors] == [7, 18]
    # the 1 × 1 photo suggests no width (none would do), not 'about 0 %'
    dot_hint = errors[1][2] or ""
    assert "0 %" not in dot_hint and "width:" not in dot_hint and "pixels wide" in dot_hint
    text = issue.read_text(encoding="utf-8")
    for diagnostic in hinted:
        issue.write_text(followed(text, diagnostic), encoding="utf-8")
        after = build_issue(issue, profiles=list(PROFILES.values())).diagnostics + check_issue(issue).diagnostics
        assert not [d for d in after if d.line == diagnostic.line and d.message.split(";")[0] == diagnostic.message.split(";")[0]
                    and d.severity == diagnostic.severity], (diagnostic, [str(d) for d in after])


def test_a_very_tall_photo_suggests_no_width_under_10_percent(photo_project: Path) -> None:
    Image.new("RGB", (100, 9000), (90, 120, 160)).save(photo_project / "assets" / "images" / "2017Q1" / "tall.jpg")
    found = build_issue(photo_project / "issues" / "2017Q1.yaml", profiles=[PROFILES["email"]]).diagnostics
    (tall,) = [d for d in found if "taller than a column" in d.message]
    assert suggestion(tall.hint) is None and "crop" in (tall.hint or "")


# ---------------------------------------------------------------- hints of the inline markup, in each way of quoting

MARKUP_HEAD = "title: Highlights\nperiod: {from: 2016-10-01, to: 2016-12-31}\nsections:\n  - heading: A\n"


def markup_problems(tmp_path: Path, text_lines: str) -> list[Diagnostic]:
    issue_file = tmp_path / "issue.yaml"
    issue_file.write_text(MARKUP_HEAD + text_lines, encoding="utf-8")
    assets = tmp_path / "assets" if (tmp_path / "assets").is_dir() else make_assets(tmp_path)
    issue, diagnostics = load_issue(issue_file, assets_dir=assets)
    if issue is None:
        return diagnostics
    from bulletinpdf.text.issue_text import mark_up_issue

    return diagnostics + mark_up_issue(issue, file="issue.yaml", link_color="#000000", known={})[1]


@pytest.mark.parametrize(("typed", "plain_form"), [
    ("    text: The *plan for 2017\n", True),
    ("    text: 'The *plan for 2017'\n", True),
    ("    text: |\n      The *plan for 2017\n", True),
    ('    text: "The *plan for 2017"\n', False),
    ("    text: A 5 ^ 3 power\n", True),
    ('    text: "A 5 ^ 3 power"\n', False),
])
def test_the_literal_marks_the_markup_hints_suggest_work_in_every_way_of_quoting(
        tmp_path: Path, typed: str, plain_form: bool) -> None:
    (problem,) = markup_problems(tmp_path, typed)
    mark = "*" if "*" in typed else "^"
    # The hint names both spellings: '\*' and, for a text in double quotes, '\\*'.
    plain, doubled = "\\" + mark, "\\\\" + mark
    assert plain in (problem.hint or "") and doubled in (problem.hint or "")
    assert markup_problems(tmp_path, typed.replace(f" {mark}", " " + (plain if plain_form else doubled), 1)) == []
