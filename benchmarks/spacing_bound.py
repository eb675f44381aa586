"""How few wide and loose lines any breaking could reach: a lower bound for rule 6 on every issue we have.

Rule 6 asks for no justified line with word spaces over 2 × the natural space and at most 5 % over 1.6 ×, while
rule 5 forbids hyphenating names, acronyms, italics, numbers and addresses. This script builds each issue, takes
every justified paragraph as it was placed (at the measure it was set in; pieces of a split paragraph are left
out), and breaks it again with the plan's own dynamic programme (lines/total_fit.py) priced to count lines
instead of judging them, once for lines over 2 × and once for lines over 1.6 ×: such a line costs more than any
number of lines, hyphens cost nothing (but rule 5's still hold: never more than two in a row, never a last line
made of a word's tail), letter spacing may be any step the breaker may use (at most 1 % of the
type size) and spaces may shrink as far as the style allows. The minimum is the fewest such lines any breaking
of that paragraph can have under those rules, so the total is a lower bound that no line breaker could beat,
next to what the layout set in the same paragraphs.

    .venv/bin/python benchmarks/spacing_bound.py [--skip-long]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import layout_rules  # noqa: E402 - the issues the rules are measured on

from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402

from bulletinpdf.layout import rules  # noqa: E402
from bulletinpdf.lines import total_fit  # noqa: E402
from bulletinpdf.lines.reportlab_internals import justifies_last_line  # noqa: E402
from bulletinpdf.lines.line_costs import (  # noqa: E402
    LOOSE_SPACE_FACTOR, TRACKING_STEPS_EM, WIDE_SPACE_FACTOR, word_space_ratio,
)
from bulletinpdf.render.profiles import PROFILES  # noqa: E402
from bulletinpdf.run.pipeline import build_issue  # noqa: E402
from bulletinpdf.tolerances import FUZZ  # noqa: E402


# What a counted line costs: more than every line's EXTRA_LINE_PENALTY and a lone tail's penalty together, so that
# a breaking with fewer counted lines always wins, however many lines it takes.
COUNTED = 1e5
# Rule 5 forbids a paragraph's last line made of a word's tail: such a breaking costs more than any number of
# counted lines, so the bound is one under rule 5, as the layout is.
FORBIDDEN = 1e12


def counting_pricing(style, measure: float, tracking: float, limit: float):
    """Prices that count the lines with word spaces over `limit` × the natural one (a word alone on a line, when
    the rest of the line is wider than `limit` spaces); hyphens are free."""
    space = stringWidth(" ", style.fontName, style.fontSize)
    tightest = 1 - (style.spaceShrinkage or 0) - FUZZ

    def price(gaps: int, glyphs: int, natural: float) -> float | None:
        extra = measure - natural - tracking * max(glyphs - 1, 0)
        if gaps == 0:  # a word alone, with the rest of the line empty: counted as the report counts it
            return None if extra < -FUZZ else COUNTED if extra > limit * space + FUZZ else 0.0
        ratio = word_space_ratio(extra=extra, gaps=gaps, space=space, tracking=tracking)
        if ratio < tightest:
            return None
        return COUNTED if ratio > limit + FUZZ else 0.0

    return price, 0.0, 0.0


def fewest(paragraph, measure: float, justify_last: bool, limit: float) -> int | None:
    """The fewest lines with word spaces over `limit` × the natural one that any breaking of the paragraph has."""
    words = total_fit.plan_words(paragraph, measure)
    if not words or max(word.width for word in words) > measure:
        return None
    style = paragraph.style
    hyphenation = total_fit._Hyphenation(words, style)
    best = None
    for step in (0.0, *TRACKING_STEPS_EM, *(-step for step in TRACKING_STEPS_EM)):
        tracking = step * style.fontSize
        found = total_fit._best_breaking(words, hyphenation, style, measure, justify_last, False, tracking,
                                         pricing=counting_pricing(style, measure, tracking, limit),
                                         lone_tail_penalty=FORBIDDEN)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    if best is None:
        return None
    lines = 0
    trail = best[1]
    while trail is not None:
        trail, lines = trail[0], lines + 1
    # Every line carries EXTRA_LINE_PENALTY, which is not counted.
    return int(best[0] // COUNTED)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-long", action="store_true", help="leave out the 40-page bench issue")
    args = parser.parse_args()
    set_lines: list = []
    original = rules.spacing_figures

    def recording(lines):
        set_lines[:] = list(lines)
        return original(set_lines)

    rules.spacing_figures = recording
    print(f"{'issue':18} {'lines':>5} {'>2 fewest':>9} {'>2 set':>6} {'>1.6 fewest':>11} {'>1.6 set':>8}")
    with tempfile.TemporaryDirectory(prefix="bulletinpdf-bound-") as folder:
        work = Path(folder)
        for name, path in layout_rules.issues(work, skip_long=args.skip_long):
            build_issue(path, profiles=[PROFILES["email"]], out_dir=work / "out" / name, display_name=name)
            by_paragraph: dict[int, list] = {}
            for line in set_lines:
                if line.ratio is not None:
                    by_paragraph.setdefault(id(line.paragraph), []).append(line)
            fewest_loose = fewest_wide = loose = wide = justified = 0
            for lines in by_paragraph.values():
                paragraph = lines[0].paragraph
                if "_inherited_lines" in paragraph.__dict__:
                    continue  # a piece of a split paragraph: its lines were chosen for the whole
                justify_last = justifies_last_line(paragraph)
                counted = [fewest(paragraph, paragraph.width, justify_last, limit)
                           for limit in (LOOSE_SPACE_FACTOR, WIDE_SPACE_FACTOR)]
                if None in counted:
                    continue  # a piece of a split paragraph, or one the plan cannot follow: not counted
                fewest_loose += counted[0]
                fewest_wide += counted[1]
                justified += len(lines)
                loose += sum(line.ratio > LOOSE_SPACE_FACTOR + 1e-6 for line in lines)
                wide += sum(line.ratio > WIDE_SPACE_FACTOR + 1e-6 for line in lines)
            share = lambda count: f"{100 * count / max(justified, 1):.1f} %"  # noqa: E731
            print(f"{name:18} {justified:5d} {fewest_loose:9d} {loose:6d} {share(fewest_wide):>11} {share(wide):>8}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
