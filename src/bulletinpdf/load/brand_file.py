"""The brand file, assets/brand.yaml: colours, fonts, logo, type sizes, page and masthead, spacing.

Read with positions, like the issue file: a missing or wrong key is one `assets/brand.yaml:LINE:COL: error:`
with what to write, and nothing is built.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bulletinpdf.diagnostics import Diagnostic, error

COLOUR_ROLES = ("primary", "accent", "tint", "text", "muted", "link")
FONT_FACES = ("regular", "bold", "italic", "bold_italic")
TYPE_ROLES = ("body", "heading_1", "heading_2", "caption", "title", "period", "footer")
PAGE_MEASURES = ("margin_top", "margin_bottom", "margin_inner", "margin_outer", "gutter")
MASTHEAD_MEASURES = ("height", "band", "thin_band", "logo")
SPACING = ("paragraph", "heading_1_before", "heading_1_after", "heading_2_before", "heading_2_after",
           "list_item", "list_indent", "table_padding", "box_padding", "box_around", "beside_photo", "under_photo")
TOP_KEYS = ("organisation", "short_name", "website", "logo", "colours", "fonts", "type", "page", "masthead",
            "spacing", "print_profile")
PROFILE_KEYS = ("file", "condition", "description")
_RGB = re.compile(r"#[0-9A-Fa-f]{6}")


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
class MastheadSpec:
    """The masthead and the bands, in millimetres."""

    height: float
    """Page 1's masthead, from the top margin to the first column line."""
    band: float
    """The coloured band across the head of every page."""
    thin_band: float
    """The band under it on continuation pages."""
    logo: float
    """The logo's width and height."""


@dataclass(frozen=True)
class Spacing:
    """The vertical rhythm: heading spaces in body leadings, the rest in paragraph gaps."""

    paragraph: float
    """The one space between paragraphs, photos and boxes (the rhythm's unit), in body leadings."""
    heading_1_before: float
    heading_1_after: float
    heading_2_before: float
    heading_2_after: float
    list_item: float
    """Between the items of a list, in body leadings."""
    list_indent: float
    """A list's hanging indent, in ems of the body type; a list inside an item is indented twice as far."""
    table_padding: float
    """Inside a table's cells, in points."""
    box_padding: float
    """Inside the notice and contact boxes, in paragraph gaps."""
    box_around: float
    """Above and below a box, in paragraph gaps."""
    beside_photo: float
    """Between a photo and the text beside it, in paragraph gaps."""
    under_photo: float
    """Between a photo and its caption, in paragraph gaps."""


@dataclass(frozen=True)
class ColourProfile:
    """An ICC profile for an output intent: the colour space an edition's colours are meant in."""

    file: Path
    condition: str
    """The output condition's registered name (www.color.org), e.g. 'FOGRA39'."""
    description: str


# The profiles that ship with bulletinpdf, used unless brand.yaml names the print shop's own (see README,
# "Accessibility and standards", for where they come from).
PROFILES_DIR = Path(__file__).resolve().parent.parent / "brand" / "icc"
DEFAULT_PRINT_PROFILE = ColourProfile(
    file=PROFILES_DIR / "CoatedFOGRA39-bulletinpdf.icc", condition="FOGRA39",
    description="Coated FOGRA39 (ISO 12647-2:2004), offset printing on coated paper",
)
"""Built from Fogra's FOGRA39 characterisation data with ArgyllCMS."""
SCREEN_PROFILE = ColourProfile(
    file=PROFILES_DIR / "sRGB.icc", condition="sRGB IEC61966-2.1", description="sRGB IEC61966-2.1",
)


@dataclass(frozen=True)
class Brand:
    name: str
    organisation: str
    """In the brand's first language; `organisation_in` gives it in an issue's."""
    short_name: str
    website: str
    logo: Path
    colours: dict[str, Colour]
    fonts: dict[str, Path]
    type: dict[str, TypeSize]
    page: PageSpec
    masthead: MastheadSpec
    spacing: Spacing
    source: Path
    organisation_by_language: dict[str, str] = field(default_factory=dict)
    """The organisation's name per language code, as the secretariat writes it ('fr': 'Unité d’appui ...')."""
    print_profile: ColourProfile = DEFAULT_PRINT_PROFILE
    """The print shop's CMYK: the print edition's photos are converted to it and it is named as its output intent."""
    screen_profile: ColourProfile = SCREEN_PROFILE

    def organisation_in(self, language: str) -> str:
        """The organisation's name in `language` ('fr'), or in the brand's first language when it has none."""
        return self.organisation_by_language.get(language, self.organisation)


def load_brand(assets_dir: Path, name: str | None = None) -> tuple[Brand | None, list[Diagnostic]]:
    """Read assets/<name>.yaml (assets/brand.yaml by default): the brand, or None and what is wrong with it."""
    path = assets_dir / (f"{name}.yaml" if name else "brand.yaml")
    reader = _BrandReader(path=path, assets_dir=assets_dir, shown=_shown(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [error(reader.shown, 0, 0, "the brand file does not exist",
                            hint="restore it from the project's repository (git checkout assets/brand.yaml)")]
    except (OSError, UnicodeDecodeError) as problem:
        return None, [error(reader.shown, 0, 0, f"the brand file cannot be read: {problem}")]
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return None, [error(reader.shown, line, column, f"the brand file is not valid YAML: "
                            f"{getattr(problem, 'problem', None) or problem}")]
    brand = reader.brand(root)
    return (brand if not reader.problems else None), list(dict.fromkeys(reader.problems))


def _shown(path: Path) -> str:
    """The path as the user would type it from here: relative when under the working folder."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


class _Missing(Exception):
    """A value could not be read; the reason is already among the problems."""


@dataclass
class _BrandReader:
    path: Path
    assets_dir: Path
    shown: str

    def __post_init__(self) -> None:
        self.problems: list[Diagnostic] = []

    def brand(self, root: Node | None) -> Brand | None:
        if not isinstance(root, MappingNode):
            self.fail(root, "the brand file must be a list of keys such as 'organisation:' and 'colours:'")
            return None
        fields = self.keys(root, allowed=TOP_KEYS, what="the brand")
        read = self.attempt
        colours = {role: read(lambda role=role: self.colour(self.under(fields, "colours", role), role))
                   for role in COLOUR_ROLES}
        fonts = {face: read(lambda face=face: self.file(self.under(fields, "fonts", face), f"fonts: {face}"))
                 for face in FONT_FACES}
        type_sizes = {role: read(lambda role=role: self.type_size(self.under(fields, "type", role), role))
                      for role in TYPE_ROLES}

        def numbers(group: str, keys: tuple[str, ...]) -> dict[str, float]:
            return {key: read(lambda key=key: self.number(self.under(fields, group, key), f"{group}: {key}",
                                                          minimum=0)) for key in keys}

        page_size = read(lambda: self.page_size(self.under(fields, "page", "size")))
        page, masthead, spacing = numbers("page", PAGE_MEASURES), numbers("masthead", MASTHEAD_MEASURES), numbers(
            "spacing", SPACING)
        names = read(lambda: self.organisation(fields))
        organisation = next(iter(names.values())) if names else None
        short_name = read(lambda: self.text(fields, "short_name", "ISU-CCM"))
        website = read(lambda: self.text(fields, "website", "www.clusterconvention.org"))
        logo = read(lambda: self.file(fields.get("logo") or self.missing("logo", "logo: logo.svg"), "logo"))
        print_profile = read(lambda: self.colour_profile(fields["print_profile"])) if "print_profile" in fields \
            else DEFAULT_PRINT_PROFILE
        if self.problems:
            return None
        return Brand(
            name=self.path.stem, organisation=organisation, short_name=short_name, website=website, logo=logo,
            colours=colours, fonts=fonts, type=type_sizes, page=PageSpec(size=page_size, **page),
            masthead=MastheadSpec(**masthead), spacing=Spacing(**spacing), source=self.path,
            organisation_by_language=names,
            print_profile=print_profile,
        )

    def attempt(self, read):
        """What `read` gives, or None when it could not (its problem recorded), so that every problem is reported."""
        try:
            return read()
        except _Missing:
            return None

    # --- reading values ---------------------------------------------------------------

    def keys(self, node: MappingNode, *, allowed: tuple[str, ...], what: str) -> dict[str, Node]:
        fields: dict[str, Node] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else None
            if name not in allowed:
                close = difflib.get_close_matches(str(name), allowed, n=1)
                self.fail(key, f"unknown key '{name}' in {what}",
                          f"did you mean '{close[0]}'?" if close else f"the keys here are: {', '.join(allowed)}")
            elif name in fields:
                self.fail(key, f"'{name}' is given twice", "keep one of them")
            else:
                fields[name] = value
        return fields

    def under(self, fields: dict[str, Node], group: str, key: str) -> Node:
        node = fields.get(group)
        if node is None:
            raise self.stop(None, f"the brand file has no '{group}:'", f"add '{group}:' with '{key}:' under it")
        if not isinstance(node, MappingNode):
            raise self.stop(node, f"'{group}' must hold keys such as '{key}:'", f"write '{group}:' on its own line "
                            f"and '  {key}: ...' under it")
        allowed = {"colours": COLOUR_ROLES, "fonts": FONT_FACES, "type": TYPE_ROLES,
                   "page": ("size", *PAGE_MEASURES), "masthead": MASTHEAD_MEASURES, "spacing": SPACING}[group]
        if not getattr(node, "_checked", False):
            self.keys(node, allowed=allowed, what=f"'{group}'")
            node._checked = True  # type: ignore[attr-defined]  # each group's keys are reported once
        for name, value in node.value:
            if isinstance(name, ScalarNode) and name.value == key:
                return value
        raise self.stop(node, f"'{group}' has no '{key}:'", f"add '  {key}: ...' under '{group}:'")

    def text(self, fields: dict[str, Node], key: str, example: str) -> str:
        node = fields.get(key) or self.missing(key, f"{key}: {example}")
        if not isinstance(node, ScalarNode) or not node.value.strip():
            raise self.stop(node, f"'{key}' must be a line of text", f"write, for example: {key}: {example}")
        return node.value.strip()

    def organisation(self, fields: dict[str, Node]) -> dict[str, str]:
        """One name, or one per language code (organisation: {en: ..., fr: ...}); the first is the default."""
        example = "Implementation Support Unit of the Convention on Cluster Munitions"
        node = fields.get("organisation")
        if not isinstance(node, MappingNode):
            return {"": self.text(fields, "organisation", example)}
        names = {}
        for key, value in node.value:
            if not isinstance(value, ScalarNode) or not str(value.value).strip():
                raise self.stop(value, f"the organisation's name in '{key.value}' must be a line of text",
                                f"write, for example: {key.value}: {example}")
            names[str(key.value)] = str(value.value).strip()
        if not names:
            raise self.stop(node, "'organisation' names no organisation", f"write, for example: en: {example}")
        return names

    def missing(self, key: str, example: str):
        raise self.stop(None, f"the brand file has no '{key}:'", f"add a line such as: {example}")

    def colour(self, node: Node, role: str) -> Colour:
        if not isinstance(node, MappingNode):
            raise self.stop(node, f"the colour '{role}' must give 'rgb:' and 'cmyk:'",
                            'write, for example: {rgb: "#1F4E79", cmyk: [95, 65, 15, 15]}')
        fields = {key.value: value for key, value in node.value if isinstance(key, ScalarNode)}
        rgb = fields.get("rgb")
        if not isinstance(rgb, ScalarNode) or not _RGB.fullmatch(rgb.value.strip()):
            raise self.stop(rgb or node, f"the colour '{role}' needs its RGB as \"#RRGGBB\"",
                            'write, for example: rgb: "#1F4E79" (with the quotes: # starts a comment)')
        cmyk = fields.get("cmyk")
        values = [self.number(value, f"{role}: cmyk", minimum=0, maximum=100)
                  for value in (cmyk.value if isinstance(cmyk, SequenceNode) else [])]
        if len(values) != 4:
            raise self.stop(cmyk or node, f"the colour '{role}' needs its CMYK as four percentages",
                            "write, for example: cmyk: [95, 65, 15, 15]")
        return Colour(rgb=rgb.value.strip(), cmyk=(values[0], values[1], values[2], values[3]))

    def file(self, node: Node, name: str) -> Path:
        if not isinstance(node, ScalarNode) or not node.value.strip():
            raise self.stop(node, f"'{name}' must name a file in assets/", "write its path relative to assets/")
        path = self.assets_dir / node.value.strip()
        if not path.is_file():
            raise self.stop(node, f"the file '{node.value.strip()}' does not exist in assets/",
                            "check the spelling, or copy the file into assets/")
        return path

    def colour_profile(self, node: Node) -> ColourProfile:
        example = "print_profile: {file: icc/our-print-shop.icc, condition: FOGRA39}"
        if not isinstance(node, MappingNode):
            raise self.stop(node, "'print_profile' must give 'file:' and 'condition:'", f"write, for example: {example}")
        fields = self.keys(node, allowed=PROFILE_KEYS, what="'print_profile'")
        if "file" not in fields or "condition" not in fields:
            raise self.stop(node, "'print_profile' needs 'file:' and 'condition:'", f"write, for example: {example}")
        path = self.file(fields["file"], "print_profile: file")
        condition = fields["condition"]
        if not isinstance(condition, ScalarNode) or not condition.value.strip():
            raise self.stop(condition, "'condition' must name the printing condition, e.g. FOGRA39",
                            "write the registered name your print shop gives with the profile")
        description = fields.get("description")
        return ColourProfile(
            file=path, condition=condition.value.strip(),
            description=description.value.strip() if isinstance(description, ScalarNode) and description.value.strip()
            else condition.value.strip(),
        )

    def type_size(self, node: Node, role: str) -> TypeSize:
        if not isinstance(node, MappingNode):
            raise self.stop(node, f"the type '{role}' must give 'size:'", "write, for example: {size: 10.5, leading: 13.5}")
        fields = {key.value: value for key, value in node.value if isinstance(key, ScalarNode)}
        if "size" not in fields:
            raise self.stop(node, f"the type '{role}' has no 'size:'", "write, for example: {size: 10.5, leading: 13.5}")
        size = self.number(fields["size"], f"{role}: size", minimum=1)
        leading = self.number(fields["leading"], f"{role}: leading", minimum=1) if "leading" in fields else size * 1.2
        return TypeSize(size=size, leading=leading)

    def page_size(self, node: Node) -> str:
        if not isinstance(node, ScalarNode) or node.value.strip().upper() != "A4":
            raise self.stop(node, "only A4 pages are supported", "write: size: A4")
        return node.value.strip()

    def number(self, node: Node, name: str, *, minimum: float, maximum: float | None = None) -> float:
        try:
            value = float(node.value) if isinstance(node, ScalarNode) else None
        except ValueError:
            value = None
        if value is None or value < minimum or (maximum is not None and value > maximum):
            span = f"from {minimum:g} to {maximum:g}" if maximum is not None else f"of at least {minimum:g}"
            raise self.stop(node, f"'{name}' must be a number {span}", f"write a number {span}, for example 10")
        return value

    # --- problems ---------------------------------------------------------------------

    def fail(self, node: Node | None, message: str, hint: str | None = None) -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (0, 0)
        self.problems.append(error(self.shown, line, column, message, hint))

    def stop(self, node: Node | None, message: str, hint: str | None = None) -> _Missing:
        self.fail(node, message, hint)
        return _Missing()
