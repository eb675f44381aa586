"""Inline markup: one piece of issue text → ReportLab Paragraph markup and its plain words, from one parse.

The block structure around it (paragraphs, lists, tables) is read in blocks.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from bulletinpdf.text.typography import NO_SPACING, Spacing, apply

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from bulletinpdf.text.blocks import Piece
    from markdown_it.rules_inline.state_inline import StateInline
    from markdown_it.token import Token

ALLOWED_SCHEMES = ("http", "https", "mailto")
# ReportLab lays out one paragraph in time quadratic in its length (FIELD-NOTES: 20,000 words 5 s
# in one frame; split over columns it ran for minutes), so a runaway paragraph (a pasted document
# without blank lines) is refused before layout. 2016 Q4's longest paragraph has 193 words.
MAX_PARAGRAPH_WORDS = 1000

_RUN_OF_SPACES = re.compile(r"[ \t\n]+")


@dataclass(frozen=True)
class TextProblem:
    """A mistake in a text block, located relative to the block's first line."""

    severity: Literal["error", "warning"]
    message: str
    hint: str | None
    line_offset: int
    """0-based line within the text block."""
    column: int
    """1-based column within that line."""


@dataclass(frozen=True)
class MarkedUpText:
    """A text block parsed once and rendered for every output, and what was wrong with it."""

    paragraphs: tuple[Piece, ...]
    """Each piece in reading order: a paragraph's ReportLab markup, a list item, a table (see blocks.py); one
    line of text (a heading, a caption) is a single paragraph."""
    problems: tuple[TextProblem, ...]
    plain: tuple[str, ...] = ()
    """The same paragraphs as a reader sees them, markup removed: for the e-mail, the outline, the metadata."""


def mark_up_inline(text: str, *, link_color: str | None = None, spacing: Spacing = NO_SPACING) -> MarkedUpText:
    """One line (a heading, a caption, a contact line): never split into paragraphs."""
    clean, problems = _without_bad_characters(text)
    rendered, words = _render_source(clean, 0, link_color=link_color, problems=problems, spacing=spacing)
    return MarkedUpText((rendered,) if rendered else (), tuple(problems), (words,) if rendered else ())


def plain_words(text: str, *, spacing: Spacing = NO_SPACING) -> list[str]:
    """The words a reader sees in the PDF, markup removed (to compare PDF text with the source)."""
    return " ".join(mark_up_inline(text, spacing=spacing).plain).split()


def _without_bad_characters(text: str) -> tuple[str, list[TextProblem]]:
    """Drop control characters and lone surrogates, reporting each where it was."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems: list[TextProblem] = []
    kept: list[str] = []
    line = 0
    column = 1
    for char in text:
        if char == "\n":
            kept.append(char)
            line += 1
            column = 1
            continue
        if char == "\t":
            kept.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cs"):
            kind = "a lone surrogate" if unicodedata.category(char) == "Cs" else "a control character"
            problems.append(TextProblem(
                "error", f"{kind} U+{ord(char):04X} cannot be printed",
                "delete it (it often comes from copying out of another program)", line, column))
        else:
            kept.append(char)
        column += 1
    return "".join(kept), problems


def _render_source(source: str, start_line: int, *, link_color: str | None,
                   problems: list[TextProblem], spacing: Spacing) -> tuple[str, str]:
    tokens = _parser(spacing.rules.quotes).parseInline(source)[0].children or []
    return render_inline(tokens, source=source, start_line=start_line, link_color=link_color, problems=problems,
                         spacing=spacing)


def render_inline(tokens: Sequence[Token], *, source: str, start_line: int, link_color: str | None,
                  problems: list[TextProblem], column_offsets: Sequence[int] = (),
                  spacing: Spacing = NO_SPACING) -> tuple[str, str]:
    """One parse, rendered twice: as ReportLab markup and as plain words (its problems once), both in the
    language's typography (`spacing`).

    `source` is the text the tokens were parsed from; `column_offsets` says, line by line, how far right of the
    block's own column it stands in the issue file (a list item's text starts after its marker)."""
    renderer = _Renderer(source=source, start_line=start_line, link_color=link_color, plain=False,
                         column_offsets=column_offsets, spacing=spacing)
    markup = renderer.render(tokens)
    problems.extend(renderer.problems)
    plain = _Renderer(source=source, start_line=start_line, link_color=None, plain=True,
                      column_offsets=column_offsets, spacing=spacing).render(tokens)
    return markup, plain


def without_bad_characters(text: str) -> tuple[str, list[TextProblem]]:
    """The text as it can be printed, and an error at every character that cannot."""
    return _without_bad_characters(text)


@cache
def block_parser() -> MarkdownIt:
    """The blocks alone (paragraphs, lists, tables), their text left unparsed: a paragraph too long to set is
    refused before its inline markup is read (linkify's scan is quadratic: 14 s for 20,000 words)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero")
    md.enable(["list", "table"])
    md.core.ruler.disable("inline")
    return md


def parser(quotes: str = "") -> MarkdownIt:
    """The one markdown-it parser of the issue's text, inline rules and the blocks blocks.py reads; with `quotes`
    (Typography.quotes), straight quotes become those."""
    return _parser(quotes)


# --- parser --------------------------------------------------------------------------

@cache
def _parser(quotes: str = "") -> MarkdownIt:
    """markdown-it with only our rules: '*' emphasis, links, linkify, escapes, '^sup^'; and with `quotes`, its
    typographer's smart quotes alone (not its other replacements: '(c)' and '--' stay as typed). It pairs
    opening and closing quotes across the marks and tells an apostrophe (People's, States') from a quote; a
    quote escaped with '\\' stays straight."""
    # Imported here, not at the top: a rebuild finds most texts' markup in the cache (markup_cache.py), and
    # markdown-it with linkify's patterns costs 70 ms to load, a seventh of a whole build.
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline.link import link
    from markdown_it.rules_inline.linkify import linkify

    md = MarkdownIt("zero", {"linkify": True})
    md.enable(["escape", "linkify", "list", "table"])
    # Unmatched delimiters must stay separate tokens, each with its position, so we can
    # warn about them; these two rules would merge them into the surrounding text.
    md.disable(["fragments_join", "text_join"])
    md.enable("emphasis", ignoreInvalid=True)  # the inline2 post-process that pairs '*'
    md.inline.ruler.disable("emphasis")
    md.inline.ruler.push("star_emphasis", _star_emphasis)
    md.inline.ruler.push("sup", _superscript)
    md.inline.ruler.push("located_link", _not_after_bang(_located(link)))
    md.inline.ruler.at("linkify", _located(linkify, back=_scheme_length))
    # Every target is accepted here and judged in the renderer, so a bad one becomes an
    # error the user sees instead of silently staying text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    assert md.linkify is not None
    md.linkify.add("//", None)  # "//host" is not an address a reader can use
    if quotes:
        md.options["typographer"] = True
        md.options["quotes"] = quotes
        md.core.ruler.after("linkify", "quotes_outside_addresses", _quotes_outside_addresses)  # after www. links are found
    return md


def _quotes_outside_addresses(state) -> None:
    """markdown-it's smart quotes on everything but the text of a bare web or e-mail address (www.un.org/a'b
    prints as typed, as its link goes): that text is hidden from the rule while it runs."""
    from markdown_it.rules_core.smartquotes import smartquotes

    hidden = []
    for block in state.tokens:
        inside = 0
        for token in block.children or ():
            if token.type == "link_open":
                inside += token.info == "auto"
            elif token.type == "link_close":
                inside = max(inside - 1, 0)
            elif inside and token.type == "text":
                token.type = "address_text"
                hidden.append(token)
    smartquotes(state)
    for token in hidden:
        token.type = "text"


def _star_emphasis(state: StateInline, silent: bool) -> bool:
    """`*italic*` and `**bold**` only: `_` is an ordinary character in our markup."""
    if state.src[state.pos] != "*":
        return False
    from markdown_it.rules_inline import emphasis

    start, known = state.pos, len(state.delimiters)
    if not emphasis.tokenize(state, silent):
        return False
    if _between_letters_or_digits(state.src, start, state.pos):
        # '2*3*4 = 24', 'un*believ*able': stars with no space on either side are what was typed, never emphasis.
        del state.delimiters[known:]
        return True
    run = [state.tokens[delimiter.token] for delimiter in state.delimiters[known:]]
    for offset, token in enumerate(run):
        token.meta.update(pos=start + offset, run=start, run_length=len(run), delimiter="*")
    return True


def _between_letters_or_digits(text: str, start: int, end: int) -> bool:
    return 0 < start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()


def _superscript(state: StateInline, silent: bool) -> bool:
    """`^text^` with no spaces inside, as in `5^th^`; a lone '^' is kept and warned about."""
    start = state.pos
    if state.src[start] != "^":
        return False
    end = state.src.find("^", start + 1, state.posMax)
    content = state.src[start + 1:end] if end > 0 else ""
    if not content or any(char.isspace() for char in content):
        if silent:
            return False
        token = state.push("text", "", 0)
        token.content = "^"
        token.meta.update(pos=start, delimiter="^")
        state.pos = start + 1
        return True
    if not silent:
        state.push("sup_open", "super", 1).meta["pos"] = start
        state.push("text", "", 0).content = content
        state.push("sup_close", "super", -1)
    state.pos = end + 1
    return True


def _not_after_bang(rule):
    """`![alt](file)` is image syntax in Markdown; ours has none, so it stays text."""
    def text_after_bang(state: StateInline, silent: bool) -> bool:
        return not (state.pos > 0 and state.src[state.pos - 1] == "!") and rule(state, silent)
    return text_after_bang


def _scheme_length(state: StateInline) -> int:
    from markdown_it.rules_inline.linkify import SCHEME_RE

    match = SCHEME_RE.search(state.pending)
    return len(match.group(1)) if match else 0


def _located(rule, back=lambda state: 0):
    """Wraps an inline rule so the tokens it opens remember where they start."""
    def located(state: StateInline, silent: bool) -> bool:
        start, first = state.pos - back(state), len(state.tokens)
        if not rule(state, silent):
            return False
        for token in state.tokens[first:]:
            if token.type == "link_open":
                token.meta["pos"] = start
        return True
    return located


# --- renderer ------------------------------------------------------------------------

_TAGS = {"em_open": "<i>", "em_close": "</i>", "strong_open": "<b>", "strong_close": "</b>",
         "sup_open": "<super>", "sup_close": "</super>"}


class _Renderer:
    """Turns inline tokens into ReportLab markup (or plain text), collecting problems."""

    def __init__(self, *, source: str, start_line: int, link_color: str | None, plain: bool,
                 column_offsets: Sequence[int] = (), spacing: Spacing = NO_SPACING):
        self.source = source
        self.start_line = start_line
        self.column_offsets = column_offsets
        self.link_color = link_color
        self.plain = plain
        self.spacing = spacing
        self.problems: list[TextProblem] = []

    def render(self, tokens: Sequence[Token]) -> str:
        literal = self._badly_nested(tokens)
        # Text is kept as typed until the language's typography has seen all of it (a space before ':' may be in
        # the piece before), then escaped; markup tags go in as they are.
        parts: list[str | _Typed] = []
        open_links: list[bool] = []  # for each link_open: was it printed as a link?
        addresses = 0  # inside how many links written as bare addresses: their text is never respaced
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "text" and token.content and token.content == token.meta.get("delimiter"):
                index, run = self._unclosed(tokens, index)
                parts.append(run)
                continue
            if kind in ("text", "text_special"):
                parts.append(self._text(token.content, protected=addresses > 0))
            elif id(token) in literal:
                parts.append(self._text(token.markup))
            elif kind in _TAGS:
                parts.append("" if self.plain else _TAGS[kind])
            elif kind == "link_open":
                opening = self._link_open(token, tokens[index + 1:])
                open_links.append(bool(opening))
                addresses += token.info == "auto"
                parts.append(opening)
            elif kind == "link_close":
                parts.append("</a>" if open_links.pop() and not self.plain else "")
                addresses = max(addresses - (token.info == "auto"), 0)
            elif kind == "hardbreak":
                # Only from a '\' ending a line (CommonMark's hard break; trailing spaces, which no editor shows,
                # stay ordinary spaces).
                parts.append(" " if self.plain else "<br/>")
            elif kind == "softbreak":
                parts.append(self._text(" "))
            else:
                parts.append(self._text(token.content))
            index += 1
        return re.sub(" {2,}", " ", self._joined(parts)).strip()

    def _joined(self, parts: list[str | _Typed]) -> str:
        typed = [part for part in parts if isinstance(part, _Typed)]
        spaced = iter(apply([(part.text, part.protected) for part in typed], self.spacing))
        finish = (lambda text: text) if self.plain else _escape
        return "".join(finish(next(spaced)) if isinstance(part, _Typed) else part for part in parts)

    def _badly_nested(self, tokens: Sequence[Token]) -> set[int]:
        """Emphasis pairs to print as typed, warning once per crossing.

        markdown-it resolves crossings like `*a **b* c**` by CommonMark's rules into
        nested italics nobody meant; we print them as typed instead. A pair joining a
        '*' run with a '**' run is such a crossing ('***' may pair with either), and
        every pair touching a run of a crossing is printed as typed too.
        """
        pairs: list[tuple[Token, Token]] = []
        stack: list[Token] = []
        for token in tokens:
            if token.type in ("em_open", "strong_open"):
                stack.append(token)
            elif token.type in ("em_close", "strong_close"):
                pairs.append((stack.pop(), token))
        bad_runs = {
            run
            for opening, closing in pairs
            if _run_length(opening) != _run_length(closing) and 3 not in (_run_length(opening), _run_length(closing))
            for run in (opening.meta.get("run"), closing.meta.get("run"))
        }
        while True:
            touched = {run for opening, closing in pairs
                       if {opening.meta.get("run"), closing.meta.get("run")} & bad_runs
                       for run in (opening.meta.get("run"), closing.meta.get("run"))}
            if touched <= bad_runs:
                break
            bad_runs |= touched
        literal: set[int] = set()
        crossings: list[set[int]] = []  # runs that cross each other, one set per crossing
        for opening, closing in pairs:
            runs = {opening.meta.get("run"), closing.meta.get("run")}
            if runs & bad_runs:
                literal.update((id(opening), id(closing)))
                joined = [crossing for crossing in crossings if crossing & runs]
                crossings = [crossing for crossing in crossings if not crossing & runs]
                crossings.append(runs.union(*joined))
        for crossing in crossings:
            self._warn(min(crossing), "badly nested '*' and '**' (printed as typed)",
                       "close the inner one first: **bold *and italic* text**")
        return literal

    def _unclosed(self, tokens: Sequence[Token], index: int) -> tuple[int, str]:
        """A run of unmatched delimiters: printed as typed, one warning for the run."""
        first = tokens[index]
        run = ""
        while (index < len(tokens) and tokens[index].type == "text"
               and tokens[index].content == first.content == tokens[index].meta.get("delimiter")
               and first.meta["pos"] + len(run) == tokens[index].meta["pos"]):
            run += tokens[index].content
            index += 1
        if first.content == "^":
            self._warn(first.meta["pos"], "unclosed '^' (it is printed as typed)",
                       "write ^th^ for a superscript, with no spaces inside, or \\^ for a literal caret "
                       "(\\\\^ in a text in double quotes)")
        else:
            self._warn(first.meta["pos"], f"unclosed or badly nested '{run}' (it is printed as typed)",
                       f"close it, or write {run.replace('*', chr(92) + '*')} for literal asterisks "
                       f"({run.replace('*', chr(92) * 2 + '*')} in a text in double quotes)")
        return index, self._text(run)

    def _text(self, content: str, *, protected: bool = False) -> _Typed:
        return _Typed(_RUN_OF_SPACES.sub(" ", content), protected)

    def _link_open(self, token: Token, following: Sequence[Token]) -> str:
        href = str(token.attrGet("href") or "")
        label = following[0].content if following and following[0].type == "text" else ""
        if token.info == "auto" and href.startswith("http://") and not label.startswith("http://"):
            href = "https://" + href[len("http://"):]  # 'www.x.org' as typed: the secure site
        scheme = href.split(":", 1)[0].lower() if ":" in href else ""
        if scheme not in ALLOWED_SCHEMES:
            self._error(token.meta.get("pos", 0), f"link target '{href}' is not a web or e-mail address",
                        "links must start with https://, http:// or mailto:")
            return ""
        if self.plain:
            return ""
        color = f' color="{_escape(self.link_color)}"' if self.link_color else ""
        return f'<a href="{_escape(href)}"{color}>'

    def _where(self, pos: int) -> tuple[int, int]:
        line_start = self.source.rfind("\n", 0, pos) + 1
        line = self.source.count("\n", 0, pos)
        shift = self.column_offsets[line] if line < len(self.column_offsets) else 0
        return self.start_line + line, pos - line_start + 1 + shift

    def _warn(self, pos: int, message: str, hint: str) -> None:
        self.problems.append(TextProblem("warning", message, hint, *self._where(pos)))

    def _error(self, pos: int, message: str, hint: str) -> None:
        self.problems.append(TextProblem("error", message, hint, *self._where(pos)))


@dataclass(frozen=True)
class _Typed:
    """Text as the author typed it, not yet escaped; `protected` inside a bare web or e-mail address."""

    text: str
    protected: bool = False


def _run_length(token: Token) -> int:
    return int(token.meta.get("run_length", 0))


def _escape(text: str) -> str:
    """User text and attribute values as ReportLab's mini-XML reads them literally."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
