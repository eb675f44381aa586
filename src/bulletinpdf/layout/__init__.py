"""Layout: the issue, its marked-up text and photos' shapes placed page by page, column by column; no file is written here.

The stage's one entry is `lay_out`; story.py builds the flowables, columns.py places them, chrome.py draws the
page furniture, report.py counts what a designer would fault.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletinpdf.diagnostics import Diagnostic
from bulletinpdf.text.issue_text import IssueText
from bulletinpdf.model import ImageBlock, Issue
from bulletinpdf.brand.theme import Theme
from bulletinpdf.layout.columns import Frame, PagePlan, paginate
from bulletinpdf.layout.chrome import PageChrome
from bulletinpdf.layout.report import LayoutReport, build_report, figures_in
from bulletinpdf.layout.rules import Rules
from bulletinpdf.layout.story import PhotoShape, build_story
from bulletinpdf.layout.structure import Element
from bulletinpdf.lines.linebreak import LineBreaking


@dataclass(frozen=True)
class Layout:
    pages: list[PagePlan]
    chrome: PageChrome
    diagnostics: list[Diagnostic]
    report: LayoutReport
    """What landed where and the typesetting faults counted (see report.py); written as layout-report.json."""
    structure: Element
    """The Document element: what every drawn piece is, in the issue's reading order (structure.py)."""
    narrowed: dict[ImageBlock, float]
    """The photos the column engine narrowed, at the share of the column they are placed at: their files are
    prepared for that width rather than the one written (layout.story.placed_shares)."""


def lay_out(
    issue: Issue, text: IssueText, photos: dict[ImageBlock, PhotoShape], theme: Theme, *,
    line_breaking: LineBreaking, file: str,
) -> Layout:
    """One layout for every edition: editions differ only in their photo files, colour model and bleed,
    which the renderer applies."""
    structure = Element("Document")
    # The masthead reads first: the title, then the period under it.
    title, period = structure.add("H1"), structure.add("P")
    story, diagnostics = build_story(issue, text, photos, theme, line_breaking=line_breaking, file=file,
                                     structure=structure)
    geometry = theme.geometry

    def frame_for_page(number: int) -> Frame:
        return Frame(
            top=geometry.body_top_on(number), bottom=geometry.margin_bottom, left=geometry.margin_left,
            column_width=geometry.column_width, gutter=geometry.gutter,
        )

    pages = paginate(story, frame_for_page=frame_for_page, balance_tolerance=2 * theme.styles.body.leading)
    chrome = PageChrome(
        theme, title=text.plain.title, period=text.period, footer_title=f"{text.plain.title} — {issue.period_line}",
        organisation=theme.brand.organisation_in(issue.words.code), page_of=issue.words.words["page_of"],
        title_tag=title, period_tag=period,
    )
    report = build_report(pages, body_leading=theme.styles.body.leading,
                          rules=Rules(theme=theme, frame_for_page=frame_for_page))
    return Layout(pages=pages, chrome=chrome, diagnostics=diagnostics, report=report, structure=structure,
                  narrowed=_narrowed(pages, issue, geometry.column_width))


def _narrowed(pages: list[PagePlan], issue: Issue, column_width: float) -> dict[ImageBlock, float]:
    by_line = {block.where.line: block for block in issue.image_blocks}
    found = {}
    for page in pages:
        for placement in page.placements:
            for figure in figures_in(placement.flowable):
                if figure.narrowed_from is not None and figure.line in by_line:
                    found[by_line[figure.line]] = figure.image_width / column_width
    return found
