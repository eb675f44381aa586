"""`bulletinpdf proof`: page pictures and the contact sheet, and faults outlined where the report puts them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from bulletinpdf.layout.report import Fault, LayoutReport
from bulletinpdf.cli import main
from bulletinpdf.render.pictures import RED, contact_sheet, make_proof

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("proof")
    shutil.copytree(REPO / "issues", root / "issues")
    shutil.copytree(REPO / "assets", root / "assets")
    return root


def test_proof_command_writes_pages_and_sheet(project: Path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["proof", "issues/2016Q4.yaml", "--check"]) == 0
    out = capsys.readouterr().out.splitlines()
    proof = project / "build" / "2016Q4" / "proof"
    pages = sorted(proof.glob("page-*.png"))
    assert len(pages) >= 2
    assert out[0].startswith("wrote build/2016Q4/highlights-2016Q4-email.pdf (email, ")
    for page in pages:
        assert f"wrote build/2016Q4/proof/{page.name}" in out
    assert out[-1].startswith("wrote build/2016Q4/proof/contact-sheet.png (") and "faults outlined" in out[-1]
    with Image.open(pages[0]) as first, Image.open(proof / "contact-sheet.png") as sheet:
        assert abs(first.width - 827) <= 1  # A4 at 100 dpi
        assert sheet.width > sheet.height  # two pages side by side, not stacked


def test_quiet_proof_prints_nothing(project: Path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["proof", "issues/2016Q4.yaml", "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_errors_in_the_issue_are_reported_not_raised(tmp_path: Path, capsys):
    shutil.copytree(REPO / "assets", tmp_path / "assets")
    (tmp_path / "issues").mkdir()
    bad = tmp_path / "issues" / "2017Q1.yaml"
    bad.write_text("title: Highlights\nperiod: {from: 2017-01-01, to: 2017-03-31}\nsections:\n  - headnig: X\n")
    assert main(["proof", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "unknown key 'headnig'" in err and "nothing was written" in err
    assert not (tmp_path / "build" / "2017Q1" / "proof").exists()


def test_a_fault_box_is_outlined_where_the_report_puts_it():
    # One white A4 page at 1 px per point; a widow box 100 pt from the left, 200 pt up from the bottom.
    page = Image.new("RGB", (595, 842), "white")
    fault = Fault(kind="widows", page=1, box=(100, 200, 150, 20))
    sheet, outlined = contact_sheet([(page, (595.0, 842.0))], faults=[fault])
    assert outlined == 1
    from bulletinpdf.render.pictures import GAP_PX

    top = GAP_PX + 842 - 200 - 20  # measured from the top in the picture
    left = GAP_PX + 100
    # The outline runs just outside the box: red there, white inside the box.
    assert sheet.getpixel((left + 75, top - 2)) == RED
    assert sheet.getpixel((left - 2, top + 10)) == RED
    assert sheet.getpixel((left + 75, top + 10)) == (255, 255, 255)


def test_without_check_nothing_is_outlined(project: Path):
    pdf = project / "build" / "2016Q4" / "highlights-2016Q4-email.pdf"
    if not pdf.exists():
        assert main(["build", str(project / "issues" / "2016Q4.yaml"), "--profile", "email"]) == 0
    fault = Fault(kind="widows", page=1, box=(100, 200, 150, 20))
    plain = make_proof(pdf, out_dir=project / "plain")
    checked = make_proof(pdf, out_dir=project / "checked", report=LayoutReport(pages=(), counts={}, faults=(fault,)))
    assert plain.outlined == 0 and checked.outlined == 1
    with Image.open(plain.sheet) as image:
        colours = {colour for _, colour in image.getcolors(1 << 20)}
    assert RED not in colours


def test_stale_pages_of_a_longer_build_are_removed(project: Path):
    pdf = project / "build" / "2016Q4" / "highlights-2016Q4-email.pdf"
    out = project / "stale"
    out.mkdir()
    (out / "page-9.png").write_bytes(b"old")
    proof = make_proof(pdf, out_dir=out)
    assert not (out / "page-9.png").exists()
    assert sorted(out.glob("page-*.png")) == sorted(proof.pages)
