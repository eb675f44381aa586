"""Output profiles: the named presets that make the print and the e-mail editions differ."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

MM = 72 / 25.4
"""Points per millimetre (kept here so profiles need no ReportLab)."""


@dataclass(frozen=True)
class OutputIntent:
    """The colour space the edition's colours are meant in: sRGB for screens, the press's CMYK for print."""

    profile: Path
    """An ICC profile file."""
    identifier: str
    """The output condition's registered name, e.g. 'FOGRA39' or 'sRGB IEC61966-2.1'."""
    description: str
    colour_count: int
    """3 for RGB, 4 for CMYK."""


@dataclass(frozen=True)
class Standard:
    """The ISO standards an edition conforms to, and so what render/standards.py adds to it after drawing."""

    label: str
    """As the README and `check` name it."""
    tagged: bool
    """A structure tree and marked content: PDF/UA (accessibility) and PDF/A level a."""
    pdf_ua: int | None
    """PDF/UA part (ISO 14289), or None."""
    pdf_a: tuple[int, str] | None
    """PDF/A part and conformance level (ISO 19005), e.g. (2, 'A'), or None."""
    pdf_x: str | None
    """PDF/X version (ISO 15930), e.g. 'PDF/X-4', or None."""


ACCESSIBLE = Standard(label="PDF/UA-1 and PDF/A-2a", tagged=True, pdf_ua=1, pdf_a=(2, "A"), pdf_x=None)
"""For screens and the archive: read aloud and reflowed in reading order, and kept for decades."""
ARCHIVE_ONLY = Standard(label="PDF/A-2b", tagged=True, pdf_ua=None, pdf_a=(2, "B"), pdf_x=None)
"""The e-mail edition of an issue with a photo that has no alt text: still tagged, but it claims no accessibility
standard it would fail."""
PRINT_READY = Standard(label="PDF/X-4", tagged=False, pdf_ua=None, pdf_a=None, pdf_x="PDF/X-4")
"""For the press: every colour in the output intent's CMYK."""


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
    standard: Standard

    @property
    def bleed(self) -> float:
        """The bleed in points."""
        return self.bleed_mm * MM


PRINT = Profile(
    name="print", max_ppi=300, jpeg_quality=92, colour_model="cmyk",
    bleed_mm=3, crop_marks=True, size_budget_kb=None, standard=PRINT_READY,
)
EMAIL = Profile(
    name="email", max_ppi=150, jpeg_quality=75, colour_model="rgb",
    bleed_mm=0, crop_marks=False, size_budget_kb=500, standard=ACCESSIBLE,
)

PROFILES: dict[str, Profile] = {profile.name: profile for profile in (PRINT, EMAIL)}

PRINT_PPI_ERROR_BELOW = 150
"""A photo under this resolution at its placed size prints visibly soft: `check` calls it an error."""
PRINT_PPI_WARNING_BELOW = 300
"""The print shop's usual minimum: under it `check` warns."""
