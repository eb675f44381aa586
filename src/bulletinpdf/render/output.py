"""Output: files appear whole or not at all, so a failed build never damages yesterday's good PDF."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bulletinpdf.cache_files import remove_stale_temporaries, temporary_beside


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
    write_all_atomically({path: data})


def write_all_atomically(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary file beside it, and only then move them all into place.

    A full disk strikes while writing, so it leaves every old file as it was: never a new print PDF
    beside an old e-mail one. Raises OutputError, not OSError: a full disk is not a bug in bulletinpdf.
    """
    written: dict[Path, str] = {}
    path = next(iter(files), Path())
    # What a build killed while writing these files left beside them (never what a running build writes).
    for folder in {target.parent for target in files}:
        names = {target.name for target in files if target.parent == folder}
        remove_stale_temporaries(folder, belongs=names.__contains__)
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, written[path] = temporary_beside(path)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(written[path], 0o644)
        for path, temporary in written.items():
            os.replace(temporary, path)
    except OSError as problem:
        raise OutputError(f"cannot write '{path}': {problem.strerror or problem}") from None
    finally:
        for temporary in written.values():
            Path(temporary).unlink(missing_ok=True)
