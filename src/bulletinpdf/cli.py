"""The command line: `bulletinpdf COMMAND ...`; a thin shell over the pipeline's stages."""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys

from bulletinpdf.commands.exit_codes import EXIT_INTERNAL, EXIT_OK

# Each subcommand is a module under commands/ with add_parser(subparsers) and a run(args) it sets as default.
COMMANDS = ("build", "check", "schema", "new", "proof", "watch", "email")
REPORT_TO = "the bulletinpdf maintainers (attach the issue file and this message)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletinpdf",
        description="Typeset the Highlights bulletin from an issue file (issues/QUARTER.yaml).",
    )
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an internal error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for name in COMMANDS:
        importlib.import_module(f"bulletinpdf.commands.{name}").add_parser(commands)
        # Also accepted after the command (`bulletinpdf build x.yaml --debug`), where people add it when
        # told to; SUPPRESS keeps a --debug given before the command from being reset to False.
        commands.choices[name].add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                                            help="show the full traceback of an internal error")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("bulletinpdf: stopped", file=sys.stderr)
        return EXIT_INTERNAL
    except BrokenPipeError:
        # The reader went away (`bulletinpdf check ... | head`): nothing is wrong, and nothing more to say.
        sys.stderr = sys.stdout = open(os.devnull, "w")
        return EXIT_OK
    except Exception as problem:  # noqa: BLE001 - the one place that turns a crash into one line
        if args.debug:
            import traceback  # only on a crash: keeps `bulletinpdf --help` light

            traceback.print_exc()
        print(
            f"bulletinpdf: internal error: {type(problem).__name__}: {problem}\n"
            f"    this is a bug in bulletinpdf, not in your file; please report it to {REPORT_TO}"
            + ("" if args.debug else " (run again with --debug for the details)"),
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def run():  # never returns; not annotated NoReturn, since importing typing would cost `--help` 4 ms
    """The console script: main(), then leave without taking the interpreter apart.

    By then every file is written and closed; Python would still free its few hundred thousand objects
    one by one (fonts, layout, ReportLab's modules), a tenth of a second of every build for nothing.
    Exit handlers still run: they are where libraries clean up after themselves.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass
    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":
    run()
