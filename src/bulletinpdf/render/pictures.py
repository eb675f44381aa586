"""Proof pictures: every page of an edition as PNG and one contact sheet, with the layout faults outlined."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

if TYPE_CHECKING:
    from bulletinpdf.layout.report import Fault, LayoutReport

PAGE_DPI = 100
SHEET_DPI = 60
PAGES_PER_ROW = 4
GAP_PX = 24
SHEET_BACKGROUND = (236, 236, 236)
# The faults a designer sends back: red. What is only worth a look (loose lines, moved photos): amber.
RED_KINDS = ("overlapping_pieces", "stranded_headings", "orphans", "widows", "overfull_lines", "photos_scaled_down")
RED = (220, 0, 0)
AMBER = (235, 150, 0)


@dataclass(frozen=True)
class Proof:
    pages: list[Path]
    sheet: Path
    outlined: int
    """How many faults were drawn on the sheet (0 without --check)."""


def render_pages(pdf: Path, *, dpi: float) -> list[tuple[Image.Image, tuple[float, float]]]:
    """Each page as an RGB image, with the page's size in points."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        found = []
        for page in document:
            size = page.get_size()
            found.append((page.render(scale=dpi / 72).to_pil().convert("RGB"), size))
            page.close()
        return found
    finally:
        document.close()


def thumbnail_jpeg(pdf: Path, *, width_px: int) -> bytes:
    """Page 1 as a JPEG `width_px` wide (for the e-mail: a third of the size of a PNG)."""
    import io

    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0]
        image = page.render(scale=width_px / page.get_width()).to_pil().convert("RGB")
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def make_proof(pdf: Path, *, out_dir: Path, report: LayoutReport | None = None) -> Proof:
    """Write out_dir/page-N.png and out_dir/contact-sheet.png; with a layout report, outline its faults."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rendered = render_pages(pdf, dpi=PAGE_DPI)
    pages = []
    for number, (image, _) in enumerate(rendered, start=1):
        pages.append(_save(image, out_dir / f"page-{number}.png"))
    # Pages left over from a longer earlier build would be mistaken for this one's.
    for stale in out_dir.glob("page-*.png"):
        if stale not in pages:
            stale.unlink()
    scale = SHEET_DPI / PAGE_DPI
    thumbs = [(image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS), size)
              for image, size in rendered]
    sheet, outlined = contact_sheet(thumbs, faults=list(report.faults) if report is not None else None)
    return Proof(pages=pages, sheet=_save(sheet, out_dir / "contact-sheet.png"), outlined=outlined)


def contact_sheet(
    pages: list[tuple[Image.Image, tuple[float, float]]], *, faults: list[Fault] | None,
) -> tuple[Image.Image, int]:
    """All pages side by side (rows of PAGES_PER_ROW); faults with a box outlined on their page."""
    width = max(image.width for image, _ in pages)
    height = max(image.height for image, _ in pages)
    columns = min(PAGES_PER_ROW, len(pages))
    rows = -(-len(pages) // columns)
    notes = _notes(faults or [])
    note_height = (len(notes) + 1) * 18 + GAP_PX if faults is not None else 0
    sheet = Image.new("RGB", (GAP_PX + columns * (width + GAP_PX), GAP_PX + rows * (height + GAP_PX) + note_height),
                      SHEET_BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    origins = []
    for index, (image, _) in enumerate(pages):
        x = GAP_PX + (index % columns) * (width + GAP_PX)
        y = GAP_PX + (index // columns) * (height + GAP_PX)
        sheet.paste(image, (x, y))
        draw.rectangle((x - 1, y - 1, x + image.width, y + image.height), outline=(180, 180, 180))
        origins.append((x, y))
    outlined = 0
    if faults is None:
        return sheet, outlined
    face = _font(13)
    for fault in faults:
        page, box = fault.page, fault.box
        if box is None or not 1 <= page <= len(pages):
            continue
        image, (page_w, page_h) = pages[page - 1]
        x0, y0 = origins[page - 1]
        per_pt = image.width / page_w
        bx, by, bw, bh = box
        # The report measures from the page's bottom-left in points; the picture from its top-left in pixels.
        left, top = x0 + bx * per_pt, y0 + (page_h - by - bh) * per_pt
        colour = RED if fault.kind in RED_KINDS else AMBER
        draw.rectangle((left - 2, top - 2, left + bw * per_pt + 2, top + bh * per_pt + 2), outline=colour, width=3)
        label_at = (left, top - 17)
        draw.rectangle(draw.textbbox(label_at, _label(fault), font=face), fill=(255, 255, 255))
        draw.text(label_at, _label(fault), font=face, fill=colour)
        outlined += 1
    y = sheet.height - note_height + GAP_PX // 2
    legend = "red: overprints, stranded headings, orphans, widows, overfull lines, scaled photos; amber: worth a look"
    draw.text((GAP_PX, y), legend, font=face, fill=(60, 60, 60))
    for kind, note in notes:
        y += 18
        draw.text((GAP_PX, y), note, font=face, fill=RED if kind in RED_KINDS else AMBER)
    return sheet, outlined


def _notes(faults: list[Fault]) -> list[tuple[str, str]]:
    """Faults without a box (such as unbalanced last columns) are written under the pages."""
    # A fault of the whole issue (its spacing figures, the brand's inks) has no page: page 0.
    return [(fault.kind, f"{f'page {fault.page}' if fault.page else 'the issue'}: {_label(fault)}"
             + (f" ({fault.detail})" if fault.detail else "")) for fault in faults if fault.box is None]


def _label(fault: Fault) -> str:
    return fault.kind.replace("_", " ")


def _font(size: int) -> ImageFont.ImageFont:
    fonts = Path(__file__).resolve().parents[3] / "assets" / "fonts" / "Carlito-Bold.ttf"
    try:
        return ImageFont.truetype(str(fonts), size)
    except OSError:
        return ImageFont.load_default(size)


def _save(image: Image.Image, path: Path) -> Path:
    # Written whole, then renamed: an image viewer open on the file never shows half a page.
    temporary = path.with_name(f".{path.name}.tmp")
    image.save(temporary, "PNG")
    os.replace(temporary, path)
    return path
