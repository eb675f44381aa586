"""Failures around the input: all problems at once, a crash or a full disk mid-build, two builds at once,
an output folder that cannot be written, bounded work, and warnings that reach the user."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from bulletinpdf import cli
from bulletinpdf.render import output
from bulletinpdf.load.reader import MAX_DIAGNOSTICS, load_issue

from .pdf_words import pdf_words
from .test_bad_input_cli import GOOD_ISSUE, HEAD, OUT, REPO, build_bad, built_template, cli as run_cli, project, snapshot

__all__ = ["built_template", "project"]  # fixtures shared with the CLI cases

ISSUE = "issues/2017Q1.yaml"


def write_issue(project: Path, text: str) -> None:
    (project / ISSUE).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- every problem, in file order, capped


def test_several_problems_are_all_listed_in_file_order(project: Path) -> None:
    text = GOOD_ISSUE.replace("        caption:", "        captoin:").replace("title: Highlights", "title: [x]")
    text = text.replace("  email: info@clusterconvention.org", "  email: nobody")
    run = build_bad(project, text + "colour: blue\n")
    assert run.returncode == 1
    assert run.stderr == (
        "issues/2017Q1.yaml:1:8: error: 'title' must be text, not a list\n"
        "    hint: put the text in quotes: title: \"[x]\" (or write it on the next lines after '|')\n"
        "issues/2017Q1.yaml:13:9: error: unknown key 'captoin' (did you mean 'caption'?)\n"
        "issues/2017Q1.yaml:18:10: error: 'nobody' is not an email address\n"
        "    hint: write it like info@clusterconvention.org\n"
        "issues/2017Q1.yaml:19:1: error: unknown key 'colour'\n"
        "    hint: the keys allowed here are: title, period, language, brand, subject, sections, contact\n"
        "issues/2017Q1.yaml: 4 errors; nothing was written\n"
    )


def test_problems_in_text_and_photos_are_listed_together(project: Path) -> None:
    """Once the file reads as an issue, its text, characters and photo files are checked together."""
    (project / "assets/images/2017Q1/photo.jpg").write_bytes(b"<html><body>Not found</body></html>")
    text = GOOD_ISSUE.replace("A second paragraph", "See [it](ftp://x.org/a) in a second ☃ paragraph")
    run = build_bad(project, text)
    assert run.stderr == (
        "issues/2017Q1.yaml:8:11: error: link target 'ftp://x.org/a' is not a web or e-mail address\n"
        "    hint: links must start with https://, http:// or mailto:\n"
        "issues/2017Q1.yaml:8:43: error: the character '☃' (U+2603) is not in the brand's fonts "
        "and would print as an empty box\n"
        "    hint: replace it with a similar character, or describe it in words\n"
        "issues/2017Q1.yaml:12:9: error: 'images/2017Q1/photo.jpg' is a web page (HTML), not a photo\n"
        "    hint: the download saved the page around the picture; save the image itself\n"
        "issues/2017Q1.yaml: 3 errors; nothing was written\n"
    )


def test_too_many_problems_stop_at_the_cap(project: Path) -> None:
    run = build_bad(project, (REPO / "tests" / "bad_inputs" / "too_many_errors.yaml").read_text(encoding="utf-8"))
    errors = [line for line in run.stderr.splitlines() if not line.startswith("    hint:")][:-1]
    assert len(errors) == MAX_DIAGNOSTICS + 1
    assert errors[-1] == f"issues/2017Q1.yaml: error: too many errors; stopped after the first {MAX_DIAGNOSTICS}"
    lines = [int(line.split(":")[1]) for line in errors[:-1]]
    assert lines == sorted(lines)
    assert run.stderr.endswith("    hint: fix these and run again\nissues/2017Q1.yaml: 50 errors; nothing was written\n")


# ---------------------------------------------------------------- nothing half-written


def no_temporary_files(folder: Path) -> bool:
    return not [path for path in folder.rglob("*") if path.name.startswith(".")]


def test_a_crash_while_rendering_keeps_the_previous_build(project: Path, monkeypatch, capsys) -> None:
    def crash(*args, **kwargs):
        raise RuntimeError("simulated crash in the renderer")

    monkeypatch.chdir(project)
    monkeypatch.setattr("bulletinpdf.run.pipeline.render_pdf", crash)
    write_issue(project, GOOD_ISSUE.replace("one hundred", "one hundred and ten"))
    before = snapshot(project / OUT)
    assert cli.main(["build", ISSUE]) == 3
    captured = capsys.readouterr()
    assert captured.err == (
        "bulletinpdf: internal error: RuntimeError: simulated crash in the renderer\n"
        f"    this is a bug in bulletinpdf, not in your file; please report it to {cli.REPORT_TO}"
        " (run again with --debug for the details)\n"
    )
    assert snapshot(project / OUT) == before and no_temporary_files(project / OUT)

    assert cli.main(["build", ISSUE, "--debug"]) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last):" in err and "simulated crash in the renderer" in err
    assert err.endswith(f"please report it to {cli.REPORT_TO}\n")


def test_a_full_disk_keeps_every_previous_file(project: Path, monkeypatch, capsys) -> None:
    """The disk fills up while the second edition is written: the first edition must not be replaced either."""
    calls = []

    real_fsync = os.fsync

    def full(fd: int) -> None:
        if not sys._getframe(1).f_code.co_filename.endswith("output.py"):
            return real_fsync(fd)  # the caches' entries (cache_files.py) are fsynced too
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.chdir(project)
    monkeypatch.setattr(output.os, "fsync", full)
    write_issue(project, GOOD_ISSUE.replace("one hundred", "one hundred and ten"))
    before = snapshot(project / OUT)
    assert cli.main(["build", ISSUE]) == 1
    assert capsys.readouterr().err == (
        f"bulletinpdf: error: cannot write '{project.resolve() / OUT}/highlights-2017Q1-email.pdf': "
        "No space left on device\n"
    )
    assert snapshot(project / OUT) == before and no_temporary_files(project / OUT)


KILLED_WHILE_WRITING = """\
import os, signal, sys
from pathlib import Path
from bulletinpdf.render import output
output.os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # killed between writing and renaming
output.write_all_atomically({Path(sys.argv[1]): b"%PDF-1.4 half a file"})
"""


def test_a_build_removes_what_a_killed_build_left_but_not_what_a_running_one_writes(project: Path) -> None:
    target = project / OUT / "highlights-2017Q1-print.pdf"
    killed = subprocess.run([sys.executable, "-c", KILLED_WHILE_WRITING, str(target)], capture_output=True, timeout=60)
    assert killed.returncode == -9
    (left,) = [path for path in (project / OUT).iterdir() if path.name.endswith(".tmp")]
    assert left.name.startswith(".highlights-2017Q1-print.pdf.")
    running = project / OUT / f".highlights-2017Q1-email.pdf.{os.getpid()}.abcd1234.tmp"  # this process is alive
    running.write_bytes(b"being written")
    old = project / OUT / ".highlights-2017Q1-email.pdf.k2j4h5g6.tmp"  # named before process ids were
    old.write_bytes(b"old")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    run = run_cli(project, "build", ISSUE)
    assert run.returncode == 0, run.stderr
    assert sorted(path.name for path in (project / OUT).iterdir() if path.name.startswith(".")) == [running.name]


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_full_disk_under_the_photo_cache_is_one_clear_line(project: Path, monkeypatch, capsys, command) -> None:
    from bulletinpdf import cache_files

    def full(target: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.chdir(project)
    monkeypatch.setenv("BULLETINPDF_JOBS", "1")
    monkeypatch.setattr(cache_files, "write_durably", full)
    shutil.rmtree(project / "build" / "cache", ignore_errors=True)  # every photo must be prepared again
    write_issue(project, GOOD_ISSUE.replace("one hundred", "one hundred and ten"))
    before = snapshot(project / OUT)
    assert cli.main([command, ISSUE]) == 1
    assert capsys.readouterr().err == (
        f"bulletinpdf: error: cannot write the prepared photos in '{project.resolve() / 'build/cache/photos'}': "
        "No space left on device\n")
    assert snapshot(project / OUT) == before


def test_two_builds_at_once_both_succeed_and_agree(project: Path, tmp_path: Path) -> None:
    single = tmp_path / "single"
    assert run_cli(project, "build", ISSUE, "--out", str(single)).returncode == 0
    command = [sys.executable, "-m", "bulletinpdf.cli", "build", ISSUE]
    runs = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]  # type: ignore[union-attr]
    assert results == [(0, b""), (0, b"")]
    built = snapshot(project / OUT)
    assert built == snapshot(single)
    for name, data in built.items():
        if name.endswith(".pdf"):
            assert len(PdfReader(project / OUT / name).pages) >= 1


# ---------------------------------------------------------------- the output folder


def test_output_folder_that_is_a_file(project: Path) -> None:
    (project / "notes.txt").write_text("x", encoding="utf-8")
    run = run_cli(project, "build", ISSUE, "--out", "notes.txt")
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == "bulletinpdf: error: cannot create the output folder 'notes.txt': File exists\n"


# Runs the CLI as the unprivileged user: root writes anywhere. The interpreter lives under /root, which
# `nobody` cannot read, so everything is imported first; layout is replaced so reaching it would fail loudly.
AS_NOBODY = """\
import os, sys
import locale  # argparse asks gettext, which imports it late: after the switch, the stdlib under /root is unreadable
from bulletinpdf import cli
from bulletinpdf.run import pipeline
import bulletinpdf.commands.build, bulletinpdf.layout.report, bulletinpdf.render.output, bulletinpdf.render.profiles
def no_layout(*args, **kwargs):
    raise AssertionError("layout started before the output folder was checked")
pipeline.lay_out = no_layout
if os.getuid() == 0:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
sys.exit(cli.main(sys.argv[1:]))
"""


def test_output_folder_that_cannot_be_written_is_reported_before_layout() -> None:
    root = Path(tempfile.mkdtemp(prefix="bulletinpdf-nobody-"))
    try:
        os.chmod(root, 0o755)
        shutil.copytree(REPO / "assets", root / "assets", ignore=shutil.ignore_patterns("images"))
        (root / "issues").mkdir()
        (root / ISSUE).write_text(HEAD + "  - heading: News\n    text: Hello\n", encoding="utf-8")
        (root / "out").mkdir(mode=0o555)
        os.chmod(root / "out", 0o555)  # mkdir's mode is masked by the umask
        run = subprocess.run([sys.executable, "-c", AS_NOBODY, "build", ISSUE, "--out", "out"],
                             cwd=root, capture_output=True, text=True, timeout=60)
        if run.returncode != 1 and "Operation not permitted" in run.stderr:
            pytest.skip("cannot switch to the user nobody here")
        assert (run.returncode, run.stdout) == (1, "")
        assert run.stderr == "bulletinpdf: error: cannot write in the output folder 'out': Permission denied\n"
        assert list((root / "out").iterdir()) == []
    finally:
        shutil.rmtree(root)


# ---------------------------------------------------------------- bounded work


def test_alias_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    bomb = tmp_path / "2017Q1.yaml"
    bomb.write_text((REPO / "tests" / "bad_inputs" / "alias_bomb.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    started = time.perf_counter()
    issue, diagnostics = load_issue(bomb, assets_dir=tmp_path)
    elapsed_ms = (time.perf_counter() - started) * 1000
    print(f"alias bomb refused in {elapsed_ms:.1f} ms")  # measured, not asserted (machines differ)
    assert issue is None
    assert diagnostics and all("are not supported" in d.message for d in diagnostics)


def test_file_over_the_size_limit_through_the_cli(project: Path) -> None:
    run = build_bad(project, GOOD_ISSUE + "# padding\n" * 120_000)
    assert (run.returncode, run.stderr) == (1, (
        "issues/2017Q1.yaml: error: the file is larger than 1 MiB\n"
        "    hint: an issue file holds text only; put photos in assets/images/ and write their paths\n"
        "issues/2017Q1.yaml: 1 error; nothing was written\n"
    ))


def test_a_long_paragraph_split_by_blank_lines_builds(project: Path) -> None:
    paragraphs = "\n\n".join("      " + " ".join(["bulletin"] * 90) for _ in range(4))
    write_issue(project, HEAD + "  - heading: News\n    text: |\n" + paragraphs + "\n")
    run = run_cli(project, "build", ISSUE, "--profile", "email")
    assert run.returncode == 0, run.stderr


# ---------------------------------------------------------------- what builds, builds right


def test_yaml_1_1_words_stay_the_text_typed(project: Path) -> None:
    write_issue(project, HEAD + "  - heading: no\n    text: on 12:30 0777 1.10 off yes 2017-01-01\n")
    run = run_cli(project, "build", ISSUE, "--profile", "email")
    assert (run.returncode, run.stderr) == (0, "")
    words = pdf_words(project / OUT / "highlights-2017Q1-email.pdf")
    assert "no" in words
    start = words.index("12:30") - 1
    assert words[start:start + 7] == ["on", "12:30", "0777", "1.10", "off", "yes", "2017-01-01"]


def test_markup_prints_as_typed_and_unclosed_markup_warns(project: Path) -> None:
    write_issue(project, HEAD + "  - heading: News\n    text: '<b> &amp; <font> <img src=x> </i> and **open'\n")
    run = run_cli(project, "build", ISSUE, "--profile", "email")
    assert run.returncode == 0
    assert run.stderr == (
        "issues/2017Q1.yaml:5:50: warning: unclosed or badly nested '**' (it is printed as typed)\n"
        "    hint: close it, or write \\*\\* for literal asterisks (\\\\*\\\\* in a text in double quotes)\n"
    )
    words = pdf_words(project / OUT / "highlights-2017Q1-email.pdf")
    start = words.index("<b>")
    assert words[start:start + 8] == ["<b>", "&amp;", "<font>", "<img", "src=x>", "</i>", "and", "**open"]


def test_an_animated_gif_warns_that_only_the_first_frame_prints(project: Path) -> None:
    frames = [Image.new("RGB", (80, 60), colour) for colour in ("red", "green", "blue")]
    frames[0].save(project / "assets/images/2017Q1/wave.gif", save_all=True, append_images=frames[1:])
    write_issue(project, GOOD_ISSUE.replace("images/2017Q1/photo.jpg", "images/2017Q1/wave.gif"))
    for _ in range(2):  # the second build takes the photo from the cache and must still warn
        run = run_cli(project, "build", ISSUE, "--profile", "email")
        assert run.returncode == 0
        assert run.stderr == (
            "issues/2017Q1.yaml:12:9: warning: 'images/2017Q1/wave.gif' is animated (3 frames); "
            "only the first frame is printed\n"
        )
