"""The command line: `bulletinpdf build ISSUE.yaml`; a thin shell over the pipeline."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_URL = "the bulletinpdf maintainers (attach the issue file and this message)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletinpdf",
        description="Typeset the Highlights bulletin from an issue file (issues/QUARTER.yaml).",
    )
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an internal error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    build = commands.add_parser(
        "build", help="build the print and e-mail PDFs of one issue",
        description="Build the PDF editions of one issue into build/QUARTER/ (or --out DIR).",
    )
    build.add_argument("issue", type=Path, metavar="ISSUE.yaml", help="the issue file, e.g. issues/2016Q4.yaml")
    build.add_argument("--profile", choices=["print", "email", "all"], default="all",
                       help="which edition to build (default: all)")
    build.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: build/QUARTER/)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _build(args)
    except KeyboardInterrupt:
        print("bulletinpdf: stopped", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as problem:  # noqa: BLE001 - the one place that turns a crash into one line
        if args.debug:
            traceback.print_exc()
        print(
            f"bulletinpdf: internal error: {type(problem).__name__}: {problem}\n"
            f"    this is a bug in bulletinpdf, not in your file; please report it to {REPORT_URL}"
            + ("" if args.debug else " (run again with --debug for the details)"),
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _build(args: argparse.Namespace) -> int:
    # Imported here so `bulletinpdf --help` does not pay for ReportLab and Pillow.
    from .diagnostics import IssueFileError
    from .output import OutputError
    from .pipeline import build_issue
    from .profiles import PROFILES

    profiles = list(PROFILES.values()) if args.profile == "all" else [PROFILES[args.profile]]
    try:
        result = build_issue(args.issue, profiles=profiles, out_dir=args.out, display_name=str(args.issue))
    except IssueFileError as failure:
        for diagnostic in failure.diagnostics:
            print(diagnostic, file=sys.stderr)
        errors = sum(1 for d in failure.diagnostics if d.is_error)
        print(f"{args.issue}: {errors} error{'s' if errors != 1 else ''}; nothing was written", file=sys.stderr)
        return EXIT_INPUT
    except OutputError as failure:
        print(f"bulletinpdf: error: {failure}", file=sys.stderr)
        return EXIT_INPUT
    for diagnostic in result.diagnostics:
        print(diagnostic, file=sys.stderr)
    from .layout.report import summary

    for name, path in result.outputs.items():
        pages = result.pages[name]
        print(f"wrote {path} ({name}, {pages} page{'s' if pages != 1 else ''}, {path.stat().st_size // 1024} KB)")
    print(f"{summary(result.report)} (details in {result.report_path})")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
