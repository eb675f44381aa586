"""Entries of build/cache: each one verified before use, written whole and durably, made again when damaged.

An entry on disk is a small header and the payload: a magic word, the payload's length and a SHA-256 over
the entry's own file name and the payload. Cut short, grown, overwritten, emptied, filled with noise or
swapped with another entry (the name is part of the digest), it fails the check, is removed, and the cache
answers as if it were missing: the caller makes it again. Entries are written through a temporary file
beside them, fsynced, then renamed, so builds running at once can share a folder and a crash leaves the
old entry or the new one, never a mixture.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

# A temporary file is named after its target and the process writing it: '.highlights-2016Q4-print.pdf.4711.x8k2.tmp'.
_TEMPORARY = re.compile(r"\.(?P<target>.+)\.(?P<pid>\d+)\.[^.]+\.tmp")
# One without a known writer (an older build's) is left alone for this long: a build never takes an hour to save.
_STALE_AFTER_S = 3600
_MAGIC = b"BPCACHE1"
_HEADER = struct.Struct(">8sQ32s")  # magic, payload length, digest


def _short_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _digest(name: str, payload: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\0" + payload).digest()


class CacheFolder:
    """One folder of build/cache; `version` names everything besides the key that changes what an entry holds
    (the code that made it, the libraries it used), so a change simply misses.

    Each version has a folder of its own inside `path`: builds of two versions at once never see, nor remove,
    each other's entries.
    """

    def __init__(self, path: Path, version: str):
        self.path = path / _short_digest(version)[:16]
        self.version = version
        self._swept = False

    def entry_path(self, key: str) -> Path:
        return self.path / f"{_short_digest(key)}.entry"

    def read(self, key: str) -> bytes | None:
        """The payload kept for `key`, verified; None when it is missing or fails the check."""
        return read_entry(self.entry_path(key))

    def write(self, key: str, payload: bytes) -> None:
        """Keep `payload` for `key`; raises OSError (a full disk) for the caller to decide what it costs."""
        target = self.entry_path(key)
        if not self._swept:  # once per build: what a killed build left half-written here
            self._swept = True
            remove_stale_temporaries(self.path, belongs=lambda name: name.endswith(".entry"))
        header = _HEADER.pack(_MAGIC, len(payload), _digest(target.name, payload))
        write_durably(target, header + payload)

    def entries(self) -> Iterator[bytes]:
        """Every verified payload of this version, in no particular order."""
        if not self.path.is_dir():
            return
        for entry in self.path.glob("*.entry"):
            payload = read_entry(entry)
            if payload is not None:
                yield payload

    def has(self, key: str) -> bool:
        """Whether an entry for `key` exists (unverified: for skipping a write, never for using it)."""
        return self.entry_path(key).exists()


def read_entry(entry: Path) -> bytes | None:
    """The payload of the entry file `entry` if it passes the check; otherwise the file is removed."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    if len(data) >= _HEADER.size:
        magic, length, digest = _HEADER.unpack_from(data)
        payload = data[_HEADER.size:]
        if magic == _MAGIC and length == len(payload) and digest == _digest(entry.name, payload):
            return payload
    try:
        entry.unlink()  # damaged: made again by whoever asked
    except OSError:
        pass
    return None


def write_durably(target: Path, data: bytes) -> None:
    """Write `target` through a fsynced temporary file beside it; a reader sees the whole file or none."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = temporary_beside(target)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def temporary_beside(target: Path) -> tuple[int, str]:
    """A new temporary file beside `target`, open, named after it and this process (see _TEMPORARY)."""
    return tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp")


def remove_stale_temporaries(folder: Path, *, belongs: Callable[[str], bool]) -> None:
    """Remove the temporary files an earlier build left in `folder` when it was killed while writing, for the
    targets `belongs` names.

    Only those whose process is gone: a build writing there at this moment keeps its own. Those named before
    temporary files carried a process id go once they are an hour old.
    """
    try:
        candidates = [entry for entry in folder.iterdir() if entry.name.startswith(".") and entry.name.endswith(".tmp")]
    except OSError:
        return
    for entry in candidates:
        named = _TEMPORARY.fullmatch(entry.name)
        target = named.group("target") if named else entry.name[1:].rsplit(".", 2)[0]
        if not belongs(target):
            continue
        try:
            if named:
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
