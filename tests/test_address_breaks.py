"""Web and e-mail addresses across lines (rule 8): where they may break, where the line breaker breaks them, and
what a reader copies out of a built PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from bulletinpdf.lines.address_breaks import KEEP_WHOLE, address_break
from bulletinpdf.lines.hyphenation import hyphenator_for, line_texts
from bulletinpdf.lines.linebreak import HeldParagraph, JustifiedParagraph
from bulletinpdf.render.profiles import PROFILES
from bulletinpdf.run.pipeline import build_issue
from bulletinpdf.text.addresses import break_points, is_address, pieces
from bulletinpdf.text.markup import mark_up_inline

from .layout_cases import ROOT

# 400 characters, with one piece (a document code) wider than a narrow column and a query string.
LONG_URL = ("https://www.clusterconvention.org/documents/meetings/eighth-meeting-of-states-parties/working-papers/x/"
            "implementation-support-unit/annual-report_and_financial-statements/annex-ii-detailed-breakdown/"
            "67DC5063EB530E02C12574F8002E9E4967DC5063EB530E02C12574F8/"
            "english-french-spanish-versions/final-version-as-adopted-by-the-meeting/"
            "8MSP-2017-ISU-annual-report-with-annexes.pdf?download=1&lang=en#annex-iii")
assert len(LONG_URL) == 400, len(LONG_URL)
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


# -- where an address may break (text/addresses.py)

@pytest.mark.parametrize(("word", "expected"), [
    ("https://www.example.org/very/long/path_name?x=1&y=2",
     ["https://", "www", ".example", ".org", "/very", "/long", "/path", "_name", "?x", "=1", "&y", "=2"]),
    ("someone.name@un.org", ["someone", ".name", "@un", ".org"]),
    ("www.unog.ch", ["www", ".unog", ".ch"]),
    ("(www.unog.ch).", ["(www", ".unog", ".ch)."]),
    ("https://www.unog.ch/80256EE600585943/(httpPages)/67DC5063?OpenDocument",
     ["https://", "www", ".unog", ".ch", "/80256EE600585943", "/(httpPages)", "/67DC5063", "?OpenDocument"]),
    ("director-isu-ccm@clusterconvention.org,", ["director", "-isu", "-ccm", "@clusterconvention", ".org,"]),
    ("clusterconvention.org/documents/x", ["clusterconvention", ".org", "/documents", "/x"]),
])
def test_an_address_breaks_only_after_its_slashes_or_before_its_marks(word: str, expected: list[str]) -> None:
    assert pieces(word) == expected
    assert "".join(pieces(word)) == word


@pytest.mark.parametrize("word", ["e.g.", "and/or", "3.5", "well-known", "U.N.", "1/2", "Anti-Personnel", "a@b"])
def test_other_words_are_not_addresses(word: str) -> None:
    assert not is_address(word)
    assert break_points(word) == ()


def test_never_between_the_two_slashes_nor_leaving_one_letter() -> None:
    points = break_points("https://a.org/x")
    assert points == (8, 9, 13)
    assert break_points("x.org") == ()  # a break would leave one letter of the address alone
    assert all("https://a.org/x"[point - 1:point + 1] != "//" for point in points)


# -- which break the line breaker takes (lines/address_breaks.py); one unit of width per character

def _choose(text: str, room: float, *, line: float = 30, first: bool = False, known=None):
    return address_break(text, known, lambda n: float(n), room=room, line_width=line, first_on_line=first)


def test_the_longest_head_that_fits_is_taken() -> None:
    choice = _choose("www.example.org/x", 12)
    assert choice.at == len("www.example")
    assert choice.tail_breaks == (len(".org"),)


def test_an_address_with_no_head_that_fits_goes_to_the_next_line() -> None:
    assert _choose("www.example.org", 2) is KEEP_WHOLE  # narrower than a line: ReportLab moves it whole
    assert _choose("www.example.org/" + "x" * 40, 2).at == 0  # wider: the line ends before it, explicitly


def test_a_piece_wider_than_the_line_breaks_by_letters_as_a_last_resort() -> None:
    code = "https://" + "a" * 50
    choice = _choose(code, 30, first=True)
    assert choice.at == len("https://")
    tail = code[choice.at:]
    choice = _choose(tail, 30, first=True, known=choice.tail_breaks)
    assert choice.at == 30


def test_a_word_that_is_no_address_is_left_to_reportlab() -> None:
    assert _choose("extraordinarily", 5) is None


# -- ReportLab's lines, through the line breaking (reportlab_internals.words_held)

@pytest.fixture(scope="module", params=["held", "justified", "hyphenated"])
def narrow_style(request, body_font: str) -> tuple[type, ParagraphStyle]:
    style = ParagraphStyle("body", fontName=body_font, fontSize=10, leading=12, uriWasteReduce=1e-9,
                           splitLongWords=1, spaceShrinkage=0.15,
                           alignment=TA_LEFT if request.param == "held" else TA_JUSTIFY,
                           hyphenationLang=hyphenator_for("en") if request.param == "hyphenated" else "")
    return (HeldParagraph if request.param == "held" else JustifiedParagraph), style


@pytest.mark.parametrize("column", [60, 120, 240])
@pytest.mark.parametrize("address", [LONG_URL, "implementation.support.unit.reporting@clusterconvention.org",
                                     "www.clusterconvention-implementation-support-unit.org"])
def test_an_address_breaks_only_where_allowed_and_stays_in_its_column(narrow_style, column: int,
                                                                      address: str) -> None:
    kind, style = narrow_style
    markup = mark_up_inline(f"The report is at {address} for every State Party.", link_color="#1a5e9a").paragraphs[0]
    paragraph = kind(markup, style)
    paragraph.wrap(column, 10_000)
    texts = line_texts(paragraph)
    for line in paragraph.blPara.lines:
        width = sum(stringWidth(frag.text, frag.fontName, frag.fontSize) for frag in line.words
                    if getattr(frag, "text", "")) if not isinstance(line, tuple) else column - line[0]
        assert width <= column + 0.01 * style.fontSize + style.spaceShrinkage * 10, texts
    printed = "".join(texts).replace(" ", "")
    assert address in printed, texts  # whole, and no hyphen added inside it
    allowed = set(break_points(address))
    position = 0
    pieces_wider = {i for i, piece in enumerate(pieces(address)) if stringWidth(piece, style.fontName, 10) > column}
    for text in texts[:-1]:
        words = text.split()
        joined = "".join(texts).replace(" ", "")
        end = joined.find(words[-1], position) + len(words[-1]) if words else position
        position = end
        start = joined.find(address)
        if start < end - 0 < start + len(address):
            inside = end - start
            piece = sum(point < inside for point in allowed)
            assert inside in allowed or piece in pieces_wider, (text, inside)


# -- a real PDF: a 400-character address in running text, a list and a narrow table cell

ISSUE = f"""title: Highlights
period: {{from: 2017-01-01, to: 2017-03-31}}
language: en
sections:
  - heading: Documents
    text: |
      The full annual report of the Implementation Support Unit can be downloaded from
      {LONG_URL} until the end of the year, with its annexes and corrigenda.

      Questions about the reporting formats go to implementation.support.unit.reporting@clusterconvention.org
      or to the Unit's director, who will answer within two weeks.
      - the French version: {LONG_URL.replace("english", "french")}
      - the Spanish version is at www.clusterconvention-implementation-support-unit.org
  - heading: Where to write
    text: |
      | Office | Address |
      |---|---|
      | Geneva | director-isu-ccm.geneva.switzerland@clusterconvention.org |
      | Report | {LONG_URL} |
contact:
  heading: Contact details
  lines:
    - Implementation Support Unit of the Convention on Cluster Munitions (ISU-CCM)
  email: info@clusterconvention.org
  website: www.clusterconvention.org
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = tmp_path_factory.mktemp("addresses")
    (project / "issues").mkdir()
    (project / "assets").mkdir()
    for entry in ("brand.yaml", "logo.svg", "fonts"):
        (project / "assets" / entry).symlink_to(ROOT / "assets" / entry)
    issue = project / "issues" / "2017Q1.yaml"
    issue.write_text(ISSUE, encoding="utf-8")
    return build_issue(issue, profiles=[PROFILES["email"]], out_dir=project / "out", display_name="issues/2017Q1.yaml")


def test_no_address_is_broken_out_of_place_nor_runs_out_of_its_column(built) -> None:
    counts = built.report.counts
    assert counts["broken_addresses"] == 0, [f.detail for f in built.report.faults_of("broken_addresses")]
    assert counts["overfull_lines"] == 0


def _extracted(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_every_character_of_the_address_is_extracted_in_order_with_nothing_invisible(built) -> None:
    text = _extracted(built.outputs["email"])
    assert not ZERO_WIDTH.search(text)
    joined = re.sub(r"\s+", "", text)
    assert joined.count(re.sub(r"\s+", "", LONG_URL)) == 2  # running text and table cell
    for address in ("implementation.support.unit.reporting@clusterconvention.org",
                    "director-isu-ccm.geneva.switzerland@clusterconvention.org",
                    "www.clusterconvention-implementation-support-unit.org"):
        assert address in joined


def test_the_tagged_text_reads_the_address_whole(built) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler's pdfinfo is not installed")
    listing = subprocess.run(["pdfinfo", "-struct-text", str(built.outputs["email"])], capture_output=True,
                             text=True, check=True).stdout
    assert not ZERO_WIDTH.search(listing)
    assert f"from {LONG_URL} until" in listing
    # Across a column break too, where the list item's two parts are read one after the other (pdftotext's own
    # order of two columns is its guess; the tags say).
    read = "".join(re.findall(r'^\s*"(.*)"\s*$', listing, re.MULTILINE))
    assert LONG_URL.replace("english", "french") in read
    assert "go to implementation.support.unit.reporting@clusterconvention.org or" in listing


def test_the_link_covers_the_address_on_every_line_and_points_to_all_of_it(built) -> None:
    reader = PdfReader(built.outputs["email"])
    rects = [annotation.get_object()["/Rect"] for page in reader.pages for annotation in page.get("/Annots", [])
             if annotation.get_object().get("/A", {}).get("/URI") == LONG_URL]
    lines_of_address = _extracted(built.outputs["email"]).count("\n/")  # address lines start with a '/'
    assert len(rects) >= 4 and len(rects) >= lines_of_address // 2
    for rect in rects:
        x0, _, x1, _ = (float(value) for value in rect)
        assert x1 - x0 > 1  # no empty link at a line's end
