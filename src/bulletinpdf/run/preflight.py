"""Preflight: every problem of an issue and its two editions, made in memory, in one report; nothing is written."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bulletinpdf.diagnostics import Diagnostic, error, warning
from bulletinpdf.photos.images import ImageProblem, inspect_image
from bulletinpdf.layout.report import ADJUSTMENT_NAMES, FAULT_NAMES
from bulletinpdf.model import ImageBlock
from bulletinpdf.run.pipeline import Edition, make_editions, missing_alt
from bulletinpdf.render.profiles import PRINT_PPI_ERROR_BELOW, PRINT_PPI_WARNING_BELOW, PROFILES, Profile
from bulletinpdf.run.sharpness import POINTS_PER_MM, PPI_TOLERANCE, blurred_message, ppi_hint



@dataclass(frozen=True)
class PhotoCheck:
    """One photo as the print edition places it."""

    path: str
    line: int
    width_px: int | None
    """The file's own (upright) pixel size; None when it cannot be read (its error says why)."""
    height_px: int | None
    placed_width_mm: float | None
    """Width on the printed page, after the layout fitted it; None when no edition was rendered."""
    effective_ppi: float | None
    """The file's pixels over its placed width: what it can give the print shop."""
    print_ppi: float | None
    """What the print edition carries (downsampled to the profile's maximum, never upsampled)."""
    alt: bool
    credit: bool


@dataclass
class CheckReport:
    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Worst first: errors, then warnings, each in file order."""
    photos: list[PhotoCheck] = field(default_factory=list)
    """Lowest resolution first."""
    counts: dict[str, int] = field(default_factory=dict)
    """The layout report's counts (empty when nothing could be laid out)."""
    editions: dict[str, dict] = field(default_factory=dict)
    """Per edition: bytes, pages, size_budget_kb."""
    faults: list[dict] = field(default_factory=list)
    """The layout report's faults and adjustments, each with its page, column and line of the issue file."""
    copyfit: dict = field(default_factory=dict)
    """How far the last page is from full, in lines of body text (layout/rules.py)."""

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    @property
    def pages(self) -> int | None:
        counts = {edition["pages"] for edition in self.editions.values()}
        return counts.pop() if len(counts) == 1 else None


def check_issue(issue_path: Path, *, profiles: list[Profile] | None = None, display_name: str | None = None) -> CheckReport:
    file = display_name or str(issue_path)
    made = make_editions(issue_path, profiles=profiles or list(PROFILES.values()), display_name=file, keep_going=True)
    # The build only warns of a photo without alt text; for `check` it is an error (_check_photo).
    build_warnings = {missing_alt(block, file) for block in made.issue.image_blocks} if made.issue else set()
    report = CheckReport(file=file, diagnostics=[d for d in made.diagnostics if d not in build_warnings])
    if made.issue is None:
        report.diagnostics = _worst_first(report.diagnostics)
        return report
    print_edition = next((e for e in made.editions.values() if e.profile.colour_model == "cmyk"), None)
    for block in made.issue.image_blocks:
        photo, found = _check_photo(block, print_edition, file)
        report.photos.append(photo)
        report.diagnostics += found
    report.photos.sort(key=lambda p: (p.effective_ppi is not None, p.effective_ppi or 0, p.line))
    report.counts = dict(made.report.counts) if made.report is not None else {}
    if made.report is not None:
        report.faults = [fault.as_json() for fault in made.report.faults]
        report.copyfit = dict(made.report.figures.get("copyfit") or {})
    for name, edition in made.editions.items():
        report.editions[name] = {
            "bytes": len(edition.pdf.data), "pages": edition.pages, "size_budget_kb": edition.profile.size_budget_kb,
        }
    report.diagnostics = _worst_first(list(dict.fromkeys(report.diagnostics)))
    return report


def _check_photo(block: ImageBlock, print_edition: Edition | None, file: str) -> tuple[PhotoCheck, list[Diagnostic]]:
    found: list[Diagnostic] = []
    line, column = block.where.line, block.where.column
    try:
        info = inspect_image(block.resolved, shown_as=block.path)
        size: tuple[int, int] | None = (info.width_px, info.height_px)
    except ImageProblem:
        size = None  # the pipeline already reported why
    placed_pt = print_ppi = effective = None
    if print_edition is not None and block in print_edition.images:
        prepared = print_edition.images[block]
        widths = [p.width_pt for p in print_edition.pdf.placed_photos if p.path == str(prepared.path) and p.width_pt]
        if widths:
            placed_pt = max(widths)  # a photo placed twice is as sharp as its largest placement
            print_ppi = prepared.width_px / (placed_pt / 72)
            if size:
                effective = size[0] / (placed_pt / 72)
    if effective is not None:
        hint = ppi_hint(size[0], placed_pt, PRINT_PPI_WARNING_BELOW,  # type: ignore[index,arg-type]
                        column_pt=print_edition.column_width)  # type: ignore[union-attr]
        if effective + PPI_TOLERANCE < PRINT_PPI_ERROR_BELOW:
            found.append(error(file, line, column, blurred_message(block, effective, placed_pt), hint=hint))
        elif effective + PPI_TOLERANCE < PRINT_PPI_WARNING_BELOW:
            where = f"'{block.path}' has {effective:.0f} ppi at its printed width of {placed_pt / POINTS_PER_MM:.0f} mm"
            found.append(warning(file, line, column, f"{where}; the print shop asks for {PRINT_PPI_WARNING_BELOW}",
                                 hint=hint))
    if not block.alt.strip():
        # The e-mail edition is an accessible PDF (PDF/UA): a photo must say what it shows.
        found.append(error(file, line, column, f"photo '{block.path}' has no alt text, which the e-mail edition "
                                               f"needs to be accessible (PDF/UA)",
                           hint="add 'alt:' saying what the photo shows, for readers who cannot see it"))
    if not block.credit:
        found.append(warning(file, line, column, f"photo '{block.path}' has no credit",
                             hint="add 'credit:' naming who took it, e.g. credit: \"Photo: ISU-CCM\""))
    photo = PhotoCheck(
        path=block.path, line=line, width_px=size[0] if size else None, height_px=size[1] if size else None,
        placed_width_mm=None if placed_pt is None else round(placed_pt / POINTS_PER_MM, 1),
        effective_ppi=None if effective is None else round(effective, 1),
        print_ppi=None if print_ppi is None else round(print_ppi, 1),
        alt=bool(block.alt), credit=bool(block.credit),
    )
    return photo, found


def _worst_first(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (not d.is_error, d.file, d.line, d.column))


# -- presentation


def to_json(report: CheckReport) -> str:
    return json.dumps({
        "file": report.file,
        "errors": report.errors,
        "warnings": report.warnings,
        "problems": [asdict(d) for d in report.diagnostics],
        "photos": [asdict(p) for p in report.photos],
        "layout": report.counts,
        "layout_faults": report.faults,
        "copyfit": report.copyfit,
        "pages": report.pages,
        "editions": report.editions,
    }, indent=1, ensure_ascii=False)


def to_text(report: CheckReport) -> str:
    out = [f"check of {report.file}: {_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')}"]
    if report.diagnostics:
        out += ["", "problems, worst first"]
        out += ["  " + str(d).replace("\n", "\n  ") for d in report.diagnostics]
    if report.photos:
        rows = [("photo", "line", "pixels", "printed", "ppi", "in print", "alt", "credit")]
        for p in report.photos:
            rows.append((
                p.path, str(p.line),
                f"{p.width_px} × {p.height_px}" if p.width_px else "unreadable",
                f"{p.placed_width_mm:.0f} mm" if p.placed_width_mm else "-",
                _ppi_mark(p.effective_ppi), f"{p.print_ppi:.0f}" if p.print_ppi else "-",
                "yes" if p.alt else "MISSING", "yes" if p.credit else "missing",
            ))
        out += ["", "photos, lowest resolution first", *_table(rows, right={1, 2, 3, 4, 5})]
    if report.counts:
        rows = [(name.replace("_", " "), str(report.counts.get(name, 0))) for name in FAULT_NAMES + ADJUSTMENT_NAMES]
        rows.sort(key=lambda row: (row[1] == "0",))  # the faults that happened first
        out += ["", "layout", *_table(rows, right={1})]
    if report.faults:
        out += ["", "layout faults, in file order"]
        out += ["  " + _fault_line(report.file, fault) for fault in sorted(report.faults, key=_fault_order)]
    if report.copyfit:
        out += ["", "copyfit", "  " + _copyfit_line(report.copyfit)]
    if report.editions:
        rows = []
        for name, edition in report.editions.items():
            size = f"{edition['bytes'] / 1024:.0f} KB"
            budget = edition["size_budget_kb"]
            against = "no budget" if budget is None else (
                f"{'OVER' if edition['bytes'] > budget * 1024 else 'within'} the {budget} KB budget "
                f"({100 * edition['bytes'] / (budget * 1024):.0f} %)")
            rows.append((name, _plural(edition["pages"], "page"), size, against))
        out += ["", "editions (made in memory, not written)", *_table(rows, right={1, 2})]
    elif report.diagnostics:
        out += ["", "editions: not made (fix the errors above first)"]
    return "\n".join(out)


def _fault_order(fault: dict) -> tuple:
    return (fault.get("line") or 0) == 0, fault.get("line") or 0, fault.get("page") or 0


def _fault_line(file: str, fault: dict) -> str:
    where = f"{file}:{fault['line']}" if fault.get("line") else file
    place = [f"page {fault['page']}"] if fault.get("page") else []
    if fault.get("column"):
        place.append(f"column {fault['column']}")
    kind = str(fault.get("kind", "")).replace("_", " ")
    rule = f" (rule {fault['rule']})" if fault.get("rule") else ""
    detail = f": {fault['detail']}" if fault.get("detail") else ""
    return f"{where}: {', '.join(place) + ': ' if place else ''}{kind}{rule}{detail}"


def _copyfit_line(fit: dict) -> str:
    short, used = fit.get("lines_short_of_full", 0), fit.get("lines_over_a_page_less", 0)
    text = f"the last page (page {fit.get('pages')}) is {short} lines short of full"
    if used:
        text += f"; {used} lines less would end the issue a page earlier"
    return text


def _ppi_mark(ppi: float | None) -> str:
    if ppi is None:
        return "-"
    if ppi + PPI_TOLERANCE < PRINT_PPI_ERROR_BELOW:
        return f"{ppi:.0f} !!"
    if ppi + PPI_TOLERANCE < PRINT_PPI_WARNING_BELOW:
        return f"{ppi:.0f} !"
    return f"{ppi:.0f}"


def _table(rows: list[tuple[str, ...]], *, right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append(("  " + "  ".join(cells)).rstrip())
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
