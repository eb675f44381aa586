"""End to end: the 2016 Q4 issue built into both editions and read back with pypdf."""

from __future__ import annotations

import subprocess
import sys

from pypdf import PdfReader

from bulletinpdf.run.pipeline import build_issue
from bulletinpdf.render.profiles import PROFILES

from .conftest import ISSUE_2016Q4
from .pdf_words import missing_in_order, pdf_words
from .test_issue_content import seed_words

EXPECTED_OUTLINE = [
    "Save the date for the Seventh Meeting of States Parties (7MSP)",
    "Universalization",
    ["Congratulations to Mozambique"],
    "Regional meetings on enhancing the implementation of the CCM",
    "Publications",
    "Contact details",
]


def _outline_titles(entries) -> list:
    return [_outline_titles(e) if isinstance(e, list) else e["/Title"] for e in entries]


def test_both_editions_are_written(built_2016q4):
    assert set(built_2016q4.outputs) == {"print", "email"}
    for path in built_2016q4.outputs.values():
        assert path.name.startswith("highlights-2016Q4-")
        assert path.read_bytes().startswith(b"%PDF-")
    assert built_2016q4.diagnostics == []


def test_two_pages(built_2016q4):
    for path in built_2016q4.outputs.values():
        assert len(PdfReader(path).pages) == 2


def test_every_word_of_the_printed_issue_is_there_in_reading_order(built_2016q4):
    for path in built_2016q4.outputs.values():
        matched, missing = missing_in_order(seed_words(), pdf_words(path))
        assert not missing, f"{path.name}: after {matched} words, not found in order: {missing}"


def test_the_running_text_reads_on_without_captions_in_between(built_2016q4):
    """Captions are drawn after their page's running text: copied or read aloud, the text goes on unbroken."""
    page_1 = PdfReader(built_2016q4.outputs["email"]).pages[0].extract_text()
    running_end = page_1.index("was invited by the AU to attend the")
    for caption in ("Seminar on the implementation of the", "African Union consultative meeting on"):
        assert page_1.index(caption) > running_end


def test_every_font_is_embedded(built_2016q4):
    for path in built_2016q4.outputs.values():
        reader = PdfReader(path)
        for page in reader.pages:
            fonts = page["/Resources"]["/Font"]
            for font in fonts.values():
                font = font.get_object()
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                descriptor = descendant.get("/FontDescriptor")
                assert descriptor is not None, f"{font['/BaseFont']} is not embedded"
                assert "/FontFile2" in descriptor.get_object(), f"{font['/BaseFont']} has no embedded TrueType file"
                assert "Carlito" in font["/BaseFont"]


def test_metadata(built_2016q4):
    reader = PdfReader(built_2016q4.outputs["email"])
    meta = reader.metadata
    assert meta.title == "Highlights — 1 October to 31 December 2016"
    assert meta.author == "Implementation Support Unit of the Convention on Cluster Munitions (ISU-CCM)"
    assert meta.subject == "Quarterly bulletin, 1 October to 31 December 2016"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_outline_has_one_bookmark_per_section(built_2016q4):
    reader = PdfReader(built_2016q4.outputs["email"])
    assert _outline_titles(reader.outline) == EXPECTED_OUTLINE


def test_contact_links(built_2016q4):
    reader = PdfReader(built_2016q4.outputs["email"])
    uris = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(action["/URI"])
    assert "mailto:info@clusterconvention.org" in uris
    assert "https://www.clusterconvention.org" in uris


def test_sections_land_where_the_printed_issue_had_them(built_2016q4):
    report = built_2016q4.report
    where = {}
    for page in report.pages:
        for span in page.spans:
            where.setdefault(span.kind + str(span.section), (page.page, None))
        for column in page.columns:
            for item in column.items:
                if item.kind == "heading":
                    where[item.first_words] = (page.page, column.column)
    assert where["notice1"] == (1, None)
    assert where["Universalization"] == (1, 1)
    assert where["Congratulations to Mozambique"] == (1, 1)
    assert where["Regional meetings on enhancing the implementation"][0] == 1
    assert where["Publications"][0] == 2
    assert where["contactNone"] == (2, None)


def test_layout_has_no_stranded_heading_orphan_widow_or_overfull_line(built_2016q4):
    counts = built_2016q4.report.counts
    for name in ("stranded_headings", "orphans", "widows", "overfull_lines", "hyphen_ladders"):
        assert counts[name] == 0, (name, [f for f in built_2016q4.report.faults if f.kind == name])


def test_layout_report_is_written(built_2016q4):
    assert built_2016q4.report_path.name == "layout-report.json"
    assert built_2016q4.report_path.is_file()


def test_email_edition_is_smaller_than_print(built_2016q4):
    assert built_2016q4.outputs["email"].stat().st_size < built_2016q4.outputs["print"].stat().st_size


def test_one_profile_only(tmp_path):
    result = build_issue(ISSUE_2016Q4, profiles=[PROFILES["email"]], out_dir=tmp_path)
    assert [p.name for p in tmp_path.glob("*.pdf")] == ["highlights-2016Q4-email.pdf"]
    assert result.pages == {"email": 2}


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bulletinpdf.cli", *args], capture_output=True, text=True, timeout=120)


def test_cli_help():
    run = _cli("--help")
    assert run.returncode == 0 and "build" in run.stdout
    run = _cli("build", "--help")
    assert run.returncode == 0 and "--profile" in run.stdout and "--out" in run.stdout


def test_cli_usage_errors_exit_2():
    assert _cli().returncode == 2
    assert _cli("build").returncode == 2
    assert _cli("build", str(ISSUE_2016Q4), "--profile", "fax").returncode == 2


def test_cli_build(tmp_path):
    run = _cli("build", str(ISSUE_2016Q4), "--out", str(tmp_path), "--profile", "email")
    assert run.returncode == 0, run.stderr
    assert "highlights-2016Q4-email.pdf" in run.stdout
    assert "layout: 2 pages" in run.stdout
    assert (tmp_path / "layout-report.json").is_file()


def test_cli_bad_issue_exits_1_and_writes_nothing(tmp_path):
    issue = tmp_path / "2017Q1.yaml"
    issue.write_text("title: Highlights\nperiod: {from: 2017-01-01, to: 2017-03-31}\nsections: []\ncontact: {}\ntitel: x\n")
    out = tmp_path / "out"
    run = _cli("build", str(issue), "--out", str(out))
    assert run.returncode == 1
    assert "error:" in run.stderr and "Traceback" not in run.stderr
    assert not list(out.glob("*.pdf")) if out.exists() else True


def test_what_the_layout_cannot_place_is_a_located_error_not_a_crash(tmp_path, monkeypatch):
    import pytest

    from bulletinpdf.run import pipeline
    from bulletinpdf.diagnostics import IssueFileError
    from bulletinpdf.layout.columns import LayoutOverflow, Ref

    def stuck(*args, **kwargs):
        raise LayoutOverflow(Ref("figure", 3, 1, 59))

    monkeypatch.setenv("BULLETINPDF_JOBS", "1")
    monkeypatch.setattr(pipeline, "lay_out", stuck)
    with pytest.raises(IssueFileError) as failure:
        build_issue(ISSUE_2016Q4, profiles=[PROFILES["email"]], out_dir=tmp_path, display_name="issues/2016Q4.yaml")
    assert [str(d) for d in failure.value.diagnostics] == [
        "issues/2016Q4.yaml:59:1: error: this figure cannot be placed in a column, even on a page of its own\n"
        "    hint: make it shorter or, for a photo, give it a smaller width"
    ]
    assert not list(tmp_path.iterdir())
