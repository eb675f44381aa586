"""`bulletinpdf proof ISSUE.yaml`: the e-mail edition's pages as PNG pictures and one contact sheet."""

from __future__ import annotations

import argparse

from bulletinpdf.commands.exit_codes import EXIT_INPUT, EXIT_OK
from bulletinpdf.commands._output import Console, add_issue_argument, add_output_options

SHOWN_PAGES = 4


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "proof", help="build the e-mail edition and show its pages as pictures (build/QUARTER/proof/)",
        description="Build the e-mail edition, then write every page as a PNG picture and one contact sheet "
                    "with all pages side by side into build/QUARTER/proof/.",
    )
    add_issue_argument(parser)
    parser.add_argument("--check", action="store_true",
                        help="outline the layout faults on the contact sheet (red: overprints, stranded headings, "
                             "orphans, widows, overfull lines, scaled photos)")
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bulletinpdf.commands._edition import build_email_edition

    console = Console.of(args)
    result = build_email_edition(args.issue, console)
    if result is None:
        return EXIT_INPUT
    proof = make_proof_for(result, check=args.check, console=console)
    return EXIT_OK if proof else EXIT_INPUT


def make_proof_for(result, *, check: bool, console: Console):
    """The proof pictures of a built e-mail edition, their paths printed."""
    from bulletinpdf.render.pictures import make_proof
    from bulletinpdf.commands._edition import _shown

    pdf = result.outputs["email"]
    # A translation's pictures beside the original's: build/2016Q4/proof-fr/.
    translation = result.issue.translation
    folder = pdf.parent / (f"proof-{translation}" if translation else "proof")
    proof = make_proof(pdf, out_dir=folder, report=result.report if check else None)
    # A long issue gets one line for its pages, not forty.
    if len(proof.pages) <= SHOWN_PAGES or console.verbose:
        for page in proof.pages:
            console.result(f"wrote {_shown(page)}")
    else:
        console.result(f"wrote {_shown(proof.pages[0])} … page-{len(proof.pages)}.png ({len(proof.pages)} pages)")
    console.result(f"wrote {_shown(proof.sheet)}" + (f" ({proof.outlined} faults outlined)" if check else ""))
    return proof
