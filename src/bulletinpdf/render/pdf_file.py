"""The PDF file ReportLab wrote, read object by object and written anew with what the standards add.

A full PDF library costs more to import (pypdf or pikepdf: 0.1 to 0.2 s) than 2016 Q4 takes to draw, and ReportLab's
own output is regular: each object starts at the offset its cross-reference table gives, a stream's data ends its
object. So the objects are kept as ReportLab formatted them, entries are added to their dictionaries as text, and
new objects are written from Python values. Writing the file anew also puts the end of line before each
`endstream` that PDF/A asks for (ReportLab's binary streams lack it).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Ref:
    """An indirect reference, `N 0 R`."""

    number: int


@dataclass(frozen=True)
class Name:
    """A PDF name, `/Value`."""

    value: str


@dataclass
class Stream:
    """A new stream object: its dictionary's entries and its data, compressed when `compress`."""

    entries: dict
    data: bytes
    compress: bool = True
    level: int = 6
    """zlib's level: 1 for a large profile written into every build (20 ms at 6, 6 ms at 1, 7 % larger)."""


class PdfFileError(Exception):
    """ReportLab's output was not as this module reads it (a ReportLab upgrade that changed its format)."""


@dataclass
class _Object:
    dictionary: bytes
    """The dictionary as written, from `<<` to `>>`."""
    stream: bytes | None
    """The stream's data as stored (filtered), or None."""


_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)
_OBJECT_HEAD = re.compile(rb"(\d+) 0 obj\s*")
_LENGTH = re.compile(rb"/Length (\d+)")


class PdfFile:
    """One PDF as ReportLab wrote it, to change and write again."""

    def __init__(self, data: bytes):
        self.header = data[: data.index(b"\n1 0 obj") + 1]
        start = data.rindex(b"\nxref\n") + 6
        first, count = map(int, data[start: data.index(b"\n", start)].split())
        offsets = [int(m.group(1)) for m in _XREF_ENTRY.finditer(data, start, data.index(b"trailer", start))]
        if first != 0 or len(offsets) != count:
            raise PdfFileError("unexpected cross-reference table")
        trailer = _TRAILER.search(data, start)
        if trailer is None:
            raise PdfFileError("no trailer")
        self.root = int(re.search(rb"/Root (\d+) 0 R", trailer.group(1)).group(1))
        self.info = int(re.search(rb"/Info (\d+) 0 R", trailer.group(1)).group(1))
        ends = [*offsets[2:], start - 6]
        self.objects: dict[int, _Object] = {}
        for number, (begin, end) in enumerate(zip(offsets[1:], ends), start=1):
            self.objects[number] = _read_object(data, number, begin, end)

    # -- reading

    def dictionary(self, number: int) -> bytes:
        return self.objects[number].dictionary

    def numbers_where(self, pattern: bytes) -> list[int]:
        """The objects whose dictionary matches `pattern` (a regular expression), in file order."""
        found = re.compile(pattern)
        return [number for number, obj in self.objects.items() if found.search(obj.dictionary)]

    def stream_data(self, number: int) -> bytes:
        """A stream's data, decompressed when ReportLab compressed it."""
        obj = self.objects[number]
        assert obj.stream is not None
        return zlib.decompress(obj.stream) if b"/FlateDecode" in obj.dictionary else obj.stream

    def references(self, number: int, key: str) -> list[int]:
        """The objects an entry `/key [ a 0 R b 0 R ]` or `/key a 0 R` of a dictionary refers to."""
        match = re.search(rb"/" + key.encode() + rb"\s*(\[[^\]]*\]|\d+ 0 R)", self.dictionary(number))
        return [] if match is None else [int(n) for n in re.findall(rb"(\d+) 0 R", match.group(1))]

    # -- changing

    def set_entries(self, number: int, entries: dict) -> None:
        """Add these entries to an object's dictionary (replacing any of the same keys ReportLab wrote)."""
        obj = self.objects[number]
        text = obj.dictionary
        for key in entries:
            text = _without_entry(text, key)
        added = b"".join(b"/%s %s\n" % (key.encode(), serialise(value)) for key, value in entries.items())
        obj.dictionary = text[:2] + b"\n" + added + text[2:].lstrip(b"\n")

    def remove_entry(self, number: int, key: str) -> None:
        self.objects[number].dictionary = _without_entry(self.objects[number].dictionary, key)

    def replace_stream(self, number: int, data: bytes) -> None:
        """New data for a stream, compressed."""
        obj = self.objects[number]
        obj.stream = zlib.compress(data, 6)
        text = _without_entry(_without_entry(obj.dictionary, "Filter"), "Length")
        obj.dictionary = text[:2] + b"\n/Filter [ /FlateDecode ] /Length %d\n" % len(obj.stream) + text[2:].lstrip(b"\n")

    def add(self, value) -> Ref:
        """A new object; returns its reference."""
        number = max(self.objects) + 1
        if isinstance(value, Stream):
            data = zlib.compress(value.data, value.level) if value.compress else value.data
            entries = dict(value.entries, Length=len(data))
            if value.compress:
                entries["Filter"] = [Name("FlateDecode")]
            self.objects[number] = _Object(serialise(entries), data)
        else:
            self.objects[number] = _Object(serialise(value), None)
        return Ref(number)

    def reserve(self) -> Ref:
        """A number for an object whose content is set later with `fill` (objects that refer to each other)."""
        return self.add({})

    def fill(self, ref: Ref, value: dict) -> None:
        self.objects[ref.number] = _Object(serialise(value), None)

    # -- writing

    def to_bytes(self, *, version: str | None = None, document_id: bytes) -> bytes:
        out = bytearray(self.header)
        if version is not None:
            out[: out.index(b"\n")] = b"%PDF-" + version.encode()
        offsets = [0] * (max(self.objects) + 1)
        for number in range(1, len(offsets)):
            offsets[number] = len(out)
            obj = self.objects[number]
            out += b"%d 0 obj\n" % number + obj.dictionary
            if obj.stream is not None:
                length = _LENGTH.search(obj.dictionary)
                if length is None or int(length.group(1)) != len(obj.stream):
                    # Never a file whose stream lengths lie (PDF/A's checkers reject it, readers may misread it).
                    raise PdfFileError(f"object {number}: /Length is not its stream's length")
                # Data that ends in CR (one stream in 256 ends so) gets CR LF before `endstream`: after a lone LF a
                # reader takes that CR for part of the end of line, and PDF/A's checkers then count one byte short.
                end_of_line = b"\r\n" if obj.stream.endswith(b"\r") else b"\n"
                out += b"\nstream\n" + obj.stream + end_of_line + b"endstream"
            out += b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % len(offsets)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets[1:])
        identifier = b"<%s>" % document_id.hex().encode()
        out += (b"trailer\n<<\n/ID [ %s %s ]\n/Info %d 0 R\n/Root %d 0 R\n/Size %d\n>>\nstartxref\n%d\n%%%%EOF\n"
                % (identifier, identifier, self.info, self.root, len(offsets), xref))
        return bytes(out)


def _read_object(data: bytes, number: int, begin: int, end: int) -> _Object:
    head = _OBJECT_HEAD.match(data, begin)
    if head is None or int(head.group(1)) != number:
        raise PdfFileError(f"object {number} is not where the cross-reference table says")
    body = data[head.end(): end].rstrip()
    if not body.endswith(b"endobj"):
        raise PdfFileError(f"object {number} does not end with endobj")
    body = body[: -len(b"endobj")].rstrip(b"\r\n")
    if not body.endswith(b"endstream"):
        return _Object(body, None)
    # The data ends the object: its /Length, counted back from `endstream`, finds where it starts.
    stop = len(body) - len(b"endstream")
    start = stop - int(_LENGTH.search(body).group(1))
    if body[start - 7: start] != b"stream\n":
        raise PdfFileError(f"object {number}: stream data not where its length says")
    dictionary = body[: start - 7].rstrip()
    return _Object(dictionary, body[start:stop])


def _without_entry(dictionary: bytes, key: str) -> bytes:
    """The dictionary without a top-level entry that ReportLab wrote as `/key value` (a simple value, an array
    without nested arrays, or a dictionary without nested dictionaries)."""
    pattern = rb"/" + re.escape(key.encode()) + rb"(?![A-Za-z0-9])\s*(<<[^<>]*>>|\[[^\[\]]*\]|\([^()]*\)|/[^\s/<>\[\]()]+|[^\s/<>\[\]()]+(?: 0 R)?)\s*"
    return re.sub(pattern, b"", dictionary, count=1)


def serialise(value) -> bytes:
    """A Python value as a PDF object: dict, list, str (text string), Name, Ref, int, float, bool, None."""
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if value is None:
        return b"null"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, float):
        return (b"%.4f" % value).rstrip(b"0").rstrip(b".")
    if isinstance(value, Name):
        return b"/" + value.value.encode("ascii")
    if isinstance(value, Ref):
        return b"%d 0 R" % value.number
    if isinstance(value, str):
        return _text_string(value)
    if isinstance(value, (list, tuple)):
        return b"[ " + b" ".join(serialise(item) for item in value) + b" ]"
    if isinstance(value, dict):
        return b"<<\n" + b"".join(b"/%s %s\n" % (key.encode(), serialise(item)) for key, item in value.items()) + b">>"
    raise TypeError(f"cannot write {value!r} into a PDF")


def _text_string(text: str) -> bytes:
    """ASCII as a literal string, anything else as UTF-16 with its byte order mark (PDF's text strings)."""
    if text.isascii() and text.isprintable():
        return b"(" + text.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"
