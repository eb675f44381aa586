"""Structure: what each drawn piece is to a reader (heading, paragraph, photo, caption), in the issue's reading order.

Layout decides it, because layout knows the issue's sections and blocks; the renderer marks what it draws with
these elements, and the tagged editions carry them as their structure tree (render/standards.py). Everything
drawn outside an element is page furniture, marked as an artifact.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import ContextManager


from bulletinpdf.lines.hyphenation import line_ends
from bulletinpdf.lines.linebreak import HeldParagraph

ROLES = ("Document", "Sect", "Div", "H1", "H2", "H3", "P", "Figure", "Caption", "L", "LI", "Lbl", "LBody", "Table",
         "TR", "TH", "TD")
"""Standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4): readers and validators know them without a RoleMap."""


@dataclass(eq=False)
class Element:
    """One node of the structure tree; compared by identity, since two paragraphs may read alike."""

    role: str
    """One of ROLES."""
    alt: str = ""
    """For a Figure, what a reader who cannot see the photo is told instead."""
    children: list[Element] = field(default_factory=list)
    scope: str = ""
    """For a table's header cell: 'Column', the cells it heads."""

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"not a structure type we write: {self.role!r}")

    def add(self, role: str, *, alt: str = "") -> Element:
        child = Element(role, alt=alt, scope="Column" if role == "TH" else "")
        self.children.append(child)
        return child

    def walk(self):
        """This element and every one under it, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


def marked(canvas, element: Element | None, **options) -> ContextManager:
    """Draw inside this element's marked content, where the canvas tags (render/canvas.py); else plainly."""
    mark = getattr(canvas, "marked", None)
    return nullcontext() if mark is None or element is None else mark(element, **options)


def artifact(canvas) -> ContextManager:
    """Draw as page furniture, which readers skip (running head, folio, rules, tints, the logo)."""
    mark = getattr(canvas, "artifact", None)
    return nullcontext() if mark is None else mark()


def start_artifact(canvas) -> None:
    """An artifact begun here and ended by end_artifact, for drawing told in steps (a table's)."""
    begin = getattr(canvas, "begin_artifact", None)
    if begin is not None:
        begin()


def end_artifact(canvas) -> None:
    end = getattr(canvas, "end_artifact", None)
    if end is not None:
        end()


def drawn_before(canvas, thing) -> bool:
    """Has the canvas drawn this before (a table's header, repeated where the table goes on)? Remembered from
    the first ask; False where the canvas does not tag."""
    ask = getattr(canvas, "drawn_before", None)
    return bool(ask is not None and ask(thing))


class Tagged:
    """A paragraph whose lines are the content of one structure element, on every page it runs over.

    Mixed in before a Paragraph class: the pieces a split makes keep the element, so a paragraph broken
    over a column or a page is still one element."""

    tag: Element | None = None
    label_tag: Element | None = None
    """A list item's Lbl: its bullet or number, which ReportLab draws first, with a text object of its own."""

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's signature
        parts = super().split(availWidth, availHeight)
        for index, part in enumerate(parts):
            part.tag = self.tag
            part.label_tag = self.label_tag if index == 0 else None  # the rest of a split item has no bullet
        return parts

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N803 - ReportLab's signature
        # How each line ends (a space, a hyphen the line breaker added, nothing) tells the tagged text
        # where words end: a reader must hear "reports", not "re-ports", and "to December", not "toDecember".
        ends = line_ends(self) if getattr(self, "blPara", None) is not None else []
        label = self.label_tag if getattr(self, "bulletText", None) else None
        with marked(canvas, self.tag, line_ends=ends, label=label):
            super().drawOn(canvas, x, y, _sW)


class TaggedParagraph(Tagged, HeldParagraph):
    """A plain paragraph (caption, credit, a contact line) that is one element's content."""

    def __init__(self, text: str | None, style, *args, tag: Element | None = None, **kwargs):
        # ReportLab's split makes the pieces with this class and Paragraph's own arguments.
        super().__init__(text, style, *args, **kwargs)
        self.tag = tag
