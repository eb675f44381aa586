"""The same input gives the same bytes: two builds, a cold and a warm photo cache, any clock."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .test_bad_input_cli import REPO

ISSUE = "issues/2016Q4.yaml"


def build(project: Path, out: str, *options: str, **env: str) -> dict[str, bytes]:
    run = subprocess.run([sys.executable, "-m", "bulletinpdf.cli", "build", ISSUE, "--out", out, *options], cwd=project,
                         capture_output=True, text=True, timeout=180, env={**os.environ, **env})
    assert run.returncode == 0, run.stderr
    return {path.name: path.read_bytes() for path in sorted((project / out).iterdir())}


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "assets", project / "assets")
    (project / "issues").mkdir()
    shutil.copy(REPO / ISSUE, project / ISSUE)
    first = build(project, "first")  # cold photo cache
    # Warm cache, another time zone: nothing of the clock may reach the PDF (ReportLab's invariant mode).
    second = build(project, "second", TZ="Asia/Tokyo")
    assert {name for name in first if name.endswith(".pdf")} == {"highlights-2016Q4-print.pdf", "highlights-2016Q4-email.pdf"}
    assert first == second
    # The issue's own date (the end of its period), not the day of the build (render/standards.py).
    assert b"/CreationDate (D:20161231000000+00'00')" in first["highlights-2016Q4-email.pdf"]


def test_source_date_epoch_is_the_only_date_that_reaches_the_pdf(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "assets", project / "assets")
    (project / "issues").mkdir()
    shutil.copy(REPO / ISSUE, project / ISSUE)
    plain = build(project, "plain", "--profile", "email")["highlights-2016Q4-email.pdf"]
    dated = build(project, "dated", "--profile", "email", SOURCE_DATE_EPOCH="1700000000")["highlights-2016Q4-email.pdf"]
    assert dated.count(b"D:20231114221320+00'00'") == 2  # CreationDate and ModDate
    assert dated.count(b"2023-11-14T22:13:20+00:00") == 3  # the XMP's CreateDate, ModifyDate and MetadataDate
    # The document ids are digests that include the date; everything else is the same.
    without_id = lambda pdf: re.sub(rb"uuid:[0-9a-f-]+", b"", re.sub(rb"/ID \s*\[\s*<[0-9a-f]+>\s*<[0-9a-f]+>\s*\]", b"", pdf))  # noqa: E731
    undated = dated.replace(b"D:20231114221320", b"D:20161231000000").replace(
        b"2023-11-14T22:13:20", b"2016-12-31T00:00:00")
    assert without_id(undated) == without_id(plain)


def test_editions_made_side_by_side_are_the_bytes_made_one_after_the_other(tmp_path: Path, monkeypatch) -> None:
    from bulletinpdf.run import pipeline
    from bulletinpdf.render.profiles import PROFILES

    monkeypatch.setattr(pipeline, "PAGES_WORTH_FORKING", 0)  # fork even for a short issue
    monkeypatch.setenv("BULLETINPDF_JOBS", "2")
    side_by_side = pipeline.build_issue(REPO / ISSUE, profiles=list(PROFILES.values()), out_dir=tmp_path / "forked")
    monkeypatch.setenv("BULLETINPDF_JOBS", "1")
    in_turn = pipeline.build_issue(REPO / ISSUE, profiles=list(PROFILES.values()), out_dir=tmp_path / "serial")
    for name in ("print", "email"):
        assert side_by_side.outputs[name].read_bytes() == in_turn.outputs[name].read_bytes()
