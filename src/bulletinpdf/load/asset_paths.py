"""Image paths as users write them, checked against the assets folder on disk."""

from __future__ import annotations

import difflib
import os
import re
import stat
from pathlib import Path, PurePosixPath

EXAMPLE = "images/2016Q4/photo.jpg"
MAX_FILES_LISTED = 5000
"""Bounds the walk that looks for similar names, so a huge assets folder cannot stall a build."""

_URL = re.compile(r"^(https?|ftp|file|data):", re.IGNORECASE)
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


class AssetPathError(ValueError):
    """An image path that cannot be used, with what to write instead."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


def resolve_asset(written: str, *, assets_dir: Path) -> Path:
    """The checked absolute path of `written` (relative to assets/); raises AssetPathError."""
    relative = _check_written(written, assets_dir=assets_dir)
    _check_spelling(relative, assets_dir=assets_dir)
    return _check_file(relative, assets_dir=assets_dir)


def _check_written(written: str, *, assets_dir: Path) -> PurePosixPath:
    """Checks that need no disk: what the text itself says."""
    text = written.strip()
    if not text:
        raise AssetPathError("the image path is empty", f"write the path of the image under assets/, for example {EXAMPLE}")
    if "\0" in text:
        raise AssetPathError(f"the image path {_q(text)} contains a null character", f"write a plain path such as {EXAMPLE}")
    url = _URL.match(text)
    if url and url.group(1).lower() == "data":
        raise AssetPathError("the image is written as a data URI", f"save the image into assets/images/ and write its path, for example {EXAMPLE}")
    if url:
        raise AssetPathError(
            f"the image {_q(_short(text))} is a web address",
            f"download the image into assets/images/ and write its path, for example {EXAMPLE}",
        )
    if "\\" in text and not _WINDOWS_DRIVE.match(text):
        raise AssetPathError(f"the image path {_q(text)} uses '\\'", f"write '/' between folders: {_q(text.replace(chr(92), '/'))}")
    if text.startswith(("/", "~")) or _WINDOWS_DRIVE.match(text):
        raise AssetPathError(f"the image path {_q(text)} is absolute", _absolute_hint(text, assets_dir=assets_dir))
    relative = PurePosixPath(text)
    if ".." in relative.parts:
        raise AssetPathError(
            f"the image path {_q(text)} leaves the assets folder",
            f"copy the image into assets/images/ and write its path from there, for example {EXAMPLE}",
        )
    return relative


def _absolute_hint(text: str, *, assets_dir: Path) -> str:
    try:
        inside = Path(text).expanduser().resolve().relative_to(assets_dir.resolve())
    except (ValueError, OSError, RuntimeError):
        return f"write the path relative to the assets folder, for example {EXAMPLE}"
    return f"write {_q(inside.as_posix())}"


def _check_spelling(relative: PurePosixPath, *, assets_dir: Path) -> None:
    """Walks the path one folder at a time, comparing names exactly: this catches a case
    mismatch even on case-insensitive disks, where the file would open here and fail elsewhere."""
    folder = assets_dir
    on_disk: list[str] = []
    for part in relative.parts:
        names = _names_in(folder)
        if part not in names:
            same_but_case = [name for name in names if name.lower() == part.lower()]
            if same_but_case:
                spelled = "/".join([*on_disk, same_but_case[0], *relative.parts[len(on_disk) + 1 :]])
                raise AssetPathError(
                    f"the image {_q(relative.as_posix())} is spelled {_q(spelled)} on disk",
                    f"write {_q(spelled)}: letter case matters",
                )
            raise AssetPathError(f"the image {_q(relative.as_posix())} does not exist in assets/", _missing_hint(relative, assets_dir=assets_dir))
        on_disk.append(part)
        folder = folder / part


def _names_in(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _check_file(relative: PurePosixPath, *, assets_dir: Path) -> Path:
    written = relative.as_posix()
    try:
        resolved = (assets_dir / relative).resolve(strict=True)
        inside = resolved.is_relative_to(assets_dir.resolve(strict=True))
        mode = resolved.stat().st_mode
    except (OSError, RuntimeError):
        raise AssetPathError(
            f"the image {_q(written)} is a link to a file that does not exist",
            "replace the link with the image file itself",
        ) from None
    if not inside:
        raise AssetPathError(
            f"the image {_q(written)} is a link to a file outside the assets folder",
            "copy the image itself into assets/images/ instead of linking to it",
        )
    if stat.S_ISDIR(mode):
        raise AssetPathError(f"the image {_q(written)} is a folder, not a file", _folder_hint(relative, folder=resolved))
    if not stat.S_ISREG(mode):
        raise AssetPathError(f"the image {_q(written)} is not a regular file", "replace it with the image file itself")
    return resolved


def _folder_hint(relative: PurePosixPath, *, folder: Path) -> str:
    files = sorted(name for name in _names_in(folder) if (folder / name).is_file())
    example = (relative / files[0]).as_posix() if files else (relative / "photo.jpg").as_posix()
    return f"add the file name, for example {_q(example)}"


def _missing_hint(relative: PurePosixPath, *, assets_dir: Path) -> str:
    similar = _nearest(relative, candidates=_image_files(assets_dir))
    if similar:
        return "similar files: " + ", ".join(_q(name) for name in similar)
    return f"put the image in assets/images/ and write its path from there, for example {EXAMPLE}"


def _nearest(relative: PurePosixPath, *, candidates: list[str]) -> list[str]:
    """Up to three files named most like `relative`; names are compared without folders and
    extensions, because the shared 'images/2016Q4/' prefix would make every file look close."""
    wanted = relative.stem.lower()
    written = relative.as_posix()
    scored = []
    for candidate in candidates:
        score = difflib.SequenceMatcher(None, wanted, PurePosixPath(candidate).stem.lower()).ratio()
        if score >= 0.5:
            scored.append((-score, -difflib.SequenceMatcher(None, written, candidate).ratio(), candidate))
    return [candidate for *_, candidate in sorted(scored)[:3]]


def _image_files(assets_dir: Path) -> list[str]:
    """Files under assets/images, as paths relative to assets/."""
    found: list[str] = []
    for folder, _subfolders, files in os.walk(assets_dir / "images"):
        for name in files:
            found.append((Path(folder) / name).relative_to(assets_dir).as_posix())
            if len(found) >= MAX_FILES_LISTED:
                return found
    return found


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _q(text: str) -> str:
    return f"'{text}'"
