"""Marked content: a tagged edition's canvas marks all it draws, as a structure element's content or as an artifact.

Each piece of an element's content gets a marked-content id (MCID) on its page; standards.py then builds the
structure tree from what was recorded here. Nothing here changes what is painted: pages render as untagged.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from bulletinpdf.layout.structure import Element
from bulletinpdf.lines.hyphenation import ADDED_HYPHEN, SPACE
from bulletinpdf.lines.reportlab_internals import LineEndText, append_to_page


@dataclass(frozen=True)
class MarkedContent:
    page: int
    """0 for the first page."""
    mcid: int
    element: Element


@dataclass(frozen=True)
class LinkAnnotation:
    """A link as drawn, in the order of its page's annotations."""

    page: int
    element: Element
    """The element whose text holds the link."""
    description: str
    """What a reader is told of where it leads (the annotation's /Contents)."""


class LineEndingText(LineEndText):
    """A text object that writes each line's end as a reader should hear it (see structure.Tagged).

    A space goes after the last word of a line (it paints nothing). A hyphen the line breaker added is drawn as
    an artifact between two pieces of the element's content, so the tagged text reads the whole word. (Not as a
    span with an empty /ActualText: poppler ends the element's text at the span's end.)"""

    line_ends: list[str]
    _hyphenated: tuple[int, str, str] | None = None
    """A line of several fonts ends with an empty text: where the text before went, formatted as word and hyphen."""
    _ends_in_space = False

    def write_piece(self, text: str, *, line_end: bool) -> None:
        # Each text is formatted once, in drawing order: formatting selects the font subset the text needs and the
        # text object remembers it, so text formatted a second time lost its font (a line in italics came out
        # upright).
        if not line_end or not self.line_ends:
            if text.endswith("-") and self.line_ends and self.line_ends[0] == ADDED_HYPHEN:
                # Maybe the word the line breaker hyphenated: its hyphen is formatted apart (the same glyphs, in
                # two pieces), so that it can become an artifact if the line ends here.
                word, hyphen = self.formatted(text[:-1]), self.formatted("-")
                self.append_operators(f"{word} {hyphen}")
                self._hyphenated, self._ends_in_space = (self.operator_count - 1, word, hyphen), False
            else:
                self.emit(text, line_end=line_end)
                if text:
                    self._hyphenated, self._ends_in_space = None, text.endswith(" ")
            return
        end = self.line_ends.pop(0)
        if end == SPACE:
            if text and not text.endswith(" "):
                text += " "
            elif not text and not self._ends_in_space:
                text = " "
        elif end == ADDED_HYPHEN:
            if text.endswith("-"):
                self.append_operators(self.formatted(text[:-1]) + self._hyphen(self.formatted("-")))
                text = ""
            elif not text and self._hyphenated is not None:
                index, word, hyphen = self._hyphenated
                self.replace_operators(index, word + self._hyphen(hyphen))
        self.emit(text, line_end=True)
        self._hyphenated, self._ends_in_space = None, False

    def _hyphen(self, hyphen: str) -> str:
        return f" EMC /Artifact BMC {hyphen} EMC {self.drawn_on.continue_marked()}"


class MarkingCanvas:
    """Mixed into the edition's canvas for the tagged editions: `marked` and `artifact` as layout asks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.marked_content: list[MarkedContent] = []
        self.links: list[LinkAnnotation] = []
        self._open: Element | None = None
        self._next_mcid = 0
        self._line_ends: list[str] = []
        self._artifacts = 0
        self._label_open = False
        self._seen: set[int] = set()

    @contextmanager
    def marked(self, element: Element, *, line_ends: list[str] | tuple = (), label: Element | None = None):
        if self._artifacts:
            # Inside an artifact (a table's header repeated after a break) nothing is tagged again.
            yield
            return
        if self._open is not None:
            # Marked content with ids may not nest (ISO 32000-1, 14.7.4.2): a flowable tagged inside another.
            raise RuntimeError(f"a {element.role} drawn inside a {self._open.role}")
        # A list item's bullet is drawn first: the sequence opens as its Lbl, and drawText turns it to the element.
        first = label or element
        mcid = self._next_mcid
        self._next_mcid += 1
        self.marked_content.append(MarkedContent(self.getPageNumber() - 1, mcid, first))
        append_to_page(self, f"/{first.role} <</MCID {mcid}>> BDC")
        self._open, self._line_ends, self._label_open = element, list(line_ends), label is not None
        try:
            yield
        finally:
            append_to_page(self, "EMC")
            self._open, self._line_ends, self._label_open = None, [], False

    def continue_marked(self) -> str:
        """The operator that opens another piece of the open element's content (it gets the next MCID)."""
        element = self._open
        if element is None:
            raise RuntimeError("no element open")
        mcid = self._next_mcid
        self._next_mcid += 1
        self.marked_content.append(MarkedContent(self.getPageNumber() - 1, mcid, element))
        return f"/{element.role} <</MCID {mcid}>> BDC"

    @contextmanager
    def artifact(self):
        self.begin_artifact()
        try:
            yield
        finally:
            self.end_artifact()

    def begin_artifact(self) -> None:
        append_to_page(self, "/Artifact BMC")
        self._artifacts += 1

    def end_artifact(self) -> None:
        append_to_page(self, "EMC")
        self._artifacts -= 1

    def drawn_before(self, thing) -> bool:
        """True from the second time on (the things asked about live as long as the layout, so ids are stable)."""
        seen = id(thing) in self._seen
        self._seen.add(id(thing))
        return seen

    def showPage(self):  # noqa: N802 - ReportLab's name
        super().showPage()
        self._next_mcid = 0

    def beginText(self, x=0, y=0, direction=None):  # noqa: N802 - ReportLab's name
        text = LineEndingText(self, x, y, direction=direction)
        # One paragraph draws all its lines with one text object, which takes their ends from this list (shared:
        # a list item's bullet is drawn first, with a text object of its own that ends no line).
        text.line_ends = self._line_ends
        return text

    def drawText(self, aTextObject):  # noqa: N802, N803 - ReportLab's names
        super().drawText(aTextObject)
        if self._label_open:
            self._label_open = False
            append_to_page(self, "EMC " + self.continue_marked())

    def linkURL(self, url, rect, relative=0, *args, **kwargs):  # noqa: N802 - ReportLab's name
        shown = url.removeprefix("mailto:")
        self._record_link(f"E-mail {shown}" if url.startswith("mailto:") else f"Link to {shown}")
        return super().linkURL(url, rect, relative, *args, **kwargs)

    def linkRect(self, contents, destinationname, *args, **kwargs):  # noqa: N802 - ReportLab's name
        self._record_link(contents or f"Go to {destinationname}")
        return super().linkRect(contents, destinationname, *args, **kwargs)

    def _record_link(self, description: str) -> None:
        if self._open is None:
            raise RuntimeError(f"a link drawn outside any element: {description}")
        self.links.append(LinkAnnotation(self.getPageNumber() - 1, self._open, description))
