"""Marks up every piece of text in an issue at once, and places the markup's problems in the issue file."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from bulletinpdf.diagnostics import Diagnostic
from bulletinpdf.text.markup import MarkedUpText, TextProblem, mark_up, mark_up_inline, plain_text
from bulletinpdf.text.markup_cache import markup_key
from bulletinpdf.model import ImageBlock, Issue, Position, TextBlock


@dataclass(frozen=True)
class IssueText:
    """ReportLab paragraph markup for everything the issue prints."""

    title: str
    period: str
    headings: tuple[str, ...]
    """One per section, in order."""
    paragraphs: dict[TextBlock, tuple[str, ...]]
    captions: dict[ImageBlock, tuple[str | None, str | None]]
    """Caption and credit markup per photo."""
    contact_heading: str
    contact_lines: tuple[str, ...]
    contact_email: str | None
    contact_website: str | None
    plain_headings: tuple[str, ...] = ()
    """The headings without markup, for the bookmarks."""
    plain_contact_heading: str = ""
    plain_title: str = ""
    """The title without markup, for the metadata."""


def mark_up_issue(
    issue: Issue, *, file: str, link_color: str, known: Mapping[str, MarkedUpText] | None = None,
) -> tuple[IssueText, list[Diagnostic], dict[str, MarkedUpText]]:
    """The issue's text as ReportLab markup, the problems found in it, and each text's markup by its cache key.

    `known` is what an earlier build made (markup_cache.py): a text found there is not parsed again.
    """
    diagnostics: list[Diagnostic] = []
    known = known or {}
    made: dict[str, MarkedUpText] = {}

    def marked_up(kind: str, text: str) -> MarkedUpText:
        key = markup_key(kind, text, link_color)
        if key not in made:
            found = known.get(key)
            if found is None:
                found = (mark_up if kind == "text" else mark_up_inline)(text, link_color=link_color)
            made[key] = found
        return made[key]

    def inline(text: str, where: Position) -> str:
        result = marked_up("inline", text)
        diagnostics.extend(_located(result, where, file))
        return result.paragraphs[0] if result.paragraphs else ""

    paragraphs: dict[TextBlock, tuple[str, ...]] = {}
    captions: dict[ImageBlock, tuple[str | None, str | None]] = {}
    headings = []
    for section in issue.sections:
        headings.append(inline(section.heading, section.heading_where or section.where))
        for block in section.blocks:
            if isinstance(block, TextBlock):
                result = marked_up("text", block.text)
                diagnostics.extend(_located(result, block.text_where or block.where, file))
                paragraphs[block] = result.paragraphs
            else:
                captions[block] = (
                    inline(block.caption, block.caption_where or block.where) if block.caption else None,
                    inline(block.credit, block.credit_where or block.where) if block.credit else None,
                )
    contact = issue.contact
    text = IssueText(
        title=inline(issue.title, issue.title_where or Position(1, 1)),
        period=inline(f"({issue.period.label})", Position(1, 1)),
        headings=tuple(headings),
        paragraphs=paragraphs,
        captions=captions,
        contact_heading=inline(contact.heading, contact.where) if contact else "",
        contact_lines=tuple(inline(line, contact.where) for line in contact.lines) if contact else (),
        contact_email=inline(contact.email, contact.where) if contact and contact.email else None,
        contact_website=inline(contact.website, contact.where) if contact and contact.website else None,
    )
    text = dataclasses.replace(
        text, plain_headings=tuple(map(plain_text, text.headings)), plain_contact_heading=plain_text(text.contact_heading),
        plain_title=plain_text(text.title),
    )
    return text, diagnostics, made


def _located(result: MarkedUpText, where: Position, file: str) -> list[Diagnostic]:
    return [_diagnostic(problem, where, file) for problem in result.problems]


def _diagnostic(problem: TextProblem, where: Position, file: str) -> Diagnostic:
    # Block scalars keep their indent on every line, so the column offset holds on each of them.
    return Diagnostic(
        problem.severity, file, where.line + problem.line_offset, where.column + problem.column - 1,
        problem.message, problem.hint,
    )
