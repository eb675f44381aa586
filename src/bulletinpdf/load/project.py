"""Where a project's folders are, found from the issue file so any working directory works."""

from __future__ import annotations

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
    """'2016Q4' from issues/2016Q4.yaml."""
    return issue_path.stem
