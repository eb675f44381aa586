"""ReportLab's private names we depend on, in one place: the door to check when ReportLab changes.

Checked against reportlab 5.1.0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.platypus import paragraph as _paragraph

NARROW_NO_BREAK_SPACE = "\u202f"

# ReportLab 5.1.0 splits a paragraph's text into words with its module function `split`, looked up by name at
# each call from `Paragraph.breakLines` (one font) and `_getFragWords` (several): every white space but U+00A0
# ends a word there, U+202F (the narrow no-break space of French typography) included, so 'date :' could end a
# line before its colon. Its list of white spaces is `_wsc`.
_rl_split = _paragraph.split
_HOLDING_SPLIT = re.compile("[%s]+" % re.escape(_paragraph._wsc.replace(NARROW_NO_BREAK_SPACE, ""))).split


def split_holding_narrow_spaces(text, delim=None):
    """ReportLab's `split`, except that a narrow no-break space joins the words around it, as U+00A0 does."""
    if delim is not None or not isinstance(text, str) or NARROW_NO_BREAK_SPACE not in text:
        return _rl_split(text, delim)
    words = _HOLDING_SPLIT(text)
    # ReportLab's own split keeps the empty ends only on its U+00A0 path (str.split drops them otherwise).
    return words if "\xa0" in text else [word for word in words if word]


# ReportLab offers a word to the hyphenator only when, quotes and punctuation stripped, it is all letters
# (`_hy_letters_pat`, read by name in `_hyGenPair`): French elisions (l’application, d’assistance) never were,
# and a French column lost most of its breaks. With elisions, the apostrophe counts as a letter; the
# hyphenator (hyphenation.py) breaks only the word after it.
# Held narrow spaces make '« mot »' and 'parties ;' one word: it may be hyphenated too, between
# its guillemets and marks (the hyphenator keeps them on their side of the break).
_MARKED = "^(?:« )?[%s]+(?: [;:!?»]*)?$"
_HELD_LETTERS = re.compile(_MARKED % _paragraph._hy_letters)
_ELIDING_LETTERS = re.compile(_MARKED % (_paragraph._hy_letters + "’'"))


def hyphenation_letters() -> re.Pattern:
    """What ReportLab counts as a word it may hyphenate, at this moment (see `words_held`)."""
    return _paragraph._hy_letters_pat


@contextmanager
def words_held(*, narrow_spaces: bool = True, elisions: bool = False) -> Iterator[None]:
    """While breaking lines: ReportLab's word splitting holds U+202F, and with `elisions` a word with an
    apostrophe may be hyphenated (both restored afterwards, even on error).

    A swap for the length of one call, not a patch left in place: every other paragraph ReportLab breaks is
    split and hyphenated by ReportLab's own rules.
    """
    saved = _paragraph.split, _paragraph._hy_letters_pat
    if narrow_spaces:
        _paragraph.split = split_holding_narrow_spaces
        _paragraph._hy_letters_pat = _HELD_LETTERS
    if elisions:
        _paragraph._hy_letters_pat = _ELIDING_LETTERS
    try:
        yield
    finally:
        _paragraph.split, _paragraph._hy_letters_pat = saved
