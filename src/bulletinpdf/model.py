"""The issue model: what one issue file says, typed and frozen, with where each part was written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Float = Literal["left", "right", "none"]
SectionStyle = Literal["normal", "notice"]


@dataclass(frozen=True)
class Position:
    """Where something was written in the issue file (1-based)."""

    line: int
    column: int


@dataclass(frozen=True)
class Period:
    """The quarter an issue covers."""

    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        """As printed under the title: '1 October to 31 December 2016'."""
        if self.start.year == self.end.year:
            return f"{_day_month(self.start)} to {_day_month(self.end)} {self.end.year}"
        return f"{_day_month(self.start)} {self.start.year} to {_day_month(self.end)} {self.end.year}"


def _day_month(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')}"


@dataclass(frozen=True)
class TextBlock:
    """Running text: paragraphs separated by blank lines, with inline markup."""

    text: str
    where: Position
    text_where: Position | None = None
    """Where the text itself starts (the first character after `|` for a block scalar)."""


@dataclass(frozen=True)
class ImageBlock:
    """A photo placed in a column, with its caption."""

    path: str
    """As written, relative to the assets folder."""
    resolved: Path
    """The checked absolute path of the file."""
    float: Float
    width: float
    """Fraction of the column width, 0.1 to 1.0."""
    caption: str
    alt: str
    credit: str
    where: Position
    caption_where: Position | None = None
    """Where the caption's first character is, for problems found in it later (e.g. font coverage)."""
    credit_where: Position | None = None


Block = TextBlock | ImageBlock


@dataclass(frozen=True)
class Section:
    """A heading and what follows it."""

    heading: str
    level: int
    """1 for a section, 2 for a sub-heading."""
    style: SectionStyle
    blocks: tuple[Block, ...]
    where: Position
    heading_where: Position | None = None
    """Where the heading's first character is."""


@dataclass(frozen=True)
class Contact:
    """The contact block that closes every issue."""

    heading: str
    lines: tuple[str, ...]
    email: str | None
    website: str | None
    where: Position


@dataclass(frozen=True)
class Issue:
    """One quarterly issue of the bulletin."""

    title: str
    period: Period
    language: str
    """BCP 47 tag, e.g. 'en'; chooses the hyphenation patterns."""
    sections: tuple[Section, ...]
    contact: Contact | None
    source: Path
    """The issue file, as given."""
    quarter: str
    """'2016Q4', from the file name."""
    brand: str | None = None
    """Name of a brand file under assets/ (without .yaml); None for the default brand."""
    subject: str = ""
    """One line for the PDF metadata; derived from the headings when not given."""
    title_where: Position | None = None
    """Where the title's first character is."""

    @property
    def image_blocks(self) -> tuple[ImageBlock, ...]:
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, ImageBlock))

    @property
    def display_title(self) -> str:
        return f"{self.title} — {self.period.label}"
