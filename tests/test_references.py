"""Reference images: each page of 2016 Q4 and of four cases, rendered small and compared with committed PNGs.

For what assertions cannot say (does the page look as it did?). `make references` rewrites the references
(BULLETINPDF_UPDATE_REFERENCES=1); look at every page before committing them. On a mismatch the actual,
expected and difference images are written to tests/output/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageOps

from .layout_cases import built_case

HERE = Path(__file__).resolve().parent
REFERENCES = HERE / "references"
OUTPUT = HERE / "output"
DPI = 50
# Mean absolute difference per pixel (0–255) tolerated: antialiasing, not a moved line.
TOLERANCE = 0.1
UPDATE = os.environ.get("BULLETINPDF_UPDATE_REFERENCES") == "1"
REFERENCE_CASES = ("page_break", "long_address", "close_headings", "one_section")


def render_pages(pdf: Path) -> list[Image.Image]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        # Rendered in colour, then made grey: pdfium's own grayscale mode misplaces small glyphs.
        return [page.render(scale=DPI / 72).to_pil().convert("L") for page in document]
    finally:
        document.close()


def _compare(name: str, pdf: Path) -> None:
    pages = render_pages(pdf)
    stored = sorted(REFERENCES.glob(f"{name}-page-*.png"))
    if UPDATE:
        REFERENCES.mkdir(exist_ok=True)
        for old in stored:
            old.unlink()
        for number, image in enumerate(pages, start=1):
            image.save(REFERENCES / f"{name}-page-{number}.png", optimize=True)
        return
    assert len(stored) == len(pages), f"{name}: {len(pages)} pages, {len(stored)} references (make references)"
    for number, actual in enumerate(pages, start=1):
        expected = Image.open(REFERENCES / f"{name}-page-{number}.png").convert("L")
        difference = _mean_difference(actual, expected)
        if difference > TOLERANCE:
            OUTPUT.mkdir(exist_ok=True)
            actual.save(OUTPUT / f"{name}-page-{number}-actual.png")
            expected.save(OUTPUT / f"{name}-page-{number}-expected.png")
            if actual.size == expected.size:
                ImageOps.invert(ImageChops.difference(actual, expected)).save(OUTPUT / f"{name}-page-{number}-diff.png")
        assert difference <= TOLERANCE, f"{name} page {number} differs by {difference:.2f}; see {OUTPUT}"


def _mean_difference(actual: Image.Image, expected: Image.Image) -> float:
    if actual.size != expected.size:
        return 255.0
    histogram = ImageChops.difference(actual, expected).histogram()
    return sum(value * count for value, count in enumerate(histogram)) / (actual.size[0] * actual.size[1])


def test_2016q4_looks_as_it_did(built_2016q4) -> None:
    _compare("2016Q4", built_2016q4.outputs["email"])


@pytest.mark.parametrize("name", REFERENCE_CASES)
def test_case_looks_as_it_did(name: str) -> None:
    _compare(name, built_case(name).outputs["email"])
