"""The pipeline: the one place that knows the order of the stages, from issue file to PDF files."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bulletinpdf.load import project
from bulletinpdf.brand.brand_file import Brand, load_brand
from bulletinpdf.diagnostics import Diagnostic, IssueFileError, error, has_errors, sorted_diagnostics, warning
from bulletinpdf.run.forking import Forked, cores_for_jobs
from bulletinpdf.photos.images import ImageProblem, PreparedImage, find_prepared, prepare_image, read_header
from bulletinpdf.text.issue_text import IssueText, mark_up_issue
from bulletinpdf.lines import linebreak
from bulletinpdf.layout.columns import LayoutOverflow, TooManyPages
from bulletinpdf.layout import Layout, lay_out
from bulletinpdf.layout.story import PhotoShape
from bulletinpdf.lines.choices_cache import load_choices, save_choices
from bulletinpdf.text.markup_cache import load_markup, save_markup
from bulletinpdf.load.reader import load_issue
from bulletinpdf.model import ImageBlock, Issue, Position, TextBlock
from bulletinpdf.render.output import OutputError, check_writable, write_all_atomically
from bulletinpdf.render.profiles import ARCHIVE_ONLY, OutputIntent, Profile, Standard
from bulletinpdf.render.canvas import Metadata, RenderedPdf, render_pdf
from bulletinpdf.lines.hyphenation import hyphenator_for, keep_patterns_in
from bulletinpdf.brand.theme import Theme, characters_missing_from_fonts, colour_for, load_logo, make_theme, register_fonts


# From this many pages on, the editions are drawn side by side: 2016 Q4's two pages draw in 40 ms, less than a fork.
PAGES_WORTH_FORKING = 6
# Under build/cache: the photos as prepared for each edition (images.py), the line breaks chosen for justified
# paragraphs (layout_cache.py), each issue's texts as marked up (markup_cache.py), the logo as a drawing
# (theme.py); the hyphenation patterns go in "hyphenation" (hyphenation.py).
PHOTOS = "photos"
LOGO = "logo"
LINE_BREAKS = "linebreaks"
MARKUP = "markup"


@dataclass
class BuildResult:
    issue: Issue | None = None
    """The issue as read, for what the commands make besides the PDFs (the e-mail)."""
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
    images: dict[ImageBlock, PreparedImage]
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

    fonts = brand.fonts
    register_fonts(fonts["regular"], fonts["bold"], fonts["italic"], fonts["bold_italic"])
    keep_patterns_in(cache_dir / "hyphenation", issue.language)
    hyphenator_for(issue.language)
    linebreak.remember_choices(load_choices(cache_dir / LINE_BREAKS))

    text, text_diagnostics = _marked_up(issue, brand, file, cache_dir / MARKUP)
    diagnostics += text_diagnostics + _font_coverage(issue, brand, file)

    result = Editions(issue=issue)
    photos, photo_diagnostics = _read_photos(issue, file)
    diagnostics += photo_diagnostics
    # Errors so far stop the build, unless this is a preflight; every photo is still prepared, so one run
    # reports every damaged photo too. A photo that cannot be read leaves nothing to lay out.
    worth_laying_out = (keep_going or not has_errors(diagnostics)) and len(photos) == len(issue.image_blocks)

    # The photos missing from the cache are prepared in forked workers while this process lays the issue out:
    # layout needs only their proportions, which their headers gave.
    theme = make_theme(brand, language=issue.language, logo=load_logo(brand.logo, cache_dir=cache_dir / LOGO))
    wanted = [(profile, block) for profile in profiles for block in photos]
    photo_cache = cache_dir / PHOTOS
    found = {request: _cached_photo(*request, theme=theme, cache_dir=photo_cache) for request in wanted}
    missing = [request for request in wanted if found[request] is None]
    with Forked(partial(_prepare_photo, theme=theme, cache_dir=photo_cache), missing, workers=cores_for_jobs()) as work:
        layout, layout_diagnostics = _lay_out(issue, text, photos, theme, file) if worth_laying_out else (None, [])
        diagnostics += layout_diagnostics + _take_prepared(found, zip(missing, work.results()), file)
    if has_errors(diagnostics) and not keep_going:
        raise IssueFileError(sorted_diagnostics(_unique(diagnostics)))
    if layout is None or None in found.values() or not worth_laying_out:
        result.diagnostics = sorted_diagnostics(_unique(diagnostics))
        return result
    try:
        save_choices(cache_dir / LINE_BREAKS, linebreak.new_choices())
    except OSError:
        pass  # a cache that cannot be written only means the next build searches again

    without_alt = [block for block in issue.image_blocks if not block.alt.strip()]
    if any(profile.standard.pdf_ua for profile in profiles):
        diagnostics += [missing_alt(block, file) for block in without_alt]

    def edition(profile: Profile) -> Edition:
        prepared = {block: found[profile, block] for block in issue.image_blocks}
        # A file that claims PDF/UA must pass it: without every photo's alt text, the claim is left out.
        standard = ARCHIVE_ONLY if profile.standard.pdf_ua and without_alt else profile.standard
        return Edition(profile=profile, pages=len(layout.pages), images=prepared,
                       pdf=_render(layout, profile, standard, prepared, photos, issue, theme, brand, text))

    # Each edition is drawn from the same layout; long issues draw theirs side by side.
    workers = cores_for_jobs() if len(layout.pages) >= PAGES_WORTH_FORKING else 1
    with Forked(edition, profiles, workers=workers) as drawing:
        for made in drawing.results():
            result.editions[made.profile.name] = made
            diagnostics += _over_budget(made.pdf.data, made.profile, file)
    result.report = layout.report
    result.diagnostics = sorted_diagnostics(_unique(diagnostics))
    return result


def _marked_up(issue: Issue, brand: Brand, file: str, cache: Path) -> tuple[IssueText, list[Diagnostic]]:
    """The issue's text as ReportLab markup, the same in every edition (links are in the brand's RGB, which print
    maps to CMYK); texts unchanged since the last build come from the cache."""
    kept = cache / f"{issue.quarter}.json"
    known = load_markup(kept)
    text, diagnostics, made = mark_up_issue(issue, file=file, link_color=brand.colours["link"].rgb, known=known)
    if made.keys() != known.keys():
        try:
            save_markup(kept, made)
        except OSError:
            pass  # a cache that cannot be written only means marking up again next time
    return text, diagnostics


def _take_prepared(found: dict, results, file: str) -> list[Diagnostic]:
    """Put each photo prepared by a worker into `found`; an error for each that could not be prepared."""
    problems: list[Diagnostic] = []
    for (profile, block), prepared in results:
        if isinstance(prepared, OutputError):
            raise prepared
        if isinstance(prepared, ImageProblem):
            problems.append(error(file, block.where.line, block.where.column, prepared.message, prepared.hint))
        else:
            found[profile, block] = prepared
    return problems


def _read_photos(issue: Issue, file: str) -> tuple[dict[ImageBlock, PhotoShape], list[Diagnostic]]:
    """Every photo's proportions and warnings, from its header; an error for each that cannot be a photo."""
    photos: dict[ImageBlock, PhotoShape] = {}
    diagnostics: list[Diagnostic] = []
    for block in issue.image_blocks:
        line, column = block.where.line, block.where.column
        try:
            header = read_header(block.resolved, shown_as=block.path)
        except ImageProblem as problem:
            diagnostics.append(error(file, line, column, problem.message, problem.hint))
            continue
        diagnostics += [warning(file, line, column, text) for text in header.warnings]
        # The name the layout draws it by: unique even when one file is placed twice.
        name = f"{block.path} (line {line}, column {column})"
        photos[block] = PhotoShape(name, header.width_px, header.height_px)
    return photos, diagnostics


def _photo_settings(profile: Profile, block: ImageBlock, theme: Theme) -> dict:
    return dict(placed_width_pt=theme.geometry.column_width * block.width, max_ppi=profile.max_ppi,
                jpeg_quality=profile.jpeg_quality, color=profile.colour_model,
                press_profile=theme.brand.print_profile.file if profile.colour_model == "cmyk" else None)


def _cached_photo(profile: Profile, block: ImageBlock, *, theme: Theme, cache_dir: Path) -> PreparedImage | None:
    return find_prepared(block.resolved, **_photo_settings(profile, block, theme), cache_dir=cache_dir)


def _prepare_photo(
    request: tuple[Profile, ImageBlock], *, theme: Theme, cache_dir: Path,
) -> PreparedImage | ImageProblem | OutputError:
    """The photo for one edition, or the problem that stops it (returned: it travels back from a worker whole)."""
    profile, block = request
    try:
        return prepare_image(block.resolved, **_photo_settings(profile, block, theme), cache_dir=cache_dir,
                             shown_as=block.path)
    except ImageProblem as problem:
        return problem
    except OSError as problem:  # the photo was read; its prepared copy could not be kept (a full disk)
        return OutputError(f"cannot write the prepared photos in '{cache_dir}': {problem.strerror or problem}")


def _lay_out(
    issue: Issue, text: IssueText, photos: dict[ImageBlock, PhotoShape], theme: Theme, file: str,
) -> tuple[Layout | None, list[Diagnostic]]:
    try:
        layout = lay_out(issue, text, photos, theme, file=file)
    except LayoutOverflow as stuck:
        # No valid file is known to get here; if one does, the user still learns where, not a traceback.
        return None, [error(
            file, stuck.ref.line, 1, f"this {stuck.ref.kind} cannot be placed in a column, even on a page of its own",
            hint="make it shorter or, for a photo, give it a smaller width",
        )]
    except TooManyPages as too_long:
        return None, [error(file, 0, 0, str(too_long), hint="split the issue, or move material to the next one")]
    return layout, layout.diagnostics


def missing_alt(block: ImageBlock, file: str) -> Diagnostic:
    """The build's warning for a photo without alt text (`check` makes it an error: preflight.py)."""
    return warning(
        file, block.where.line, block.where.column,
        f"photo '{block.path}' has no alt text, so the e-mail edition is not accessible (PDF/UA)",
        hint="add 'alt:' saying what the photo shows, for readers who cannot see it",
    )


def _render(
    layout: Layout, profile: Profile, standard: Standard, prepared: dict[ImageBlock, PreparedImage],
    photos: dict[ImageBlock, PhotoShape],
    issue: Issue, theme: Theme, brand: Brand, text: IssueText,
) -> RenderedPdf:
    colours = brand.print_profile if profile.colour_model == "cmyk" else brand.screen_profile
    return render_pdf(
        layout,
        photo_files={photos[block].name: image.path for block, image in prepared.items()},
        # The metadata and bookmarks in plain text: a reader's window shows "103rd", not "103^rd^".
        metadata=Metadata(
            title=f"{text.plain_title} — {issue.period.label}", author=brand.organisation,
            subject=issue.subject or _subject(issue), language=issue.language,
            keywords=", ".join(text.plain_headings), date=issue.period.end,
        ),
        standard=standard,
        intent=OutputIntent(profile=colours.file, identifier=colours.condition, description=colours.description,
                            colour_count=4 if profile.colour_model == "cmyk" else 3),
        page_width=theme.geometry.width, page_height=theme.geometry.height,
        base_font=theme.styles.body.fontName,
        bleed=profile.bleed, crop_marks=profile.crop_marks, colour_model=profile.colour_model,
        brand_cmyk={colour.rgb: colour_for(colour, "cmyk") for colour in brand.colours.values()},
    )


def build_issue(
    issue_path: Path, *, profiles: list[Profile], out_dir: Path | None = None, display_name: str | None = None,
) -> BuildResult:
    """Build the given editions of one issue; raises IssueFileError (with every diagnostic) on bad input."""
    out_dir = out_dir or default_out_dir(issue_path)
    check_writable(out_dir)
    made = make_editions(issue_path, profiles=profiles, display_name=display_name)
    assert made.issue is not None  # make_editions raises otherwise
    result = BuildResult(issue=made.issue)
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
