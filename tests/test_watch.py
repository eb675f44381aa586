"""`bulletinpdf watch`: a running watcher rebuilds when the issue or a photo changes, and survives errors."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bulletinpdf.run.watch import is_relevant, watched_files

REPO = Path(__file__).resolve().parent.parent
WAIT = 60  # seconds: a bound on a wait that normally ends within a second or two, never a measurement


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "issues", tmp_path / "issues")
    shutil.copytree(REPO / "assets", tmp_path / "assets")
    return tmp_path


class Watcher:
    """`bulletinpdf watch` in a subprocess, its output lines readable with a bounded wait."""

    def __init__(self, project: Path, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bulletinpdf.cli", "watch", "issues/2016Q4.yaml", *args],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.seen: list[str] = []

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str) -> str:
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no line with {text!r} within {WAIT} s; saw {self.seen}") from None
            self.seen.append(line)
            if text in line:
                return line

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_watcher_rebuilds_on_change_and_keeps_running_through_errors(project: Path):
    issue = project / "issues" / "2016Q4.yaml"
    watcher = Watcher(project)
    try:
        first = watcher.wait_for("built in")
        assert "build/2016Q4/highlights-2016Q4-email.pdf" in first and "contact-sheet.png" in first
        sheet = project / "build" / "2016Q4" / "proof" / "contact-sheet.png"
        built_once = sheet.stat().st_mtime_ns

        edit(issue, "heading: Universalization", "headnig: Universalization")
        watcher.wait_for("unknown key 'headnig'")
        watcher.wait_for("still watching")
        assert sheet.stat().st_mtime_ns == built_once  # a failed build leaves the last good proof

        edit(issue, "headnig: Universalization", "heading: Universal ization")
        watcher.wait_for("built in")
        assert sheet.stat().st_mtime_ns != built_once

        # A photo the issue uses is watched too.
        photo = project / "assets" / "images" / "2016Q4" / "raviac-seminar.jpg"
        photo.write_bytes(photo.read_bytes())
        watcher.wait_for("built in")
        assert watcher.process.poll() is None
    finally:
        status = watcher.stop()
    assert status == 0
    assert "stopped watching" in [line for line in iter_rest(watcher)]


def iter_rest(watcher: Watcher):
    while not watcher.lines.empty():
        yield watcher.lines.get()


def test_what_is_watched(project: Path):
    issue = project / "issues" / "2016Q4.yaml"
    files = watched_files(issue)
    images = project / "assets" / "images"
    assert issue.resolve() in files
    assert (images / "2016Q4" / "raviac-seminar.jpg").resolve() in files

    def relevant(path: Path) -> bool:
        return is_relevant(path, issue_path=issue, files=files)

    assert relevant(issue)
    assert relevant(project / "assets" / "brand.yaml")
    assert relevant(project / "assets" / "logo.svg")
    assert not relevant(images / "2016Q3" / "other.jpg")
    assert not relevant(project / "issues" / "2017Q1.yaml")
    assert not relevant(project / "issues" / ".2016Q4.yaml.swp")
    # While the issue cannot be read (say, a photo it names is missing), a new photo may be the fix.
    assert is_relevant(images / "2016Q4" / "new.jpg", issue_path=issue, files={issue.resolve()})
