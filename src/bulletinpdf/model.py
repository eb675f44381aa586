"""The issue model: what one issue file says, typed and frozen, with where each part was written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
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
class Typography:
    """A language's spacing and apostrophe rules, applied where the author typed a plain space or none."""

    narrow_space_before: str = ""
    """Marks that take a narrow no-break space before them (French: ';:!?»')."""
    narrow_space_after: str = ""
    """Marks that take one after them (French: '«')."""
    apostrophe: str = ""
    """What a straight apostrophe becomes ('’'); empty to keep it."""
    quotes: str = ""
    """What straight quotes become, as markdown-it's typographer takes them: the opening and closing double
    quotes, then the single ones ('“”‘’' in English); empty to keep them as typed."""

    @property
    def spaced(self) -> bool:
        return bool(self.narrow_space_before or self.narrow_space_after)


@dataclass(frozen=True)
class Language:
    """The words the layout adds in one language, from load/languages/CODE.yaml, with CLDR's month names."""

    code: str
    """'fr': the file's name, and the primary subtag of the issue's `language:`."""
    name: str
    """In English, for messages: 'French'."""
    months: tuple[str, ...]
    """January to December as written in a date (CLDR, through Babel)."""
    words: dict[str, str] = field(compare=False)
    """The file's strings by name: 'page_of', 'contact_heading', 'see_more_at', 'period.range', ..."""
    typography: Typography = Typography()

    def say(self, name: str, **values: object) -> str:
        """One of the language's strings with its {names} filled in."""
        return self.words[name].format(**values)

    def period_line(self, period: Period, *, marked: bool = False) -> str:
        """'1 October to 31 December 2016' (with the language's own rules: '1^er^ octobre au ...');
        `marked` keeps superscripts as ^inline markup^, otherwise they are plain letters ('1er')."""
        same_year = period.start.year == period.end.year
        start = self._date(period.start, with_year=not same_year)
        text = self.say("period.range", start=start, end=self._date(period.end, with_year=True))
        return text if marked else text.replace("^", "")

    def _date(self, day: dt.date, *, with_year: bool) -> str:
        number = self.say("period.first_day", day=day.day) if day.day == 1 else str(day.day)
        pattern = "period.date_with_year" if with_year else "period.date"
        return self.say(pattern, day=number, month=self.months[day.month - 1], year=day.year)


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
    """BCP 47 tag as written, e.g. 'en' or 'fr-CH'; chooses the hyphenation patterns and the PDF's language tag.
    Its primary subtag names a supported language (`words`)."""
    sections: tuple[Section, ...]
    contact: Contact | None
    source: Path
    """The issue file, as given."""
    quarter: str
    """'2016Q4', from the file name."""
    words: Language
    """The words the layout adds (period line, page numbers, contact box...) in the issue's language."""
    translation: str | None = None
    """'fr' for issues/2016Q4.fr.yaml, a translation beside the original; None for the original."""
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
    def period_line(self) -> str:
        """The period in the issue's language, plain: '1er octobre au 31 décembre 2016'."""
        return self.words.period_line(self.period)

    @property
    def display_title(self) -> str:
        return f"{self.title} — {self.period_line}"

    @property
    def name_in_files(self) -> str:
        """What the output files are named after: '2016Q4', or '2016Q4-fr' for a translation."""
        return f"{self.quarter}-{self.translation}" if self.translation else self.quarter
