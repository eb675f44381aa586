"""Where a project's folders are, found from the issue file so any working directory works."""

from __future__ import annotations

import re
from pathlib import Path


def project_root_for(issue_path: Path) -> Path:
    """The folder holding issues/ and assets/: the issue file's grandparent when it sits in issues/."""
    folder = issue_path.resolve().parent
    if folder.name == "issues" and (folder.parent / "assets").is_dir():
        return folder.parent
    return Path.cwd().resolve()


def assets_dir_for(issue_path: Path) -> Path:
    return project_root_for(issue_path) / "assets"


def quarter_of(issue_path: Path) -> str:
    """'2016Q4' from issues/2016Q4.yaml, and from its translations issues/2016Q4.fr.yaml, issues/2016Q4.es.yaml."""
    stem = issue_path.stem
    return stem.rsplit(".", 1)[0] if translation_of(issue_path) else stem


def translation_of(issue_path: Path) -> str | None:
    """'fr' for issues/2016Q4.fr.yaml, a translation named after its language (two or three letters after the
    quarter); None for issues/2016Q4.yaml."""
    match = _TRANSLATION.search(issue_path.stem)
    return match.group(1).lower() if match else None


_TRANSLATION = re.compile(r".\.([A-Za-z]{2,3})$")
