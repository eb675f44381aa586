"""Hyphenation: pyphen's breaks filtered by the bulletin's rules, as ReportLab applies them."""

from __future__ import annotations


import pytest
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from bulletinpdf.lines.hyphenation import hyphenated_line_ends, hyphenator_for, line_texts



@pytest.fixture(scope="module")
def justified(body_font) -> ParagraphStyle:
    return ParagraphStyle("body", fontName=body_font, fontSize=10, leading=12,
                          alignment=TA_JUSTIFY, hyphenationLang=hyphenator_for("en"))


@pytest.mark.parametrize(("word", "pairs"), [
    ("implementation", [("implementa", "tion"), ("implement", "ation"), ("imple", "mentation"),
                        ("im", "plementation")]),
    ("Universalization", [("Universaliza", "tion"), ("Universaliz", "ation"), ("Universal", "ization"),
                          ("Univer", "salization"), ("Uni", "versalization")]),
    # Not even at their own hyphen: ReportLab drops that hyphen when it rejoins a split paragraph's words.
    ("inter-African", []),
    ("Co-coordinators", []),
    ("APMBC", []),
    ("ISU-CCM", []),
    ("McDonald", []),
    ("clusterconvention.org", []),
    ("isu@clusterconvention.org", []),
    ("2016", []),
    ("COVID19", []),
    ("e-mail", []),
    ("Rakitje", []),
    ("cat", []),
])
def test_pairs(word: str, pairs: list[tuple[str, str]]) -> None:
    assert hyphenator_for("en")(word) == pairs


def test_every_pair_keeps_two_letters_before_and_three_after() -> None:
    hyphenate = hyphenator_for("en")
    for word in ["demining", "secretariat", "convention", "progress", "stockpile", "destruction"]:
        for head, tail in hyphenate(word):
            assert head + tail == word and len(head) >= 2 and len(tail) >= 3


def test_british_patterns_for_plain_english_named_by_the_hyphenator() -> None:
    assert hyphenator_for("en")("progress") == [("pro", "gress")]  # en_US leaves it whole
    assert hyphenator_for("en").patterns == hyphenator_for("en-GB").patterns == "en_GB"
    assert hyphenator_for("en-GB")("progress") == [("pro", "gress")]


def test_a_language_without_patterns_never_breaks() -> None:
    assert hyphenator_for("tlh")("implementation") == []


@pytest.mark.parametrize("markup", [
    "The implementation of the inter-African Co-coordinators programme at Rakitje, APMBC ISU-CCM.",
    "The <i>implementation</i> of the <b>inter-African</b> Co-coordinators programme at Rakitje, APMBC ISU-CCM.",
])
@pytest.mark.parametrize("column", [80, 90, 120, 160])
def test_reportlab_adds_the_hyphen_and_keeps_a_words_own(justified: ParagraphStyle, markup: str, column: int) -> None:
    paragraph = Paragraph(markup, justified)
    paragraph.wrap(column, 1000)
    lines = line_texts(paragraph)
    words = markup.replace("<i>", "").replace("</i>", "").replace("<b>", "").replace("</b>", "").split()
    ends = hyphenated_line_ends(paragraph)
    # Removing the breaker's hyphens gives the text back: heads carry no '-' of their own,
    # and 'inter-African' / 'Co-coordinators' are never broken at all (see hyphenation.py).
    joined = ""
    for text, hyphenated in zip(lines, ends):
        if hyphenated and not text.endswith(("inter-", "Co-")):
            text = text[:-1]
        joined += text + ("" if hyphenated else " ")
    assert joined.split() == words
    for acronym in ("APMBC", "ISU-CCM.", "Rakitje,"):
        assert acronym in " ".join(lines).split()


def test_hyphenated_line_ends(justified: ParagraphStyle) -> None:
    paragraph = Paragraph("The implementation of the inter-African", justified)
    paragraph.wrap(60, 1000)
    assert line_texts(paragraph) == ["The imple-", "mentation of", "the", "inter-African"]
    assert hyphenated_line_ends(paragraph) == [True, False, False, False]


def test_a_long_word_split_without_hyphen_is_not_a_hyphenation(justified: ParagraphStyle) -> None:
    paragraph = Paragraph("see www.clusterconvention.org/files/2016/report.pdf now", justified)
    paragraph.wrap(60, 1000)
    assert len(line_texts(paragraph)) > 2
    assert not any(hyphenated_line_ends(paragraph))


def test_patterns_kept_hyphenate_exactly_as_pyphen_parses_them(tmp_path, monkeypatch):
    import pyphen

    from bulletinpdf.lines.hyphenation import keep_patterns_in

    source = pyphen.LANGUAGES["en_GB"]
    monkeypatch.delitem(pyphen.hdcache, source, raising=False)
    keep_patterns_in(tmp_path, "en")  # parses, and keeps a copy
    parsed = pyphen.hdcache.pop(source)
    assert len(list(tmp_path.glob("en_GB-*.marshal"))) == 1
    keep_patterns_in(tmp_path, "en")  # reads the copy
    kept = pyphen.hdcache[source]
    assert kept is not parsed and kept.patterns == parsed.patterns
    for word in ("implementation", "international", "Universalization", "clearance", "humanitarian"):
        assert kept.positions(word) == parsed.positions(word)


def test_a_damaged_pattern_copy_is_parsed_again(tmp_path, monkeypatch):
    import pyphen

    from bulletinpdf.lines.hyphenation import keep_patterns_in

    source = pyphen.LANGUAGES["en_GB"]
    monkeypatch.delitem(pyphen.hdcache, source, raising=False)
    keep_patterns_in(tmp_path, "en")
    parsed = pyphen.hdcache.pop(source)
    (kept_file,) = tmp_path.glob("en_GB-*.marshal")
    kept_file.write_bytes(kept_file.read_bytes()[:1000])  # cut short, as a crash mid-write could not, but a disk might
    keep_patterns_in(tmp_path, "en")
    assert pyphen.hdcache[source].patterns == parsed.patterns
