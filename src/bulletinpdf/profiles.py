"""Output profiles: the named presets that make the print and the e-mail editions differ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Profile:
    name: str
    """'print' or 'email'; also the suffix of the output file."""
    max_ppi: int
    """Photos are downsampled to at most this resolution at their placed size, never upsampled."""
    jpeg_quality: int
    colour_model: Literal["rgb", "cmyk"]
    bleed_mm: float
    """Extra paper around the trim that tints touching the page edge run into; 0 for screens."""
    crop_marks: bool
    size_budget_kb: int | None
    """The build warns when the file is larger; None for no budget."""


PRINT = Profile(
    name="print", max_ppi=300, jpeg_quality=92, colour_model="rgb",
    bleed_mm=0, crop_marks=False, size_budget_kb=None,
)
EMAIL = Profile(
    name="email", max_ppi=150, jpeg_quality=75, colour_model="rgb",
    bleed_mm=0, crop_marks=False, size_budget_kb=500,
)

PROFILES: dict[str, Profile] = {profile.name: profile for profile in (PRINT, EMAIL)}
