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
class Brand:
    name: str
    organisation: str
    """In the brand's first language; `organisation_in` gives it in an issue's."""
    organisation_by_language: dict[str, str]
    short_name: str
    website: str
    logo: Path
    colours: dict[str, Colour]
    fonts: dict[str, Path]
    type: dict[str, TypeSize]
    page: PageSpec
    source: Path

    def organisation_in(self, language: str) -> str:
        """The organisation's name in `language` ('fr'), or in the brand's first language when it has none."""
        return self.organisation_by_language.get(language, self.organisation)


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


def _brand_from(data: dict, *, path: Path, assets_dir: Path) -> Brand:
    colours = {
        role: Colour(rgb=str(data["colours"][role]["rgb"]), cmyk=tuple(float(v) for v in data["colours"][role]["cmyk"]))
        for role in COLOUR_ROLES
    }
    fonts = {face: assets_dir / data["fonts"][face] for face in FONT_FACES}
    missing = [str(p) for p in [*fonts.values(), assets_dir / data["logo"]] if not p.is_file()]
    if missing:
        raise ValueError(f"missing files: {', '.join(missing)}")
    type_sizes = {}
    for role in TYPE_ROLES:
        spec = data["type"][role]
        size = float(spec["size"])
        type_sizes[role] = TypeSize(size=size, leading=float(spec.get("leading", size * 1.2)))
    page = data["page"]
    # One name, or one per language (brand.yaml): a brand written before issues had translations keeps working.
    named = data["organisation"]
    names = {str(code): str(name) for code, name in named.items()} if isinstance(named, dict) else {"": str(named)}
    if not names:
        raise ValueError("'organisation' names no organisation")
    return Brand(
        name=path.stem,
        organisation=next(iter(names.values())),
        organisation_by_language=names,
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
    )
