"""Web and e-mail addresses in a word, and where they may break across lines (rule 8).

An address breaks only after its '//' or before one of / . - _ ? # & = @, never with a hyphen added (a hyphen at
a line's end would read as part of the address). The break points are positions in the word as it stands,
punctuation around it included, so a line breaker can use them as they are.
"""

from __future__ import annotations

import re

# Before these an address may break: the character starts the next line, so it cannot be taken for a hyphen.
BREAKS_BEFORE = frozenset("/.-_?#&=@")
# What may stand around an address in running text and is not part of it: '(see www.x.org).' or '«www.x.org»'.
_OPENING = "(['\"“‘«[{<"
_CLOSING = ")]'\"”’»}>.,;:!?"
_SCHEME = re.compile(r"(?:[a-z][a-z0-9+.-]*://|mailto:)", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s@/]+@[^\s@/]+\.[^\s@/]+")
_HOST_WITH_PATH = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/", re.IGNORECASE)
# A quick look before the careful one, for whole paragraphs (markup included).
_HINT = re.compile(r"://|www\.|@|mailto:|\.[a-z]{2,}/", re.IGNORECASE)


def may_hold_address(text: str) -> bool:
    """Could this text (a paragraph, its markup included) hold an address? Cheap; never wrong when False."""
    return _HINT.search(text) is not None


def address_core(word: str) -> tuple[int, int] | None:
    """Where the address in `word` starts and ends (punctuation around it left out); None when it holds none."""
    start, end = 0, len(word)
    while start < end and word[start] in _OPENING:
        start += 1
    while end > start and word[end - 1] in _CLOSING:
        end -= 1
    core = word[start:end]
    if len(core) < 4 or any(char.isspace() for char in core):
        return None
    if _SCHEME.match(core) or core[:4].lower() == "www." or _EMAIL.fullmatch(core) or _HOST_WITH_PATH.match(core):
        return start, end
    return None


def is_address(word: str) -> bool:
    return address_core(word) is not None


def break_points(word: str) -> tuple[int, ...]:
    """The positions in `word` where a line may end inside its address, in order; () when it holds no address.

    A position p means the line ends with word[:p] and the next begins with word[p:]. Never at the address's
    very start or end, never between the two slashes of '//' or inside a run of break characters ('..', '?&').
    """
    span = address_core(word)
    if span is None:
        return ()
    start, end = span
    points = []
    scheme = _SCHEME.match(word, start)
    after_scheme = scheme.end() if scheme and scheme.group(0).endswith("//") else None
    if after_scheme is not None and after_scheme < end - 1:
        points.append(after_scheme)
    # At least two characters of the address on either side: a line never ends with one letter of it.
    for position in range(start + 2, end - 1):
        if after_scheme is not None and position < after_scheme:
            continue  # inside 'https://'
        if word[position] in BREAKS_BEFORE and word[position - 1] not in BREAKS_BEFORE and position != after_scheme:
            points.append(position)
    return tuple(sorted(set(points)))


def pieces(word: str) -> list[str]:
    """The word cut at every break point: what may never be broken further but as a last resort."""
    points = (0, *break_points(word), len(word))
    return [word[a:b] for a, b in zip(points, points[1:])]
