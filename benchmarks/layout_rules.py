"""The layout rules of issue 12 measured on every issue we have: a table of each rule's count and the figures.

Builds (e-mail edition; the layout is the same for print) 2016 Q4, every case under tests/cases/ and the
generated 10- and 40-page bench issues, and prints per issue each rule's fault count, the characters a line
beside photos (min/median), the share of hyphenated lines, the median word space over the normal one and the
share of baselines on a common grid. `--json FILE` also writes the numbers.

    .venv/bin/python benchmarks/layout_rules.py [--skip-long] [--json build/layout-rules.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import generate  # noqa: E402 - the benchmark's own input maker

from bulletinpdf.layout.rules import RULE_NAMES  # noqa: E402
from bulletinpdf.render.profiles import PROFILES  # noqa: E402
from bulletinpdf.run.pipeline import build_issue  # noqa: E402
from tests.layout_cases import CASE_NAMES, set_up_case  # noqa: E402

OTHER_COUNTS = ("stranded_headings", "orphans", "widows", "overfull_lines", "loose_lines", "hyphen_ladders",
                "unbalanced_last_columns")


def issues(work: Path, *, skip_long: bool) -> list[tuple[str, Path]]:
    found = [("2016Q4", HERE.parent / "issues" / "2016Q4.yaml")]
    for name in CASE_NAMES:
        found.append((name, set_up_case(name, work / "cases" / name)))
    bench = generate.make_project(work / "bench")
    photos = generate.make_photos(bench, 30 if not skip_long else 8)
    found.append(("bench10", generate.write_issue(bench, "bench10", pages=10, photos=photos[:8])))
    if not skip_long:
        found.append(("bench40", generate.write_issue(bench, "bench40", pages=40, photos=photos)))
    return found


def measure(name: str, path: Path, out: Path) -> dict:
    result = build_issue(path, profiles=[PROFILES["email"]], out_dir=out / name, display_name=name)
    report = result.report
    return {"issue": name, "pages": len(report.pages), "counts": dict(report.counts), "figures": dict(report.figures)}


def table(rows: list[dict]) -> str:
    heads = ["issue", "pages", *[f"r{n}" for n in RULE_NAMES], "other", "beside min/med", "hyph %", "space med",
             ">1.6", ">2", "tracked ¶", "grid %", "short/over"]
    lines = [heads]
    for row in rows:
        counts, figures = row["counts"], row["figures"]
        beside = figures["characters_beside_photos"]
        fit = figures["copyfit"]
        grid = figures["baseline_grid"]
        lines.append([
            row["issue"], str(row["pages"]), *[str(counts[RULE_NAMES[n]]) for n in RULE_NAMES],
            str(sum(counts[name] for name in OTHER_COUNTS)),
            "-" if beside["min"] is None else f"{beside['min']}/{beside['median']:g}",
            f"{100 * figures['hyphenated_share']:.1f}", f"{figures['median_word_space']:.2f}",
            f"{figures['lines_over_1_6']}/{figures['justified_lines']}", str(figures["lines_over_2"]),
            str(figures["letter_spaced_paragraphs"]), "-" if grid is None else f"{100 * grid:.0f}",
            f"{fit['lines_short_of_full']}/{fit['lines_over_a_page_less']}",
        ])
    widths = [max(len(line[i]) for line in lines) for i in range(len(heads))]
    return "\n".join("  ".join(cell.rjust(widths[i]) if i else cell.ljust(widths[i]) for i, cell in enumerate(line))
                     for line in lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-long", action="store_true", help="leave out the 40-page bench issue")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bulletinpdf-rules-") as folder:
        work = Path(folder)
        rows = [measure(name, path, work / "out") for name, path in issues(work, skip_long=args.skip_long)]
    print(table(rows))
    print("rules: " + ", ".join(f"r{n} {name}" for n, name in RULE_NAMES.items())
          + "; other: the report's older counts; short/over: lines short of a full last page / on the last page")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
