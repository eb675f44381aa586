"""Where a line ends inside a web or e-mail address that does not fit it (rule 8).

Only at the address's break points (text/addresses.py), never with a hyphen; the longest head that fits. A piece
between two break points wider than a whole line is broken by letters, as a last resort, rather than run out of
the column. ReportLab asks this for every word that does not fit its line (reportlab_internals.addresses_broken).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from bulletinpdf.text.addresses import break_points

# An address at least this share of the line's width, with no break point that fits where the line has got to,
# starts the next line (ReportLab would split a word wider than the line by letters where it stands). Below it,
# ReportLab moves the address to the next line whole by itself. Word spaces shrink by at most a third of a space,
# so a line takes at most a few per cent more than its measure: the margin keeps clear of that.
MOVE_TO_NEXT_LINE = 0.9
# A justified line beside an address whose word spaces would stretch beyond this multiple of the space is set
# flush left instead: rule 6 wants few lines over 1.6 ×, and a ragged line next to a block of address lines
# (ragged themselves: they have no spaces) reads better than a gappy one.
FLUSH_BEYOND = 1.6
# What a line ending inside an address costs the line breakers (total_fit.py, linebreak.py) beyond its spacing,
# as a hyphen does (line_costs.HYPHEN_PENALTY, about a line stretched to 1.65 ×): an address is broken as few
# times as its length needs, and more only where that buys evener word spaces. A line of address pieces alone
# costs its break and nothing for ending short: it is set ragged.
ADDRESS_BREAK_PENALTY = 3.0


@dataclass(frozen=True)
class AddressBreak:
    """The line ends inside the address after `at` characters (0: before it; the address starts the next line)."""

    at: int
    tail_breaks: tuple[int, ...]
    """The break points of what is left, counted from its start: a tail is no longer recognisable as an address."""


KEEP_WHOLE = AddressBreak(-1, ())
"""The address goes to the next line whole, as ReportLab would move any word."""


def address_break(text: str, known_breaks: tuple[int, ...] | None, width_of: Callable[[int], float], *,
                  room: float, line_width: float, first_on_line: bool, ragged: bool = False) -> AddressBreak | None:
    """Where the line ends inside `text` (a word that does not fit in `room`); None when it is not an address.

    `known_breaks` are a tail's break points (None: find them in the text); `width_of(n)` is the width of the
    first n characters; `room` what the line has left of its `line_width` (all of it when `first_on_line`).
    In `ragged` text an address that a line can hold goes to the next line whole: nothing is gained by breaking
    it, where justified text gains even word spaces.
    """
    points = known_breaks if known_breaks is not None else break_points(text)
    if known_breaks is None and not points:
        return None
    if ragged and not first_on_line and width_of(len(text)) <= MOVE_TO_NEXT_LINE * line_width:
        return KEEP_WHOLE
    fitting = [point for point in points if width_of(point) <= room]
    if fitting:
        return _at(fitting[-1], points)
    if first_on_line:
        # The first piece is wider than the whole line: as a last resort, by letters, as many as fit (at least one).
        piece = points[0] if points else len(text)
        at = 1
        for length in range(piece - 1, 1, -1):
            if width_of(length) <= room:
                at = length
                break
        return _at(at, points)
    if width_of(len(text)) > MOVE_TO_NEXT_LINE * line_width:
        return _at(0, points)
    return KEEP_WHOLE


def _at(at: int, points: tuple[int, ...]) -> AddressBreak:
    return AddressBreak(at, tuple(point - at for point in points if point > at))


def set_flush_at_addresses(lines, words, space: float) -> None:
    """Set flush left, as a designer would, the justified lines that end before or inside an address and whose
    word spaces would stretch beyond FLUSH_BEYOND × `space` (a line of address pieces alone has none to stretch).

    `lines` are ReportLab's broken lines of a paragraph of several fonts (FragLine: words, extraSpace, sFW, the
    index in `words` of the word that starts the line); `words` the split words they were broken from. The
    paragraph's last line is flush already. Lines of one font (tuples) are left as they are.
    """
    for line, following in zip(lines, lines[1:]):
        if isinstance(line, tuple) or getattr(line, "lineBreak", False) or not hasattr(following, "sFW"):
            continue
        start = following.sFW
        ends_in = words[start - 1] if 0 < start <= len(words) else None
        starts_with = next((word for word in words[start:start + 2] if _text(word)), None)
        if not (_of_address(ends_in) or _of_address(starts_with)):
            continue
        text = "".join(getattr(frag, "text", "") for frag in line.words if not hasattr(frag, "cbDefn")).strip()
        gaps = text.count(" ")
        if not gaps or 1 + line.extraSpace / (gaps * space) > FLUSH_BEYOND:
            line.lineBreak = True


ADDRESS_PIECE = "address_breaks"
"""The attribute a piece of a split address carries: the break points left in it."""


def ends_inside_address(lines, words, index: int) -> bool:
    """Does line `index` of ReportLab's broken lines end inside an address (`words`: the split words they were
    broken from)? A line ending just before one does not."""
    line = lines[index]
    if isinstance(line, tuple):
        last = line[1][-1] if line[1] else ""
        return bool(last) and hasattr(last, ADDRESS_PIECE)
    if index + 1 >= len(lines) or not hasattr(lines[index + 1], "sFW"):
        return False
    start = lines[index + 1].sFW
    word = words[start - 1] if 0 < start <= len(words) else None
    return word is not None and hasattr(word, ADDRESS_PIECE) and bool(_text(word))


def _text(word) -> str:
    return "".join(piece[1] for piece in word[1:]) if isinstance(word, list) else ""


def _of_address(word) -> bool:
    return word is not None and (hasattr(word, ADDRESS_PIECE) or break_points(_text(word).strip()) != ())


# The narrowest a table column holding an address needs to be, in ems of its type, whatever its pieces: a piece
# wider than that breaks by letters (the last resort) rather than widen a table past its column.
ADDRESS_LEAST_EMS = 8


def least_width(words, font_size: float) -> float:
    """The narrowest measure no word of `words` runs out of: ReportLab's frag words [width, (style, text), ...],
    an address counted by its widest piece between break points (at most ADDRESS_LEAST_EMS ems)."""
    widest = 0.0
    for word in words:
        text = _text(word)
        points = break_points(text)
        if not points:
            widest = max(widest, word[0])
            continue
        style = word[-1][0]
        edges = (0, *points, len(text))
        piece = max(stringWidth(text[a:b], style.fontName, style.fontSize) for a, b in zip(edges, edges[1:]))
        widest = max(widest, min(piece, ADDRESS_LEAST_EMS * font_size))
    return widest
