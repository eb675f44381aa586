"""Property tests for lists and tables: any mix of paragraphs, lists (nested or not, short or long items) and tables,
beside photos or not, builds with every word in order, nothing overflowing, no heading or bullet stranded."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from .test_bad_input_cli import make_project
from .test_properties import LETTERS, LONG, check_text_builds

word = st.text(LETTERS, min_size=1, max_size=11)
paragraph = st.lists(word, min_size=3, max_size=70).map(lambda words: ("paragraph", words))
item = st.tuples(st.lists(word, min_size=1, max_size=45), st.lists(st.lists(word, min_size=1, max_size=12),
                                                                    max_size=2))
a_list = st.tuples(st.booleans(), st.lists(item, min_size=1, max_size=6)).map(lambda found: ("list", *found))
cell = st.lists(st.text(LETTERS, min_size=1, max_size=9), min_size=1, max_size=5)
table = st.integers(2, 3).flatmap(
    lambda columns: st.lists(st.lists(cell, min_size=columns, max_size=columns), min_size=2, max_size=14)
).map(lambda rows: ("table", rows))
photo = st.fixed_dictionaries({"float": st.sampled_from(["left", "right"]), "width": st.integers(30, 60)})
section = st.fixed_dictionaries({
    "heading": st.lists(word, min_size=1, max_size=4),
    "photo": st.none() | photo,
    "pieces": st.lists(st.one_of(paragraph, a_list, table), min_size=1, max_size=5),
})
issues = st.lists(section, min_size=1, max_size=4)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("list-properties"))
    Image.new("RGB", (900, 600), (90, 120, 160)).save(project / "assets/images/2017Q1/wide.jpg", quality=70)
    return project


def issue_yaml(sections: list[dict]) -> tuple[str, list[str]]:
    lines = ["title: Highlights", "period: {from: 2017-01-01, to: 2017-03-31}", "sections:"]
    expected: list[str] = []
    for found in sections:
        lines += [f"  - heading: {' '.join(found['heading'])}", "    blocks:", "      - text: |", "          Opening"]
        expected += [*found["heading"], "Opening"]
        if found["photo"]:
            lines += ["      - image: images/2017Q1/wide.jpg", f"        float: {found['photo']['float']}",
                      f"        width: {found['photo']['width']}%", "      - text: |", "          After"]
            expected.append("After")
        previous = None
        for kind, *content in found["pieces"]:
            lines.append("")
            if kind == "list" and previous == "list":
                # As in Markdown, lists with only a blank line between them are one list: a paragraph parts them.
                lines += ["          Then", ""]
                expected.append("Then")
            previous = kind
            if kind == "paragraph":
                lines.append("          " + " ".join(content[0]))
                expected += content[0]
            elif kind == "list":
                ordered, items = content
                for number, (words, inner) in enumerate(items, start=1):
                    lines.append(f"          {f'{number}.' if ordered else '-'} {' '.join(words)}")
                    expected += [f"{number}." for _ in [0] if ordered] + words
                    for inner_words in inner:
                        lines.append(f"             - {' '.join(inner_words)}")
                        expected += inner_words
            else:
                rows = content[0]
                lines.append("          | " + " | ".join(" ".join(c) for c in rows[0]) + " |")
                lines.append("          |" + "---|" * len(rows[0]))
                for row in rows[1:]:
                    lines.append("          | " + " | ".join(" ".join(c) for c in row) + " |")
                for row in rows:
                    for value in row:
                        expected += value
    return "\n".join(lines) + "\n", expected


@LONG
@given(sections=issues)
def test_any_mix_of_lists_and_tables_builds_with_every_word_in_order(workspace: Path, sections: list[dict]) -> None:
    text, expected = issue_yaml(sections)
    # A list item beside a photo keeps rule 2's measure too: where its indent leaves less, it goes under the photo.
    check_text_builds(workspace, text, expected, ("overlapping_pieces", "stranded_headings", "overfull_lines", "orphans",
                                                  "narrow_text_beside_photos"))
