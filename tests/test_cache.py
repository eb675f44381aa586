"""The prepared-image cache seen through whole builds: a hit, a miss after the photo changes, two builds at once."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from bulletinpdf.photos import images
from bulletinpdf.run.pipeline import build_issue
from bulletinpdf.render.profiles import PROFILES

ROOT = Path(__file__).resolve().parent.parent
ISSUE = """\
title: Highlights
period:
  from: 2030-01-01
  to: 2030-03-31
language: en
sections:
  - heading: A meeting
    blocks:
      - text: |
          The delegates met to review the progress made in clearance and in the destruction of
          stockpiled cluster munitions, and agreed on the next steps.
      - image: images/cache/meeting.jpg
        float: right
        width: 45%
        caption: The meeting
        alt: People around a table
      - text: |
          The delegates met to review the progress made in clearance and in the destruction of
          stockpiled cluster munitions, and agreed on the next steps.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the real brand (linked) and one issue with one photo."""
    (tmp_path / "issues").mkdir()
    (tmp_path / "issues" / "2030Q1.yaml").write_text(ISSUE, encoding="utf-8")
    assets = tmp_path / "assets"
    (assets / "images" / "cache").mkdir(parents=True)
    for name in ("brand.yaml", "logo.svg", "fonts"):
        (assets / name).symlink_to(ROOT / "assets" / name)
    photo(tmp_path, colour=(40, 90, 160))
    return tmp_path


def photo(project: Path, *, colour: tuple[int, int, int]) -> None:
    Image.new("RGB", (1600, 1200), colour).save(project / "assets" / "images" / "cache" / "meeting.jpg", quality=90)


def build(project: Path, out: str) -> bytes:
    result = build_issue(project / "issues" / "2030Q1.yaml", profiles=[PROFILES["email"]], out_dir=project / out)
    return result.outputs["email"].read_bytes()


def cache_entries(project: Path) -> dict[str, int]:
    """Prepared photo → inode, so a rewritten entry shows even when its bytes are the same.

    The line-break cache beside them (build/cache/linebreaks) is another matter: tests/test_linebreak_cache.py.
    """
    return {path.name: path.stat().st_ino for path in (project / "build" / "cache" / "photos").rglob("*.entry")}


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts real decode-and-encode work (one edition builds in this process, so the count is seen)."""
    calls: list[int] = []
    real = images._render

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(images, "_render", counting)
    return calls


def test_an_unchanged_photo_is_taken_from_the_cache(project: Path, renders: list[int]) -> None:
    first = build(project, "out-1")
    entries = cache_entries(project)
    assert len(renders) == 1 and len(entries) == 1

    second = build(project, "out-2")

    assert len(renders) == 1, "the second build decoded the photo again"
    assert cache_entries(project) == entries, "the cache entry was written again"
    assert second == first


def test_a_changed_photo_misses_the_cache(project: Path, renders: list[int]) -> None:
    first = build(project, "out-1")
    before = cache_entries(project)

    photo(project, colour=(200, 60, 30))
    second = build(project, "out-2")

    assert len(renders) == 2
    after = cache_entries(project)
    assert len(after) == 2 and set(before) < set(after), "the old entry stays; the new photo gets its own"
    assert second != first


def test_two_builds_at_once_share_the_cache(project: Path) -> None:
    command = [sys.executable, "-m", "bulletinpdf.cli", "build", "issues/2030Q1.yaml", "--profile", "all"]
    builds = [
        subprocess.Popen([*command, "--out", f"out-{n}"], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for n in (1, 2)
    ]
    for process in builds:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors.decode()

    cache = project / "build" / "cache"
    entries = sorted(path for path in (cache / "photos").rglob("*") if path.is_file())
    assert [p.suffix for p in entries] == [".entry", ".entry"], "one entry per edition, no temporary files left"
    assert not list(cache.rglob(".*")), "no temporary files left in any cache"
    for entry in entries:
        data = entry.read_bytes()
        with Image.open(io.BytesIO(data[data.index(b"\xff\xd8"):])) as im:
            im.load()  # complete, not half-written
    for edition in ("print", "email"):
        name = f"highlights-2030Q1-{edition}.pdf"
        assert (project / "out-1" / name).read_bytes() == (project / "out-2" / name).read_bytes()
