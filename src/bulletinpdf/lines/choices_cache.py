"""The line-breaking cache: paragraphs' chosen line breaks kept under build/cache, so rebuilds skip the search."""

from __future__ import annotations

import json
from pathlib import Path

from bulletinpdf.cache_files import CacheFolder


class ChoicesCache:
    """One verified entry per paragraph's choice; the folder's version names the hyphenation patterns themselves
    (their language, pyphen's version and the pattern file's digest), since other patterns choose other breaks."""

    def __init__(self, folder: Path, *, patterns: str):
        self.folder = CacheFolder(folder, version=f"choices-v2|{patterns}")

    def load(self) -> dict[str, list[float] | None]:
        """Every remembered choice; a damaged entry is simply searched again."""
        choices: dict[str, list[float] | None] = {}
        for payload in self.folder.entries():
            try:
                key, widths = json.loads(payload.decode("utf-8"))
            except (ValueError, TypeError):
                continue
            if isinstance(key, str) and (widths is None or (
                    isinstance(widths, list) and all(isinstance(w, (int, float)) for w in widths))):
                choices[key] = widths
        return choices

    def save(self, choices: dict[str, list[float] | None]) -> None:
        """One small entry per choice, so builds running at once can share the folder."""
        for key, widths in choices.items():
            if not self.folder.has(key):
                self.folder.write(key, json.dumps([key, widths]).encode())
