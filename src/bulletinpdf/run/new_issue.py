"""Start the next issue: a new issue file from the latest one, with example sections, and its photo folder."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode

from bulletinpdf.model import Period
from bulletinpdf.load.schema import MODELINE

QUARTER = re.compile(r"(\d{4})Q([1-4])")
# Kept from the latest issue, as written (comments and quotes included): they rarely change.
CARRIED_KEYS = ("title", "language", "brand", "contact")
EXAMPLE_PHOTO = "example-photo.jpg"


class NewIssueError(Exception):
    """The new issue cannot be started; the message says why and what to do."""


@dataclass(frozen=True)
class NewIssue:
    issue_file: Path
    photo_folder: Path
    example_photo: Path
    copied_from: Path | None


def parse_quarter(text: str) -> tuple[int, int]:
    """(2017, 1) from '2017Q1'; lower-case 'q' is accepted, anything else is refused with an example."""
    match = QUARTER.fullmatch(text.strip().upper())
    if not match:
        raise NewIssueError(f"'{text}' is not a quarter; write the year, the letter Q and the quarter 1 to 4, "
                            f"for example 2017Q1")
    return int(match.group(1)), int(match.group(2))


def period_of(year: int, quarter: int) -> Period:
    first_month = 3 * (quarter - 1) + 1
    start = dt.date(year, first_month, 1)
    following = dt.date(year + (quarter == 4), first_month % 12 + 3 if quarter < 4 else 1, 1)
    return Period(start=start, end=following - dt.timedelta(days=1))


def latest_issue(issues_dir: Path, *, before: str | None = None) -> Path | None:
    """The issue file of the latest quarter (optionally: the latest before `before`)."""
    found = sorted((parse_quarter(path.stem), path) for path in issues_dir.glob("*.yaml") if QUARTER.fullmatch(path.stem))
    if before is not None:
        found = [(quarter, path) for quarter, path in found if quarter < parse_quarter(before)]
    return found[-1][1] if found else None


def start_issue(quarter: str, *, root: Path) -> NewIssue:
    """Write issues/QUARTER.yaml and assets/images/QUARTER/ under the project folder `root`."""
    year, number = parse_quarter(quarter)
    name = f"{year}Q{number}"
    issue_file = root / "issues" / f"{name}.yaml"
    if issue_file.exists():
        raise NewIssueError(f"{issue_file.relative_to(root)} already exists; it was not changed "
                            f"(to start again, delete or rename it first)")
    source = latest_issue(root / "issues", before=name) or latest_issue(root / "issues")
    carried = carried_text(source.read_text(encoding="utf-8")) if source else {}
    photo_folder = root / "assets" / "images" / name
    photo_folder.mkdir(parents=True, exist_ok=True)
    example_photo = photo_folder / EXAMPLE_PHOTO
    if not example_photo.exists():
        draw_example_photo(example_photo, fonts=root / "assets" / "fonts")
    text = issue_text(name=name, period=period_of(year, number), carried=carried,
                      copied_from=source.name if source else None)
    issue_file.parent.mkdir(parents=True, exist_ok=True)
    # "x": never overwrite, even if the file appeared since the check above.
    with open(issue_file, "x", encoding="utf-8") as file:
        file.write(text)
    return NewIssue(issue_file=issue_file, photo_folder=photo_folder, example_photo=example_photo, copied_from=source)


def carried_text(source: str) -> dict[str, str]:
    """The text of each carried top-level key in `source`, with the comment lines just above it."""
    lines = source.split("\n")
    root = yaml.compose(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(root, MappingNode):
        return {}
    found: dict[str, str] = {}
    for key, value in root.value:
        if not isinstance(key, ScalarNode) or key.value not in CARRIED_KEYS:
            continue
        first = key.start_mark.line
        while first > 0 and lines[first - 1].lstrip().startswith("#"):
            first -= 1
        if all(not line.strip() or line.lstrip().startswith("#") for line in lines[:first]):
            first = key.start_mark.line  # the file's opening comment describes the old issue: not carried
        end = value.end_mark.line + (1 if value.end_mark.column > 0 else 0)
        part = lines[first:end]
        # A block ends where the next key starts: trailing blank and comment lines belong to that key.
        while part and (not part[-1].strip() or part[-1].lstrip().startswith("#")):
            part.pop()
        found[key.value] = "\n".join(part) + "\n"
    return found


def issue_text(*, name: str, period: Period, carried: dict[str, str], copied_from: str | None) -> str:
    origin = f"copied from {copied_from}" if copied_from else "the project's defaults"
    parts = [
        f"""{MODELINE}
# Highlights, {period.label}.
#
# How to write an issue: see docs/issue-format.md.
# In short: a blank line starts a new paragraph; **bold**, *italic*, ^superscript^.
# Title, language and contact block: {origin}.

""",
        carried.get("title", "title: Highlights\n"),
        f"""
# The quarter this issue covers. Printed under the title as
# "({period.label})". Dates are written year-month-day.
period:
  from: {period.start.isoformat()}
  to: {period.end.isoformat()}
""",
        "\n" + carried.get("language", "language: en\n"),
    ]
    if "brand" in carried:
        parts.append("\n" + carried["brand"])
    parts.append(EXAMPLE_SECTIONS.format(name=name, photo=EXAMPLE_PHOTO))
    if "contact" in carried:
        parts.append("\n" + carried["contact"])
    return "".join(parts)


EXAMPLE_SECTIONS = """
# The example sections below show each kind of section and block.
# Replace them with this issue's sections (and delete the ones you do not need).
sections:

  # A notice: printed in a tinted box across both columns.
  - heading: Example notice (replace or delete)
    style: notice
    text: |
      A short announcement, such as a date to save.

  # A section with text only. A blank line starts a new paragraph.
  - heading: Example section (replace)
    text: |
      The first paragraph of the section. Write **bold**, *italic*, 5^th^,
      and links like [the Convention’s website](https://www.clusterconvention.org/).

      The second paragraph.

  # A sub-heading (level 2): a smaller heading that belongs to the section above.
  - heading: Example sub-heading (replace or delete)
    level: 2
    text: |
      The text under the sub-heading.

  # A section with photos: "blocks" instead of "text", text and photos in order.
  - heading: Example section with a photo (replace or delete)
    blocks:
      - text: |
          The text before the photo.

      # Put this issue's photos in assets/images/{name}/ and write their names here.
      # {photo} is a placeholder: replace it with a real photo, then delete the file.
      - image: images/{name}/{photo}
        float: right         # left, right or none
        width: 45%           # of the column width
        caption: What, where, when
        alt: What the photo shows, for readers who cannot see it
        credit: "Photo: who took it"    # in quotes because it holds ": "

      - text: |
          The text that flows around the photo above.
"""


def draw_example_photo(path: Path, *, fonts: Path) -> None:
    """A plain, clearly labelled placeholder photo, so the new issue builds before any photo is in."""
    from PIL import Image, ImageDraw, ImageFont

    size = (1200, 800)
    image = Image.new("RGB", size, (221, 227, 233))
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, size[0] - 24, size[1] - 24), outline=(137, 151, 165), width=6)
    for text, font_size, top in (("EXAMPLE PHOTO", 96, 290), ("replace it with this issue's photos", 48, 430)):
        try:
            face = ImageFont.truetype(str(fonts / "Carlito-Bold.ttf"), font_size)
        except OSError:
            face = ImageFont.load_default(font_size)
        draw.text((size[0] / 2, top), text, font=face, fill=(52, 64, 77), anchor="ma")
    image.save(path, "JPEG", quality=85)


# What a translator translates: every text the issue prints or describes (alt text included).
TRANSLATED_KEYS = ("title", "heading", "text", "caption", "alt", "credit")


def start_translation(quarter: str, language: str, *, root: Path) -> NewIssue:
    """Write issues/QUARTER.LANGUAGE.yaml from issues/QUARTER.yaml: the same sections and photos, the text still
    the original's, to be replaced, each with the original above it as comments (# en: ...)."""
    from bulletinpdf.load.language import supported_languages

    year, number = parse_quarter(quarter)
    name = f"{year}Q{number}"
    supported = supported_languages()
    code = language.strip().lower()
    if code not in supported:
        listed = ", ".join(f"{known} ({title})" for known, title in supported.items())
        raise NewIssueError(f"'{language}' is not a supported language; write one of {listed}")
    source = root / "issues" / f"{name}.yaml"
    if not source.is_file():
        raise NewIssueError(f"there is no {source.relative_to(root)} to translate; start it first with: "
                            f"bulletinpdf new {name}")
    target = root / "issues" / f"{name}.{code}.yaml"
    if target.exists():
        raise NewIssueError(f"{target.relative_to(root)} already exists; it was not changed "
                            f"(to start again, delete or rename it first)")
    text = translation_text(source.read_text(encoding="utf-8"), language=code, name=supported[code],
                            copied_from=source.name)
    with open(target, "x", encoding="utf-8") as file:
        file.write(text)
    photos = root / "assets" / "images" / name
    return NewIssue(issue_file=target, photo_folder=photos, example_photo=photos, copied_from=source)


def translation_text(source: str, *, language: str, name: str, copied_from: str) -> str:
    """The original's lines with `language:` set and, above every text, that text as comments."""
    lines = source.split("\n")
    root = yaml.compose(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    original = _language_of(root) or "en"
    notes: dict[int, list[str]] = {}  # line index → comment lines to put above it
    language_line = None
    for key, value, line in _texts(root):
        if key == "language":
            language_line = line
            continue
        indent = len(lines[line]) - len(lines[line].lstrip())
        shown = [f"{' ' * indent}# {original}: {part}".rstrip() for part in str(value.value).rstrip("\n").split("\n")]
        notes.setdefault(line, []).extend(shown)
    made: list[str] = []
    if lines and lines[0] == MODELINE:
        made.append(lines.pop(0))  # editors look for it on the first line
        notes = {index - 1: comments for index, comments in notes.items()}
        language_line = None if language_line is None else language_line - 1
    made += [
        f"# Translation into {name} of issues/{copied_from}: replace each text by its translation; the original",
        f"# is kept in the comments above it (# {original}: ...). The photos are the original's.",
        "",
    ]
    for index, text in enumerate(lines):
        made.extend(notes.get(index, []))
        if index == language_line:
            indent = text[: len(text) - len(text.lstrip())]
            made.append(f"{indent}language: {language}")
            continue
        made.append(text)
    if language_line is None:
        # After the period, where `new` puts it; at the top when the original has no period block to follow.
        made.insert(_after_period(made), f"language: {language}")
    return "\n".join(made)


def _language_of(root) -> str | None:
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if isinstance(key, ScalarNode) and key.value == "language" and isinstance(value, ScalarNode):
                return str(value.value).split("-")[0].lower()
    return None


def _texts(node, key: str | None = None):
    """(key, scalar node, line of its key or list item) for every translatable text, and for `language`."""
    from yaml.nodes import SequenceNode

    if isinstance(node, MappingNode):
        for name, value in node.value:
            if not isinstance(name, ScalarNode):
                continue
            if isinstance(value, ScalarNode) and (name.value in TRANSLATED_KEYS or name.value == "language"
                                                  or (key == "contact" and name.value == "heading")):
                yield name.value, value, name.start_mark.line
            else:
                yield from _texts(value, name.value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            if key == "lines" and isinstance(item, ScalarNode):  # the contact block's address lines
                yield "lines", item, item.start_mark.line
            else:
                yield from _texts(item, key)


def _after_period(lines: list[str]) -> int:
    for index, text in enumerate(lines):
        if text.startswith("period:"):
            end = index + 1
            while end < len(lines) and lines[end].startswith((" ", "\t")):
                end += 1
            return end
    return 3
