"""A translation started from an issue file: its lines kept, `language:` set, the original above every text."""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from bulletinpdf.load.schema import MODELINE

# What a translator translates: every text the issue prints or describes (alt text included).
TRANSLATED_KEYS = ("title", "heading", "text", "caption", "alt", "credit")


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
