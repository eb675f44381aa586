"""Sharpness: whether a photo has the pixels the print shop needs at the width it is printed."""

from __future__ import annotations

import math

from bulletinpdf.diagnostics import Diagnostic, warning
from bulletinpdf.model import ImageBlock
from bulletinpdf.render.profiles import PRINT_PPI_ERROR_BELOW, PRINT_PPI_WARNING_BELOW

# Effective resolutions within this of a threshold count as meeting it (rounding of the placed width).
PPI_TOLERANCE = 0.5
POINTS_PER_MM = 72 / 25.4
MIN_WIDTH_PERCENT = 10
"""The smallest `width:` the loader accepts."""


def effective_ppi(width_px: int, placed_pt: float) -> float:
    return width_px / (placed_pt / 72)


def blurred_message(block: ImageBlock, effective: float, placed_pt: float) -> str:
    return (f"'{block.path}' has {effective:.0f} ppi at its printed width of {placed_pt / POINTS_PER_MM:.0f} mm; "
            "it would print blurred")


def ppi_hint(width_px: int, placed_pt: float, ppi: int, *, column_pt: float) -> str:
    """A file large enough at this width, or the largest `width:` at which this one gives `ppi`, when the
    loader accepts that width (never 'width: 0%')."""
    needed = math.ceil(placed_pt / 72 * ppi)
    percent = math.floor(100 * (width_px / ppi * 72) / column_pt)  # rounded down: that width is sharp enough
    if percent >= MIN_WIDTH_PERCENT:
        return f"use a file at least {needed} pixels wide, or write 'width: {percent}%' to place it smaller"
    return (f"use a file at least {needed} pixels wide (placing this one smaller cannot help: "
            f"{MIN_WIDTH_PERCENT}% of the column is the smallest width)")


def blurred_in_print(block: ImageBlock, *, width_px: int, placed_pt: list[float], column_pt: float,
                     file: str) -> list[Diagnostic]:
    """The warning `build` gives where `check` reports an error: under PRINT_PPI_ERROR_BELOW at the largest
    placement (a photo placed twice is as sharp as its largest). The hint aims at what the print shop asks."""
    placed = max(placed_pt, default=0)
    if not placed:
        return []
    effective = effective_ppi(width_px, placed)
    if effective + PPI_TOLERANCE >= PRINT_PPI_ERROR_BELOW:
        return []
    return [warning(file, block.where.line, block.where.column, blurred_message(block, effective, placed),
                    hint=ppi_hint(width_px, placed, PRINT_PPI_WARNING_BELOW, column_pt=column_pt))]
