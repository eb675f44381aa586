"""`bulletinpdf check ISSUE.yaml`: preflight an issue and both its editions without writing anything."""

from __future__ import annotations

import argparse
import sys

from bulletinpdf.commands._output import add_issue_argument
from bulletinpdf.commands.exit_codes import EXIT_INPUT, EXIT_OK


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "check", help="check an issue and preflight both editions, writing nothing",
        description="Check the issue file, make both editions in memory and report every problem: photos' "
                    "resolution, alt text and credits, characters the fonts lack, links, layout faults, "
                    "the e-mail edition's size against its budget. Exit status 1 when there is any error.",
    )
    add_issue_argument(parser)
    parser.add_argument("--json", action="store_true", help="print the report as JSON, for machines")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so `bulletinpdf --help` does not pay for ReportLab and Pillow.
    from bulletinpdf.run.preflight import check_issue, to_json, to_text
    from bulletinpdf.render.output import OutputError

    try:
        report = check_issue(args.issue, display_name=str(args.issue))
    except OutputError as failure:  # a full disk under build/cache
        print(f"bulletinpdf: error: {failure}", file=sys.stderr)
        return EXIT_INPUT
    print(to_json(report) if args.json else to_text(report))
    return EXIT_INPUT if report.errors else EXIT_OK
