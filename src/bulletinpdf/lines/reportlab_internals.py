"""ReportLab's private names that bulletinpdf relies on, in one place to check when ReportLab changes.

Checked against reportlab 5.1.0.
"""

from __future__ import annotations

from reportlab.platypus.paragraph import (  # noqa: F401 - re-exported
    _HSFrag, _SHYSplit, _SHYWordHS, _SplitFrag, _SplitFragHY, _SplitFragLL, _SplitWordHY, _SplitWordLL,
)

ADDED_HYPHEN_WORDS = (_SplitWordHY, _SplitWordLL, _SHYSplit)
"""Classes of a simple paragraph's word that ends its line with a hyphen the line breaker added (or that a
paragraph split kept at the end of a column: LL), not one the writer typed."""
ADDED_HYPHEN_FRAGS = (_SplitFragHY, _SplitFragLL, _SHYWordHS)
"""The same for a paragraph of several fonts, whose words are lists of fragments."""

SplitFrag = _SplitFrag
"""A piece of a word of fragments that the line breaker split (at a hyphenation point or, for a long address,
anywhere)."""
SpaceAfterFrag = _HSFrag
"""A word of fragments that a space follows (a split piece of this class ends its word)."""
