"""Shared fixtures: the 2016 Q4 issue built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletinpdf.run.pipeline import BuildResult, build_issue
from bulletinpdf.render.profiles import PROFILES

ROOT = Path(__file__).resolve().parent.parent
ISSUE_2016Q4 = ROOT / "issues" / "2016Q4.yaml"


@pytest.fixture(scope="session")
def body_font() -> str:
    """The brand's type registered with ReportLab as the layout registers it; the regular face's name."""
    from bulletinpdf.brand.theme import register_fonts

    fonts = ROOT / "assets" / "fonts"
    family = register_fonts(*(fonts / f"Carlito-{face}.ttf" for face in ("Regular", "Bold", "Italic", "BoldItalic"))).name
    return f"{family}-Regular"


@pytest.fixture(scope="session")
def built_2016q4(tmp_path_factory) -> BuildResult:
    out = tmp_path_factory.mktemp("build-2016Q4")
    return build_issue(ISSUE_2016Q4, profiles=list(PROFILES.values()), out_dir=out, display_name="issues/2016Q4.yaml")
