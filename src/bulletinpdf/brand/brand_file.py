"""The brand: colours, fonts, logo, type sizes and page margins, read from assets/brand.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

COLOUR_ROLES = ("primary", "accent", "tint", "text", "muted", "link")
FONT_FACES = ("regular", "bold", "italic", "bold_italic")
TYPE_ROLES = ("body", "heading_1", "heading_2", "caption", "title", "period", "footer")


class BrandError(Exception):
    """The brand file is broken; this is a project set-up problem, not the issue author's."""


@dataclass(frozen=True)
class Colour:
    rgb: str
    """'#RRGGBB', for screens."""
    cmyk: tuple[float, float, float, float]
    """Percentages, for the print shop."""


@dataclass(frozen=True)
class TypeSize:
    size: float
    leading: float


@dataclass(frozen=True)
class PageSpec:
    """Page size and margins, in millimetres."""

    size: str
    margin_top: float
    margin_bottom: float
    margin_inner: float
    margin_outer: float
    gutter: float


@dataclass(frozen=True)
class ColourProfile:
    """An ICC profile for an output intent: the colour space an edition's colours are meant in."""

    file: Path
    condition: str
    """The output condition's registered name (www.color.org), e.g. 'FOGRA39'."""
    description: str


# The profiles that ship with bulletinpdf, used unless brand.yaml names others (see README, "Accessibility and
# standards", for where they come from).
PROFILES_DIR = Path(__file__).parent / "icc"
DEFAULT_PRINT_PROFILE = ColourProfile(
    file=PROFILES_DIR / "CoatedFOGRA39-bulletinpdf.icc", condition="FOGRA39",
    description="Coated FOGRA39 (ISO 12647-2:2004), offset printing on coated paper",
)
"""Built from Fogra's FOGRA39 characterisation data with ArgyllCMS."""
DEFAULT_SCREEN_PROFILE = ColourProfile(
    file=PROFILES_DIR / "sRGB.icc", condition="sRGB IEC61966-2.1", description="sRGB IEC61966-2.1",
)


@dataclass(frozen=True)
class Brand:
    name: str
    organisation: str
    short_name: str
    website: str
    logo: Path
    colours: dict[str, Colour]
    fonts: dict[str, Path]
    type: dict[str, TypeSize]
    page: PageSpec
    source: Path
    print_profile: ColourProfile
    """The print shop's CMYK: the print edition's photos are converted to it and it is named as its output intent."""
    screen_profile: ColourProfile


def load_brand(assets_dir: Path, name: str | None = None) -> Brand:
    """Read assets/<name>.yaml (assets/brand.yaml by default)."""
    path = assets_dir / (f"{name}.yaml" if name else "brand.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BrandError(f"brand file '{path}' not found") from None
    except yaml.YAMLError as problem:
        raise BrandError(f"brand file '{path}' is not valid YAML: {problem}") from None
    try:
        return _brand_from(data, path=path, assets_dir=assets_dir)
    except (KeyError, TypeError, ValueError) as problem:
        raise BrandError(f"brand file '{path}' is incomplete or wrong: {problem!r}") from None


def _colour_profile(spec: dict, assets_dir: Path) -> ColourProfile:
    return ColourProfile(file=assets_dir / spec["file"], condition=str(spec["condition"]),
                         description=str(spec.get("description", spec["condition"])))


def _brand_from(data: dict, *, path: Path, assets_dir: Path) -> Brand:
    colours = {
        role: Colour(rgb=str(data["colours"][role]["rgb"]), cmyk=tuple(float(v) for v in data["colours"][role]["cmyk"]))
        for role in COLOUR_ROLES
    }
    fonts = {face: assets_dir / data["fonts"][face] for face in FONT_FACES}
    profiles = {
        key: _colour_profile(data[key], assets_dir) if key in data else default
        for key, default in (("print_profile", DEFAULT_PRINT_PROFILE), ("screen_profile", DEFAULT_SCREEN_PROFILE))
    }
    missing = [str(p) for p in [*fonts.values(), assets_dir / data["logo"], *(p.file for p in profiles.values())]
               if not p.is_file()]
    if missing:
        raise ValueError(f"missing files: {', '.join(missing)}")
    type_sizes = {}
    for role in TYPE_ROLES:
        spec = data["type"][role]
        size = float(spec["size"])
        type_sizes[role] = TypeSize(size=size, leading=float(spec.get("leading", size * 1.2)))
    page = data["page"]
    return Brand(
        name=path.stem,
        organisation=str(data["organisation"]),
        short_name=str(data["short_name"]),
        website=str(data["website"]),
        logo=assets_dir / data["logo"],
        colours=colours,
        fonts=fonts,
        type=type_sizes,
        page=PageSpec(
            size=str(page["size"]),
            **{key: float(page[key]) for key in ("margin_top", "margin_bottom", "margin_inner", "margin_outer", "gutter")},
        ),
        source=path,
        **profiles,
    )
