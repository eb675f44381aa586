"""Reading a built PDF's words back, and checking that a source's words all appear in order."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

_EDGE_PUNCTUATION = "\"'“”‘’«»()[].,;:!?"
# The language's typography prints an author's straight quotes as typographic ones (People's → People’s).
_TYPED_QUOTES = str.maketrans("‘’“”«»", "''\"\"\"\"")


def _as_typed(word: str) -> str:
    return word.translate(_TYPED_QUOTES)


def pdf_words(path: Path) -> list[str]:
    reader = PdfReader(path)
    return [word for page in reader.pages for word in page.extract_text().split()]


def _core(word: str) -> str:
    return word.strip(_EDGE_PUNCTUATION)


def missing_in_order(expected: list[str], actual: list[str]) -> tuple[int, list[str]]:
    """Match `expected` as a subsequence of `actual`, joining words hyphenated at line ends.

    Returns (number of expected words matched, the unmatched tail's first words). Extra words in `actual`
    (captions, the footer) are skipped; the expected words must all be found, in order.
    """
    position = 0
    actual = [_as_typed(token) for token in actual]
    for matched, word in enumerate(expected):
        word = _as_typed(word)
        found = False
        scan = position
        while scan < len(actual):
            token = actual[scan]
            if token == word:
                position, found = scan + 1, True
                break
            # A word broken at a line end: "imple-" + "mentation", or a real hyphen kept: "Co-" + "coordinators".
            if token.endswith("-") and scan + 1 < len(actual):
                joined, kept = token[:-1] + actual[scan + 1], token + actual[scan + 1]
                if word in (joined, kept):
                    position, found = scan + 2, True
                    break
            scan += 1
        if not found:
            return matched, expected[matched:matched + 8]
    return len(expected), []


def words_of(text: str) -> list[str]:
    return re.sub(r"\s+", " ", text).split()
