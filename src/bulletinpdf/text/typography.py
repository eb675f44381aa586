"""A language's typography applied to the words an author typed: French spacing and apostrophes.

French sets a narrow no-break space (U+202F) before ; : ! ? and », and after «. Authors type a plain space, or
none, or already the right one; the program gives every one of these marks its narrow space, so a line can never
start with the mark (the line breaker holds U+202F: lines/reportlab_internals.py). Web and e-mail addresses are
left as they are (the renderer marks them protected), and so are times such as 12:30.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletinpdf.model import Typography

NARROW_NO_BREAK_SPACE = "\u202f"
NO_BREAK_SPACE = "\u00a0"
_NO_SPACE_AFTER = "(«[“‘/" + NARROW_NO_BREAK_SPACE + NO_BREAK_SPACE


@dataclass(frozen=True)
class Spacing:
    """The rules to apply and the space they add: U+202F, or U+00A0 when the brand's fonts lack it."""

    rules: Typography
    space: str = NARROW_NO_BREAK_SPACE

    @property
    def key(self) -> str:
        """For the markup cache: everything that changes what `apply` makes."""
        rules = self.rules
        if not (rules.spaced or rules.apostrophe or rules.quotes):
            return ""  # nothing to apply: the same markup as before languages had rules
        return (f"{rules.narrow_space_before}|{rules.narrow_space_after}|{rules.apostrophe}|{ord(self.space):x}"
                + (f"|{rules.quotes}" if rules.quotes else ""))


NO_SPACING = Spacing(Typography())


def apply(pieces: list[tuple[str, bool]], spacing: Spacing) -> list[str]:
    """The texts of `pieces` with the rules applied; each piece is (text, protected), and a protected piece (an
    address) is never changed inside, though its neighbours still see its characters."""
    rules = spacing.rules
    if not (rules.spaced or rules.apostrophe):
        return [text for text, _ in pieces]
    chars: list[str] = []
    owner: list[int] = []  # the piece each character belongs to
    locked: list[bool] = []
    for index, (text, protected) in enumerate(pieces):
        chars.extend(text)
        owner.extend([index] * len(text))
        locked.extend([protected] * len(text))
    # What to put in each character's place: itself, a replacement, or itself with a space before or after.
    out = list(chars)
    for i, char in enumerate(chars):
        if locked[i]:
            continue
        before = chars[i - 1] if i > 0 else ""
        after = chars[i + 1] if i + 1 < len(chars) else ""
        if char == "'" and rules.apostrophe and before.isalpha():
            out[i] = rules.apostrophe
        elif char in rules.narrow_space_before and not _exempt(chars, i):
            if before == " " and not locked[i - 1]:
                out[i - 1] = spacing.space
            elif before and not before.isspace() and before not in _NO_SPACE_AFTER and before not in rules.narrow_space_before:
                out[i] = spacing.space + char
        elif char in rules.narrow_space_after:
            if after == " " and not locked[i + 1]:
                out[i + 1] = spacing.space
            elif after and not after.isspace() and after not in rules.narrow_space_before:
                out[i] = char + spacing.space
    texts = [""] * len(pieces)
    for i, made in enumerate(out):
        texts[owner[i]] += made
    return texts


def _exempt(chars: list[str], i: int) -> bool:
    """A colon in a time (12:30), or before '//' (an address the author did not write as one)."""
    char = chars[i]
    before = chars[i - 1] if i > 0 else ""
    after = chars[i + 1] if i + 1 < len(chars) else ""
    if char == ":" and ((before.isdigit() and after.isdigit()) or "".join(chars[i + 1:i + 3]) == "//"):
        return True
    return False
