"""Rebuild on save: which files an issue's build reads, and the loop that rebuilds when one changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from bulletinpdf.load import project
from bulletinpdf.load.reader import load_issue


def watched_files(issue_path: Path) -> set[Path]:
    """The issue file and the images it uses (the brand is all of assets/ outside images/)."""
    found = {issue_path.resolve()}
    issue, _ = load_issue(issue_path)
    if issue is not None:
        found |= {block.resolved.resolve() for block in issue.image_blocks}
    return found


def is_relevant(changed: Path, *, issue_path: Path, files: set[Path]) -> bool:
    """A change worth a rebuild: the issue file, an image it uses, the brand (anything in assets/ outside
    images/: brand file, logo, fonts) or, while the issue cannot be read, any image (the missing one may
    just have been saved)."""
    changed = changed.resolve()
    if changed in files:
        return True
    if changed.name.startswith(".") or changed.name.endswith("~"):
        return False  # editors' and our own temporary files
    assets = project.assets_dir_for(issue_path).resolve()
    if not changed.is_relative_to(assets):
        return False
    if not changed.is_relative_to(assets / "images"):
        return True
    return len(files) == 1


def watch(issue_path: Path, *, rebuild: Callable[[], None], stop: threading.Event | None = None) -> None:
    """Build once, then again after every relevant change, until `stop` is set or Ctrl-C."""
    from watchfiles import watch as watch_changes

    files: set[Path] = set()
    # Folders, not files: editors save by writing a new file and renaming it over the old one.
    folders = [issue_path.resolve().parent, project.assets_dir_for(issue_path).resolve()]
    # The first build waits for the watcher's first tick, so a save made during it is not lost.
    for changes in watch_changes(*folders, stop_event=stop, raise_interrupt=False, debounce=300,
                                 rust_timeout=500, yield_on_timeout=True):
        if not files or any(is_relevant(Path(path), issue_path=issue_path, files=files) for _, path in changes):
            rebuild()
            files = watched_files(issue_path)
