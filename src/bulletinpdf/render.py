"""Render: draws a layout into PDF bytes with ReportLab; nothing touches the disk here."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from .layout.plan import Layout


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    language: str
    keywords: str = ""


def render_pdf(layout: Layout, *, metadata: Metadata, page_width: float, page_height: float, base_font: str) -> bytes:
    # Image data goes in as binary: ASCII85 makes files a quarter larger and costs seconds in pure Python.
    rl_config.useA85 = 0
    buffer = io.BytesIO()
    # Invariant mode: the same input gives the same bytes (no creation time, no random document id).
    # The base font replaces ReportLab's default Helvetica, which would be named in every page unembedded.
    canvas = Canvas(
        buffer, pagesize=(page_width, page_height), invariant=1, pageCompression=1, initialFontName=base_font,
    )
    canvas.setTitle(metadata.title)
    canvas.setAuthor(metadata.author)
    canvas.setSubject(metadata.subject)
    canvas.setKeywords(metadata.keywords)
    canvas.setCreator("bulletinpdf")
    canvas.setCatalogEntry("Lang", metadata.language)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    canvas.showOutline()
    page_count = len(layout.pages)
    for page in layout.pages:
        layout.chrome.draw_head(canvas, page_number=page.number)
        for placement in page.placements:
            placement.flowable.drawOn(canvas, placement.x, placement.y)
        layout.chrome.draw_foot(canvas, page_number=page.number, page_count=page_count)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
