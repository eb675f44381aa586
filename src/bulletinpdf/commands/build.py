"""`bulletinpdf build ISSUE.yaml`: write the PDF editions of one issue."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..exit_codes import EXIT_INPUT, EXIT_OK
from ._output import Console, add_output_options


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "build", help="build the print and e-mail PDFs of one issue",
        description="Build the PDF editions of one issue into build/QUARTER/ (or --out DIR).",
    )
    parser.add_argument("issue", type=Path, metavar="ISSUE.yaml", help="the issue file, e.g. issues/2016Q4.yaml")
    parser.add_argument("--profile", choices=["print", "email", "all"], default="all",
                        help="which edition to build (default: all)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: build/QUARTER/)")
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so `bulletinpdf --help` does not pay for ReportLab and Pillow.
    from ..diagnostics import IssueFileError
    from ..layout.report import summary
    from ..output import OutputError
    from ..pipeline import build_issue
    from ..profiles import PROFILES
    from ._progress import Progress

    profiles = list(PROFILES.values()) if args.profile == "all" else [PROFILES[args.profile]]
    console = Console.of(args)
    editions = " and ".join(profile.name for profile in profiles)
    try:
        # Only on a terminal: logs and pipes get the result lines alone, exactly as on a quick build.
        with Progress(f"building {args.issue} ({editions})", enabled=not console.quiet and sys.stderr.isatty()):
            result = build_issue(args.issue, profiles=profiles, out_dir=args.out, display_name=str(args.issue))
    except IssueFileError as failure:
        print_failure(args.issue, failure.diagnostics)
        return EXIT_INPUT
    except OutputError as failure:
        print(f"bulletinpdf: error: {failure}", file=sys.stderr)
        return EXIT_INPUT
    console.warnings(result.diagnostics)
    for name, path in result.outputs.items():
        pages = result.pages[name]
        console.result(
            f"wrote {path} ({name}, {pages} page{'s' if pages != 1 else ''}, {path.stat().st_size // 1024} KB)"
        )
    console.result(f"{summary(result.report)} (details in {result.report_path})")
    for fault in result.report.get("faults", []):
        where = f"page {fault.get('page')}" + (f", column {fault['column']}" if fault.get("column") else "")
        console.detail(f"  {fault['kind'].replace('_', ' ')}: {where}"
                       + (f", line {fault['line']} of the issue file" if fault.get("line") else "")
                       + (f": {fault['at']}" if fault.get("at") else ""))
    return EXIT_OK


def print_failure(issue: Path, diagnostics) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)
    errors = sum(1 for d in diagnostics if d.is_error)
    print(f"{issue}: {errors} error{'s' if errors != 1 else ''}; nothing was written", file=sys.stderr)
