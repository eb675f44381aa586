"""Output: files appear whole or not at all, so a failed build never damages yesterday's good PDF."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    pass


def check_writable(folder: Path) -> None:
    """Fail before any layout work when the output folder cannot be created or written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise OutputError(f"cannot create the output folder '{folder}': {problem.strerror}") from None
    if not folder.is_dir():
        raise OutputError(f"the output folder '{folder}' is not a folder")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as problem:
        raise OutputError(f"cannot write in the output folder '{folder}': {problem.strerror}") from None


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then move it into place in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
