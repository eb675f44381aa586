"""Output: files appear whole or not at all, so a failed build never damages yesterday's good PDF."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

# A temporary file is named after its target and the process writing it: '.highlights-2016Q4-print.pdf.4711.x8k2.tmp'.
_TEMPORARY = re.compile(r"\.(?P<target>.+)\.(?P<pid>\d+)\.[^.]+\.tmp")
# One without a known writer (an older build's) is left alone for this long: a build never takes an hour to save.
_STALE_AFTER_S = 3600


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
    for target in files:
        remove_stale_temporaries(target)
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, written[path] = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
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


def remove_stale_temporaries(target: Path) -> None:
    """Remove the temporary files for `target` that an earlier build left when it was killed while writing.

    Only those whose process is gone: a build writing the same file at this moment keeps its own. Those of
    builds older than this naming (no process id) go once they are an hour old.
    """
    try:
        candidates = [entry for entry in target.parent.iterdir()
                      if entry.name.startswith(f".{target.name}.") and entry.name.endswith(".tmp")]
    except OSError:
        return
    for entry in candidates:
        named = _TEMPORARY.fullmatch(entry.name)
        try:
            if named and named.group("target") == target.name:
                if _process_is_gone(int(named.group("pid"))):
                    entry.unlink()
            elif time.time() - entry.stat().st_mtime > _STALE_AFTER_S:
                entry.unlink()
        except OSError:
            pass  # gone already, or not ours to remove


def _process_is_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, under another user
    return False
