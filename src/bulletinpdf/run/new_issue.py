"""Start the next issue: a new issue file from the latest one, with example sections, and its photo folder."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path


from bulletinpdf.model import Period
from bulletinpdf.load.carry_over import carried_text
from bulletinpdf.load.schema import MODELINE
from bulletinpdf.photos.placeholder import draw_example_photo

QUARTER = re.compile(r"(\d{4})Q([1-4])")
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

      The second paragraph. A list, with a blank line before and after it:

      - a bulleted item (a numbered one starts with 1.)
      - the next item

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
