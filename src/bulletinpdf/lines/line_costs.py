"""What a line of justified or ragged text costs, for every line breaker and the layout report alike.

A justified line is judged by its word spaces as a multiple of the natural space (issue 12's rule 6): the ratio
of the space drawn between two words to the space between them on a paragraph's last line, letter spacing of a
tracked paragraph included on both sides.
"""

from __future__ import annotations

from bulletinpdf.tolerances import FUZZ

# Word spaces stretched beyond this multiple of the natural space make a loose line (as the layout report counts).
LOOSE_SPACE_FACTOR = 2.0
# Rule 6 wants few lines over this multiple: each costs WIDE_PENALTY more than its badness.
WIDE_SPACE_FACTOR = 1.6
WIDE_PENALTY = 2.0
# Badness is TeX's shape, cubed: 1 for spaces stretched by STRETCH of the natural one (1.5 ×) or shrunk by SHRINK
# of it (0.8 ×): a stretched line and a tightened one of the same badness look about as far from the natural
# colour. Spaces may shrink further, to the style's spaceShrinkage (two thirds of a space), at a growing price:
# at the limit a line costs as much as one stretched to 1.83 ×.
STRETCH = 0.5
SHRINK = 0.2
# More hyphenated line ends in a row than this are never chosen.
MAX_HYPHENS_IN_A_ROW = 2
# A hyphen costs as much as a line stretched to about 2 ×: hyphens are for lines that would be loose without
# them. With names and titles that may not be hyphenated (rule 5), cheaper hyphens ended a fifth of 2016 Q4's
# lines (rule 6 wants at most 15 %; benchmarks/layout_rules.py measures it).
HYPHEN_PENALTY = 12.0
CONSECUTIVE_HYPHEN_PENALTY = 6.0
LOOSE_PENALTY = 1000.0
# A paragraph's last line made of nothing but the tail of a hyphenated word ('vic-' / 'tims.') is never chosen
# where another breaking exists, not even for a loose line.
LONE_TAIL_PENALTY = 2 * LOOSE_PENALTY
# A paragraph may grow by this many lines to avoid a loose one; each added line is priced like a bad line.
EXTRA_LINES_ALLOWED = 1
EXTRA_LINE_PENALTY = 8.0
# Letter spacing, only ever for a whole paragraph (rule 6: at most 1 %, never one line alone): in ems, the steps
# tried, looser and tighter, where the paragraph's best breaking without it has a line over WIDE_SPACE_FACTOR.
# Each costs its share of TRACKING_PRICE, so a paragraph is tracked only where that buys better spaces.
MAX_TRACKING_EM = 0.01
TRACKING_STEPS_EM = (0.005, 0.01)
TRACKING_PRICE = 2.0
# Ragged lines cost the square of how many ems short they end; a hyphen costs as much as ending 2 ems short,
# and twice that again on the line after another.
RAGGED_HYPHEN_PENALTY = 4.0
RAGGED_CONSECUTIVE_HYPHEN_PENALTY = 8.0


def word_space_ratio(*, extra: float, gaps: int, space: float, tracking: float = 0.0) -> float:
    """The word space drawn, over the natural one, where a line's `gaps` word spaces share `extra` points.

    `extra` is what is left of the measure once the words, their natural spaces and the letter spacing are set.
    With tracking t the natural gap between two words is the space and the letter spacing after the word's last
    letter and after the space itself.
    """
    return 1 + extra / gaps / (space + 2 * tracking)


def badness(ratio: float, shrinkage: float) -> float:
    """TeX's badness shape for a line whose word spaces are `ratio` × the natural one; over the loose limit, and
    on the way there over the wide one, more still. `shrinkage` is the style's limit: tighter does not fit."""
    stretch = ratio - 1
    if stretch >= 0:
        price = (stretch / STRETCH) ** 3
        if ratio > WIDE_SPACE_FACTOR + FUZZ:
            price += WIDE_PENALTY
        if ratio > LOOSE_SPACE_FACTOR + FUZZ:
            price += LOOSE_PENALTY
        return price
    if -stretch > shrinkage + FUZZ:
        return LOOSE_PENALTY + (-stretch / SHRINK) ** 3
    return (-stretch / SHRINK) ** 3


def lone_word_price(extra: float, space: float) -> float:
    """One word alone on a line of justified text cannot be stretched: unless it nearly fills the line, it is
    a loose line, and worse than any loose line with spaces to stretch, as if its whole gap were one space."""
    if extra <= LOOSE_SPACE_FACTOR * space:
        return 0.0
    return LOOSE_PENALTY + (extra / space) ** 3


def line_pricer(measure: float, space: float, space_shrinkage: float | None, tracking: float = 0.0):
    """What a justified line costs, as price(gaps, glyphs, width): its spaces, its characters (spaces included)
    and its natural width without letter spacing; None where it does not fit (spaces shrunk beyond the style's
    spaceShrinkage). `tracking` is the paragraph's letter spacing in points.

    word_space_ratio and badness, unrolled: the plan prices every line it could end, a million in a long issue.
    """
    shrinkage = space_shrinkage or 0.0
    tightest = 1 - shrinkage - FUZZ
    natural_gap = space + 2 * tracking
    wide, loose = WIDE_SPACE_FACTOR + FUZZ, LOOSE_SPACE_FACTOR + FUZZ

    def price(gaps: int, glyphs: int, natural: float) -> float | None:
        extra = measure - natural - tracking * (glyphs - 1)
        if gaps == 0:
            return None if extra < -FUZZ else lone_word_price(extra, space)
        ratio = 1 + extra / gaps / natural_gap
        if ratio < tightest:
            return None
        if ratio < 1:
            return ((1 - ratio) / SHRINK) ** 3
        cost = ((ratio - 1) / STRETCH) ** 3
        if ratio > wide:
            cost += WIDE_PENALTY
            if ratio > loose:
                cost += LOOSE_PENALTY
        return cost

    return price
