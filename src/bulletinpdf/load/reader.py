"""The loader: an issue file's bytes become the typed, frozen Issue, every mistake a positioned diagnostic."""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bulletinpdf.load.asset_paths import AssetPathError, resolve_asset
from bulletinpdf.diagnostics import Diagnostic, Severity, has_errors, sorted_diagnostics
from bulletinpdf.model import Block, Contact, ImageBlock, Issue, Period, Position, Section, TextBlock
from bulletinpdf.load.language import load_language, primary_code, supported_codes, supported_languages
from bulletinpdf.load.project import assets_dir_for, project_root_for, quarter_of, translation_of

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 12
MAX_DIAGNOSTICS = 50
MAX_EVENTS = 10_000
"""Bounds parsing time: the 2016Q4 issue is 128 YAML events (a 40-page one would be a few
thousand) and libyaml reads about 150,000 a second here, so any file stops within ~0.1 s."""

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ISSUE_KEYS = ("title", "period", "language", "brand", "subject", "sections", "contact")
PERIOD_KEYS = ("from", "to")
SECTION_KEYS = ("heading", "style", "level", "text", "blocks")
TEXT_BLOCK_KEYS = ("text",)
IMAGE_BLOCK_KEYS = ("image", "float", "width", "caption", "alt", "credit")
CONTACT_KEYS = ("heading", "lines", "email", "website")
FLOATS = ("left", "right", "none")
STYLES = ("normal", "notice")
DEFAULT_BRAND = "default"
DEFAULT_CONTACT_HEADING = "Contact details"

DATE_HINT = "write the date as YYYY-MM-DD, for example 2016-10-01"
UTF8_HINT = "save the file as UTF-8 (in your editor: Save with Encoding → UTF-8)"
ADD_HINTS = {
    "title": "add 'title: Highlights'",
    "period": "add 'period: {from: 2016-10-01, to: 2016-12-31}'",
    "sections": "add 'sections:' followed by one '- heading: ...' per section",
    "heading": "add 'heading: ' followed by the heading",
    "from": "add 'from: 2016-10-01'",
    "to": "add 'to: 2016-12-31'",
}

# Characters an editor hides or treats as line breaks; YAML counts some of them as line
# breaks too, which would shift every line number after them.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_CHARACTER_NAMES = {"\x85": "next-line character", "\u2028": "line separator", "\u2029": "paragraph separator"}
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
                   "r": "\r", "e": "\x1b", "N": "\x85", "L": "\u2028", "P": "\u2029"}
# What the typed fields accept; public, because schema.py builds the editors' JSON Schema from the same patterns.
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOOKS_LIKE_A_KEY = re.compile(r"\s*(?:-\s+)?[A-Za-z_]+:(?:\s|$)")
PERCENT_PATTERN = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*")
LANGUAGE_PATTERN = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
BRAND_NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_QUARTER = re.compile(r"(\d{4})Q([1-4])")
_TEXT_KEYS = ("title", "subject", "heading", "text", "caption", "alt", "credit", "image", "email", "website")
# Greedy to the end of the line (trailing spaces stripped in code): a lazy `.*?\s*$` is
# quadratic on a long line of spaces.
_KEY_VALUE = re.compile(r"(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>[A-Za-z_][\w-]*):[ ]+(?P<value>\S.*)")
_LIST_ITEM = re.compile(r"(?P<lead>[ ]*-[ ]+)(?P<value>\S.*)")
MAX_SUGGESTION = 100
"""Longer lines get a hint without the quoted example."""
_SPECIAL_STARTS = "*&!%@`[{"
_TOO_DEEP_HINT = "an issue needs only a few levels; check the indentation and the '[' and '{' marks"


class _TooMany(Exception):
    """Stops the loader once the user has enough to fix."""


# ---------------------------------------------------------------- public API


def load_issue(
    path: Path, *, display_name: str | None = None, assets_dir: Path | None = None
) -> tuple[Issue | None, list[Diagnostic]]:
    """The issue in `path` and every problem found in it; the issue is None when there is an error."""
    report = _Report(file=display_name if display_name is not None else str(path))
    try:
        issue = _load(path=path, report=report, assets_dir=assets_dir if assets_dir is not None else assets_dir_for(path))
    except _TooMany:
        found = sorted_diagnostics(report.found)
        found.append(Diagnostic("error", report.file, 0, 0, f"too many errors; stopped after the first {MAX_DIAGNOSTICS}",
                                "fix these and run again"))
        return None, found
    found = sorted_diagnostics(report.found)
    return (None if has_errors(found) else issue), found


def _load(*, path: Path, report: _Report, assets_dir: Path) -> Issue | None:
    text = _read_text(path=path, report=report)
    if text is None:
        return None
    source = _Source.of(text)
    _check_characters(source=source, report=report)
    if report.has_errors:
        return None
    root = _parse(source=source, report=report)
    if root is None:
        return None
    reader = _IssueReader(source=source, report=report, assets_dir=assets_dir, path=path)
    return reader.issue(root)


# ---------------------------------------------------------------- collecting diagnostics


@dataclass
class _Report:
    file: str
    found: list[Diagnostic] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return has_errors(self.found)

    def error(self, where: Position | None, message: str, hint: str | None = None) -> None:
        self._add(severity="error", where=where, message=message, hint=hint)

    def warning(self, where: Position | None, message: str, hint: str | None = None) -> None:
        self._add(severity="warning", where=where, message=message, hint=hint)

    def _add(self, *, severity: Severity, where: Position | None, message: str, hint: str | None) -> None:
        if len(self.found) == MAX_DIAGNOSTICS:
            raise _TooMany
        line, column = (where.line, where.column) if where else (0, 0)
        self.found.append(Diagnostic(severity, self.file, line, column, message, hint))


@dataclass(frozen=True)
class _Source:
    """The decoded text, able to turn a character index into a line and column."""

    text: str
    lines: list[str]
    line_starts: list[int]

    @classmethod
    def of(cls, text: str) -> _Source:
        lines = text.split("\n")
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        return cls(text=text, lines=lines, line_starts=starts)

    def position_of(self, index: int) -> Position:
        line = bisect.bisect_right(self.line_starts, index) - 1
        return Position(line=line + 1, column=index - self.line_starts[line] + 1)

    def line(self, number: int) -> str:
        """Line `number` (0-based, as in YAML marks); empty past the end."""
        return self.lines[number] if 0 <= number < len(self.lines) else ""


def _at(node: Node) -> Position:
    return Position(line=node.start_mark.line + 1, column=node.start_mark.column + 1)


def _mark_position(mark: yaml.Mark) -> Position:
    return Position(line=mark.line + 1, column=mark.column + 1)


def _q(text: str) -> str:
    return f"'{text}'"


# ---------------------------------------------------------------- bytes to text


def _read_text(*, path: Path, report: _Report) -> str | None:
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            report.error(None, "this is a folder, not an issue file", "give the path of a .yaml file, for example issues/2016Q4.yaml")
            return None
        if not stat.S_ISREG(mode):
            # Opening a FIFO or a device could block forever.
            report.error(None, "this is not a regular file", "give the path of a .yaml file, for example issues/2016Q4.yaml")
            return None
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        report.error(None, "the file does not exist")
        return None
    except OSError as problem:
        report.error(None, f"the file cannot be read ({problem.strerror or problem})")
        return None
    if len(data) > MAX_BYTES:
        report.error(None, "the file is larger than 1 MiB",
                     "an issue file holds text only; put photos in assets/images/ and write their paths")
        return None
    return _decode(data=data, report=report)


def _decode(*, data: bytes, report: _Report) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.error(None, "the file is saved as UTF-16, not UTF-8", UTF8_HINT)
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as problem:
        report.error(_byte_position(data=data, offset=problem.start),
                     f"the file is not UTF-8: byte 0x{data[problem.start]:02X} cannot be read", UTF8_HINT)
        return None
    # Editors show a lone CR as a line break; so does YAML, so line numbers stay aligned.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _byte_position(*, data: bytes, offset: int) -> Position:
    """Line and column in characters, as an editor shows them, of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Position(line=data.count(b"\n", 0, offset) + 1, column=column)


def _check_characters(*, source: _Source, report: _Report) -> None:
    for match in _BAD_CHARACTER.finditer(source.text):
        report.error(source.position_of(match.start()), _character_message(match.group()), _character_hint(match.group()))


def _character_message(character: str) -> str:
    name = _CHARACTER_NAMES.get(character)
    if name:
        return f"{name} U+{ord(character):04X} is not allowed"
    if 0xD800 <= ord(character) <= 0xDFFF:
        return f"lone surrogate U+{ord(character):04X} is not a character"
    return f"control character U+{ord(character):04X} is not allowed"


def _character_hint(character: str) -> str:
    if character in _CHARACTER_NAMES:
        return "replace it with a normal line break or a space"
    return "delete it; it is invisible in most editors and often comes from copying text out of another program"


# ---------------------------------------------------------------- text to YAML nodes


def _parse(*, source: _Source, report: _Report) -> Node | None:
    """The root node, or None after reporting why there is none."""
    last_scalar: list[yaml.ScalarEvent | yaml.AliasEvent] = []
    try:
        root = _compose(source=source, report=report, last_scalar=last_scalar)
    except yaml.YAMLError as problem:
        opened = _quote_left_open(problem, last_scalar[-1] if last_scalar else None, source=source)
        where, message, hint = opened or _translate_syntax_error(problem, source=source)
        report.error(where, message, hint)
        if not opened:
            # YAML stops at the first slip; the same slips further down are found line by line, all in one run.
            for slip_where, slip, slip_hint in _slips(source):
                if where is None or slip_where.line > where.line:
                    report.error(slip_where, slip, slip_hint)
        return None
    if report.has_errors:
        return None
    if root is None:
        report.error(None, "the file is empty", "start with 'title:', 'period:' and 'sections:'; an earlier issue is a good model")
    return root


def _compose(*, source: _Source, report: _Report, last_scalar: list[yaml.ScalarEvent | yaml.AliasEvent]) -> Node | None:
    """Nodes with positions, built from PyYAML's event stream in one bounded pass.

    This replaces yaml.compose on purpose: anchors, tags, extra documents, deep nesting and
    runaway sizes are refused while reading events, so an alias bomb never becomes a graph
    and a huge file stops early; and no implicit typing is applied, so every scalar is text.
    """
    root: Node | None = None
    open_nodes: list[_OpenCollection] = []
    documents = 0
    flagged_lines: set[int] = set()
    """One anchor/alias/tag error per line: an alias bomb is one mistake, not a hundred."""
    for count, event in enumerate(yaml.parse(source.text, Loader=_YamlLoader)):
        if count > MAX_EVENTS:
            report.error(_mark_position(event.start_mark), "the file holds too many items for one issue",
                         "an issue has a few hundred keys, list entries and texts; look for something pasted by mistake")
            return None
        line = event.start_mark.line
        problem = None if line in flagged_lines else _refused_feature(event, line=source.line(line))
        if problem:
            flagged_lines.add(line)
            report.error(_mark_position(event.start_mark), *problem)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                report.error(_mark_position(event.start_mark), "the file holds more than one document",
                             "remove the '---' line: one file holds one issue")
                return None
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(open_nodes) == MAX_DEPTH:
                report.error(_mark_position(event.start_mark), f"the file nests more than {MAX_DEPTH} levels deep", _TOO_DEEP_HINT)
                return None
            kind = MappingNode if isinstance(event, yaml.MappingStartEvent) else SequenceNode
            open_nodes.append(_OpenCollection(kind(tag="", value=[], start_mark=event.start_mark, end_mark=event.end_mark,
                                                   flow_style=event.flow_style)))
        elif isinstance(event, yaml.CollectionEndEvent):
            done = open_nodes.pop().node
            done.end_mark = event.end_mark
            root = _attach(done, open_nodes=open_nodes, root=root)
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            last_scalar[:] = [event]  # a syntax error after a text may be its quote, left open lines above
            scalar = ScalarNode(tag="", value=getattr(event, "value", ""), start_mark=event.start_mark,
                                end_mark=event.end_mark, style=getattr(event, "style", None))
            root = _attach(scalar, open_nodes=open_nodes, root=root)
    return root


@dataclass
class _OpenCollection:
    """A list or group of keys still being read; a group holds its key until the value arrives."""

    node: MappingNode | SequenceNode
    key: Node | None = None


def _attach(node: Node, *, open_nodes: list[_OpenCollection], root: Node | None) -> Node | None:
    """Puts a finished node into the collection it belongs to; returns the root."""
    if not open_nodes:
        return node
    parent = open_nodes[-1]
    if isinstance(parent.node, SequenceNode):
        parent.node.value.append(node)
    elif parent.key is None:
        parent.key = node
    else:
        parent.node.value.append((parent.key, node))
        parent.key = None
    return root


def _refused_feature(event: yaml.Event, *, line: str) -> tuple[str, str] | None:
    """Aliases, anchors and tags: YAML features an issue never needs, usually text that wanted quotes."""
    if isinstance(event, yaml.AliasEvent):
        return (f"aliases ({_q('*' + event.anchor)}) are not supported",
                _quote_hint(line) or "write the text out in full where it is needed")
    if not isinstance(event, yaml.NodeEvent):
        return None
    if event.anchor is not None:
        return f"anchors ({_q('&' + event.anchor)}) are not supported", _quote_hint(line) or f"remove {_q('&' + event.anchor)}"
    tag = getattr(event, "tag", None)
    if tag is not None:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        return f"tags ({_q(shown)}) are not supported", _quote_hint(line) or f"remove {_q(shown)}"
    return None


def _translate_syntax_error(problem: yaml.YAMLError, *, source: _Source) -> tuple[Position | None, str, str | None]:
    """PyYAML's wording, turned into what went wrong and what to write."""
    if not isinstance(problem, yaml.MarkedYAMLError) or problem.problem_mark is None:
        index = getattr(problem, "position", None)
        where = source.position_of(index) if isinstance(index, int) else None
        return where, "this character cannot be read", "delete it or retype it"
    mark = problem.problem_mark
    said = problem.problem or ""
    context = problem.context or ""
    context_mark = problem.context_mark or mark
    line = source.line(mark.line)
    if "nesting depth" in said:
        return _mark_position(mark), f"the file nests more than {MAX_DEPTH} levels deep", _TOO_DEEP_HINT
    quoting = _needs_quotes(line)
    if quoting and "tab" not in said:
        return _value_position(line, mark.line), f"unquoted text cannot {quoting}", _quote_hint(line)
    if "tab" in said or _char_at(line, mark.column) == "\t":
        return _mark_position(mark), "a tab is used for indentation", "indent with spaces only (your editor can turn tabs into spaces)"
    if "quoted scalar" in context and ("end of stream" in said or "document" in said):
        return _mark_position(context_mark), "this quote is never closed", "end the text with the same quote mark it starts with"
    if "escape" in said or "hexdecimal" in said:
        return _escape_error(line=line, mark=mark)
    if "flow sequence" in context or "flow mapping" in context:
        opener = _char_at(source.line(context_mark.line), context_mark.column)
        closer = {"[": "]", "{": "}"}.get(opener, "]")
        return (_mark_position(context_mark), f"the {_q(opener)} opened here is never closed",
                f"close it with {_q(closer)}, or put the whole text in quotes")
    if "cannot start any token" in said:
        character = _char_at(line, mark.column)
        return _mark_position(mark), f"unquoted text cannot start with {_q(character)}", "put the text in quotes"
    if "<document start>" in said:
        return _mark_position(mark), "text after the end-of-document line '...'", "remove the '...' line"
    if "could not find expected ':'" in said:
        return _missing_colon(context_mark.line, source=source)
    if "mapping values are not allowed" in said:
        above = _line_above(mark.line, source=source)
        if above is not None and ":" not in source.line(above):
            return _missing_colon(above, source=source)
    if mark.column > _indent_of(line):
        return _mark_position(mark), "unexpected text after the end of the value", _quote_hint(line) or "put the whole text in quotes"
    return (_mark_position(mark), "this line is indented differently from the lines above it",
            "line up keys of the same level under each other, using spaces")


_BLOCK_START = re.compile(r"[|>][0-9+-]*\s*(?:#.*)?$")


def _slips(source: _Source) -> list[tuple[Position, str, str | None]]:
    """The common slips of text typed without quotes (': ' inside it, a leading '*', '[', '@' ...) and tab
    indentation, line by line, outside texts written after '|' and texts in quotes."""
    found: list[tuple[Position, str, str | None]] = []
    block_indent: int | None = None  # inside a text after '|': lines indented deeper than its key
    open_quote: str | None = None
    for number, line in enumerate(source.lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" \t"))
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if open_quote is not None:
            if _closes(line, open_quote):
                open_quote = None
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if "\t" in line[:indent]:
            found.append((Position(number + 1, line.index("\t") + 1), "a tab is used for indentation",
                          "indent with spaces only (your editor can turn tabs into spaces)"))
            continue
        match = _KEY_VALUE.match(line) or _LIST_ITEM.match(line)
        if not match:
            continue
        value = match.group("value").rstrip()
        if _BLOCK_START.match(value):
            block_indent = len(line) - len(line.lstrip(" "))
            continue
        if value[0] in "\"'":
            if not _closes(value[1:], value[0]):
                open_quote = value[0]
            continue
        quoting = _needs_quotes(line.split(" #", 1)[0])
        if quoting:
            found.append((_value_position(line, number), f"unquoted text cannot {quoting}", _quote_hint(line)))
    return found


def _closes(text: str, quote: str) -> bool:
    """Whether `text` holds the quote that ends a text opened with `quote` ('' inside single quotes is one ')."""
    if quote == "'":
        return "'" in text.replace("''", "")
    return re.search(r'(?<!\\)(?:\\\\)*"', text) is not None


def _quote_left_open(problem: yaml.YAMLError, scalar: yaml.ScalarEvent | yaml.AliasEvent | None, *,
                     source: _Source) -> tuple[Position, str, str] | None:
    """A quote opened on an earlier line and never closed there: YAML reads on to the next quote mark, lines
    below, and fails after it. Said where the quote opens, with that line closed as the hint."""
    mark = getattr(problem, "problem_mark", None)
    if mark is None or getattr(scalar, "style", None) not in ('"', "'"):  # an alias has no style
        return None
    start, end = scalar.start_mark, scalar.end_mark
    if start.line == end.line or end.line != mark.line:
        return None
    # A text continued on purpose over several lines holds no line that reads as a key of its own.
    if not any(_LOOKS_LIKE_A_KEY.match(source.line(number)) for number in range(start.line + 1, end.line + 1)):
        return None
    opened = source.line(start.line).rstrip()
    closed = opened + scalar.style
    return (_mark_position(start), "this quote is never closed",
            f"end the text with the same quote mark it starts with: {closed.strip()}")


def _missing_colon(line_number: int, *, source: _Source) -> tuple[Position, str, str]:
    line = source.line(line_number)
    key_start = re.match(r"\s*(?:-\s+)?", line).end()
    return (Position(line=line_number + 1, column=key_start + 1), "this line has no ':' after its key",
            "write 'key: value', for example 'heading: Regional meetings'")


def _escape_error(*, line: str, mark: yaml.Mark) -> tuple[Position, str, str]:
    start = line.rfind("\\", 0, mark.column + 1)
    if start < 0:
        start = mark.column
    escape = _ESCAPE.match(line, start)
    written = escape.group() if escape else "\\"
    where = Position(line=mark.line + 1, column=start + 1)
    if len(written) > 2:
        return where, f"{_q(written)} is not a character", "delete it; in double quotes, '\\' starts an escape"
    return (where, f"{_q(written)} is not a known escape in double-quoted text",
            "write '\\\\' for a backslash, or put the text in single quotes")


def _line_above(number: int, *, source: _Source) -> int | None:
    for above in range(number - 1, -1, -1):
        if source.line(above).strip() and not source.line(above).lstrip().startswith("#"):
            return above
    return None


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _char_at(line: str, column: int) -> str:
    return line[column] if 0 <= column < len(line) else ""


def _value_position(line: str, line_number: int) -> Position:
    match = _KEY_VALUE.match(line) or _LIST_ITEM.match(line)
    column = match.start("value") if match else _indent_of(line)
    return Position(line=line_number + 1, column=column + 1)


def _text_value(line: str) -> re.Match | None:
    """The match of a line that writes a text (a text key's value, or a list item), with its 'value' group."""
    match = _KEY_VALUE.match(line)
    if match and match.group("key") not in _TEXT_KEYS:
        return None
    return match or _LIST_ITEM.match(line)


def _needs_quotes(line: str) -> str | None:
    """Why the text on `line` cannot be written without quotes, if that is the trouble."""
    match = _text_value(line)
    if not match:
        return None
    value = match.group("value").rstrip()
    if value[0] in _SPECIAL_STARTS:
        return f"start with {_q(value[0])}"
    if ": " in value or value.endswith(":"):
        return "contain ': '"
    return None


def _quote_hint(line: str) -> str | None:
    """'put the text in quotes: heading: "Note: this"' built from the user's own line."""
    match = _text_value(line)
    if not match:
        return None
    value = match.group("value").rstrip()
    if len(value) > MAX_SUGGESTION:
        return "put the text in quotes (or write it on the next lines after '|')"
    if '"' not in value and "\\" not in value:
        quoted = f'"{value}"'
    else:
        quoted = "'" + value.replace("'", "''") + "'"
    key = f"{match.group('key')}: " if "key" in match.groupdict() else ""
    written = match.group("lead").lstrip() + key + quoted
    return f"put the text in quotes: {written} (or write it on the next lines after '|')"


# ---------------------------------------------------------------- YAML nodes to the model


def _is_plain(node: Node) -> bool:
    # libyaml reports a plain scalar's style as '', the pure-Python parser as None.
    return isinstance(node, ScalarNode) and not node.style


def _kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a group of keys"
    return "text"


def _did_you_mean(word: str, choices: tuple[str, ...]) -> str | None:
    lowered = {choice.lower(): choice for choice in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


@dataclass
class _IssueReader:
    """Walks the node tree once, reporting every mistake it meets; builds the Issue only when clean."""

    source: _Source
    report: _Report
    assets_dir: Path
    path: Path

    def issue(self, root: Node) -> Issue | None:
        if not isinstance(root, MappingNode):
            self.report.error(_at(root), f"the file must start with keys such as 'title:' and 'sections:', not {_kind(root)}",
                              "remove the '- ' before 'title:' and the keys below it: an issue is keys, not a list"
                              if isinstance(root, SequenceNode) else
                              "start the file with the line 'title: Highlights', then 'period:' and 'sections:'")
            return None
        fields = self.keys(root, allowed=ISSUE_KEYS, required=("title", "period", "sections"), what="the issue")
        title = self.one_line(fields.get("title"), name="title", required=True)
        period = self.period(fields.get("period"))
        language = self.language(fields.get("language"), where=_at(root))
        brand = self.brand(fields.get("brand"))
        subject = self.one_line(fields.get("subject"), name="subject")
        sections = self.sections(fields.get("sections"))
        contact = self.contact(fields.get("contact"))
        if self.report.has_errors or title is None or period is None or sections is None:
            return None
        language = language or translation_of(self.path) or "en"
        cache_dir = project_root_for(self.path) / "build" / "cache" / "languages"
        words = load_language(primary_code(language), cache_dir=cache_dir)
        if contact is not None and not contact.heading:
            contact = replace(contact, heading=words.say("contact_heading"))
        return Issue(title=title, period=period, language=language, sections=sections, contact=contact,
                     source=self.path, quarter=quarter_of(self.path), brand=brand, subject=subject or "",
                     title_where=self.text_start(fields["title"]),
                     words=words,
                     translation=translation_of(self.path))

    # -- structure

    def keys(self, node: Node, *, allowed: tuple[str, ...], required: tuple[str, ...], what: str) -> dict[str, Node]:
        """The values of a group of keys by name, after reporting duplicate, unknown and missing keys."""
        found: dict[str, Node] = {}
        first_line: dict[str, int] = {}
        suggested: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report.error(_at(key_node), "a key must be a plain word such as 'heading'")
                continue
            key = key_node.value
            if key in first_line:
                self.report.error(_at(key_node), f"duplicate key {_q(key)} (first written on line {first_line[key]})",
                                  "keep one of the two")
                continue
            first_line[key] = key_node.start_mark.line + 1
            if key in allowed:
                found[key] = value_node
                continue
            guess = _did_you_mean(key, allowed)
            if guess:
                suggested.add(guess)
                self.report.error(_at(key_node), f"unknown key {_q(key)} (did you mean {_q(guess)}?)")
            else:
                self.report.error(_at(key_node), f"unknown key {_q(key)}", "the keys allowed here are: " + ", ".join(allowed))
        for key in required:
            if key not in found and key not in suggested and key not in first_line:
                self.report.error(_at(node), f"{what} has no {_q(key)}", ADD_HINTS.get(key))
        return found

    def mapping(self, node: Node, *, name: str, hint: str) -> bool:
        if isinstance(node, MappingNode):
            return True
        self.report.error(_at(node), f"{_q(name)} must be a group of keys, not {_kind(node)}", hint)
        return False

    def sequence(self, node: Node, *, name: str, hint: str) -> list[Node] | None:
        """The items of a list; an empty value counts as an empty list."""
        if isinstance(node, SequenceNode):
            return node.value
        if _is_plain(node) and node.value == "":
            return []
        self.report.error(_at(node), f"{_q(name)} must be a list, not {_kind(node)}", hint)
        return None

    # -- text

    def text(self, node: Node, *, name: str) -> str | None:
        """The text exactly as typed: no YAML typing, so 'no', '12:30' and '0777' stay text."""
        if not isinstance(node, ScalarNode):
            line = self.source.line(node.start_mark.line)
            hint = _quote_hint(line) if getattr(node, "flow_style", False) else None
            self.report.error(_at(node), f"{_q(name)} must be text, not {_kind(node)}",
                              hint or f"write the text after {_q(name + ': ')}")
            return None
        if not self.clean(node):
            return None
        self.warn_comment_cut(node)
        return node.value

    def one_line(self, node: Node | None, *, name: str, required: bool = False) -> str | None:
        if node is None:
            return None
        value = self.text(node, name=name)
        if value is None:
            return None
        value = value.strip()
        if "\n" in value:
            self.report.error(_at(node), f"{_q(name)} must be one line", "write it on one line; long text wraps by itself")
            return None
        if required and not value:
            self.report.error(_at(node), f"the {name} is empty", f"write the {name} after {_q(name + ': ')}")
            return None
        return value

    def clean(self, node: ScalarNode) -> bool:
        """Refuses control characters written as escapes ("\\x01"); raw ones were caught before parsing."""
        bad = _BAD_CHARACTER.search(node.value)
        if not bad:
            return True
        where = _at(node)
        if node.style == '"':
            span = self.source.text[node.start_mark.index : node.end_mark.index]
            for escape in _ESCAPE.finditer(span):
                if _BAD_CHARACTER.match(_unescape(escape.group(1))):
                    where = self.source.position_of(node.start_mark.index + escape.start())
                    break
        self.report.error(where, _character_message(bad.group()), "delete it")
        return False

    def warn_comment_cut(self, node: ScalarNode) -> None:
        """'text #4444' loses '#4444' as a comment; a space then '#' then a word is rarely meant as one."""
        if not _is_plain(node):
            return
        line = self.source.line(node.end_mark.line)
        column = node.end_mark.column
        if not (line.startswith(" #", column) and line[column + 2 : column + 3].strip()):
            return
        single_line = node.start_mark.line == node.end_mark.line
        hint = _quote_hint(line) if single_line else None
        self.report.warning(Position(line=node.end_mark.line + 1, column=node.end_mark.column + 2),
                            "the text after ' #' is read as a comment and left out",
                            hint or "put the whole text in quotes if the '#' belongs to it")

    # -- typed fields

    def period(self, node: Node | None) -> Period | None:
        if node is None or not self.mapping(node, name="period", hint="write 'period: {from: 2016-10-01, to: 2016-12-31}'"):
            return None
        fields = self.keys(node, allowed=PERIOD_KEYS, required=PERIOD_KEYS, what="the period")
        start = self.date(fields.get("from"), name="from")
        end = self.date(fields.get("to"), name="to")
        if start is None or end is None:
            return None
        if end < start:
            self.report.error(_at(fields["to"]), f"the period ends on {end.isoformat()}, before it starts on {start.isoformat()}",
                              "check the 'from' and 'to' dates")
            return None
        self.warn_quarter_mismatch(start, where=_at(node))
        return Period(start=start, end=end)

    def date(self, node: Node | None, *, name: str) -> dt.date | None:
        if node is None:
            return None
        value = self.text(node, name=name)
        if value is None:
            return None
        written = value.strip()
        if DATE_PATTERN.fullmatch(written):
            try:
                return dt.date.fromisoformat(written)
            except ValueError:
                pass
        self.report.error(_at(node), f"{_q(written)} is not a date", DATE_HINT)
        return None

    def warn_quarter_mismatch(self, start: dt.date, *, where: Position) -> None:
        named = _QUARTER.fullmatch(quarter_of(self.path))
        if not named:
            return
        starts_in = f"{start.year}Q{(start.month - 1) // 3 + 1}"
        if starts_in != named.group():
            self.report.warning(where, f"the period starts in {starts_in} but the file is named {named.group()}",
                                "check the dates, or rename the file")

    def language(self, node: Node | None, *, where: Position) -> str | None:
        """The language tag as written; it must name a supported language, and the one a translation's file
        name gives (issues/2016Q4.fr.yaml is in French)."""
        value = self.one_line(node, name="language")
        supported = supported_codes()
        named = translation_of(self.path)
        known = value is None or (LANGUAGE_PATTERN.fullmatch(value) and primary_code(value) in supported)
        if (named is None or named in supported) and known:
            if named is not None and value is not None and primary_code(value) != named:
                self.report.error(_at(node), f"the file's name says it is in {_q(named)} but 'language:' says "
                                  f"{_q(value)}", f"write 'language: {named}', or rename the file "
                                  f"{quarter_of(self.path)}.{primary_code(value)}.yaml")
                return None
            return value
        # Only a mistake pays for reading every language's name.
        names = supported_languages()
        listed = ", ".join(f"{code} ({name})" for code, name in names.items())
        if named is not None and named not in supported:
            self.report.error(where, f"the file's name says its language is {_q(named)}, which is not supported",
                              f"rename it {quarter_of(self.path)}.CODE.yaml with CODE one of {listed}")
            return None
        if value is None:
            return None
        if not LANGUAGE_PATTERN.fullmatch(value):
            named_as = [code for code, name in names.items() if name.lower() == value.lower()]
            hint = f"write '{named_as[0]}' for {names[named_as[0]]}" if named_as else f"write one of {listed}"
            self.report.error(_at(node), f"{_q(value)} is not a language code", hint)
            return None
        if primary_code(value) not in supported:
            self.report.error(_at(node), f"{_q(value)} is not a supported language", f"write one of {listed}")
            return None
        return value

    def brand(self, node: Node | None) -> str | None:
        """The brand file's name, or None for the built-in brand."""
        value = self.one_line(node, name="brand")
        if not value:
            return None
        if not BRAND_NAME_PATTERN.fullmatch(value):
            self.report.error(_at(node), f"{_q(value)} is not a brand name", "write the name of a file in assets/ without '.yaml', for example default")
            return None
        if (self.assets_dir / f"{value}.yaml").is_file():
            return value
        if value == DEFAULT_BRAND:
            return None
        known = sorted(path.stem for path in self.assets_dir.glob("*.yaml"))
        guess = _did_you_mean(value, tuple(known))
        self.report.error(_at(node), f"there is no brand {_q(value)} (no file assets/{value}.yaml)"
                          + (f" (did you mean {_q(guess)}?)" if guess else ""),
                          "write one of: " + ", ".join([DEFAULT_BRAND, *known]) if not guess else None)
        return None

    def choice(self, node: Node | None, *, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.one_line(node, name=name)
        if value is None:
            return default
        if value in choices:
            return value
        guess = _did_you_mean(value, choices)
        self.report.error(_at(node), f"unknown {name} {_q(value)}" + (f" (did you mean {_q(guess)}?)" if guess else ""),
                          "write one of: " + ", ".join(choices))
        return default

    def level(self, node: Node | None) -> int:
        value = self.one_line(node, name="level")
        if value is None or value in ("1", "2"):
            return int(value or 1)
        self.report.error(_at(node), f"level must be 1 or 2, not {_q(value)}",
                          "write 'level: 1' for a section or 'level: 2' for a sub-heading")
        return 1

    def width(self, node: Node | None) -> float:
        value = self.one_line(node, name="width")
        if value is None:
            return 0.5
        number = PERCENT_PATTERN.fullmatch(value) or _NUMBER.fullmatch(value)
        if not number:
            self.report.error(_at(node), f"image width {_q(value)} is not a percentage",
                              "write a percentage of the column between 10% and 100%, for example 'width: 45%'")
            return 0.5
        percent = float(number.group(1))
        within = min(max(percent, 10), 100)
        corrected = f"width: {within:g}%"
        if not value.rstrip().endswith("%"):
            problem = "has no '%'" if within == percent else "has no '%' and is outside 10–100%"
            self.report.error(_at(node), f"image width {_q(value)} {problem}", f"write {_q(corrected)}")
        elif within != percent:
            self.report.error(_at(node), f"image width {_q(value)} is outside 10–100%",
                              f"write {_q(corrected)}, or a percentage of the column between 10% and 100%")
        else:
            return percent / 100
        return 0.5

    # -- sections and blocks

    def sections(self, node: Node | None) -> tuple[Section, ...] | None:
        if node is None:
            return None
        return self.each_of(node, self.section, name="sections",
                            hint="write each section on its own line starting with '- heading: '",
                            if_empty="add at least one section: '- heading: ...' on the next line")

    def each_of(self, node: Node, read, *, name: str, hint: str, if_empty: str) -> tuple | None:
        """A list that may not be empty, each item read by `read`; the items that could not be read left out."""
        items = self.sequence(node, name=name, hint=hint)
        if items is None:
            return None
        if not items:
            self.report.error(_at(node), f"{_q(name)} is empty", if_empty)
            return None
        found = [read(item) for item in items]
        return tuple(item for item in found if item is not None)

    def section(self, node: Node) -> Section | None:
        if not self.mapping(node, name="section", hint="start each section with '- heading: '"):
            return None
        fields = self.keys(node, allowed=SECTION_KEYS, required=("heading",), what="the section")
        heading = self.one_line(fields.get("heading"), name="heading", required=True)
        style = self.choice(fields.get("style"), name="style", choices=STYLES, default="normal")
        level = self.level(fields.get("level"))
        blocks = self.section_blocks(node, fields=fields)
        if heading is None or blocks is None:
            return None
        return Section(heading=heading, level=level, style=style, blocks=blocks, where=_at(node),  # type: ignore[arg-type]
                       heading_where=self.text_start(fields["heading"]))

    def section_blocks(self, node: MappingNode, *, fields: dict[str, Node]) -> tuple[Block, ...] | None:
        if "text" in fields and "blocks" in fields:
            second = max(fields["text"], fields["blocks"], key=lambda value: value.start_mark.index)
            self.report.error(self.key_position(node, value=second), "a section has either 'text' or 'blocks', not both",
                              "move the text into the blocks list as '- text: ...'")
            return None
        if "text" in fields:
            block = self.text_block(fields["text"], where=self.key_position(node, value=fields["text"]))
            return None if block is None else (block,)
        if "blocks" in fields:
            return self.blocks(fields["blocks"])
        self.report.error(_at(node), "the section has no 'text' or 'blocks'", "add 'text: |' and write the text on the lines below it")
        return None

    def key_position(self, mapping: MappingNode, *, value: Node) -> Position:
        return next(_at(key) for key, item in mapping.value if item is value)

    def blocks(self, node: Node) -> tuple[Block, ...] | None:
        return self.each_of(node, self.block, name="blocks",
                            hint="write each block on its own line starting with '- text: ' or '- image: '",
                            if_empty="add '- text: ...' or '- image: ...' on the next line")

    def block(self, node: Node) -> Block | None:
        if not isinstance(node, MappingNode):
            self.report.error(_at(node), "each block must start with 'text:' or 'image:'", "write '- text: ' before the text")
            return None
        fields = self.keys(node, allowed=TEXT_BLOCK_KEYS + IMAGE_BLOCK_KEYS, required=(), what="the block")
        if "text" in fields and "image" in fields:
            self.report.error(_at(node), "a block is either 'text' or 'image', not both", "split it into two blocks, each starting with '- '")
            return None
        if "text" in fields:
            for key in fields.keys() - {"text"}:
                self.report.error(self.key_position(node, value=fields[key]), f"{_q(key)} only goes with an image",
                                  "move it to the image block it describes")
            return self.text_block(fields["text"], where=_at(node))
        if "image" in fields:
            return self.image_block(node, fields=fields)
        self.report.error(_at(node), "the block has no 'text' or 'image'", "write '- text: ...' or '- image: images/...'")
        return None

    def text_block(self, node: Node, *, where: Position) -> TextBlock | None:
        value = self.text(node, name="text")
        if value is None:
            return None
        if not value.strip():
            self.report.error(_at(node), "the text is empty", "write the text, or remove the 'text:' line")
            return None
        return TextBlock(text=value, where=where, text_where=self.text_start(node))

    def text_start(self, node: Node) -> Position:
        """Where the text's first character is: past the quote, or the first line of a '|' block."""
        # A value of the wrong kind (a list or mapping where text belongs) has been reported already.
        if not isinstance(node, ScalarNode):
            return _at(node)
        if node.style in ('"', "'"):
            return Position(line=node.start_mark.line + 1, column=node.start_mark.column + 2)
        if node.style in ("|", ">"):
            for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
                line = self.source.line(number)
                if line.strip():
                    return Position(line=number + 1, column=_indent_of(line) + 1)
        return _at(node)

    def image_block(self, node: MappingNode, *, fields: dict[str, Node]) -> ImageBlock | None:
        written = self.one_line(fields["image"], name="image")
        float_ = self.choice(fields.get("float"), name="float", choices=FLOATS, default="right")
        width = self.width(fields.get("width"))
        caption, alt, credit = (self.one_line(fields.get(key), name=key) or "" for key in ("caption", "alt", "credit"))
        if written is None:
            return None
        try:
            resolved = resolve_asset(written, assets_dir=self.assets_dir)
        except AssetPathError as problem:
            self.report.error(_at(fields["image"]), problem.message, problem.hint)
            return None
        return ImageBlock(path=written, resolved=resolved, float=float_, width=width,  # type: ignore[arg-type]
                          caption=caption, alt=alt, credit=credit, where=_at(node),
                          caption_where=self.text_start(fields["caption"]) if "caption" in fields else None,
                          credit_where=self.text_start(fields["credit"]) if "credit" in fields else None)

    # -- contact

    def contact(self, node: Node | None) -> Contact | None:
        if node is None or not self.mapping(node, name="contact", hint="write 'contact:' and its keys (lines, email, website) below it"):
            return None
        fields = self.keys(node, allowed=CONTACT_KEYS, required=(), what="the contact block")
        heading = self.one_line(fields.get("heading"), name="heading")
        lines = self.contact_lines(fields.get("lines"))
        email = self.one_line(fields.get("email"), name="email")
        website = self.one_line(fields.get("website"), name="website")
        if email and (len(email) > 254 or not EMAIL_PATTERN.fullmatch(email)):
            self.report.error(_at(fields["email"]), f"{_q(email)} is not an email address", "write it like info@clusterconvention.org")
        if website and (" " in website or website.lower().startswith("javascript:")):
            self.report.error(_at(fields["website"]), f"{_q(website)} is not a web address", "write it like www.clusterconvention.org")
        # Without a heading of its own, the box takes the language's (load/languages/CODE.yaml), given in `issue`.
        return Contact(heading=heading or "", lines=lines, email=email or None,
                       website=website or None, where=_at(node))

    def contact_lines(self, node: Node | None) -> tuple[str, ...]:
        if node is None:
            return ()
        items = self.sequence(node, name="lines", hint="write each line on its own line starting with '- '")
        found = (self.one_line(item, name="lines") for item in items or [])
        return tuple(line for line in found if line is not None)


def _unescape(code: str) -> str:
    if code[0] in "xuU" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _SIMPLE_ESCAPES.get(code, code)
