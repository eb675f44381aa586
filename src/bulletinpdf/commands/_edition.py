"""The e-mail edition built for the editor's commands (proof, watch, email), its outcome printed."""

from __future__ import annotations

from pathlib import Path

from ._output import Console


def build_email_edition(issue: Path, console: Console):
    """The BuildResult of the e-mail edition, or None when the issue file has errors (already printed)."""
    from ..diagnostics import IssueFileError
    from ..layout.report import summary
    from ..output import OutputError
    from ..pipeline import build_issue
    from ..profiles import PROFILES

    try:
        result = build_issue(issue, profiles=[PROFILES["email"]], display_name=str(issue))
    except IssueFileError as failure:
        for diagnostic in failure.diagnostics:
            console.problem(str(diagnostic))
        errors = sum(1 for d in failure.diagnostics if d.is_error)
        console.problem(f"{issue}: {errors} error{'s' if errors != 1 else ''}; nothing was written")
        return None
    except OutputError as failure:
        console.problem(f"bulletinpdf: error: {failure}")
        return None
    console.warnings(result.diagnostics)
    for name, path in result.outputs.items():
        pages = result.pages[name]
        console.result(f"wrote {_shown(path)} ({name}, {pages} page{'s' if pages != 1 else ''}, "
                       f"{path.stat().st_size // 1024} KB)")
    console.detail(f"{summary(result.report)} (details in {_shown(result.report_path)})")
    return result


def _shown(path: Path) -> str:
    """Relative to the working folder when inside it: shorter, and what the user typed."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
