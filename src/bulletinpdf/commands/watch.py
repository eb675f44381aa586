"""`bulletinpdf watch ISSUE.yaml`: rebuild the e-mail edition and its proof sheet on every save."""

from __future__ import annotations

import argparse
import time

from bulletinpdf.commands.exit_codes import EXIT_INPUT, EXIT_OK
from bulletinpdf.commands._output import Console, add_issue_argument, add_output_options


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "watch", help="rebuild the e-mail edition and proof sheet whenever the issue, a photo or the brand changes",
        description="Build the e-mail edition and its proof pictures, then build them again each time the issue "
                    "file, a photo it uses or the brand (assets/) is saved. Stop with Ctrl-C.",
    )
    add_issue_argument(parser)
    parser.add_argument("--check", action="store_true", help="outline the layout faults on the proof sheet")
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bulletinpdf.run.watch import watch
    from bulletinpdf.commands._edition import _shown, build_email_edition
    from bulletinpdf.commands.proof import make_proof_for

    if not args.issue.is_file():
        print(f"{args.issue}: error: the file does not exist\n    hint: give the path of an issue file, "
              f"for example issues/2016Q4.yaml")
        return EXIT_INPUT
    console = Console.of(args)
    # One line per build ("built in 0.4 s"); the files written are listed with --verbose only.
    each_build = console.with_results(args.verbose)

    def rebuild() -> None:
        start = time.perf_counter()
        console.detail(f"building {args.issue} …")
        try:
            result = build_email_edition(args.issue, each_build)
            if result is not None:
                make_proof_for(result, check=args.check, console=each_build)
        except Exception as problem:  # noqa: BLE001 - one bad build must not end the session
            console.problem(f"bulletinpdf: internal error: {type(problem).__name__}: {problem}\n"
                            f"    this is a bug in bulletinpdf; still watching")
            return
        if result is None:
            console.result("not built; fix the file and save it again (still watching)")
            return
        proof = result.outputs["email"].parent / "proof" / "contact-sheet.png"
        console.result(f"built in {time.perf_counter() - start:.1f} s: {_shown(result.outputs['email'])}, {_shown(proof)}")

    console.result(f"watching {args.issue}, its photos and the brand; stop with Ctrl-C")
    try:
        watch(args.issue, rebuild=rebuild)
    except KeyboardInterrupt:
        pass
    console.result("stopped watching")
    return EXIT_OK
