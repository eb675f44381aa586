"""What the editor's commands print: --quiet and --verbose, the same on every command that takes them."""

from __future__ import annotations

import argparse
import sys


def add_issue_argument(parser: argparse.ArgumentParser) -> None:
    """The issue file every command but `new` and `schema` works on."""
    parser.add_argument("issue", type=path_argument, metavar="ISSUE.yaml", help="the issue file, e.g. issues/2016Q4.yaml")


def path_argument(text: str):  # -> pathlib.Path; not annotated, since naming it would need pathlib or typing
    """argparse's type for file and folder arguments: pathlib (7 ms) is loaded when one is given, not for --help."""
    from pathlib import Path

    return Path(text)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    volume = parser.add_mutually_exclusive_group()
    volume.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    volume.add_argument("-v", "--verbose", action="store_true", help="also print the layout report and timings")


class Console:
    """Errors always reach stderr; results go to stdout unless --quiet; details only with --verbose."""

    # A plain class, not a dataclass: importing dataclasses costs `bulletinpdf --help` a fifth of its time.
    def __init__(self, *, quiet: bool = False, verbose: bool = False, results: bool = True):
        self.quiet = quiet
        self.verbose = verbose
        self.results = results
        """False for a build inside a longer command (watch) that says the outcome in its own words."""

    def with_results(self, results: bool) -> Console:
        return Console(quiet=self.quiet, verbose=self.verbose, results=results)

    @classmethod
    def of(cls, args: argparse.Namespace) -> Console:
        return cls(quiet=getattr(args, "quiet", False), verbose=getattr(args, "verbose", False))

    def result(self, text: str) -> None:
        if self.results and not self.quiet:
            print(text, flush=True)

    def detail(self, text: str) -> None:
        if self.verbose:
            print(text, flush=True)

    def problem(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def warnings(self, diagnostics) -> None:
        """Warnings are worth reading on every run; only --quiet hides them."""
        if not self.quiet:
            for diagnostic in diagnostics:
                if not diagnostic.is_error:
                    self.problem(str(diagnostic))
