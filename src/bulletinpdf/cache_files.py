"""Entries of build/cache: written whole and then renamed, so builds running at once can share them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_cache_entry(target: Path, data: bytes) -> None:
    """Write `target` through a temporary file beside it; a reader sees the whole entry or none.

    No fsync, unlike the PDFs in output.py: an entry lost or cut short by a crash is simply made again.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
