"""The markup cache: every text of an issue as its last build marked it up, in build/cache/markup/QUARTER.json.

A rebuild after an edit parses only the texts that changed, and when none did, markdown-it is not even loaded
(70 ms of a 0.5 s build). An entry's key holds the text, whether it is running text or one line, the link
colour, and the markup code itself: the digest of markup.py and where and how large markdown-it and linkify
are installed, so a change to any of them simply misses.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from functools import cache
from pathlib import Path

from bulletinpdf.cache_files import write_cache_entry
from bulletinpdf.text.blocks import ListItem, Piece, Table
from bulletinpdf.text.markup import MarkedUpText, TextProblem


def markup_key(kind: str, text: str, link_color: str | None) -> str:
    """`kind` is "text" (paragraphs) or "inline" (one line)."""
    return hashlib.sha256(f"{_code_version()}\0{kind}\0{link_color}\0{text}".encode()).hexdigest()[:32]


@cache
def _code_version() -> str:
    parts = [hashlib.sha256(Path(__file__).with_name(name).read_bytes()).hexdigest() for name in ("markup.py", "blocks.py")]
    for library in ("markdown_it", "linkify_it"):
        spec = importlib.util.find_spec(library)  # found without importing it
        origin = Path(spec.origin) if spec and spec.origin else None
        stat = origin.stat() if origin else None
        parts.append(f"{library}:{origin}:{stat.st_size if stat else 0}:{stat.st_mtime_ns if stat else 0}")
    return "|".join(parts)


def load_markup(path: Path) -> dict[str, MarkedUpText]:
    """The entries kept in `path`; none when it is missing or unreadable (everything is marked up again)."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return {key: MarkedUpText(tuple(_piece(piece) for piece in entry["paragraphs"]),
                                  tuple(TextProblem(*problem) for problem in entry["problems"]), tuple(entry["plain"]))
                for key, entry in kept.items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def save_markup(path: Path, entries: dict[str, MarkedUpText]) -> None:
    """Exactly this build's entries, so the file never grows beyond one issue's texts."""
    kept = {key: {"paragraphs": [_kept(piece) for piece in entry.paragraphs], "plain": list(entry.plain),
                  "problems": [[p.severity, p.message, p.hint, p.line_offset, p.column] for p in entry.problems]}
            for key, entry in entries.items()}
    write_cache_entry(path, json.dumps(kept, ensure_ascii=False).encode())


def _kept(piece: Piece) -> str | dict:
    if isinstance(piece, ListItem):
        return {"item": [piece.markup, piece.label, piece.depth, piece.starts_list, piece.ends_list]}
    if isinstance(piece, Table):
        return {"table": [list(piece.header), [list(row) for row in piece.rows], list(piece.alignments),
                          piece.line_offset]}
    return piece


def _piece(kept: str | dict) -> Piece:
    if isinstance(kept, str):
        return kept
    if "item" in kept:
        return ListItem(*kept["item"])
    header, rows, alignments, line_offset = kept["table"]
    return Table(tuple(header), tuple(tuple(row) for row in rows), tuple(alignments), line_offset)
