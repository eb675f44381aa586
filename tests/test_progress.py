"""Progress lines for slow work, and --quiet on build."""

from __future__ import annotations

import io
import threading

from bulletinpdf.commands import _progress
from bulletinpdf.commands._progress import Progress
from bulletinpdf.cli import main

from .conftest import ISSUE_2016Q4


def test_slow_work_says_what_it_is_doing(monkeypatch):
    monkeypatch.setattr(_progress, "QUIET_FOR_SECONDS", 0.0)
    stream = io.StringIO()
    started = threading.Event()
    with Progress("building issues/2016Q4.yaml (print and email)", stream=stream):
        # Wait for the first line rather than for a time: tests never depend on the clock.
        for _ in range(1000):
            if stream.getvalue():
                started.set()
                break
            threading.Event().wait(0.01)
    assert started.is_set()
    assert stream.getvalue().startswith("building issues/2016Q4.yaml (print and email)... ")
    assert stream.getvalue().endswith(" s\n")


def test_quick_work_prints_nothing():
    stream = io.StringIO()
    with Progress("building", stream=stream):
        pass
    assert stream.getvalue() == ""


def test_disabled_progress_prints_nothing(monkeypatch):
    monkeypatch.setattr(_progress, "QUIET_FOR_SECONDS", 0.0)
    stream = io.StringIO()
    with Progress("building", stream=stream, enabled=False):
        threading.Event().wait(0.05)
    assert stream.getvalue() == ""


def test_build_quiet_prints_nothing_on_success(tmp_path, capsys):
    assert main(["build", str(ISSUE_2016Q4), "--out", str(tmp_path), "--profile", "email", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert (tmp_path / "highlights-2016Q4-email.pdf").is_file()


def test_build_verbose_lists_what_the_layout_did_to_photos(tmp_path, capsys):
    assert main(["build", str(ISSUE_2016Q4), "--out", str(tmp_path), "--profile", "email", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "  photos moved: page 1, column 2, line 59 of the issue file: Seminar on the implementation" in out
