"""The brand file: read with positions, so a missing or wrong key is one located message, exit 1, nothing written."""

from __future__ import annotations

import re
import shutil

import pytest

from bulletinpdf.load.brand_file import load_brand

from .test_bad_input_cli import OUT, REPO, built_template, cli, snapshot  # noqa: F401 - built_template is a fixture

BRAND = (REPO / "assets" / "brand.yaml").read_text(encoding="utf-8")


def _line_of(text: str, pattern: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), start=1) if re.search(pattern, line))


CASES = {
    "no organisation": (
        re.sub(r"^organisation:.*\n", "", BRAND, flags=re.M),
        lambda text: [
            "assets/brand.yaml: error: the brand file has no 'organisation:'",
            "    hint: add a line such as: organisation: Implementation Support Unit of the Convention on Cluster "
            "Munitions",
        ],
    ),
    "misspelt key": (
        BRAND.replace("short_name:", "shortname:"),
        lambda text: [
            f"assets/brand.yaml:{_line_of(text, '^shortname:')}:1: error: unknown key 'shortname' in the brand",
            "    hint: did you mean 'short_name'?",
            "assets/brand.yaml: error: the brand file has no 'short_name:'",
            "    hint: add a line such as: short_name: ISU-CCM",
        ],
    ),
    "colour without its hash": (
        BRAND.replace('rgb: "#1F4E79"', "rgb: 1F4E79"),
        lambda text: [
            f"assets/brand.yaml:{_line_of(text, 'rgb: 1F4E79')}:10: error: the colour 'primary' needs its RGB as "
            '"#RRGGBB"',
            '    hint: write, for example: rgb: "#1F4E79" (with the quotes: # starts a comment)',
        ],
    ),
    "cmyk over 100": (
        BRAND.replace("cmyk: [95, 65, 15, 15]", "cmyk: [95, 165, 15, 15]"),
        lambda text: [
            f"assets/brand.yaml:{_line_of(text, '165')}:16: error: 'primary: cmyk' must be a number from 0 to 100",
            "    hint: write a number from 0 to 100, for example 10",
        ],
    ),
    "masthead height missing": (
        re.sub(r"^  height: 44.*\n", "", BRAND, flags=re.M),
        lambda text: [
            f"assets/brand.yaml:{_line_of(text, '^  band:')}:3: error: 'masthead' has no 'height:'",
            "    hint: add '  height: ...' under 'masthead:'",
        ],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_a_broken_brand_file_is_reported_at_its_line_and_nothing_is_written(tmp_path, built_template, name) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_template, project, symlinks=True)
    before = snapshot(project / OUT)
    text, expected = CASES[name]
    (project / "assets" / "brand.yaml").write_text(text, encoding="utf-8")
    run = cli(project, "build", "issues/2017Q1.yaml")
    assert run.returncode == 1, run.stderr
    assert run.stderr.splitlines() == [*expected(text), "issues/2017Q1.yaml: 1 error; nothing was written"
                                       if len(expected(text)) == 2 else
                                       "issues/2017Q1.yaml: 2 errors; nothing was written"]
    assert snapshot(project / OUT) == before


def test_the_project_brand_reads_whole() -> None:
    brand, problems = load_brand(REPO / "assets")
    assert problems == [] and brand is not None
    assert brand.masthead.height == 44 and brand.spacing.paragraph == 0.5
