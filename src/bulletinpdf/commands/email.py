"""`bulletinpdf email ISSUE.yaml`: the subscriber e-mail as an .eml file, ready to open and send."""

from __future__ import annotations

import argparse

from bulletinpdf.commands.exit_codes import EXIT_INPUT, EXIT_OK
from bulletinpdf.commands._output import Console, add_issue_argument, add_output_options


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "email", help="write the subscriber e-mail (build/QUARTER/highlights-QUARTER.eml); nothing is sent",
        description="Build the e-mail edition and write build/QUARTER/highlights-QUARTER.eml: the subject, a short "
                    "text and HTML summary of the issue with a picture of page 1, and the PDF attached. Open it "
                    "in your mail program (it opens as a draft), add the subscribers and send it.",
    )
    add_issue_argument(parser)
    parser.add_argument("--from", dest="sender", metavar="ADDRESS",
                        help="the sender (default: the contact block's e-mail address)")
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bulletinpdf.run.email import THUMBNAIL_WIDTH_PX, make_message
    from bulletinpdf.render.output import write_atomically
    from bulletinpdf.render.pictures import thumbnail_jpeg
    from bulletinpdf.commands._edition import _shown, build_email_edition

    console = Console.of(args)
    result = build_email_edition(args.issue, console)
    if result is None:
        return EXIT_INPUT
    issue = result.issue
    pdf = result.outputs["email"]
    # Twice the shown width, so the picture stays sharp on high-resolution screens.
    message = make_message(issue=issue, plain=result.plain, pdf_name=pdf.name, pdf=pdf.read_bytes(),
                           thumbnail_jpeg=thumbnail_jpeg(pdf, width_px=2 * THUMBNAIL_WIDTH_PX), sender=args.sender)
    target = pdf.parent / f"highlights-{issue.quarter}.eml"
    write_atomically(target, message.as_bytes())
    console.result(f"wrote {_shown(target)} ({target.stat().st_size // 1024} KB): \"{message['Subject']}\"")
    console.detail("open it in your mail program, add the subscribers and send it; nothing was sent")
    return EXIT_OK
