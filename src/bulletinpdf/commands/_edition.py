"""Building editions for the commands (build, proof, watch, email), with their outcome printed alike."""

from __future__ import annotations

import sys
from pathlib import Path

from bulletinpdf.commands._output import Console


def build_and_report(issue: Path, console: Console, *, profiles: list | None = None, out_dir: Path | None = None,
                     progress: bool = False):
    """The BuildResult of the given editions (all by default), or None when it failed (the reasons printed)."""
    from bulletinpdf.diagnostics import IssueFileError
    from bulletinpdf.render.output import OutputError
    from bulletinpdf.run.pipeline import build_issue
    from bulletinpdf.render.profiles import PROFILES
    from bulletinpdf.commands._progress import Progress

    profiles = profiles or list(PROFILES.values())
    editions = " and ".join(profile.name for profile in profiles)
    # Progress only on a terminal: logs and pipes get the result lines alone, exactly as on a quick build.
    shown = progress and not console.quiet and sys.stderr.isatty()
    try:
        with Progress(f"building {issue} ({editions})", enabled=shown):
            result = build_issue(issue, profiles=profiles, out_dir=out_dir, display_name=str(issue))
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
    return result


def build_email_edition(issue: Path, console: Console):
    """The e-mail edition, which the editor's commands show and send; None when the issue file has errors."""
    from bulletinpdf.layout.report import summary
    from bulletinpdf.render.profiles import PROFILES

    result = build_and_report(issue, console, profiles=[PROFILES["email"]])
    if result is not None:
        console.detail(f"{summary(result.report)} (details in {_shown(result.report_path)})")
    return result


def _shown(path: Path) -> str:
    """Relative to the working folder when inside it: shorter, and what the user typed."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
