"""The line-breaking cache: paragraphs' chosen line breaks kept under build/cache, so rebuilds skip the search."""

from __future__ import annotations

import json
from pathlib import Path

from bulletinpdf.cache_files import write_cache_entry


def load_choices(folder: Path) -> dict[str, list[float] | None]:
    """Every remembered choice in `folder`; an unreadable entry is simply searched again."""
    choices: dict[str, list[float] | None] = {}
    if not folder.is_dir():
        return choices
    for entry in folder.glob("*.json"):
        try:
            widths = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if widths is None or (isinstance(widths, list) and all(isinstance(w, (int, float)) for w in widths)):
            choices[entry.stem] = widths
    return choices


def save_choices(folder: Path, choices: dict[str, list[float] | None]) -> None:
    """One small file per choice, written whole or not at all, so builds running at once can share the folder."""
    if not choices:
        return
    for key, widths in choices.items():
        target = folder / f"{key}.json"
        if not target.exists():
            write_cache_entry(target, json.dumps(widths).encode())
