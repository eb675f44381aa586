"""Tests for image paths: what users write, checked against a real assets folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bulletinpdf.load.asset_paths import AssetPathError, resolve_asset


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets" / "images" / "2016Q4"
    folder.mkdir(parents=True)
    (folder / "raviac-seminar.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "geneva-meeting.jpg").write_bytes(b"\xff\xd8\xff")
    return tmp_path / "assets"


def problem(written: str, *, assets: Path) -> tuple[str, str | None]:
    with pytest.raises(AssetPathError) as caught:
        resolve_asset(written, assets_dir=assets)
    return caught.value.message, caught.value.hint


def test_existing_file_resolves(assets: Path) -> None:
    resolved = resolve_asset("images/2016Q4/raviac-seminar.jpg", assets_dir=assets)
    assert resolved == (assets / "images/2016Q4/raviac-seminar.jpg").resolve()


def test_dot_segments_are_fine(assets: Path) -> None:
    assert resolve_asset("./images//2016Q4/raviac-seminar.jpg", assets_dir=assets).name == "raviac-seminar.jpg"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("", "the image path is empty"),
        ("   ", "the image path is empty"),
        ("http://example.org/a.jpg", "the image 'http://example.org/a.jpg' is a web address"),
        ("HTTPS://example.org/a.jpg", "the image 'HTTPS://example.org/a.jpg' is a web address"),
        ("ftp://example.org/a.jpg", "the image 'ftp://example.org/a.jpg' is a web address"),
        ("file:///etc/passwd", "the image 'file:///etc/passwd' is a web address"),
        ("data:image/png;base64,AAAA", "the image is written as a data URI"),
        ("/etc/passwd", "the image path '/etc/passwd' is absolute"),
        ("~/photo.jpg", "the image path '~/photo.jpg' is absolute"),
        ("C:\\Photos\\a.jpg", "the image path 'C:\\Photos\\a.jpg' is absolute"),
        ("../issues/2016Q4.yaml", "the image path '../issues/2016Q4.yaml' leaves the assets folder"),
        ("images/../../secret.jpg", "the image path 'images/../../secret.jpg' leaves the assets folder"),
    ],
)
def test_refused_as_written(written: str, message: str, assets: Path) -> None:
    assert problem(written, assets=assets)[0] == message


def test_absolute_path_inside_assets_suggests_the_relative_one(assets: Path) -> None:
    written = str(assets / "images/2016Q4/raviac-seminar.jpg")
    assert problem(written, assets=assets) == (
        f"the image path '{written}' is absolute",
        "write 'images/2016Q4/raviac-seminar.jpg'",
    )


def test_backslashes_suggest_slashes(assets: Path) -> None:
    assert problem("images\\2016Q4\\raviac-seminar.jpg", assets=assets) == (
        "the image path 'images\\2016Q4\\raviac-seminar.jpg' uses '\\'",
        "write '/' between folders: 'images/2016Q4/raviac-seminar.jpg'",
    )


def test_missing_file_names_the_nearest_files(assets: Path) -> None:
    assert problem("images/2016Q4/raviac-semnar.jpg", assets=assets) == (
        "the image 'images/2016Q4/raviac-semnar.jpg' does not exist in assets/",
        "similar files: 'images/2016Q4/raviac-seminar.jpg'",
    )


def test_missing_file_with_nothing_similar(assets: Path) -> None:
    assert problem("images/zzz.png", assets=assets) == (
        "the image 'images/zzz.png' does not exist in assets/",
        "put the image in assets/images/ and write its path from there, for example images/2016Q4/photo.jpg",
    )


def test_letter_case_of_the_file(assets: Path) -> None:
    assert problem("images/2016Q4/Raviac-Seminar.JPG", assets=assets) == (
        "the image 'images/2016Q4/Raviac-Seminar.JPG' is spelled 'images/2016Q4/raviac-seminar.jpg' on disk",
        "write 'images/2016Q4/raviac-seminar.jpg': letter case matters",
    )


def test_letter_case_of_a_folder(assets: Path) -> None:
    assert problem("images/2016q4/raviac-seminar.jpg", assets=assets) == (
        "the image 'images/2016q4/raviac-seminar.jpg' is spelled 'images/2016Q4/raviac-seminar.jpg' on disk",
        "write 'images/2016Q4/raviac-seminar.jpg': letter case matters",
    )


def test_folder_is_not_an_image(assets: Path) -> None:
    assert problem("images/2016Q4", assets=assets) == (
        "the image 'images/2016Q4' is a folder, not a file",
        "add the file name, for example 'images/2016Q4/geneva-meeting.jpg'",
    )


def test_symlink_leaving_assets_is_refused(assets: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"\xff\xd8\xff")
    (assets / "images/2016Q4/link.jpg").symlink_to(outside)
    assert problem("images/2016Q4/link.jpg", assets=assets) == (
        "the image 'images/2016Q4/link.jpg' is a link to a file outside the assets folder",
        "copy the image itself into assets/images/ instead of linking to it",
    )


def test_symlinked_folder_leaving_assets_is_refused(assets: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/a.jpg").write_bytes(b"\xff\xd8\xff")
    (assets / "images/linked").symlink_to(tmp_path / "elsewhere")
    assert problem("images/linked/a.jpg", assets=assets)[0] == (
        "the image 'images/linked/a.jpg' is a link to a file outside the assets folder"
    )


def test_symlink_to_a_device_is_refused(assets: Path) -> None:
    (assets / "images/2016Q4/null.jpg").symlink_to("/dev/null")
    assert problem("images/2016Q4/null.jpg", assets=assets)[0] == (
        "the image 'images/2016Q4/null.jpg' is a link to a file outside the assets folder"
    )


def test_symlink_inside_assets_is_fine(assets: Path) -> None:
    (assets / "images/2016Q4/alias.jpg").symlink_to(assets / "images/2016Q4/raviac-seminar.jpg")
    resolved = resolve_asset("images/2016Q4/alias.jpg", assets_dir=assets)
    assert resolved == (assets / "images/2016Q4/raviac-seminar.jpg").resolve()


def test_broken_symlink(assets: Path) -> None:
    (assets / "images/2016Q4/gone.jpg").symlink_to(assets / "images/2016Q4/deleted.jpg")
    assert problem("images/2016Q4/gone.jpg", assets=assets) == (
        "the image 'images/2016Q4/gone.jpg' is a link to a file that does not exist",
        "replace the link with the image file itself",
    )


def test_fifo_is_not_opened(assets: Path) -> None:
    os.mkfifo(assets / "images/2016Q4/pipe.jpg")
    assert problem("images/2016Q4/pipe.jpg", assets=assets) == (
        "the image 'images/2016Q4/pipe.jpg' is not a regular file",
        "replace it with the image file itself",
    )


def test_loader_reports_asset_problems_at_the_image_value(assets: Path, tmp_path: Path) -> None:
    from bulletinpdf.load.reader import load_issue

    os.mkfifo(assets / "images/2016Q4/pipe.jpg")
    issue_file = tmp_path / "case.yaml"
    issue_file.write_text(
        "title: Highlights\nperiod: {from: 2016-10-01, to: 2016-12-31}\nsections:\n"
        "  - heading: A\n    blocks:\n      - image: images/2016Q4/pipe.jpg\n",
        encoding="utf-8",
    )
    _, diagnostics = load_issue(issue_file, display_name="case.yaml", assets_dir=assets)
    assert [str(d) for d in diagnostics] == [
        "case.yaml:6:16: error: the image 'images/2016Q4/pipe.jpg' is not a regular file\n"
        "    hint: replace it with the image file itself"
    ]


def test_nearest_files_rank_by_name_not_folder(assets: Path) -> None:
    other = assets / "images/2016Q3"
    other.mkdir()
    (other / "raviac-seminar.jpg").write_bytes(b"\xff\xd8\xff")
    assert problem("images/2016Q4/raviac.jpg", assets=assets)[1] == (
        "similar files: 'images/2016Q4/raviac-seminar.jpg', 'images/2016Q3/raviac-seminar.jpg'"
    )
