"""Font coverage: every character the issue's text uses must be one the brand's fonts can draw."""

from __future__ import annotations

from bulletinpdf.brand.theme import FontFamily
from bulletinpdf.diagnostics import Diagnostic, error
from bulletinpdf.model import Issue, Position, TextBlock


def characters_the_fonts_lack(issue: Issue, fonts: FontFamily, file: str) -> list[Diagnostic]:
    """Characters the brand's fonts cannot draw would print as empty boxes: each is an error where it was typed."""
    found: list[Diagnostic] = []

    def check(text: str, where: Position, exact: bool = True) -> None:
        missing = set(fonts.missing(text))
        if not missing:
            return
        for offset, line in enumerate(text.split("\n")):
            for column, character in enumerate(line, start=1):
                if character in missing:
                    found.append(error(
                        # Where only the block's start is known, the line alone, rather than a wrong column.
                        file, where.line + offset, where.column + column - 1 if exact else 0,
                        f"the character '{character}' (U+{ord(character):04X}) is not in the brand's fonts "
                        f"and would print as an empty box",
                        hint="replace it with a similar character, or describe it in words",
                    ))

    for section in issue.sections:
        check(section.heading, section.heading_where or section.where, exact=section.heading_where is not None)
        for block in section.blocks:
            if isinstance(block, TextBlock):
                check(block.text, block.text_where or block.where)
            else:
                check(block.caption, block.caption_where or block.where, exact=block.caption_where is not None)
                check(block.credit, block.credit_where or block.where, exact=block.credit_where is not None)
    if issue.contact:
        for text in (issue.contact.heading, *issue.contact.lines, issue.contact.email or "", issue.contact.website or ""):
            check(text, issue.contact.where, exact=False)
    check(issue.title, issue.title_where or Position(1, 1), exact=issue.title_where is not None)
    return found
