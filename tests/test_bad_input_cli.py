"""Bad input through the real command line: the exact messages, exit status 1, no traceback, and
yesterday's good PDFs byte for byte as they were (one case or more per kind of mistake in issue 5)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
OUT = Path("build/2017Q1")
"""Where `bulletinpdf build issues/2017Q1.yaml` writes, relative to the project."""

GOOD_ISSUE = """\
title: Highlights
period: {from: 2017-01-01, to: 2017-03-31}
sections:
  - heading: Universalization
    text: |
      In January 2017 the Convention counted one hundred States Parties.

      A second paragraph follows here.
  - heading: Regional meetings
    blocks:
      - text: Delegates met in Addis Ababa to discuss clearance and victim assistance.
      - image: images/2017Q1/photo.jpg
        caption: Delegates at the seminar
        alt: Delegates seated around a conference table
      - text: The seminar closed with a plan for the next quarter.
contact:
  lines: [Implementation Support Unit, Geneva]
  email: info@clusterconvention.org
"""
HEAD = "title: Highlights\nperiod: {from: 2017-01-01, to: 2017-03-31}\nsections:\n"
"""The first three lines of an issue; a case adds its sections from line 4."""


# ---------------------------------------------------------------- a project with a good build


def make_project(root: Path) -> Path:
    """The brand, fonts and logo of the real project, one small photo, and issues/."""
    assets = root / "assets"
    (assets / "fonts").mkdir(parents=True)
    for name in ("brand.yaml", "logo.svg"):
        shutil.copy(REPO / "assets" / name, assets / name)
    for font in (REPO / "assets" / "fonts").glob("*.ttf"):
        shutil.copy(font, assets / "fonts" / font.name)
    images = assets / "images" / "2017Q1"
    images.mkdir(parents=True)
    Image.new("RGB", (400, 300), (90, 120, 160)).save(images / "photo.jpg", quality=80)
    (root / "issues").mkdir()
    return root


def cli(project: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bulletinpdf.cli", *args], cwd=project, capture_output=True, text=True, timeout=120,
        **kwargs,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in `folder`, hidden ones (temporary files) included."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="session")
def built_template(tmp_path_factory) -> Path:
    """A project whose good 2017 Q1 issue was built once with the CLI; tests copy it."""
    project = make_project(tmp_path_factory.mktemp("template"))
    (project / "issues" / "2017Q1.yaml").write_text(GOOD_ISSUE, encoding="utf-8")
    run = cli(project, "build", "issues/2017Q1.yaml")
    assert run.returncode == 0, run.stderr
    assert {"highlights-2017Q1-print.pdf", "highlights-2017Q1-email.pdf"} <= set(snapshot(project / OUT))
    return project


@pytest.fixture
def project(built_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built_template, copy)
    return copy


def build_bad(project: Path, issue: str | bytes) -> subprocess.CompletedProcess:
    """Replace the good issue with `issue`, build, and check that the previous build survived untouched."""
    path = project / "issues" / "2017Q1.yaml"
    if isinstance(issue, bytes):
        path.write_bytes(issue)
    else:
        path.write_text(issue, encoding="utf-8")
    before = snapshot(project / OUT)
    run = cli(project, "build", "issues/2017Q1.yaml")
    assert snapshot(project / OUT) == before, "the previous build was changed"
    assert "Traceback" not in run.stderr
    return run


# ---------------------------------------------------------------- images the cases use


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a size and holds almost no data: a decompression bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def add_bad_images(project: Path) -> None:
    images = project / "assets" / "images" / "2017Q1"
    good = (images / "photo.jpg").read_bytes()
    (images / "cut.jpg").write_bytes(good[: len(good) // 2])
    (images / "notes.jpg").write_text("Photo to follow from the field office.\n", encoding="utf-8")
    (images / "empty.jpg").write_bytes(b"")
    (images / "bomb.png").write_bytes(png_header_only(20_000, 20_000))


def image_section(path: str) -> str:
    return HEAD + f"  - heading: News\n    blocks:\n      - text: Before the photo.\n      - image: {path}\n"


# ---------------------------------------------------------------- the cases: (issue file, exact stderr)

CASES: dict[str, str | bytes] = {
    # YAML syntax
    "tab_indent": HEAD + "  - heading: News\n\ttext: Hello\n",
    "unterminated_quote": HEAD + '  - heading: "News\n    text: Hello\n',
    "not_utf8": (HEAD + "  - heading: Caf\xe9 news\n    text: Hello\n").encode("latin-1"),
    # YAML that is not an issue
    "empty_file": "",
    "list_at_top": "- title: Highlights\n",
    "duplicate_key": HEAD.replace("sections:", "title: Bulletin\nsections:") + "  - heading: A\n    text: B\n",
    "alias_bomb": (REPO / "tests" / "bad_inputs" / "alias_bomb.yaml").read_text(encoding="utf-8"),
    "too_deep": "title: " + "[" * 40 + "]" * 40 + "\n",
    "python_tag": HEAD + "  - heading: !!python/object:os.system x\n    text: B\n",
    "two_documents": HEAD + "  - heading: A\n    text: B\n---\ntitle: Again\n",
    # YAML 1.1 surprises: text YAML cannot read unquoted
    "starts_with_at": HEAD + "  - heading: News\n    text: @ISU-CCM met in Geneva\n",
    "colon_in_text": HEAD + "  - heading: Next step: Geneva\n    text: Hello\n",
    "three_colons": HEAD + "  - heading: Next step: Geneva\n    text: Note: the venue\n"
    + "  - heading: Later\n    text: Time: ten o'clock\n",
    "quote_open_above": HEAD + '  - heading: News\n    text: "In January\n  - heading: Later\n    text: A "seminar" met\n',
    "width_without_percent": image_section("images/2017Q1/photo.jpg") + "        width: 45\n",
    # the model
    "unknown_key": GOOD_ISSUE.replace("        caption:", "        captoin:"),
    "missing_keys": "title: Highlights\n",
    "period_reversed": HEAD.replace("from: 2017-01-01, to: 2017-03-31", "from: 2017-03-31, to: 2017-01-01")
    + "  - heading: A\n    text: B\n",
    "width_and_float": image_section("images/2017Q1/photo.jpg") + "        width: 150%\n        float: centre\n",
    # text
    "javascript_link": HEAD + "  - heading: News\n    text: See [the site](javascript:alert(1)) now.\n",
    "escaped_control": HEAD + '  - heading: News\n    text: "Bell \\a here"\n',
    "font_cannot_draw": HEAD + "  - heading: News 😀\n    text: |\n      Hello 中文 world.\n",
    "long_paragraph": HEAD + "  - heading: News\n    text: |\n      " + "word " * 20_000 + "\n",
    # image paths
    "leaves_project": image_section("../../../etc/passwd"),
    "url": image_section("https://example.org/photo.jpg"),
    "missing_nearest": image_section("images/2017Q1/photos.jpg"),
    "letter_case": image_section("images/2017Q1/Photo.jpg"),
    # image files
    "text_named_jpg": image_section("images/2017Q1/notes.jpg"),
    "truncated_jpeg": image_section("images/2017Q1/cut.jpg"),
    "zero_bytes": image_section("images/2017Q1/empty.jpg"),
    "bomb": image_section("images/2017Q1/bomb.png"),
}

# What `bulletinpdf build` prints to stderr for each case, exactly.
EXPECTED: dict[str, str] = {
    "tab_indent": (
        'issues/2017Q1.yaml:5:1: error: a tab is used for indentation\n'
        '    hint: indent with spaces only (your editor can turn tabs into spaces)\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "unterminated_quote": (
        'issues/2017Q1.yaml:4:14: error: this quote is never closed\n'
        '    hint: end the text with the same quote mark it starts with\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "not_utf8": (
        'issues/2017Q1.yaml:4:17: error: the file is not UTF-8: byte 0xE9 cannot be read\n'
        '    hint: save the file as UTF-8 (in your editor: Save with Encoding → UTF-8)\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "empty_file": (
        'issues/2017Q1.yaml: error: the file is empty\n'
        "    hint: start with 'title:', 'period:' and 'sections:'; an earlier issue is a good model\n"
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "list_at_top": (
        "issues/2017Q1.yaml:1:1: error: the file must start with keys such as 'title:' and 'sections:', not a list\n"
        "    hint: remove the '- ' before 'title:' and the keys below it: an issue is keys, not a list\n"
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "duplicate_key": (
        "issues/2017Q1.yaml:3:1: error: duplicate key 'title' (first written on line 1)\n"
        '    hint: keep one of the two\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "alias_bomb": (
        "issues/2017Q1.yaml:1:4: error: anchors ('&a') are not supported\n"
        "    hint: remove '&a'\n"
        "issues/2017Q1.yaml:2:4: error: anchors ('&b') are not supported\n"
        "    hint: remove '&b'\n"
        "issues/2017Q1.yaml:3:4: error: anchors ('&c') are not supported\n"
        "    hint: remove '&c'\n"
        "issues/2017Q1.yaml:4:4: error: anchors ('&d') are not supported\n"
        "    hint: remove '&d'\n"
        "issues/2017Q1.yaml:5:4: error: anchors ('&e') are not supported\n"
        "    hint: remove '&e'\n"
        "issues/2017Q1.yaml:6:4: error: anchors ('&f') are not supported\n"
        "    hint: remove '&f'\n"
        "issues/2017Q1.yaml:7:4: error: anchors ('&g') are not supported\n"
        "    hint: remove '&g'\n"
        "issues/2017Q1.yaml:8:4: error: anchors ('&h') are not supported\n"
        "    hint: remove '&h'\n"
        "issues/2017Q1.yaml:9:4: error: anchors ('&i') are not supported\n"
        "    hint: remove '&i'\n"
        'issues/2017Q1.yaml: 9 errors; nothing was written\n'
    ),
    "too_deep": (
        'issues/2017Q1.yaml:1:19: error: the file nests more than 12 levels deep\n'
        "    hint: an issue needs only a few levels; check the indentation and the '[' and '{' marks\n"
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "python_tag": (
        "issues/2017Q1.yaml:4:14: error: tags ('!!python/object:os.system') are not supported\n"
        '    hint: put the text in quotes: - heading: "!!python/object:os.system x" (or write it on the next lines after \'|\')\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "two_documents": (
        'issues/2017Q1.yaml:6:1: error: the file holds more than one document\n'
        "    hint: remove the '---' line: one file holds one issue\n"
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "starts_with_at": (
        "issues/2017Q1.yaml:5:11: error: unquoted text cannot start with '@'\n"
        '    hint: put the text in quotes: text: "@ISU-CCM met in Geneva" (or write it on the next lines after \'|\')\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "colon_in_text": (
        "issues/2017Q1.yaml:4:14: error: unquoted text cannot contain ': '\n"
        '    hint: put the text in quotes: - heading: "Next step: Geneva" (or write it on the next lines after \'|\')\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "three_colons": (
        "issues/2017Q1.yaml:4:14: error: unquoted text cannot contain ': '\n"
        '    hint: put the text in quotes: - heading: "Next step: Geneva" (or write it on the next lines after \'|\')\n'
        "issues/2017Q1.yaml:5:11: error: unquoted text cannot contain ': '\n"
        '    hint: put the text in quotes: text: "Note: the venue" (or write it on the next lines after \'|\')\n'
        "issues/2017Q1.yaml:7:11: error: unquoted text cannot contain ': '\n"
        '    hint: put the text in quotes: text: "Time: ten o\'clock" (or write it on the next lines after \'|\')\n'
        'issues/2017Q1.yaml: 3 errors; nothing was written\n'
    ),
    "quote_open_above": (
        "issues/2017Q1.yaml:5:11: error: this quote is never closed\n"
        '    hint: end the text with the same quote mark it starts with: text: "In January"\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "width_without_percent": (
        "issues/2017Q1.yaml:8:16: error: image width '45' has no '%'\n"
        "    hint: write 'width: 45%'\n"
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "unknown_key": (
        "issues/2017Q1.yaml:13:9: error: unknown key 'captoin' (did you mean 'caption'?)\n"
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "missing_keys": (
        "issues/2017Q1.yaml:1:1: error: the issue has no 'period'\n"
        "    hint: add 'period: {from: 2016-10-01, to: 2016-12-31}'\n"
        "issues/2017Q1.yaml:1:1: error: the issue has no 'sections'\n"
        "    hint: add 'sections:' followed by one '- heading: ...' per section\n"
        'issues/2017Q1.yaml: 2 errors; nothing was written\n'
    ),
    "period_reversed": (
        'issues/2017Q1.yaml:2:32: error: the period ends on 2017-01-01, before it starts on 2017-03-31\n'
        "    hint: check the 'from' and 'to' dates\n"
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "width_and_float": (
        "issues/2017Q1.yaml:8:16: error: image width '150%' is outside 10–100%\n"
        "    hint: write 'width: 100%', or a percentage of the column between 10% and 100%\n"
        "issues/2017Q1.yaml:9:16: error: unknown float 'centre'\n"
        '    hint: write one of: left, right, none\n'
        'issues/2017Q1.yaml: 2 errors; nothing was written\n'
    ),
    "javascript_link": (
        "issues/2017Q1.yaml:5:15: error: link target 'javascript:alert(1)' is not a web or e-mail address\n"
        '    hint: links must start with https://, http:// or mailto:\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "escaped_control": (
        'issues/2017Q1.yaml:5:17: error: control character U+0007 is not allowed\n'
        '    hint: delete it\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "font_cannot_draw": (
        "issues/2017Q1.yaml:4:19: error: the character '😀' (U+1F600) is not in the brand's fonts and would print as an empty box\n"
        '    hint: replace it with a similar character, or describe it in words\n'
        "issues/2017Q1.yaml:6:13: error: the character '中' (U+4E2D) is not in the brand's fonts and would print as an empty box\n"
        '    hint: replace it with a similar character, or describe it in words\n'
        "issues/2017Q1.yaml:6:14: error: the character '文' (U+6587) is not in the brand's fonts and would print as an empty box\n"
        '    hint: replace it with a similar character, or describe it in words\n'
        'issues/2017Q1.yaml: 3 errors; nothing was written\n'
    ),
    "long_paragraph": (
        'issues/2017Q1.yaml:6:7: error: paragraph of 20000 words is too long (at most 1000)\n'
        "    hint: split it with a blank line between paragraphs, in a text written on the lines after 'text: |' "
        "(inside quotes a blank line does not start a paragraph)\n"
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "leaves_project": (
        "issues/2017Q1.yaml:7:16: error: the image path '../../../etc/passwd' leaves the assets folder\n"
        '    hint: copy the image into assets/images/ and write its path from there, for example images/2016Q4/photo.jpg\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "url": (
        "issues/2017Q1.yaml:7:16: error: the image 'https://example.org/photo.jpg' is a web address\n"
        '    hint: download the image into assets/images/ and write its path, for example images/2016Q4/photo.jpg\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "missing_nearest": (
        "issues/2017Q1.yaml:7:16: error: the image 'images/2017Q1/photos.jpg' does not exist in assets/\n"
        "    hint: similar files: 'images/2017Q1/photo.jpg', 'images/2017Q1/notes.jpg'\n"
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "letter_case": (
        "issues/2017Q1.yaml:7:16: error: the image 'images/2017Q1/Photo.jpg' is spelled 'images/2017Q1/photo.jpg' on disk\n"
        "    hint: write 'images/2017Q1/photo.jpg': letter case matters\n"
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "text_named_jpg": (
        "issues/2017Q1.yaml:7:9: error: 'images/2017Q1/notes.jpg' is a text file, not a photo\n"
        '    hint: replace it with the photo as JPEG or PNG\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "truncated_jpeg": (
        "issues/2017Q1.yaml:7:9: error: 'images/2017Q1/cut.jpg' is cut short (the file is truncated)\n"
        '    hint: copy it again from the original\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "zero_bytes": (
        "issues/2017Q1.yaml:7:9: error: 'images/2017Q1/empty.jpg' is empty (0 bytes)\n"
        '    hint: copy it again from the original\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
    "bomb": (
        "issues/2017Q1.yaml:7:9: error: 'images/2017Q1/bomb.png' declares 400 megapixels, more than the 40-megapixel limit\n"
        '    hint: scale it down to at most 40 megapixels (a 6000 × 4000 photo is 24)\n'
        'issues/2017Q1.yaml: 1 error; nothing was written\n'
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_through_the_cli(case: str, project: Path) -> None:
    add_bad_images(project)
    run = build_bad(project, CASES[case])
    assert (run.returncode, run.stdout, run.stderr) == (1, "", EXPECTED[case])


def test_a_mistake_read_from_the_markup_cache_is_reported_where_it_now_is(project: Path) -> None:
    first = build_bad(project, CASES["javascript_link"])
    again = build_bad(project, CASES["javascript_link"])  # the text's markup now comes from build/cache/markup
    assert list((project / "build" / "cache" / "markup").rglob("*.entry"))
    assert (first.returncode, first.stderr) == (again.returncode, again.stderr) == (1, EXPECTED["javascript_link"])
    moved = build_bad(project, CASES["javascript_link"].replace(HEAD, HEAD + "  - heading: First\n    text: Hello.\n"))
    assert moved.stderr == EXPECTED["javascript_link"].replace("2017Q1.yaml:5:15:", "2017Q1.yaml:7:15:")
