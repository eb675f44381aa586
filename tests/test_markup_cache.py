"""The markup cache: a rebuild reuses every unchanged text's markup, and its problems still land where they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletinpdf.text import issue_text
from bulletinpdf.load.reader import load_issue
from bulletinpdf.text.markup import MarkedUpText, TextProblem
from bulletinpdf.text.markup_cache import MarkupCache, markup_key

REPO = Path(__file__).resolve().parent.parent
ISSUE = REPO / "issues" / "2016Q4.yaml"
LINK = "#1F5C99"


def mark_up(known=None):
    issue, _ = load_issue(ISSUE)
    return issue_text.mark_up_issue(issue, file="issues/2016Q4.yaml", link_color=LINK, known=known)


def test_a_rebuild_parses_nothing_when_nothing_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text, diagnostics, made = mark_up()
    MarkupCache(tmp_path).save("2016Q4", made)
    parsed: list[str] = []
    monkeypatch.setattr(issue_text, "mark_up", lambda text, **_: parsed.append(text))
    monkeypatch.setattr(issue_text, "mark_up_inline", lambda text, **_: parsed.append(text))
    again, again_diagnostics, again_made = mark_up(MarkupCache(tmp_path).load("2016Q4"))
    assert parsed == []
    assert again == text and again_diagnostics == diagnostics and again_made == made


def test_only_the_changed_text_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, made = mark_up()
    changed_key = markup_key("text", next(iter(load_issue(ISSUE)[0].sections[0].blocks)).text, LINK)
    known = {key: entry for key, entry in made.items() if key != changed_key}
    parsed: list[str] = []
    real = issue_text.mark_up
    monkeypatch.setattr(issue_text, "mark_up", lambda text, **options: parsed.append(text) or real(text, **options))
    _, _, again = mark_up(known)
    assert len(parsed) == 1 and again == made


def test_problems_come_back_from_the_cache_at_their_place(tmp_path: Path) -> None:
    problem = TextProblem("warning", "unclosed '*' (it is printed as typed)", "close it", 1, 7)
    entry = MarkedUpText(("a *b",), (problem,))
    MarkupCache(tmp_path).save("x", {"key": entry})
    assert MarkupCache(tmp_path).load("x") == {"key": entry}


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"key": {"paragraphs": 3}}', b"[1, 2]"])
def test_an_unreadable_cache_is_simply_ignored(tmp_path: Path, content: bytes) -> None:
    cache = MarkupCache(tmp_path)
    cache.folder.write("x", content)  # verified as written, but not what a build keeps
    assert cache.load("x") == {}
    assert cache.load("missing") == {}


def test_the_key_depends_on_text_kind_and_link_colour() -> None:
    keys = {markup_key("text", "a", LINK), markup_key("inline", "a", LINK), markup_key("text", "b", LINK),
            markup_key("text", "a", "#000000")}
    assert len(keys) == 4
