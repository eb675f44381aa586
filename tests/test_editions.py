"""The print and e-mail editions of 2016 Q4, read back with pypdf: page boxes, colours, photos, size, words."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from bulletinpdf.render.profiles import EMAIL, PRINT

MM = 72 / 25.4
A4 = (595.2756, 841.8898)
# Colour operators of a content stream: RGB, CMYK, grey, and colour-space based.
RGB_OPERATORS = {b"rg", b"RG"}
CMYK_OPERATORS = {b"k", b"K"}
OTHER_COLOUR_OPERATORS = {b"g", b"G", b"sc", b"SC", b"scn", b"SCN", b"cs", b"CS"}


@dataclass(frozen=True)
class DrawnImage:
    page: int
    width_px: int
    height_px: int
    colour_space: str
    width_pt: float
    height_pt: float

    @property
    def ppi(self) -> float:
        return self.width_px / (self.width_pt / 72)


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """PDF matrix product a × b, each as [a b c d e f]."""
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def drawn_images(reader: PdfReader) -> list[DrawnImage]:
    """Every image drawn, with its size on the page from the content stream's `cm` matrices."""
    found = []
    for number, page in enumerate(reader.pages, start=1):
        xobjects = page["/Resources"].get("/XObject", {})
        for operands, operator, matrix in operations_with_matrix(page, reader):
            if operator == b"Do":
                image = xobjects[operands[0]].get_object()
                if image["/Subtype"] == "/Image":
                    found.append(DrawnImage(
                        number, int(image["/Width"]), int(image["/Height"]), str(image["/ColorSpace"]),
                        abs(matrix[0]), abs(matrix[3]),
                    ))
    return found


def operations_with_matrix(page, reader: PdfReader):
    """The page's content stream as (operands, operator, the transformation matrix in force)."""
    matrix, stack = [1.0, 0, 0, 1.0, 0, 0], []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(matrix)
        elif operator == b"Q":
            matrix = stack.pop()
        elif operator == b"cm":
            matrix = _multiply([float(v) for v in operands], matrix)
        yield operands, operator, matrix


def colour_operators(reader: PdfReader) -> set[bytes]:
    used = set()
    for page in reader.pages:
        for _, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in RGB_OPERATORS | CMYK_OPERATORS | OTHER_COLOUR_OPERATORS:
                used.add(operator)
    return used


@pytest.fixture(scope="module")
def readers(built_2016q4) -> dict[str, PdfReader]:
    return {name: PdfReader(path) for name, path in built_2016q4.outputs.items()}


def _box(page, name: str) -> tuple[float, ...]:
    return tuple(round(float(v), 2) for v in page[name])


def test_print_pages_have_trim_bleed_and_media_boxes(readers):
    bleed = 3 * MM
    for page in readers["print"].pages:
        trim, bleed_box, media = _box(page, "/TrimBox"), _box(page, "/BleedBox"), _box(page, "/MediaBox")
        assert trim[2] - trim[0] == pytest.approx(A4[0], abs=0.02)
        assert trim[3] - trim[1] == pytest.approx(A4[1], abs=0.02)
        assert bleed_box == pytest.approx((trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed), abs=0.02)
        # Room for the crop marks all round, outside the bleed.
        assert media[:2] == (0, 0)
        assert bleed_box[0] >= 5 * MM and media[2] - bleed_box[2] == pytest.approx(bleed_box[0], abs=0.02)
        assert media[3] - bleed_box[3] == pytest.approx(bleed_box[1], abs=0.02)
        assert "/CropBox" not in page or _box(page, "/CropBox") == media


def test_email_pages_are_plain_a4(readers):
    for page in readers["email"].pages:
        assert _box(page, "/MediaBox") == pytest.approx((0, 0, *A4), abs=0.02)
        assert "/TrimBox" not in page and "/BleedBox" not in page


def test_masthead_band_runs_into_the_bleed_and_marks_stay_outside_it(readers):
    page = readers["print"].pages[0]
    trim, bleed_box = _box(page, "/TrimBox"), _box(page, "/BleedBox")
    rectangles, lines = [], []
    point = None
    for operands, operator, matrix in operations_with_matrix(page, readers["print"]):
        if operator == b"re":
            x, y, w, h = (float(v) for v in operands)
            rectangles.append((x + matrix[4], y + matrix[5], x + w + matrix[4], y + h + matrix[5]))
        elif operator == b"m":
            point = (float(operands[0]) + matrix[4], float(operands[1]) + matrix[5])
        elif operator == b"l" and matrix[0] == 1:
            lines.append((point, (float(operands[0]) + matrix[4], float(operands[1]) + matrix[5])))
    band = [r for r in rectangles if r[0] == pytest.approx(bleed_box[0], abs=0.02)
            and r[3] == pytest.approx(bleed_box[3], abs=0.02) and r[2] == pytest.approx(bleed_box[2], abs=0.02)]
    assert band, "the masthead band does not reach the bleed on three sides"
    marks = [line for line in lines if not (trim[0] <= line[0][0] <= trim[2] and trim[1] <= line[0][1] <= trim[3])]
    assert len(marks) == 8
    for start, end in marks:
        for x, y in (start, end):
            outside = x < bleed_box[0] or x > bleed_box[2] or y < bleed_box[1] or y > bleed_box[3]
            assert outside, f"crop mark point {(x, y)} is inside the bleed"


def test_print_colours_are_cmyk_only(readers):
    used = colour_operators(readers["print"])
    assert used & CMYK_OPERATORS
    assert not used & (RGB_OPERATORS | OTHER_COLOUR_OPERATORS), used


def test_email_colours_are_rgb(readers):
    used = colour_operators(readers["email"])
    assert used & RGB_OPERATORS
    assert not used & CMYK_OPERATORS, used


def test_brand_colours_print_as_the_brands_cmyk(readers):
    """The masthead blue is brand.yaml's CMYK 95/65/15/15, not a conversion of its RGB: as the band's fill,
    and as the stroke of the logo (an SVG in RGB, mapped to the brand's CMYK on the way in)."""
    stream = readers["print"].pages[0].get_contents().get_data().decode("latin-1")
    assert re.search(r"(?m)^\.95 \.65 \.15 \.15 k$", stream)
    assert re.search(r"(?m)^\.95 \.65 \.15 \.15 K$", stream)


def test_photos_are_at_most_the_profiles_resolution_and_never_upsampled(readers):
    for name, profile in (("print", PRINT), ("email", EMAIL)):
        images = drawn_images(readers[name])
        assert len(images) == 3
        for image in images:
            # Sources are 2000-3000 px wide, far more than needed: each is downsampled to the maximum.
            assert image.ppi == pytest.approx(profile.max_ppi, abs=2), (name, image)
            assert image.width_px / image.height_px == pytest.approx(image.width_pt / image.height_pt, rel=0.01)
            assert image.colour_space in ("/DeviceRGB", "/DeviceGray", "/DeviceCMYK")


def test_email_images_are_binary_jpeg(readers):
    for page in readers["email"].pages:
        for ref in page["/Resources"].get("/XObject", {}).values():
            image = ref.get_object()
            filters = image["/Filter"] if isinstance(image["/Filter"], list) else [image["/Filter"]]
            assert filters == ["/DCTDecode"]


def test_email_edition_is_within_its_budget(built_2016q4):
    size = built_2016q4.outputs["email"].stat().st_size
    assert EMAIL.size_budget_kb is not None and size <= EMAIL.size_budget_kb * 1024
    assert size < built_2016q4.outputs["print"].stat().st_size


def test_both_editions_carry_the_same_words_on_the_same_pages(readers):
    print_pages = [page.extract_text().split() for page in readers["print"].pages]
    email_pages = [page.extract_text().split() for page in readers["email"].pages]
    assert len(print_pages) == len(email_pages) == 2
    assert print_pages == email_pages


def test_links_are_live_in_the_email_edition_and_absent_from_print(readers):
    """PDF/X allows no annotations on the printed area (render/standards.py); the e-mail edition keeps them."""
    uris = [a.get_object()["/A"]["/URI"] for page in readers["email"].pages for a in page.get("/Annots", [])
            if "/URI" in a.get_object().get("/A", {})]
    assert any(uri.startswith("mailto:") for uri in uris)
    assert not any("/Annots" in page for page in readers["print"].pages)
