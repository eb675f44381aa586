"""Marks up every piece of text in an issue at once, and places the markup's problems in the issue file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bulletinpdf.diagnostics import Diagnostic
from bulletinpdf.text.blocks import Piece, mark_up
from bulletinpdf.text.markup import MarkedUpText, TextProblem, mark_up_inline
from bulletinpdf.text.markup_cache import markup_key
from bulletinpdf.model import ImageBlock, Issue, Position, TextBlock


@dataclass(frozen=True)
class PlainText:
    """The issue's words as a reader sees them, from the same parse as the markup: the PDF's outline and metadata,
    the e-mail's plain text and HTML."""

    title: str
    headings: tuple[str, ...]
    """One per section, in order."""
    paragraphs: dict[TextBlock, tuple[Piece, ...]]
    contact_heading: str
    contact_lines: tuple[str, ...]


@dataclass(frozen=True)
class IssueText:
    """ReportLab paragraph markup for everything the issue prints, and the same words plain."""

    title: str
    period: str
    headings: tuple[str, ...]
    """One per section, in order."""
    paragraphs: dict[TextBlock, tuple[Piece, ...]]
    captions: dict[ImageBlock, tuple[str | None, str | None]]
    """Caption and credit markup per photo."""
    contact_heading: str
    contact_lines: tuple[str, ...]
    contact_email: str | None
    contact_website: str | None
    plain: PlainText


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

    def plain(text: str) -> str:
        result = marked_up("inline", text)  # parsed once: `inline` asked for the same text first
        return result.plain[0] if result.plain else ""

    paragraphs: dict[TextBlock, tuple[Piece, ...]] = {}
    plain_paragraphs: dict[TextBlock, tuple[str, ...]] = {}
    captions: dict[ImageBlock, tuple[str | None, str | None]] = {}
    headings = []
    for section in issue.sections:
        headings.append(inline(section.heading, section.heading_where or section.where))
        for block in section.blocks:
            if isinstance(block, TextBlock):
                result = marked_up("text", block.text)
                diagnostics.extend(_located(result, block.text_where or block.where, file))
                paragraphs[block] = result.paragraphs
                plain_paragraphs[block] = result.plain
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
        plain=PlainText(
            title=plain(issue.title),
            headings=tuple(plain(section.heading) for section in issue.sections),
            paragraphs=plain_paragraphs,
            contact_heading=plain(contact.heading) if contact else "",
            contact_lines=tuple(plain(line) for line in contact.lines) if contact else (),
        ),
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
