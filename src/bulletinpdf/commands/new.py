"""`bulletinpdf new QUARTER`: start the next issue's file and photo folder from the latest issue."""

from __future__ import annotations

import argparse

from bulletinpdf.commands.exit_codes import EXIT_INPUT, EXIT_OK
from bulletinpdf.commands._output import Console, add_output_options, path_argument


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "new", help="start the next issue: issues/QUARTER.yaml and assets/images/QUARTER/",
        description="Write issues/QUARTER.yaml from the latest issue (title, language and contact block kept, "
                    "the period set for the quarter, example sections to replace) and make the photo "
                    "folder assets/images/QUARTER/. An existing file is never overwritten.",
    )
    parser.add_argument("quarter", metavar="QUARTER", help="the new issue's quarter, e.g. 2017Q1")
    parser.add_argument("--translate", metavar="LANGUAGE",
                        help="instead, start a translation of issues/QUARTER.yaml into LANGUAGE (fr, es): "
                             "issues/QUARTER.LANGUAGE.yaml, the same sections and photos, the original text above "
                             "each text as comments")
    parser.add_argument("--root", type=path_argument, default=".", help=argparse.SUPPRESS)
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bulletinpdf.load.reader import load_issue
    from bulletinpdf.run.new_issue import NewIssueError, start_issue, start_translation

    console = Console.of(args)
    root = args.root
    if not (root / "issues").is_dir():
        console.problem("bulletinpdf: error: there is no issues/ folder here\n"
                        "    hint: run the command in the project folder (the one holding issues/ and assets/)")
        return EXIT_INPUT
    try:
        if args.translate:
            made = start_translation(args.quarter, args.translate, root=root)
        else:
            made = start_issue(args.quarter, root=root)
    except NewIssueError as problem:
        console.problem(f"bulletinpdf: error: {problem}")
        return EXIT_INPUT
    shown = made.issue_file.relative_to(root)
    # The file is ours; it must load cleanly, or the user's first build would blame their editing.
    _, diagnostics = load_issue(made.issue_file, display_name=str(shown))
    console.warnings(diagnostics)
    for diagnostic in diagnostics:
        if diagnostic.is_error:
            console.problem(str(diagnostic))
    console.result(f"wrote {shown}" + (f" (from {made.copied_from.name})" if made.copied_from else ""))
    if args.translate:
        console.detail(f"next: replace each text in {shown} by its translation, then run: "
                       f"make issue Q={made.issue_file.stem.split('.')[0]} LANG={made.issue_file.stem.split('.')[1]}")
        return EXIT_OK
    console.result(f"made {made.photo_folder.relative_to(root)}/ with a placeholder photo, {made.example_photo.name}")
    console.detail(f"next: replace the example sections in {shown}, then run: make issue Q={made.issue_file.stem}")
    return EXIT_OK
