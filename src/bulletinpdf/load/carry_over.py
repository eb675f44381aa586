"""What a new issue carries over from the latest one: top-level keys, as written, with their comments."""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, ScalarNode

# The keys a new issue keeps as the latest issue wrote them.
CARRIED_KEYS = ("title", "language", "brand", "contact")


def carried_text(source: str, keys: tuple[str, ...] = CARRIED_KEYS) -> dict[str, str]:
    """The text of each carried top-level key in `source`, with the comment lines just above it."""
    lines = source.split("\n")
    root = yaml.compose(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(root, MappingNode):
        return {}
    found: dict[str, str] = {}
    for key, value in root.value:
        if not isinstance(key, ScalarNode) or key.value not in keys:
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
