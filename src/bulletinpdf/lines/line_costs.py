"""What a line of justified or ragged text costs, for every line breaker and the layout report alike."""

from __future__ import annotations

from bulletinpdf.tolerances import FUZZ

# Word spaces stretched beyond this multiple of the normal space make a loose line (as the layout report counts).
LOOSE_SPACE_FACTOR = 2.0
# More hyphenated line ends in a row than this are never chosen.
MAX_HYPHENS_IN_A_ROW = 3
# Badness: stretch cubed (TeX's shape), a price for each hyphen and more for hyphens on consecutive lines.
HYPHEN_PENALTY = 0.6
CONSECUTIVE_HYPHEN_PENALTY = 1.5
LOOSE_PENALTY = 1000.0
# A paragraph may grow by this many lines to avoid a loose one; each added line is priced like a bad line.
EXTRA_LINES_ALLOWED = 1
EXTRA_LINE_PENALTY = 8.0
# Where no breaking keeps word spaces within the limit, letters may be spaced apart by up to this share of an em,
# as a designer would track a line; the report counts the line loose only if that is not enough either.
MAX_TRACKING_EM = 0.03
# Ragged lines cost the square of how many ems short they end; a hyphen costs as much as ending 2 ems short,
# and twice that again on the line after another.
RAGGED_HYPHEN_PENALTY = 4.0
RAGGED_CONSECUTIVE_HYPHEN_PENALTY = 8.0


def lone_word_price(extra: float, space: float) -> float:
    """One word alone on a line of justified text cannot be stretched: unless it nearly fills the line, it is
    a loose line, and worse than any loose line with spaces to stretch, as if its whole gap were one space."""
    if extra <= LOOSE_SPACE_FACTOR * space:
        return 0.0
    return LOOSE_PENALTY + (extra / space) ** 3


def line_pricer(measure: float, space: float, size: float, space_shrinkage: float | None):
    """What the beam search (linebreak._line_costs) charges for a justified line, as price(gaps, glyphs, width).

    The arithmetic of _line_costs and stretch_after_tracking, unrolled: the plan prices every candidate line.
    """
    loose_limit = LOOSE_SPACE_FACTOR - 1 + FUZZ
    tracking_limit = space * (LOOSE_SPACE_FACTOR - 1) * 0.98
    max_tracking = MAX_TRACKING_EM * size
    shrink = space_shrinkage or 1.0

    def price(gaps: int, glyphs: int, natural: float) -> float:
        extra = measure - natural
        if gaps == 0:
            return lone_word_price(extra, space)
        stretch = extra / (gaps * space)
        letters = glyphs - 1 - gaps
        if letters <= 0 or extra <= tracking_limit * gaps:
            track = 0.0
        else:
            track = min((extra - tracking_limit * gaps) / letters, max_tracking)
        tracked = (extra - track * letters) / gaps / space
        badness = stretch ** 3 if stretch >= 0 else (-stretch / shrink) ** 3
        return badness + (LOOSE_PENALTY if tracked > loose_limit else 0.0)

    return price


def tracking(*, extra: float, gaps: int, glyphs: int, space: float, font_size: float) -> float:
    """Letter spacing (points after each glyph) that brings a line's word spaces within the loose limit, capped.

    With tracking t and word spacing w the line's extra width is w * gaps + t * (glyphs - 1), and each visible
    word space grows by w + t; solved for t at the limit.
    """
    limit = space * (LOOSE_SPACE_FACTOR - 1) * 0.98
    letters = glyphs - 1 - gaps
    if gaps == 0 or letters <= 0 or extra <= limit * gaps:
        return 0.0
    return min((extra - limit * gaps) / letters, MAX_TRACKING_EM * font_size)


def stretch_after_tracking(*, extra: float, gaps: int, glyphs: int, space: float, font_size: float) -> float:
    """How far word spaces stretch, as a multiple of a normal space, once the line is tracked."""
    if gaps == 0:
        return 0.0
    track = tracking(extra=extra, gaps=gaps, glyphs=glyphs, space=space, font_size=font_size)
    return (extra - track * (glyphs - 1 - gaps)) / gaps / space
