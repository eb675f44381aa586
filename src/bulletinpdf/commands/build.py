"""`bulletinpdf build ISSUE.yaml`: write the PDF editions of one issue."""

from __future__ import annotations

import argparse

from bulletinpdf.commands.exit_codes import EXIT_INPUT, EXIT_OK
from bulletinpdf.commands._output import Console, add_issue_argument, add_output_options, path_argument


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "build", help="build the print and e-mail PDFs of one issue",
        description="Build the PDF editions of one issue into build/QUARTER/ (or --out DIR).",
    )
    add_issue_argument(parser)
    parser.add_argument("--profile", choices=["print", "email", "all"], default="all",
                        help="which edition to build (default: all)")
    parser.add_argument("--out", type=path_argument, metavar="DIR", help="output folder (default: build/QUARTER/)")
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so `bulletinpdf --help` does not pay for ReportLab and Pillow.
    from bulletinpdf.layout.report import summary
    from bulletinpdf.render.profiles import PROFILES
    from bulletinpdf.commands._edition import _shown, build_and_report

    console = Console.of(args)
    profiles = list(PROFILES.values()) if args.profile == "all" else [PROFILES[args.profile]]
    result = build_and_report(args.issue, console, profiles=profiles, out_dir=args.out, progress=True)
    if result is None:
        return EXIT_INPUT
    console.result(f"{summary(result.report)} (details in {_shown(result.report_path)})")
    for fault in result.report.faults:
        where = f"page {fault.page}" + (f", column {fault.column}" if fault.column else "")
        console.detail(f"  {fault.kind.replace('_', ' ')}: {where}"
                       + (f", line {fault.line} of the issue file" if fault.line else "")
                       + (f": {fault.at}" if fault.at else ""))
    return EXIT_OK
