"""The 2016Q4 issue file carries the printed issue's text word for word.

tests/data/seed-2016Q4.txt is a text extraction of the printed issue (a copy, so the
tests need nothing outside the repository). Its lines were broken where the printed
columns broke them; superscript ordinals ("5" + "th") landed on lines of their own,
and one hyphenated compound ("Anti-" / "personnel") was broken at a line end. Once
those are joined, its whitespace-separated words must be exactly the words of
issues/2016Q4.yaml, read in document order.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ISSUE = ROOT / "issues" / "2016Q4.yaml"
SEED = ROOT / "tests" / "data" / "seed-2016Q4.txt"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_52911e8de4a56408.txt"

CONTEXT = 8  # words shown either side of the first difference


# --- the seed -----------------------------------------------------------------


def seed_text() -> str:
    text = SEED.read_text(encoding="utf-8")
    # Superscript ordinals: "5\nth\n December", "71\n\nst\n session" -> "5th December".
    text = re.sub(r"(\d)[ \t]*\n\s*(st|nd|rd|th)[ \t]*\n", r"\1\2 ", text)
    # A hyphenated compound broken at a line end keeps its hyphen: "Anti-\n\npersonnel".
    text = re.sub(r"(\w-)[ \t]*\n\s*(?=\w)", r"\1", text)
    return text


def seed_words() -> list[str]:
    return seed_text().split()


# --- the issue file -------------------------------------------------------------

MARKUP = re.compile(r"\*\*|\*|\^")


def plain(text: str) -> str:
    """The words as printed: the markup delimiters removed, nothing else."""
    return MARKUP.sub("", text)


def period_line(start: dt.date, end: dt.date) -> str:
    def day_month(day: dt.date) -> str:
        return f"{day.day} {day.strftime('%B')}"

    if start.year == end.year:
        label = f"{day_month(start)} to {day_month(end)} {end.year}"
    else:
        label = f"{day_month(start)} {start.year} to {day_month(end)} {end.year}"
    return f"({label})"


def issue_data() -> dict:
    with ISSUE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def section_texts(section: dict) -> list[str]:
    """The section's running text; captions, alt texts and credits are not in the seed."""
    if "text" in section:
        return [section["text"]]
    return [block["text"] for block in section.get("blocks", []) if "text" in block]


def issue_words() -> list[str]:
    data = issue_data()
    parts = [data["title"], period_line(data["period"]["from"], data["period"]["to"])]
    for section in data["sections"]:
        parts.append(plain(section["heading"]))
        parts.extend(plain(text) for text in section_texts(section))
    contact = data["contact"]
    parts.append(contact["heading"])
    parts.extend(contact["lines"])
    parts.append(contact["email"])
    parts.append("See more at: " + contact["website"])
    return " ".join(parts).split()


# --- the tests ------------------------------------------------------------------


def first_difference(expected: list[str], actual: list[str]) -> str | None:
    """None when equal; otherwise where they part, with context from both sides."""
    if expected == actual:
        return None
    i = next(
        (k for k, (a, b) in enumerate(zip(expected, actual)) if a != b),
        min(len(expected), len(actual)),
    )

    def around(words: list[str]) -> str:
        before = " ".join(words[max(0, i - CONTEXT) : i])
        here = words[i] if i < len(words) else "<end of text>"
        after = " ".join(words[i + 1 : i + 1 + CONTEXT])
        return f"… {before} >>>{here}<<< {after} …"

    return (
        f"the issue file parts from the printed text at word {i + 1} "
        f"(seed has {len(expected)} words, issue file {len(actual)}):\n"
        f"  seed:       {around(expected)}\n"
        f"  issue file: {around(actual)}"
    )


def test_issue_words_equal_seed_words():
    problem = first_difference(seed_words(), issue_words())
    assert problem is None, problem


def test_seed_copy_is_verbatim():
    if not SHARED_SEED.exists():
        pytest.skip("the shared seed folder is not present in this clone")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_joins_are_the_expected_ones():
    words = seed_words()
    for word in ("5th", "71st", "15th", "Anti-personnel"):
        assert word in words, word
    assert "th" not in words and "st" not in words


def test_ordinals_are_superscripts():
    texts = " ".join(t for s in issue_data()["sections"] for t in section_texts(s))
    for ordinal in ("5^th^", "71^st^", "15^th^"):
        assert ordinal in texts, ordinal
    assert not re.search(r"\d(st|nd|rd|th)\b", texts), "an ordinal is written without ^...^"


def test_first_difference_reports_position_and_context():
    message = first_difference(["a", "b", "c"], ["a", "x", "c"])
    assert message is not None
    assert "word 2" in message and ">>>b<<<" in message and ">>>x<<<" in message
    assert "<end of text>" in first_difference(["a", "b"], ["a"])


def test_project_loader_reads_the_issue_without_problems():
    loader = pytest.importorskip("bulletinpdf.load.reader")
    issue, diagnostics = loader.load_issue(ISSUE)
    assert diagnostics == [], "\n".join(str(d) for d in diagnostics)
    assert issue is not None
    assert [(s.heading, s.level, s.style) for s in issue.sections] == [
        ("Save the date for the Seventh Meeting of States Parties (7MSP)", 1, "notice"),
        ("Universalization", 1, "normal"),
        ("Congratulations to Mozambique", 2, "normal"),
        ("Regional meetings on enhancing the implementation of the CCM", 1, "normal"),
        ("Publications", 1, "normal"),
    ]
    assert [(b.path, b.float, b.width) for b in issue.image_blocks] == [
        # Widths chosen for the page's design (issue 3): event photos 60 %, the cover 45 %.
        ("images/2016Q4/raviac-seminar.jpg", "right", 0.6),
        ("images/2016Q4/au-meeting-addis-ababa.jpg", "left", 0.6),
        ("images/2016Q4/guidance-victim-assistance-cover.jpg", "right", 0.45),
    ]
    assert all(b.caption and b.alt and b.credit for b in issue.image_blocks)
