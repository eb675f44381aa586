"""`make bench`: whole-process timings of bulletinpdf against the import floor, as a table and build/bench/results.json.

Every figure is the median wall-clock time (time.perf_counter) of several runs of a fresh process (11 for
the import floor, `python -c pass` and --help, 5 for 2016 Q4 and the 10-page issue, --runs for the rest), quoted
beside its ratio to the import floor measured in the same run: the time Python needs merely to
import the stack (reportlab.platypus, yaml, PIL, pypdf). Peak memory is the largest resident set of
the build's processes (os.wait4 reports the child's and its reaped workers' ru_maxrss).

Cold, as the issue defines it, is a cold image cache: build/cache/photos emptied before each run, so every
photo is decoded and prepared again. A first build empties all of build/cache (photos, line breaks, markup,
hyphenation patterns): what the very first build on a machine costs. Warm runs after a build of the same file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402 - the benchmark's own input maker, beside this file

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BULLETINPDF = str(BIN / "bulletinpdf")
FLOOR = [sys.executable, "-c", "import reportlab.platypus, yaml, PIL, pypdf"]
LONG_PARAGRAPH_TIMEOUT_S = 300


def run_once(command: list[str], *, env: dict[str, str] | None = None, timeout: float | None = None) -> dict:
    """One whole process: wall seconds, peak resident MB, exit status."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=PROJECT)
    deadline = None if timeout is None else start + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            child.kill()
            pid, status, usage = os.wait4(child.pid, 0)
            return {"seconds": time.perf_counter() - start, "peak_mb": usage.ru_maxrss / 1024, "status": "timeout"}
        time.sleep(0.002)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode(errors="replace") if child.stderr else ""
    child.stderr.close()
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "status": child.returncode,
            "stderr": errors.strip().splitlines()[-3:]}


def measure(name: str, command: list[str], *, runs: int, before=None, timeout: float | None = None) -> dict:
    """The median of `runs` runs; `before()` runs untimed ahead of each (to empty the image cache)."""
    samples = []
    for _ in range(runs):
        if before:
            before()
        samples.append(run_once(command, timeout=timeout))
    return {
        "name": name, "command": " ".join(command), "runs": runs,
        "seconds": statistics.median(s["seconds"] for s in samples),
        "all_seconds": [round(s["seconds"], 3) for s in samples],
        "peak_mb": max(s["peak_mb"] for s in samples),
        "status": [s["status"] for s in samples],
        "stderr": samples[-1].get("stderr", []),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median quoted; default 3)")
    parser.add_argument("--out", type=Path, default=PROJECT / "build" / "bench", help="work and results folder")
    parser.add_argument("--skip-long", action="store_true", help="skip the 40-page issue and the long paragraph")
    args = parser.parse_args()
    runs = args.runs
    work = args.out / "project"
    generate.make_project(work)
    started = time.perf_counter()
    # In a worker of its own: a bench process grown by thirty decoded photos would pass that memory on to the
    # builds it starts (a child's peak resident set counts the parent's pages until it executes).
    with ProcessPoolExecutor(max_workers=1) as pool:
        photos = pool.submit(generate.make_photos, work, 30).result()
    print(f"photos ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    issue40 = generate.write_issue(work, "bench40", pages=40, photos=photos)
    issue10 = generate.write_issue(work, "bench10", pages=10, photos=photos[: round(30 * 10 / 40)])
    one_paragraph = generate.write_long_paragraph(work, "long1", words=20_000, split=False)
    paragraphs = generate.write_long_paragraph(work, "longsplit", words=20_000, split=True)
    out = args.out / "pdf"

    def build(issue: Path) -> list[str]:
        return [BULLETINPDF, "build", str(issue), "--out", str(out / issue.stem)]

    def project_photos_cleared() -> None:
        generate.clear_photo_cache(PROJECT)

    def project_caches_cleared() -> None:
        generate.clear_all_caches(PROJECT)

    def bench_photos_cleared() -> None:
        generate.clear_photo_cache(work)

    def bench_caches_cleared() -> None:
        generate.clear_all_caches(work)

    rows: list[dict] = []

    def step(name: str, command: list[str], **options) -> dict:
        print(f"measuring {name} ...", file=sys.stderr, flush=True)
        row = measure(name, command, runs=options.pop("runs", runs), **options)
        rows.append(row)
        return row

    # This machine's speed wanders by a third within a minute: the short measurements, cheap to repeat,
    # take more runs, so one slow moment does not move their median.
    short, brief = max(11, runs), max(5, runs)
    floor = step("import floor", FLOOR, runs=short)
    python_pass = step("python -c pass", [sys.executable, "-c", "pass"], runs=short)
    step("bulletinpdf --help", [BULLETINPDF, "--help"], runs=short)
    step("2016Q4 first build", build(PROJECT / "issues" / "2016Q4.yaml"), before=project_caches_cleared, runs=brief)
    step("2016Q4 cold", build(PROJECT / "issues" / "2016Q4.yaml"), before=project_photos_cleared, runs=brief)
    step("2016Q4 warm", build(PROJECT / "issues" / "2016Q4.yaml"), runs=brief)
    step("10 pages cold", build(issue10), before=bench_photos_cleared, runs=brief)
    step("10 pages warm", build(issue10), runs=brief)
    if not args.skip_long:
        step("40 pages first build", build(issue40), before=bench_caches_cleared)
        step("40 pages cold", build(issue40), before=bench_photos_cleared)
        step("40 pages warm", build(issue40))
        step("20,000 words, one paragraph", build(one_paragraph), runs=1, timeout=LONG_PARAGRAPH_TIMEOUT_S)
        step("20,000 words, 200 paragraphs", build(paragraphs), runs=1, timeout=LONG_PARAGRAPH_TIMEOUT_S)

    for row in rows:
        row["x_floor"] = row["seconds"] / floor["seconds"]
    by_name = {row["name"]: row for row in rows}
    pages = {name: _pages(out / stem) for name, stem in (("10", "bench10"), ("40", "bench40"))}
    results = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average": os.getloadavg()},
        "rows": rows,
        "pages": pages,
        "targets": _targets(by_name, floor, python_pass, pages),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    _print_table(rows, results)
    print(f"\nwritten {args.out / 'results.json'}")
    return 0


def _pages(folder: Path) -> int | None:
    try:
        report = json.loads((folder / "layout-report.json").read_text())
    except (OSError, ValueError):
        return None
    return len(report.get("pages", [])) or None


def _targets(rows: dict[str, dict], floor: dict, python_pass: dict, pages: dict) -> list[dict]:
    def ratio(name: str) -> float | None:
        return rows[name]["x_floor"] if name in rows else None

    found = [
        ("2016Q4 warm ≤ 2.0× floor", ratio("2016Q4 warm"), 2.0),
        ("2016Q4 cold ≤ 3.0× floor", ratio("2016Q4 cold"), 3.0),
        ("40 pages cold ≤ 10× floor", ratio("40 pages cold"), 10.0),
        ("40 pages warm ≤ 5× floor", ratio("40 pages warm"), 5.0),
        ("--help ≤ 4× python -c pass", rows["bulletinpdf --help"]["seconds"] / python_pass["seconds"], 4.0),
    ]
    peaks = [rows[n]["peak_mb"] for n in ("2016Q4 first build", "2016Q4 cold", "40 pages first build",
                                         "40 pages cold", "40 pages warm") if n in rows]
    found.append(("peak memory < 200 MB", max(peaks), 200.0))
    if "40 pages warm" in rows and pages.get("10") and pages.get("40"):
        per_page = lambda n, p: (rows[n]["seconds"] - floor["seconds"]) / p  # noqa: E731
        found.append(("per page at 40 ≤ 1.2× per page at 10 (warm, above floor)",
                      per_page("40 pages warm", pages["40"]) / per_page("10 pages warm", pages["10"]), 1.2))
    one, split = rows.get("20,000 words, one paragraph"), rows.get("20,000 words, 200 paragraphs")
    if one and split:
        found.append(("one 20,000-word paragraph ≤ 3× the same in paragraphs (or refused)",
                      one["seconds"] / split["seconds"], 3.0))
    return [{"target": name, "value": value, "limit": limit, "met": value is not None and value <= limit}
            for name, value, limit in found]


def _print_table(rows: list[dict], results: dict) -> None:
    machine = results["machine"]
    print(f"\nmachine: {machine['cores']} cores, Python {machine['python']}, load average at the end "
          f"{machine['load_average'][0]:.1f}")
    print(f"{'measurement':32} {'median s':>9} {'× floor':>8} {'peak MB':>8}  runs (s), exit status")
    for row in rows:
        print(f"{row['name']:32} {row['seconds']:9.3f} {row['x_floor']:8.2f} {row['peak_mb']:8.0f}  "
              f"{row['all_seconds']} {sorted(set(map(str, row['status'])))}")
    print(f"pages: {results['pages']}")
    print("\ntargets:")
    for target in results["targets"]:
        if target["value"] is None:
            print(f"  skipped {target['target']}")
            continue
        print(f"  {'met    ' if target['met'] else 'NOT met'} {target['target']}: {target['value']:.2f} "
              f"(limit {target['limit']:g})")


if __name__ == "__main__":
    sys.exit(main())
