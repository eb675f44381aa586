"""Blocks of running text: paragraphs, bulleted and numbered lists, and pipe tables, read by markdown-it.

A text block of the issue file becomes a sequence of pieces, each marked up once for the PDF and as plain words
(markup.py does the inline part). Editors write lists and tables as Markdown has them:

    - a bullet item            1. a numbered item          | Date | Meeting | Place |
      its second line          2. the next one             |:-----|---------|------:|
      - an item inside it                                  | 4–6 September | 7MSP | Geneva |
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bulletinpdf.text.typography import NO_SPACING, Spacing
from bulletinpdf.text.markup import (
    MAX_PARAGRAPH_WORDS, MarkedUpText, TextProblem, block_parser, parser, render_inline,
    without_bad_characters,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

# Lists go one level inside another, no deeper: a bulletin's column has room for no more indents.
MAX_LIST_DEPTH = 2
BULLET = "•"
Alignment = Literal["left", "center", "right"]


@dataclass(frozen=True)
class ListItem:
    """One item of a bulleted or numbered list; an item's own paragraphs after its first are items without label."""

    markup: str
    """The item's text as ReportLab markup."""
    label: str
    """The bullet, or the number as written ('1.'); empty for an item's second paragraph."""
    depth: int
    """1, or 2 for an item of a list inside an item."""
    starts_list: bool
    """The first item of a list standing among paragraphs: the paragraph space above it."""
    ends_list: bool
    """The last item before the next paragraph: the paragraph space below it."""


@dataclass(frozen=True)
class Table:
    """A table in pipe syntax: a header row, then rows of the same number of cells."""

    header: tuple[str, ...]
    """Each cell's ReportLab markup."""
    rows: tuple[tuple[str, ...], ...]
    alignments: tuple[Alignment, ...]
    """Per column, from the delimiter row (':---', ':---:', '---:')."""
    line_offset: int
    """0-based line of the header within the text block, for the layout's messages."""


Piece = str | ListItem | Table
"""A paragraph (its ReportLab markup), a list item or a table."""


def mark_up(text: str, *, link_color: str | None = None, spacing: Spacing = NO_SPACING) -> MarkedUpText:
    """Running text: paragraphs separated by blank lines (single newlines are spaces), lists and tables; `spacing`
    is the language's typography (typography.py)."""
    clean, problems = without_bad_characters(text)
    reader = _BlockReader(clean.split("\n"), link_color=link_color, problems=problems, spacing=spacing)
    reader.read(block_parser().parse(clean))
    return MarkedUpText(tuple(reader.pieces), tuple(problems), tuple(reader.plain))


@dataclass
class _BlockReader:
    lines: list[str]
    link_color: str | None
    problems: list[TextProblem]
    spacing: Spacing = NO_SPACING

    def __post_init__(self) -> None:
        self.pieces: list[Piece] = []
        self.plain: list[str] = []
        self.pending_label = ""

    def read(self, tokens: Sequence[Token]) -> None:
        depth = 0
        labels: list[list] = []  # per open list: [is ordered, next number]
        for index, token in enumerate(tokens):
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                depth += 1
                start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 0
                labels.append([kind == "ordered_list_open", start, token.markup])
                if depth > MAX_LIST_DEPTH:
                    self.problem(token.map[0] if token.map else 0, 1, "error",
                                 f"a list inside a list inside a list: at most {MAX_LIST_DEPTH} levels",
                                 "indent this item like the items of the list above it")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
                labels.pop()
                if depth == 0 and self.pieces and isinstance(self.pieces[-1], ListItem):
                    last = self.pieces[-1]
                    self.pieces[-1] = ListItem(last.markup, last.label, last.depth, last.starts_list, True)
            elif kind == "list_item_open":
                ordered, number, mark = labels[-1]
                labels[-1][1] += 1
                self.pending_label = f"{number}{mark}" if ordered else BULLET
            elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
                if depth:
                    self.list_item(token, depth=min(depth, MAX_LIST_DEPTH))
                else:
                    self.paragraph(token)
            elif kind == "table_open":
                self.table(tokens, index)

    # --- pieces -------------------------------------------------------------------------

    def too_long(self, token: Token) -> bool:
        """A paragraph (or an item) too long to set is refused before its markup is read."""
        words = len(token.content.split())
        if words <= MAX_PARAGRAPH_WORDS:
            return False
        self.problem(token.map[0], self.offsets(token)[0] + 1, "error",
                     f"paragraph of {words} words is too long (at most {MAX_PARAGRAPH_WORDS})",
                     # In quotes a blank line is only a line break: the hint holds in either way of writing.
                     "split it with a blank line between paragraphs, in a text written on the lines after "
                     "'text: |' (inside quotes a blank line does not start a paragraph)")
        return True

    def paragraph(self, token: Token) -> None:
        if self.too_long(token):
            return
        markup, plain = self.inline(token)
        if markup:
            self.pieces.append(markup)
            self.plain.append(plain)

    def list_item(self, token: Token, *, depth: int) -> None:
        if self.too_long(token):
            return
        markup, plain = self.inline(token)
        label, self.pending_label = self.pending_label, ""
        starts = not self.pieces or not isinstance(self.pieces[-1], ListItem) or self.pieces[-1].ends_list
        self.pieces.append(ListItem(markup, label, depth, starts, False))
        self.plain.append(f"{label} {plain}".strip() if label else plain)

    def table(self, tokens: Sequence[Token], start: int) -> None:
        first, end = tokens[start].map
        header_line = self.lines[first]
        expected = len(_cells(header_line))
        alignments: list[Alignment] = []
        rows: list[tuple[str, ...]] = []
        plain_rows: list[str] = []
        for line_number in range(first, end):
            line = self.lines[line_number]
            cells = _cells(line)
            if line_number == first + 1:  # the delimiter row
                alignments = [_alignment(text) for text, _ in cells]
                continue
            if "|" not in line:
                self.problem(line_number, 1, "error", "a line right after a table is read as one of its rows",
                             "leave a blank line between the table and the text after it")
                continue
            if len(cells) != expected:
                self.problem(line_number, 1, "error",
                             f"this row has {len(cells)} cells, the table's header has {expected}",
                             "give every row as many cells as the header, each between '|' marks; write \\| for "
                             "a '|' inside a cell")
                continue
            rendered = [self.cell(text, line_number, column) for text, column in cells]
            rows.append(tuple(markup for markup, _ in rendered))
            plain_rows.append(" | ".join(plain for _, plain in rendered))
        if rows:
            self.pieces.append(Table(header=rows[0], rows=tuple(rows[1:]), alignments=tuple(alignments),
                                     line_offset=first))
            self.plain.append("\n".join(plain_rows))

    # --- inline text ----------------------------------------------------------------------

    def inline(self, token: Token) -> tuple[str, str]:
        tokens = parser(self.spacing.rules.quotes).parseInline(token.content)[0].children or []
        return render_inline(tokens, source=token.content, start_line=token.map[0],
                             link_color=self.link_color, problems=self.problems, column_offsets=self.offsets(token),
                             spacing=self.spacing)

    def cell(self, text: str, line_number: int, column: int) -> tuple[str, str]:
        stripped = text.strip()
        column += len(text) - len(text.lstrip())
        tokens = parser(self.spacing.rules.quotes).parseInline(stripped)[0].children or []
        return render_inline(tokens, source=stripped, start_line=line_number, link_color=self.link_color,
                             problems=self.problems, column_offsets=(column,), spacing=self.spacing)

    def offsets(self, token: Token) -> list[int]:
        """How far into its line of the text block each line of the token's content starts."""
        found = []
        for number, content in enumerate(token.content.split("\n")):
            line = self.lines[token.map[0] + number].rstrip()
            content = content.rstrip()
            found.append(len(line) - len(content) if line.endswith(content) else max(line.find(content), 0))
        return found

    def problem(self, line: int, column: int, severity: Literal["error", "warning"], message: str,
                hint: str) -> None:
        self.problems.append(TextProblem(severity, message, hint, line, column))


def _cells(line: str) -> list[tuple[str, int]]:
    """A row's cells with the 0-based column each starts at; '\\|' is a '|' inside a cell."""
    body = line.rstrip()
    start = len(body) - len(body.lstrip())
    if body[start:start + 1] == "|":
        start += 1
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells, current, column = [], start, start
    index = start
    while index < len(body):
        if body[index] == "\\" and index + 1 < len(body):
            index += 2
            continue
        if body[index] == "|":
            cells.append((body[current:index], column))
            current = column = index + 1
        index += 1
    cells.append((body[current:], column))
    return cells


def _alignment(delimiter: str) -> Alignment:
    text = delimiter.strip()
    if text.startswith(":") and text.endswith(":"):
        return "center"
    return "right" if text.endswith(":") else "left"
