"""The editions meet their standards: the e-mail edition PDF/UA-1 and PDF/A-2a by a real validator (page), the print
edition PDF/X-4 by what that standard asks, read back; broken copies fail; the tagged text reads as the issue file."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from pathlib import Path

import page
import pikepdf
import pytest

from bulletinpdf.load.reader import load_issue
from bulletinpdf.model import ImageBlock, TextBlock
from bulletinpdf.render.profiles import PROFILES
from bulletinpdf.run.pipeline import build_issue
from bulletinpdf.text.markup import plain_words as _plain_words
from bulletinpdf.text.typography import Spacing

from .conftest import ISSUE_2016Q4
from .layout_cases import CASE_NAMES, built_case

ACCESSIBLE = (page.ValidationProfile.PDF_UA_1, page.ValidationProfile.PDF_A_2A)


def _verdict(pdf: bytes, profile) -> list[str]:
    report = page.validate_pdf_bytes(pdf, profile=profile)
    return [f"{failure.rule_id}: {failure.message}" for failure in report.failures]


def _case_issue(name: str) -> Path:
    """The case's issue file in the project built_case made (layout_cases.py)."""
    return built_case(name).outputs["email"].parent.parent / "project" / "issues" / f"{name}.yaml"


@functools.cache
def _print_case(name: str) -> Path:
    out = built_case(name).outputs["email"].parent / "print"
    return build_issue(_case_issue(name), profiles=[PROFILES["print"]], out_dir=out).outputs["print"]


@pytest.mark.parametrize("name", ["2016Q4", *CASE_NAMES])
@pytest.mark.parametrize("profile", ACCESSIBLE, ids=str)
def test_the_email_edition_passes_pdf_ua_1_and_pdf_a_2a(name: str, profile, built_2016q4) -> None:
    pdf = built_2016q4.outputs["email"] if name == "2016Q4" else built_case(name).outputs["email"]
    assert _verdict(pdf.read_bytes(), profile) == []


def test_the_email_edition_claims_both_standards(built_2016q4) -> None:
    """(page infers only one profile from a file that claims two: each is asked for above.)"""
    with pikepdf.open(built_2016q4.outputs["email"]) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
    assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp and b"<pdfaid:conformance>A</pdfaid:conformance>" in xmp


def _broken(pdf: Path, damage) -> bytes:
    with pikepdf.open(pdf) as document:
        damage(document)
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def _untag_first_paragraph(document: pikepdf.Pdf) -> None:
    page_one = document.pages[0]
    content = page_one.obj.Contents.read_bytes()
    first = re.search(rb"/P <</MCID (\d+)>> BDC", content)
    # Still marked content, but neither an artifact nor in the structure tree: a paragraph a reader never hears.
    page_one.obj.Contents.write(content.replace(first.group(0), b"/Span BMC", 1))


def _drop_first_alt(document: pikepdf.Pdf) -> None:
    def walk(element):
        if element.get("/S") == pikepdf.Name.Figure:
            del element["/Alt"]
            return True
        kids = element.get("/K")
        return isinstance(kids, pikepdf.Array) and any(
            isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != pikepdf.Name.MCR and walk(kid) for kid in kids)

    assert walk(document.Root.StructTreeRoot.K)


def _drop_language(document: pikepdf.Pdf) -> None:
    del document.Root["/Lang"]


@pytest.mark.parametrize("damage", [_untag_first_paragraph, _drop_first_alt, _drop_language],
                         ids=["an untagged paragraph", "a figure without alt", "no language"])
def test_a_broken_copy_fails_pdf_ua(damage, built_2016q4) -> None:
    assert _verdict(built_2016q4.outputs["email"].read_bytes(), page.ValidationProfile.PDF_UA_1) == []
    assert _verdict(_broken(built_2016q4.outputs["email"], damage), page.ValidationProfile.PDF_UA_1) != []


def _struct_words(pdf: Path) -> list[str]:
    """The tagged text in structure order (poppler), an element's pieces joined as a reader joins them."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler's pdfinfo is not installed")
    listing = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = []
    in_label = False
    for line in listing.splitlines():
        stripped = line.strip()
        if stripped.startswith('"') and stripped.endswith('"') and len(stripped) >= 2:
            if not in_label:  # a list item's bullet or number: the issue file writes it as list syntax
                text.append(stripped[1:-1])
        else:
            in_label = stripped.startswith("Lbl")
            text.append(" ")  # another element begins
    return "".join(text).split()


def _issue_words(issue_path: Path) -> list[str]:
    """Every word the issue file gives the reader, in the file's order, as the layout adds them."""
    issue, problems = load_issue(issue_path, display_name=issue_path.name)
    assert issue is not None, problems
    # As the language's typography prints them (straight quotes as typographic ones).
    plain_words = functools.partial(_plain_words, spacing=Spacing(issue.words.typography))
    words = plain_words(issue.title) + f"({issue.period.label})".split()
    for section in issue.sections:
        words += plain_words(section.heading)
        for block in section.blocks:
            if isinstance(block, TextBlock):
                words += plain_words(_without_block_syntax(block.text))
            elif isinstance(block, ImageBlock):
                words += plain_words(block.caption) + plain_words(block.credit)
    if issue.contact:
        contact = issue.contact
        words += plain_words(contact.heading)
        for line in contact.lines:
            words += plain_words(line)
        if contact.email:
            words += plain_words(contact.email)
        if contact.website:
            words += ["See", "more", "at:", *plain_words(contact.website)]
    return words


_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-{3,}")
_LIST_MARKER = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")


def _without_block_syntax(text: str) -> str:
    """The words of a text block without its list markers, table pipes and delimiter rows, and line-break
    backslashes: what a reader hears of them is the structure (L, LI, Table, TR), not the syntax."""
    lines = []
    for line in text.splitlines():
        if _DELIMITER_ROW.match(line):
            continue
        line = _LIST_MARKER.sub(r"\1", line).replace("|", " ")
        lines.append(line[:-1] if line.endswith("\\") else line)
    return "\n".join(lines)


@pytest.mark.parametrize("name", ["2016Q4", *CASE_NAMES])
def test_the_tagged_text_is_the_issue_file_word_for_word(name: str, built_2016q4) -> None:
    """Every word once, in order: no hyphen the line breaker added ("re-ports"), no words run together at a line
    end ("toDecember"), none lost at a column or page break."""
    if name == "2016Q4":
        pdf, issue = built_2016q4.outputs["email"], ISSUE_2016Q4
    else:
        pdf, issue = built_case(name).outputs["email"], _case_issue(name)
    assert _struct_words(pdf) == _issue_words(issue)


def test_a_stream_whose_data_ends_in_cr_keeps_its_length() -> None:
    """One compressed stream in 256 ends in a CR byte (short_last_page's e-mail edition had one): its end of line
    before `endstream` is CR LF, so that the validator counts the data as its /Length does."""
    from reportlab.pdfgen.canvas import Canvas

    from bulletinpdf.render.pdf_file import PdfFile, Stream

    written = io.BytesIO()
    canvas = Canvas(written, invariant=1)
    canvas.drawString(72, 72, "A page")
    canvas.save()
    document = PdfFile(written.getvalue())
    ref = document.add(Stream({}, b"data ending in a carriage return\r", compress=False))
    data = document.to_bytes(document_id=b"0" * 16)
    assert b"return\r\r\nendstream" in data
    assert [rule for rule in _verdict(data, page.ValidationProfile.PDF_A_2A) if "STREAM-LENGTH" in rule] == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.get_object(ref.number, 0).read_raw_bytes().endswith(b"return\r")


def test_the_print_edition_is_pdf_x_4(built_2016q4) -> None:
    for pdf in (built_2016q4.outputs["print"], *(_print_case(name) for name in CASE_NAMES)):
        _assert_pdf_x_4(pdf)


def _assert_pdf_x_4(path: Path) -> None:
    with pikepdf.open(path) as pdf:
        assert pdf.pdf_version >= "1.6"
        assert pdf.trailer.Info.Trapped == pikepdf.Name("/False")
        assert str(pdf.trailer.Info.Title)
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFX and str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert intent.DestOutputProfile.N == 4
        assert intent.DestOutputProfile.read_bytes()[16:20] == b"CMYK"  # the ICC header's colour space
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        assert b"<pdf:Trapped>False</pdf:Trapped>" in xmp
        for page_object in pdf.pages:
            assert "/TrimBox" in page_object.obj and "/BleedBox" in page_object.obj
            assert "/Annots" not in page_object.obj  # none on the printed area
            content = page_object.obj.Contents.read_bytes() if isinstance(
                page_object.obj.Contents, pikepdf.Stream) else b"".join(c.read_bytes() for c in page_object.obj.Contents)
            assert not re.search(rb"(?<![\w.])(rg|RG)\s", content), "an RGB colour in the print edition"
            for image in _images(page_object.obj.Resources):
                assert image.ColorSpace != pikepdf.Name.DeviceRGB, "an untagged RGB photo in the print edition"


def _images(resources):
    for thing in resources.get("/XObject", {}).values():
        if thing.get("/Subtype") == pikepdf.Name.Image:
            yield thing
        elif thing.get("/Subtype") == pikepdf.Name.Form and "/Resources" in thing:
            yield from _images(thing.Resources)


def test_bookmarks_and_metadata_are_plain_text(built_2016q4) -> None:
    for edition in ("print", "email"):
        with pikepdf.open(built_2016q4.outputs[edition]) as pdf:
            titles = []
            with pdf.open_outline() as outline:
                stack = list(outline.root)
                while stack:
                    item = stack.pop()
                    titles.append(item.title)
                    stack.extend(item.children)
            texts = [*titles, str(pdf.trailer.Info.Keywords), str(pdf.trailer.Info.Title)]
            assert titles and all(not re.search(r"[\^*<>]", text) for text in texts), texts


def test_a_photo_without_alt_gives_a_warning_and_no_pdf_ua_claim(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ISSUE_2016Q4.parent.parent / "assets", project / "assets", symlinks=True)
    (project / "issues").mkdir()
    text = ISSUE_2016Q4.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^\s+alt: Participants of the seminar.*\n", "", text, count=1)
    issue = project / "issues" / "2016Q4.yaml"
    issue.write_text(text, encoding="utf-8")
    result = build_issue(issue, profiles=[PROFILES["email"]], out_dir=tmp_path / "out", display_name="issues/2016Q4.yaml")
    assert [d.message for d in result.diagnostics if "alt text" in d.message] == [
        "photo 'images/2016Q4/raviac-seminar.jpg' has no alt text, so the e-mail edition is not accessible (PDF/UA)"]
    data = result.outputs["email"].read_bytes()
    with pikepdf.open(result.outputs["email"]) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
    assert b"<pdfuaid:part>" not in xmp and b"<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert _verdict(data, page.ValidationProfile.PDF_A_2B) == []


@pytest.mark.parametrize("name", ["2016Q4", *CASE_NAMES])
def test_tagging_changes_no_pixel(name: str, built_2016q4, monkeypatch, tmp_path: Path) -> None:
    """The tagged e-mail edition renders exactly as the same edition drawn without tags (a hyphen drawn as an
    artifact, the spaces at line ends, a word formatted in two pieces: none may move or restyle a glyph)."""
    import pypdfium2 as pdfium

    from bulletinpdf.render import canvas, standards

    if name == "2016Q4":
        tagged, issue = built_2016q4.outputs["email"], ISSUE_2016Q4
    else:
        tagged, issue = built_case(name).outputs["email"], _case_issue(name)
    monkeypatch.setattr(canvas, "_MarkingEditionCanvas", canvas._EditionCanvas)
    monkeypatch.setattr(standards, "conform", lambda data, **_: data)
    plain = build_issue(issue, profiles=[PROFILES["email"]], out_dir=tmp_path).outputs["email"]
    assert b"/StructTreeRoot" not in plain.read_bytes()

    def pixels(path: Path) -> list[bytes]:
        document = pdfium.PdfDocument(str(path))
        try:
            return [page.render(scale=100 / 72).to_pil().tobytes() for page in document]
        finally:
            document.close()

    assert pixels(tagged) == pixels(plain)
