"""The logo: converted from SVG once, then read back from build/cache/logo; a new or damaged copy is converted again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import svglib.svglib

from bulletinpdf.brand.theme import load_logo, logo_cache

REPO = Path(__file__).resolve().parent.parent


def shapes(drawing) -> list[str]:
    return [type(item).__name__ for item in drawing.getContents()]


def test_the_second_load_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    svg = shutil.copy(REPO / "assets" / "logo.svg", tmp_path / "logo.svg")
    converted = load_logo(Path(svg), cache=logo_cache(tmp_path / "cache"))
    assert len(list((tmp_path / "cache").rglob("*.entry"))) == 1
    monkeypatch.setattr(svglib.svglib, "svg2rlg", lambda *a, **k: pytest.fail("converted again"))
    kept = load_logo(Path(svg), cache=logo_cache(tmp_path / "cache"))
    assert (kept.width, kept.height, shapes(kept)) == (converted.width, converted.height, shapes(converted))


def test_a_changed_or_damaged_logo_is_converted_again(tmp_path: Path) -> None:
    svg = Path(shutil.copy(REPO / "assets" / "logo.svg", tmp_path / "logo.svg"))
    load_logo(svg, cache=logo_cache(tmp_path / "cache"))
    (entry,) = (tmp_path / "cache").rglob("*.entry")
    entry.write_bytes(b"not a pickle")
    assert load_logo(svg, cache=logo_cache(tmp_path / "cache")).width > 0
    svg.write_text(svg.read_text().replace("</svg>", "<!-- changed --></svg>"))
    load_logo(svg, cache=logo_cache(tmp_path / "cache"))
    assert len(list((tmp_path / "cache").rglob("*.entry"))) == 2

