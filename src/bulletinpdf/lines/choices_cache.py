"""The line-breaking cache: paragraphs' chosen line breaks kept under build/cache, so rebuilds skip the search."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from bulletinpdf.cache_files import CacheFolder


class ChoicesCache:
    """One verified entry per paragraph's choice; the folder's version names the hyphenation patterns themselves
    (their language, pyphen's version and the pattern file's digest), since other patterns choose other breaks."""

    def __init__(self, folder: Path, *, patterns: str):
        self.folder = CacheFolder(folder, version=f"choices-v2|{patterns}")

    def load(self) -> Remembered:
        """The remembered choices, read as the line breaker asks for them: a build reads the entries of the
        paragraphs it sets, not every entry the folder holds (the issues of every quarter share it)."""
        return Remembered(self.folder)

    def save(self, choices: dict[str, list[float] | None]) -> None:
        """One small entry per choice, so builds running at once can share the folder."""
        for key, widths in choices.items():
            if not self.folder.has(key):
                self.folder.write(key, json.dumps([key, widths]).encode())


_MISSING = object()


class Remembered(Mapping):
    """Choices by stable key, each entry read and verified the first time it is asked for; a damaged or missing
    one is simply searched again. Iterating reads them all (the tests compare the whole)."""

    def __init__(self, folder: CacheFolder):
        self.folder = folder
        self.read: dict[str, object] = {}

    def _choice(self, key: str):
        if key not in self.read:
            self.read[key] = _choice_in(self.folder.read(key), key)
        return self.read[key]

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and self._choice(key) is not _MISSING

    def __getitem__(self, key: str) -> list[float] | None:
        found = self._choice(key)
        if found is _MISSING:
            raise KeyError(key)
        return found  # type: ignore[return-value]

    def _all(self) -> dict[str, list[float] | None]:
        found = {}
        for payload in self.folder.entries():
            try:
                key, _ = json.loads(payload.decode("utf-8"))
            except (ValueError, TypeError):
                continue
            if isinstance(key, str) and (choice := _choice_in(payload, key)) is not _MISSING:
                found[key] = choice
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _choice_in(payload: bytes | None, key: str):
    """The widths an entry holds for `key`, or _MISSING when there is none, or it is not one for `key`."""
    if payload is None:
        return _MISSING
    try:
        found, widths = json.loads(payload.decode("utf-8"))
    except (ValueError, TypeError):
        return _MISSING
    if found != key or not (widths is None or (
            isinstance(widths, list) and all(isinstance(w, (int, float)) for w in widths))):
        return _MISSING
    return widths
