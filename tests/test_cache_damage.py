"""Nothing damaged reaches a PDF: every cache under build/cache survives every kind of damage, and the bytes of a
build depend on the issue and its assets, never on the folder it is built in."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from bulletinpdf.cache_files import CacheFolder, read_entry

ROOT = Path(__file__).resolve().parent.parent
CACHES = ("photos", "logo", "hyphenation", "linebreaks", "markup")
ISSUE = """\
title: Highlights
period: {from: 2030-01-01, to: 2030-03-31}
language: en
sections:
  - heading: A meeting
    blocks:
      - text: |
          The delegates met to review the progress made in clearance and in the destruction of
          stockpiled cluster munitions, and agreed on the next steps for the implementation of the Convention.
      - image: images/2030Q1/meeting.jpg
        float: right
        width: 45%
        caption: The meeting
      - text: |
          Representatives of international organisations described their humanitarian programmes, and
          the delegates discussed universalization, transparency reports and victim assistance at length.
      - image: images/2030Q1/field.png
        width: 100%
        caption: In the field
"""


def make_project(root: Path) -> Path:
    """A project with copies (not links) of the real brand, so nothing in it names the repository's folder."""
    assets = root / "assets"
    shutil.copytree(ROOT / "assets" / "fonts", assets / "fonts")
    for name in ("brand.yaml", "logo.svg"):
        shutil.copy(ROOT / "assets" / name, assets / name)
    images = assets / "images" / "2030Q1"
    images.mkdir(parents=True)
    noise = random.Random(7)
    photo = Image.new("RGB", (1200, 900), (40, 90, 160))
    photo.putdata([(noise.randrange(256), 90, 160) for _ in range(1200 * 900)])
    photo.save(images / "meeting.jpg", quality=90)
    Image.new("RGB", (1600, 900), (200, 120, 30)).save(images / "field.png")
    (root / "issues").mkdir()
    (root / "issues" / "2030Q1.yaml").write_text(ISSUE, encoding="utf-8")
    return root


def build(project: Path) -> dict[str, bytes]:
    """Both editions, built by a process of their own: nothing is remembered in memory from an earlier build."""
    run = subprocess.run([sys.executable, "-m", "bulletinpdf.cli", "build", "issues/2030Q1.yaml", "--profile", "all"],
                         cwd=project, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    out = project / "build" / "2030Q1"
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.pdf"))}


def entries(project: Path, cache: str) -> list[Path]:
    return sorted((project / "build" / "cache" / cache).rglob("*.entry"))


def damage(entry: Path, how: str, *, other: Path) -> None:
    data = entry.read_bytes()
    if how == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif how == "append":
        entry.write_bytes(data + b"\0" * 100)
    elif how == "overwrite":  # the tail, keeping the length
        entry.write_bytes(data[:-64] + bytes(64))
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "random":
        entry.write_bytes(os.urandom(len(data)))
    elif how == "swap":
        theirs = other.read_bytes()
        other.write_bytes(data)
        entry.write_bytes(theirs)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """A project built once from an empty cache: the bytes every later build must give."""
    project = make_project(tmp_path_factory.mktemp("damage"))
    return project, build(project)


@pytest.mark.parametrize("how", ["truncate", "append", "overwrite", "swap", "empty", "random"])
def test_a_damaged_entry_in_any_cache_is_made_again(built, how: str) -> None:
    project, from_empty = built
    found = {cache: entries(project, cache) for cache in CACHES}
    assert all(found.values()), f"every cache has entries: {found}"
    everything = [entry for cache in CACHES for entry in found[cache]]
    for cache in CACHES:
        for entry in found[cache]:
            # Swapped with another entry of the same cache where it has two, else with the next cache's.
            others = [e for e in found[cache] if e != entry] or [e for e in everything if e.parent != entry.parent]
            damage(entry, how, other=others[0])
            if how == "swap":
                break  # one swap per cache is two damaged entries
    assert build(project) == from_empty
    for cache in CACHES:  # the damaged ones were made again, whole
        assert all(read_entry(entry) is not None for entry in entries(project, cache))
        assert len(entries(project, cache)) == len(found[cache])
    assert build(project) == from_empty  # and read back from the cache, now whole


def test_a_cut_entry_is_refused_and_removed(tmp_path: Path) -> None:
    folder = CacheFolder(tmp_path, "v1")
    folder.write("key", b"payload" * 100)
    assert folder.read("key") == b"payload" * 100
    entry = folder.entry_path("key")
    entry.write_bytes(entry.read_bytes()[:-1])
    assert folder.read("key") is None and not entry.exists()
    assert not list(tmp_path.rglob(".*.tmp"))


def test_an_entry_written_for_another_key_or_version_is_never_read(tmp_path: Path) -> None:
    folder = CacheFolder(tmp_path, "v1")
    folder.write("a", b"for a")
    folder.write("b", b"for b")
    shutil.copy(folder.entry_path("a"), folder.entry_path("b"))
    assert folder.read("b") is None
    assert CacheFolder(tmp_path, "v2").read("a") is None


def test_the_same_issue_gives_the_same_bytes_in_any_folder(tmp_path: Path) -> None:
    shallow = make_project(tmp_path / "a")
    deep = make_project(tmp_path / "b" / "checkout of someone else" / "with a longer path" / "x")
    first, second = build(shallow), build(deep)
    assert set(first) == {"highlights-2030Q1-email.pdf", "highlights-2030Q1-print.pdf"}
    assert first == second
    for data in first.values():
        assert str(tmp_path).encode() not in data


def test_what_a_killed_build_left_half_written_in_a_cache_is_removed(built) -> None:
    project, from_empty = built
    (entry, *_) = entries(project, "photos")
    dead = subprocess.Popen(["true"])
    dead.wait()  # its process id is gone
    left = entry.parent / f".{entry.name}.{dead.pid}.k2j4h5g6.tmp"
    left.write_bytes(entry.read_bytes()[:100])
    running = entry.parent / f".{entry.name}.{os.getpid()}.abcd1234.tmp"  # this process is alive
    running.write_bytes(b"being written")
    entry.unlink()  # killed before the rename: the entry is missing, the next build makes it again
    assert build(project) == from_empty
    assert not left.exists() and running.exists()
    running.unlink()
