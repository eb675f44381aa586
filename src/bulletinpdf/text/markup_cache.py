"""The markup cache: every text of an issue as its last build marked it up, in build/cache/markup, one entry per quarter.

A rebuild after an edit parses only the texts that changed, and when none did, markdown-it is not even loaded
(70 ms of a 0.5 s build). A text's key holds the text, whether it is running text or one line, and the link
colour; the folder's version is the markup code itself (the digest of markup.py and where and how large
markdown-it and linkify are installed), so a change to any of them simply misses.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

from bulletinpdf.cache_files import CacheFolder
from bulletinpdf.text.blocks import ListItem, Piece, Table
from bulletinpdf.text.markup import MarkedUpText, TextProblem


def markup_key(kind: str, text: str, link_color: str | None) -> str:
    """`kind` is "text" (paragraphs) or "inline" (one line); the markup code is the folder's version."""
    return hashlib.sha256(f"{kind}\0{link_color}\0{text}".encode()).hexdigest()[:32]


def code_version() -> str:
    """The digest of markup.py and blocks.py, and where and how large markdown-it and linkify are installed."""
    parts = [hashlib.sha256(Path(__file__).with_name(name).read_bytes()).hexdigest() for name in ("markup.py", "blocks.py")]
    for library in ("markdown_it", "linkify_it"):
        spec = importlib.util.find_spec(library)  # found without importing it
        origin = Path(spec.origin) if spec and spec.origin else None
        stat = origin.stat() if origin else None
        parts.append(f"{library}:{origin}:{stat.st_size if stat else 0}:{stat.st_mtime_ns if stat else 0}")
    return "|".join(parts)


class MarkupCache:
    """Each issue's texts as its last build marked them up, one verified entry per quarter."""

    def __init__(self, folder: Path):
        self.folder = CacheFolder(folder, version=f"markup-v4|{code_version()}")

    def load(self, quarter: str) -> dict[str, MarkedUpText]:
        """The entries kept for `quarter`; none when missing or damaged (everything is marked up again)."""
        payload = self.folder.read(quarter)
        if payload is None:
            return {}
        try:
            kept = json.loads(payload.decode("utf-8"))
            return {key: MarkedUpText(tuple(_piece(piece) for piece in entry["paragraphs"]),
                                      tuple(TextProblem(*problem) for problem in entry["problems"]),
                                      tuple(entry["plain"]))
                    for key, entry in kept.items()}
        except (ValueError, TypeError, KeyError, AttributeError):
            return {}

    def save(self, quarter: str, entries: dict[str, MarkedUpText]) -> None:
        """Exactly this build's entries, so the entry never grows beyond one issue's texts."""
        kept = {key: {"paragraphs": [_kept(piece) for piece in entry.paragraphs], "plain": list(entry.plain),
                      "problems": [[p.severity, p.message, p.hint, p.line_offset, p.column] for p in entry.problems]}
                for key, entry in entries.items()}
        self.folder.write(quarter, json.dumps(kept, ensure_ascii=False).encode())


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
