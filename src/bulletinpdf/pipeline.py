"""The pipeline: the one place that knows the order of the stages, from issue file to PDF files."""

from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import project
from .brand import Brand, load_brand
from .diagnostics import Diagnostic, IssueFileError, error, has_errors, sorted_diagnostics, warning
from .images import ImageProblem, prepare_image
from .issue_text import IssueText, mark_up_issue
from .layout import linebreak
from .layout.columns import LayoutOverflow, TooManyPages
from .layout.plan import lay_out
from .layout.story import PlacedImage
from .layout_cache import load_choices, save_choices
from .loader import load_issue
from .model import ImageBlock, Issue, Position, TextBlock
from .output import check_writable, write_all_atomically
from .profiles import Profile
from .render import Metadata, RenderedPdf, render_pdf
from .hyphenation import hyphenator_for, keep_patterns_in
from .theme import Theme, characters_missing_from_fonts, colour_for, make_theme, register_fonts


# Below this many words (2016 Q4 has about 900) both editions are made in one process.
WORDS_WORTH_FORKING = 3000
# Under build/cache: the line breaks chosen for justified paragraphs (see layout_cache.py).
LINE_BREAKS = "linebreaks"


@dataclass
class BuildResult:
    outputs: dict[str, Path] = field(default_factory=dict)
    """Output file per profile name."""
    pages: dict[str, int] = field(default_factory=dict)
    report: dict = field(default_factory=dict)
    """The layout report (the editions share one layout)."""
    report_path: Path | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Warnings only: a build with errors raises IssueFileError instead."""


def default_out_dir(issue_path: Path) -> Path:
    return project.project_root_for(issue_path) / "build" / project.quarter_of(issue_path)


def output_name(issue: Issue, profile: Profile) -> str:
    return f"highlights-{issue.quarter}-{profile.name}.pdf"


@dataclass
class Edition:
    """One edition made in memory: its PDF bytes and what preflight needs to know about them."""

    profile: Profile
    pdf: RenderedPdf
    pages: int
    images: dict[ImageBlock, PlacedImage]
    """The photos as prepared for this edition."""


@dataclass
class Editions:
    issue: Issue | None
    """None when the issue file could not be read at all."""
    editions: dict[str, Edition] = field(default_factory=dict)
    """Per profile name; empty when errors stopped the build before rendering."""
    report: dict = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def make_editions(
    issue_path: Path, *, profiles: list[Profile], display_name: str | None = None, keep_going: bool = False,
) -> Editions:
    """Run every stage up to the PDF bytes, writing nothing.

    Raises IssueFileError (with every diagnostic) on bad input; with `keep_going` it returns them instead,
    and still renders when the errors leave something to render (a bad link, an undrawable character).
    """
    file = display_name or str(issue_path)
    issue, diagnostics = load_issue(issue_path, display_name=file)
    if issue is None or has_errors(diagnostics):
        if not keep_going:
            raise IssueFileError(sorted_diagnostics(diagnostics))
        if issue is None:
            return Editions(issue=None, diagnostics=sorted_diagnostics(diagnostics))
    assets_dir = project.assets_dir_for(issue_path)
    brand = load_brand(assets_dir, issue.brand)
    cache_dir = project.project_root_for(issue_path) / "build" / "cache"
    brand_cmyk = {colour.rgb: colour_for(colour, "cmyk") for colour in brand.colours.values()}

    # Fonts and hyphenation patterns take a quarter of a second to read: read them before the editions fork,
    # so both workers start with them.
    fonts = brand.fonts
    register_fonts(fonts["regular"], fonts["bold"], fonts["italic"], fonts["bold_italic"])
    keep_patterns_in(cache_dir / "hyphenation", issue.language)
    hyphenator_for(issue.language)
    linebreak.remember_choices(load_choices(cache_dir / LINE_BREAKS))

    # The text is the same in every edition (links are set in the brand's RGB; print maps it to CMYK).
    text, text_diagnostics = mark_up_issue(issue, file=file, link_color=brand.colours["link"].rgb)
    diagnostics += text_diagnostics + _font_coverage(issue, brand, file)

    result = Editions(issue=issue)
    edition_args = dict(issue=issue, text=text, brand=brand, file=file, cache_dir=cache_dir, brand_cmyk=brand_cmyk,
                        keep_going=keep_going, earlier_errors=has_errors(diagnostics))
    # Forking costs about a tenth of a second: a short issue is made faster one edition after the other.
    workers = None if _words_in(issue) >= WORDS_WORTH_FORKING else 1
    made = _in_parallel(_make_edition, profiles, workers=workers, **edition_args)
    for profile, (found, edition, report) in zip(profiles, made):
        diagnostics += found
        if has_errors(diagnostics) and not keep_going:
            raise IssueFileError(sorted_diagnostics(_unique(diagnostics)))
        if edition is not None:
            result.editions[profile.name] = edition
            result.report = result.report or report
    result.diagnostics = sorted_diagnostics(_unique(diagnostics))
    return result


def _make_edition(
    profile: Profile, *, issue: Issue, text: IssueText, brand: Brand, file: str, cache_dir: Path, brand_cmyk: dict,
    keep_going: bool, earlier_errors: bool,
) -> tuple[list[Diagnostic], Edition | None, dict]:
    """One edition from the loaded issue: its new diagnostics, the edition (None when errors stop it), its report."""
    diagnostics: list[Diagnostic] = []
    theme = make_theme(brand, colour_model=profile.colour_model, language=issue.language)
    images = _prepare_images(issue, theme, profile, cache_dir=cache_dir, file=file, diagnostics=diagnostics)
    if (earlier_errors or has_errors(diagnostics)) and not keep_going:
        return diagnostics, None, {}
    if len(images) < len(issue.image_blocks):
        return diagnostics, None, {}  # a photo that cannot be read leaves nothing to lay out; its error is reported
    try:
        layout = lay_out(issue, text, images, theme, file=file, bleed=profile.bleed)
    except LayoutOverflow as stuck:
        # No valid file is known to get here; if one does, the user still learns where, not a traceback.
        return diagnostics + [error(
            file, stuck.ref.line, 1, f"this {stuck.ref.kind} cannot be placed in a column, even on a page of its own",
            hint="make it shorter or, for a photo, give it a smaller width",
        )], None, {}
    except TooManyPages as too_long:
        return diagnostics + [error(file, 0, 0, str(too_long), hint="split the issue, or move material to the next one")], None, {}
    diagnostics += layout.diagnostics
    try:
        save_choices(cache_dir / LINE_BREAKS, linebreak.new_choices())
    except OSError:
        pass  # a cache that cannot be written only means the next build searches again
    pdf = render_pdf(
        layout,
        metadata=Metadata(
            title=issue.display_title, author=brand.organisation,
            subject=issue.subject or _subject(issue), language=issue.language,
            keywords=", ".join(section.heading for section in issue.sections),
        ),
        page_width=theme.geometry.width, page_height=theme.geometry.height,
        base_font=theme.styles.body.fontName,
        bleed=profile.bleed, crop_marks=profile.crop_marks, colour_model=profile.colour_model,
        brand_cmyk=brand_cmyk,
    )
    diagnostics += _over_budget(pdf.data, profile, file)
    return diagnostics, Edition(profile=profile, pdf=pdf, pages=len(layout.pages), images=images), layout.report


def _words_in(issue: Issue) -> int:
    return sum(len(block.text.split()) for section in issue.sections for block in section.blocks
               if isinstance(block, TextBlock))


def _in_parallel(job, items: list, *, workers: int | None = None, **shared) -> list:
    """`job(item, **shared)` for every item, in forked processes when there are several and cores to spare.

    The editions are independent and each is mostly pure-Python layout, so two cores build two
    editions in the time of one. Fork shares the parsed issue, fonts and imports with the workers
    at no cost. BULLETINPDF_JOBS=1 builds one at a time (`make all` sets it: the issues run side by side).
    """
    jobs = min(len(items), workers or int(os.environ.get("BULLETINPDF_JOBS") or os.cpu_count() or 1))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [job(item, **shared) for item in items]
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(partial(job, **shared), items))
    except BrokenProcessPool:
        # A worker died, or raised what cannot travel back between processes: run here instead,
        # so the failure reads exactly as it does without workers.
        return [job(item, **shared) for item in items]


def build_issue(
    issue_path: Path, *, profiles: list[Profile], out_dir: Path | None = None, display_name: str | None = None,
) -> BuildResult:
    """Build the given editions of one issue; raises IssueFileError (with every diagnostic) on bad input."""
    out_dir = out_dir or default_out_dir(issue_path)
    check_writable(out_dir)
    made = make_editions(issue_path, profiles=profiles, display_name=display_name)
    assert made.issue is not None  # make_editions raises otherwise
    result = BuildResult()
    # Written only once every edition has been made, all together, so a failure leaves all old files as they were.
    files: dict[Path, bytes] = {}
    for name, edition in made.editions.items():
        target = out_dir / output_name(made.issue, edition.profile)
        files[target] = edition.pdf.data
        result.outputs[name] = target
        result.pages[name] = edition.pages
    result.report = made.report
    result.report_path = out_dir / "layout-report.json"
    files[result.report_path] = (json.dumps(result.report, indent=1, ensure_ascii=False) + "\n").encode()
    write_all_atomically(files)
    result.diagnostics = made.diagnostics
    return result


def _over_budget(pdf: bytes, profile: Profile, file: str) -> list[Diagnostic]:
    budget = profile.size_budget_kb
    if budget is None or len(pdf) <= budget * 1024:
        return []
    return [warning(
        file, 0, 0,
        f"the {profile.name} edition is {len(pdf) / 1024:.0f} KB, over its budget of {budget} KB",
        hint="use fewer photos or place them smaller, or lower the profile's jpeg_quality",
    )]


def _subject(issue: Issue) -> str:
    return f"Quarterly bulletin, {issue.period.label}"


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    # Every edition marks up the same text; its problems are reported once.
    return list(dict.fromkeys(diagnostics))


def _prepare_images(
    issue: Issue, theme: Theme, profile: Profile, *, cache_dir: Path, file: str, diagnostics: list[Diagnostic],
) -> dict[ImageBlock, PlacedImage]:
    placed: dict[ImageBlock, PlacedImage] = {}
    for block in issue.image_blocks:
        try:
            prepared = prepare_image(
                block.resolved, placed_width_pt=theme.geometry.column_width * block.width,
                max_ppi=profile.max_ppi, jpeg_quality=profile.jpeg_quality, color=profile.colour_model,
                cache_dir=cache_dir, shown_as=block.path,
            )
        except ImageProblem as problem:
            diagnostics.append(error(file, block.where.line, block.where.column, problem.message, problem.hint))
            continue
        diagnostics += [warning(file, block.where.line, block.where.column, text) for text in prepared.warnings]
        placed[block] = PlacedImage(prepared.path, prepared.width_px, prepared.height_px)
    return placed


def _font_coverage(issue: Issue, brand: Brand, file: str) -> list[Diagnostic]:
    """Characters the brand's fonts cannot draw would print as empty boxes: each is an error where it was typed."""
    found: list[Diagnostic] = []

    def check(text: str, where: Position, exact: bool = True) -> None:
        missing = set(characters_missing_from_fonts(text, brand))
        if not missing:
            return
        for offset, line in enumerate(text.split("\n")):
            for column, character in enumerate(line, start=1):
                if character in missing:
                    found.append(error(
                        # Where only the block's start is known, the line alone, rather than a wrong column.
                        file, where.line + offset, where.column + column - 1 if exact else 0,
                        f"the character '{character}' (U+{ord(character):04X}) is not in the brand's fonts "
                        f"and would print as an empty box",
                        hint="replace it with a similar character, or describe it in words",
                    ))

    for section in issue.sections:
        check(section.heading, section.heading_where or section.where, exact=section.heading_where is not None)
        for block in section.blocks:
            if isinstance(block, TextBlock):
                check(block.text, block.text_where or block.where)
            else:
                check(block.caption, block.caption_where or block.where, exact=block.caption_where is not None)
                check(block.credit, block.credit_where or block.where, exact=block.credit_where is not None)
    if issue.contact:
        for text in (issue.contact.heading, *issue.contact.lines, issue.contact.email or "", issue.contact.website or ""):
            check(text, issue.contact.where, exact=False)
    check(issue.title, issue.title_where or Position(1, 1), exact=issue.title_where is not None)
    return found
