"""The harder issues under tests/cases/: each builds with no typesetting fault, every word in order, a steady rhythm."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from pypdf import PdfReader

from bulletinpdf.layout.columns import FLUSH_MAX_LINES_PER_SPACE
from bulletinpdf.load.reader import load_issue
from bulletinpdf.model import TextBlock
from bulletinpdf.text.blocks import mark_up
from bulletinpdf.text.markup import plain_words
from bulletinpdf.text.typography import Spacing

from .layout_cases import CASE_NAMES, built_case, set_up_issue
from .pdf_words import pdf_words

_FOOTER = r"Highlights—\d+\w+to\d+\w+\d{{4}}page\d+of{pages}"
# Spacing is compared to this precision (points): the report rounds to a tenth.
RHYTHM_TOLERANCE = 0.25


def _issue_words(name: str) -> list[str]:
    issue, problems = load_issue(set_up_issue(name), display_name=name)
    assert issue is not None, problems
    typography = Spacing(issue.words.typography)  # as printed: straight quotes as typographic ones
    words = []
    for section in issue.sections:
        words += plain_words(section.heading, spacing=typography)
        for block in section.blocks:
            if isinstance(block, TextBlock):
                # The words as printed: list markers become bullets (left out here), table rows lose their '|'.
                words += [word for word in " ".join(mark_up(block.text, spacing=typography).plain).split()
                          if word not in ("•", "|")]
    return words


def _printed_stream(path) -> str:
    """The PDF's words run together, with the hyphens the line breaker added removed.

    Long addresses are split at line ends without a hyphen, so the words are matched in this stream rather than
    token by token. No word of ours ends in '-' (words are never broken at their own hyphen, and an address
    breaks before its hyphens, rule 8).
    """
    stream = "".join(word[:-1] if word.endswith("-") else word for word in pdf_words(path))
    # The running footer sits between the last line of one page and the first of the next; its page count is
    # matched exactly, or a page that begins with a number ("40,000") would lose its first digits to it.
    return re.sub(_FOOTER.format(pages=len(PdfReader(path).pages)), "", stream)


# Zero faults of every kind, for every case and 2016 Q4, is held rule by rule in test_typesetting_rules.py.




@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_word_is_printed_in_order(name: str) -> None:
    result = built_case(name)
    stream = _printed_stream(result.outputs["email"])
    position = 0
    for index, word in enumerate(_issue_words(name)):
        found = stream.find(word, position)
        assert found >= 0, f"{name}: word {index} {word!r} not found in order after …{stream[position - 40:position]}"
        position = found + len(word)


def test_page_counts() -> None:
    pages = {name: built_case(name).pages["email"] for name in CASE_NAMES}
    # Its photos asked for at 60 % go across the column (issue 12's rule 2): a seventh page of a few lines, which
    # check's copyfit line reports for the editor to cut.
    assert pages["six_pages"] == 7
    assert pages["one_section"] == 1
    assert pages["page_break"] == 2


def test_a_section_runs_across_the_page_break() -> None:
    report = built_case("page_break").report
    sections_on = defaultdict(set)
    for page in report.pages:
        for column in page.columns:
            for item in column.items:
                sections_on[item.section].add(page.page)
    assert any(len(pages) > 1 for pages in sections_on.values())


def test_long_addresses_stay_inside_their_column() -> None:
    result = built_case("long_address")
    assert result.report.counts["overfull_lines"] == 0
    stream = _printed_stream(result.outputs["email"])
    assert "https://www.clusterconvention.org/files/documents/meetings/6MSP/" in stream
    assert "implementation.support.unit.reporting@clusterconvention.org" in stream


def test_six_photos_each_with_its_caption() -> None:
    report = built_case("six_photos").report
    figures = [item for page in report.pages for column in page.columns for item in column.items
               if item.kind == "figure"]
    assert len({item.block for item in figures}) == 6
    assert report.counts["photos_scaled_down"] == 0


def _gaps(report, *, flushed: bool = False) -> dict[tuple[str | None, str | None], set[float]]:
    """The space between each pair of neighbours in a column, by their styles (photos: None); in the columns set
    flush to the page's foot, or (by default) in the others."""
    gaps: dict[tuple[str | None, str | None], set[float]] = defaultdict(set)
    for page in report.pages:
        for column in page.columns:
            if column.flushed != flushed or column.levelled:
                continue  # a column that ends a run beside a longer one grew its spaces too
            items = column.items
            for above, below in zip(items, items[1:]):
                gap = above.top_pt - above.height_pt - below.top_pt
                if any(below.top_pt < span.top_pt <= above.top_pt - above.height_pt for span in page.spans):
                    continue  # a notice across both columns comes between them
                gaps[(above.style, below.style)].add(round(gap / RHYTHM_TOLERANCE) * RHYTHM_TOLERANCE)
    return gaps


@pytest.mark.parametrize("name", CASE_NAMES)
def test_vertical_rhythm_is_the_same_in_every_column(name: str) -> None:
    # The same space between paragraphs, before every heading of a level, after each heading level.
    for (above, below), found in _gaps(built_case(name).report).items():
        if above in ("body", "heading_1", "heading_2") and below in ("body", "heading_1", "heading_2"):
            # The report rounds to a tenth: a space of 3.375 pt reads 3.3 or 3.4 by where it stands.
            assert max(found) - min(found) <= RHYTHM_TOLERANCE + 1e-9, (name, above, below, sorted(found))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_a_column_set_flush_to_its_foot_grows_its_spaces_alike_and_little(name: str) -> None:
    for page in built_case(name).report.pages:
        for column in page.columns:
            if not column.flushed:
                continue
            # Within a line and a paragraph space of its foot (rule 1 of issue 12), its spaces grown little.
            assert column.space_left_pt <= 13.5 + 6.75 + 1
            # Pairs with a notice across both columns between them are not neighbours.
            pairs = [(a, b) for a, b in zip(column.items, column.items[1:])
                     if not any(b.top_pt < span.top_pt <= a.top_pt - a.height_pt for span in page.spans)]
            normal = {("body", "body"): 6.75, ("body", "heading_1"): 13.5, ("body", "heading_2"): 6.75}
            grown = {round(a.top_pt - a.height_pt - b.top_pt - normal[(a.style, b.style)], 1) for a, b in pairs
                     if (a.style, b.style) in normal and a.top_pt - a.height_pt - b.top_pt > normal[(a.style, b.style)] + 0.1}
            # Alike, but for the report's rounding of each position to a tenth of a point.
            assert not grown or max(grown) - min(grown) <= 0.3, (page.page, grown)
            assert all(value <= FLUSH_MAX_LINES_PER_SPACE * 13.5 + 0.2 for value in grown), (page.page, grown)


def test_rhythm_across_cases() -> None:
    combined: dict[tuple[str | None, str | None], set[float]] = defaultdict(set)
    for name in CASE_NAMES:
        for key, found in _gaps(built_case(name).report).items():
            combined[key] |= found
    assert combined[("body", "body")] == {6.75}
    assert combined[("body", "heading_1")] == {13.5}
    assert combined[("body", "heading_2")] == {6.75}


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason="too long for one page with its boxes, too "
                                                                 "short to go on with them: check names the cut"))
    if name == "box_alone_overleaf" else name for name in CASE_NAMES])
def test_the_contact_box_never_stands_alone_on_a_page(name: str) -> None:
    last = built_case(name).report.pages[-1]
    assert any(column.items for column in last.columns)
