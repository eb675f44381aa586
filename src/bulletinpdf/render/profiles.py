"""Output profiles: the named presets that make the print and the e-mail editions differ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MM = 72 / 25.4
"""Points per millimetre (kept here so profiles need no ReportLab)."""


@dataclass(frozen=True)
class Profile:
    name: str
    """'print' or 'email'; also the suffix of the output file."""
    max_ppi: int
    """Photos are downsampled to at most this resolution at their placed size, never upsampled."""
    jpeg_quality: int
    """Quality of re-encoded photos (1-100)."""
    colour_model: Literal["rgb", "cmyk"]
    """Colour model of type, rules and tints: CMYK for the press, RGB for screens."""
    bleed_mm: float
    """Extra paper around the trim that tints touching the page edge run into; 0 for screens."""
    crop_marks: bool
    """Marks outside the bleed that show the print shop where to cut."""
    size_budget_kb: int | None
    """The build warns when the file is larger (1 KB = 1024 bytes); None for no budget."""

    @property
    def bleed(self) -> float:
        """The bleed in points."""
        return self.bleed_mm * MM


PRINT = Profile(
    name="print", max_ppi=300, jpeg_quality=92, colour_model="cmyk",
    bleed_mm=3, crop_marks=True, size_budget_kb=None,
)
EMAIL = Profile(
    name="email", max_ppi=150, jpeg_quality=75, colour_model="rgb",
    bleed_mm=0, crop_marks=False, size_budget_kb=500,
)

PROFILES: dict[str, Profile] = {profile.name: profile for profile in (PRINT, EMAIL)}

PRINT_PPI_ERROR_BELOW = 150
"""A photo under this resolution at its placed size prints visibly soft: `check` calls it an error."""
PRINT_PPI_WARNING_BELOW = 300
"""The print shop's usual minimum: under it `check` warns."""
