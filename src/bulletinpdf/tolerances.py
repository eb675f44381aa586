"""Tolerances and limits shared by every stage that measures: one name for each number."""

FUZZ = 1e-6
"""Points: two lengths closer than this are the same length (floating-point rounding, not a layout decision)."""
UNLIMITED_HEIGHT = 10_000
"""Points: the room given to measure something whole, taller than any page (A4 is 842 pt)."""
