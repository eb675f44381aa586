"""`bulletinpdf schema`: print the JSON Schema of the issue file, for completion and checking in editors."""

from __future__ import annotations

import argparse
import sys

from bulletinpdf.commands._output import path_argument
from bulletinpdf.commands.exit_codes import EXIT_OK


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "schema", help="print the JSON Schema of the issue file (for editors)",
        description="Print the JSON Schema (draft 2020-12) of the issue file. The committed copy is "
                    "docs/issue.schema.json; issue files point to it on their first line.",
    )
    parser.add_argument("--out", type=path_argument, metavar="FILE", help="write it to FILE instead of printing it")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bulletinpdf.load.schema import schema_text

    if args.out is None:
        sys.stdout.write(schema_text())
    else:
        args.out.write_text(schema_text(), encoding="utf-8")
        print(f"wrote {args.out}")
    return EXIT_OK
