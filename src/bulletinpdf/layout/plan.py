"""The layout stage's entry: story, pages and chrome for one issue in one theme; no file is written here."""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..issue_text import IssueText
from ..model import ImageBlock, Issue
from ..theme import Theme
from .columns import Frame, PagePlan, paginate
from .pages import PageChrome
from .report import build_report
from .story import PlacedImage, build_story


@dataclass(frozen=True)
class Layout:
    pages: list[PagePlan]
    chrome: PageChrome
    diagnostics: list[Diagnostic]
    report: dict
    """What landed where and the typesetting faults counted (see report.py); written as layout-report.json."""


def lay_out(
    issue: Issue, text: IssueText, images: dict[ImageBlock, PlacedImage], theme: Theme, *, file: str, bleed: float = 0.0,
) -> Layout:
    story, diagnostics = build_story(issue, text, images, theme, file=file)
    geometry = theme.geometry

    def frame_for_page(number: int) -> Frame:
        return Frame(
            top=geometry.body_top_on(number), bottom=geometry.margin_bottom, left=geometry.margin_left,
            column_width=geometry.column_width, gutter=geometry.gutter,
        )

    pages = paginate(story, frame_for_page=frame_for_page, balance_tolerance=2 * theme.styles.body.leading)
    chrome = PageChrome(
        theme, title=issue.title, period=f"({issue.period.label})",
        footer_title=issue.display_title, bleed=bleed,
    )
    report = build_report(pages, body_leading=theme.styles.body.leading)
    return Layout(pages=pages, chrome=chrome, diagnostics=diagnostics, report=report)
