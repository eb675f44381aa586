"""The pipeline: the one place that knows the order of the stages, from issue file to PDF files."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from pathlib import Path

from bulletinpdf.load.brand_file import Brand, load_brand
from bulletinpdf.brand.font_coverage import characters_the_added_words_lack, characters_the_fonts_lack
from bulletinpdf.brand.theme import FontFamily, Theme, colour_for, load_logo, logo_cache, make_theme, register_fonts
from bulletinpdf.cache_files import CacheFolder
from bulletinpdf.diagnostics import Diagnostic, IssueFileError, error, has_errors, sorted_diagnostics, warning
from bulletinpdf.layout import Layout, lay_out
from bulletinpdf.layout.columns import LayoutOverflow, TooManyPages
from bulletinpdf.layout.report import LayoutReport
from bulletinpdf.layout.story import PhotoShape, placed_shares
from bulletinpdf.lines.choices_cache import ChoicesCache
from bulletinpdf.lines.hyphenation import Hyphenator, PatternCache, hyphenator_for, patterns_identity
from bulletinpdf.lines.linebreak import LineBreaking
from bulletinpdf.load import project
from bulletinpdf.load.reader import load_issue
from bulletinpdf.model import ImageBlock, Issue
from bulletinpdf.photos.images import ImageProblem, PreparedImage, photo_cache, read_header
from bulletinpdf.render.canvas import Metadata, RenderedPdf, render_pdf
from bulletinpdf.render.output import check_writable, write_all_atomically
from bulletinpdf.render.profiles import ARCHIVE_ONLY, OutputIntent, Profile, Standard
from bulletinpdf.run.forking import Forked, cores_for_jobs
from bulletinpdf.run.photo_work import PhotoWork
from bulletinpdf.run.sharpness import blurred_in_print
from bulletinpdf.text.issue_text import IssueText, PlainText, mark_up_issue
from bulletinpdf.text.markup_cache import MarkupCache
from bulletinpdf.text.typography import NARROW_NO_BREAK_SPACE, NO_BREAK_SPACE, NO_SPACING, Spacing


# From this many pages on, the editions are drawn side by side: 2016 Q4's two pages draw in 40 ms, less than a fork.
PAGES_WORTH_FORKING = 6


@dataclass
class BuildResult:
    issue: Issue | None = None
    """The issue as read, for what the commands make besides the PDFs (the e-mail)."""
    outputs: dict[str, Path] = field(default_factory=dict)
    """Output file per profile name."""
    pages: dict[str, int] = field(default_factory=dict)
    report: LayoutReport | None = None
    """The layout report (the editions share one layout)."""
    report_path: Path | None = None
    plain: PlainText | None = None
    """The issue's words without markup, from the same parse as the PDFs' (for the e-mail)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Warnings only: a build with errors raises IssueFileError instead."""


def default_out_dir(issue_path: Path) -> Path:
    return project.project_root_for(issue_path) / "build" / project.quarter_of(issue_path)


def output_name(issue: Issue, profile: Profile) -> str:
    """highlights-2016Q4-print.pdf; a translation's carry its language: highlights-2016Q4-fr-print.pdf."""
    return f"highlights-{issue.name_in_files}-{profile.name}.pdf"


def report_name(issue: Issue) -> str:
    """layout-report.json; a translation's carries its language: layout-report-fr.json."""
    return f"layout-report-{issue.translation}.json" if issue.translation else "layout-report.json"


@dataclass
class Edition:
    """One edition made in memory: its PDF bytes and what preflight needs to know about them."""

    profile: Profile
    pdf: RenderedPdf
    pages: int
    images: dict[ImageBlock, PreparedImage]
    """The photos as prepared for this edition."""
    column_width: float
    """In points: what a photo's `width:` is a share of."""


@dataclass
class Editions:
    issue: Issue | None
    """None when the issue file could not be read at all."""
    editions: dict[str, Edition] = field(default_factory=dict)
    """Per profile name; empty when errors stopped the build before rendering."""
    report: LayoutReport | None = None
    """None when nothing could be laid out."""
    plain: PlainText | None = None
    """The issue's words without markup, for what is made besides the PDFs (the e-mail)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def make_editions(
    issue_path: Path, *, profiles: list[Profile], display_name: str | None = None, keep_going: bool = False,
) -> Editions:
    """Run every stage up to the PDF bytes, writing nothing.

    Raises IssueFileError (with every diagnostic) on bad input; with `keep_going` it returns them instead,
    and still renders when the errors leave something to render (a bad link, an undrawable character).
    """
    file = display_name or str(issue_path)
    found = Findings(keep_going=keep_going)
    issue = found.take(load_issue(issue_path, display_name=file))
    brand = found.take(load_brand(project.assets_dir_for(issue_path), issue.brand)) if issue else None
    found.stop_on_errors()
    if issue is None or brand is None:
        return Editions(issue=issue, diagnostics=found.all())
    caches = Caches.under(project.project_root_for(issue_path) / "build" / "cache", language=issue.language)
    fonts = register_fonts(**brand.fonts)
    text = found.take(_marked_up(issue, brand, fonts, file, caches.markup))
    found.add(_characters_missing(issue, brand, fonts, file))
    photos = found.take(_read_photos(issue, file))
    theme = make_theme(brand, fonts=fonts, hyphenate=_hyphenator(issue.language, caches.hyphenation),
                       logo=load_logo(brand.logo, cache=caches.logo))
    line_breaking = LineBreaking(remembered=caches.line_breaks.load())
    # Errors so far stop the build, unless this is a preflight; every photo is still prepared, so one run reports
    # every damaged photo too. A photo that cannot be read leaves nothing to lay out.
    worth_laying_out = (keep_going or not found.errors) and len(photos) == len(issue.image_blocks)
    with PhotoWork(photos, profiles, theme=theme, cache=caches.photos,
                   shares=placed_shares(issue, theme)) as photo_work:
        layout = found.take(_lay_out(issue, text, photos, theme, line_breaking, file)) if worth_laying_out else None
        found.add(photo_work.collect(file))
        if layout is not None and photo_work.complete:
            found.add(photo_work.narrowed_to(layout.narrowed, file))
    found.stop_on_errors()
    if layout is None or not photo_work.complete:
        return Editions(issue=issue, diagnostics=found.all())
    _keep_choices(caches.line_breaks, line_breaking)
    editions = found.take(_draw_editions(layout, profiles, photo_work, photos, issue, text, theme, brand, file))
    return Editions(issue=issue, editions=editions, report=layout.report, plain=text.plain, diagnostics=found.all())


@dataclass
class Findings:
    """Every diagnostic of one run, and the policy for errors: they stop the build, unless it is a preflight."""

    keep_going: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, found: list[Diagnostic]) -> None:
        self.diagnostics += found

    def take(self, result: tuple[Any, list[Diagnostic]]) -> Any:
        """A stage's result; its diagnostics are kept."""
        value, found = result
        self.add(found)
        return value

    @property
    def errors(self) -> bool:
        return has_errors(self.diagnostics)

    def stop_on_errors(self) -> None:
        if self.errors and not self.keep_going:
            raise IssueFileError(self.all())

    def all(self) -> list[Diagnostic]:
        # Every edition marks up the same text; its problems are reported once.
        return sorted_diagnostics(list(dict.fromkeys(self.diagnostics)))


@dataclass(frozen=True)
class Caches:
    """What one build works out and the next reuses, under build/cache: each a verified store (cache_files.py) in
    its own folder, keyed by everything that changes what it holds."""

    photos: CacheFolder
    """The photos as prepared for each edition (photos/images.py)."""
    logo: CacheFolder
    """The logo as a drawing (brand/theme.py)."""
    line_breaks: ChoicesCache
    """The line breaks chosen for justified paragraphs, for the issue's exact patterns (lines/choices_cache.py)."""
    markup: MarkupCache
    """Each issue's texts as marked up (text/markup_cache.py)."""
    hyphenation: PatternCache
    """The hyphenation patterns, parsed (lines/hyphenation.py)."""

    @classmethod
    def under(cls, root: Path, *, language: str) -> Caches:
        return cls(photos=photo_cache(root / "photos"), logo=logo_cache(root / "logo"),
                   line_breaks=ChoicesCache(root / "linebreaks", patterns=patterns_identity(language)),
                   markup=MarkupCache(root / "markup"), hyphenation=PatternCache(root / "hyphenation"))


def _hyphenator(language: str, kept_in: PatternCache) -> Hyphenator:
    kept_in.load(language)
    return hyphenator_for(language)


def _keep_choices(cache: ChoicesCache, line_breaking: LineBreaking) -> None:
    try:
        cache.save(line_breaking.new)
    except OSError:
        pass  # a cache that cannot be written only means the next build searches again


def _characters_missing(issue: Issue, brand: Brand, fonts: FontFamily, file: str) -> list[Diagnostic]:
    """Characters the brand's fonts cannot draw, in the issue's text and in the words the layout adds."""
    return (characters_the_fonts_lack(issue, fonts, file)
            + characters_the_added_words_lack(issue, brand.organisation_in(issue.words.code), fonts, file))


def _draw_editions(
    layout: Layout, profiles: list[Profile], photo_work: PhotoWork, photos: dict[ImageBlock, PhotoShape],
    issue: Issue, text: IssueText, theme: Theme, brand: Brand, file: str,
) -> tuple[dict[str, Edition], list[Diagnostic]]:
    """Each edition drawn from the same layout (long issues draw theirs side by side), and what to warn of: a
    photo without alt text where an edition is meant to be accessible, an edition over its size budget."""
    without_alt = _photos_without_alt(issue)
    warnings = [missing_alt(block, file) for block in without_alt] if any(
        profile.standard.pdf_ua for profile in profiles) else []

    def edition(profile: Profile) -> Edition:
        prepared = photo_work.for_edition(profile)
        # A file that claims PDF/UA must pass it: without every photo's alt text, the claim is left out.
        standard = ARCHIVE_ONLY if profile.standard.pdf_ua and without_alt else profile.standard
        return Edition(profile=profile, pages=len(layout.pages), images=prepared,
                       column_width=theme.geometry.column_width,
                       pdf=_render(layout, profile, standard, prepared, photos, issue, text, theme, brand))

    workers = cores_for_jobs() if len(layout.pages) >= PAGES_WORTH_FORKING else 1
    with Forked(edition, profiles, workers=workers) as drawing:
        editions = {made.profile.name: made for made in drawing.results()}
    for made in editions.values():
        warnings += _over_budget(made.pdf.data, made.profile, file)
    return editions, warnings


def _marked_up(issue: Issue, brand: Brand, fonts: FontFamily, file: str, cache: MarkupCache,
               ) -> tuple[IssueText, list[Diagnostic]]:
    """The issue's text as ReportLab markup, the same in every edition (links are in the brand's RGB, which print
    maps to CMYK), in the typography of its language; texts unchanged since the last build come from the cache."""
    known = cache.load(issue.name_in_files)
    text, diagnostics, made = mark_up_issue(issue, file=file, link_color=brand.colours["link"].rgb, known=known,
                                            spacing=_spacing(issue, fonts))
    if made.keys() != known.keys():
        try:
            cache.save(issue.name_in_files, made)
        except OSError:
            pass  # a cache that cannot be written only means marking up again next time
    return text, diagnostics


def _spacing(issue: Issue, fonts: FontFamily) -> Spacing:
    """The language's typography with a space the brand's fonts have: a font without the narrow no-break space
    (U+202F) gets the full-width no-break space, which breaks no more; without the typographic apostrophe, the
    author's straight one stays, and without the typographic quotes, the straight ones."""
    rules = issue.words.typography
    if not (rules.spaced or rules.apostrophe or rules.quotes):
        return NO_SPACING
    missing = set(fonts.missing(NARROW_NO_BREAK_SPACE + rules.apostrophe + rules.quotes + "’"))
    if rules.apostrophe in missing:
        rules = replace(rules, apostrophe="")
    if missing & set(rules.quotes + "’"):  # the typographer's apostrophe is always ’
        rules = replace(rules, quotes="")
    return Spacing(rules, NO_BREAK_SPACE if NARROW_NO_BREAK_SPACE in missing else NARROW_NO_BREAK_SPACE)


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


def _lay_out(
    issue: Issue, text: IssueText, photos: dict[ImageBlock, PhotoShape], theme: Theme, line_breaking: LineBreaking,
    file: str,
) -> tuple[Layout | None, list[Diagnostic]]:
    try:
        layout = lay_out(issue, text, photos, theme, line_breaking=line_breaking, file=file)
    except LayoutOverflow as stuck:
        # No valid file is known to get here; if one does, the user still learns where, not a traceback.
        return None, [error(
            file, stuck.ref.line, 1, f"this {stuck.ref.kind} cannot be placed in a column, even on a page of its own",
            hint="make it shorter or, for a photo, give it a smaller width",
        )]
    except TooManyPages as too_long:
        return None, [error(file, 0, 0, str(too_long), hint="split the issue, or move material to the next one")]
    return layout, layout.diagnostics


def _photos_without_alt(issue: Issue) -> list[ImageBlock]:
    return [block for block in issue.image_blocks if not block.alt.strip()]


def missing_alt(block: ImageBlock, file: str) -> Diagnostic:
    """The build's warning for a photo without alt text (`check` makes it an error: preflight.py)."""
    return warning(
        file, block.where.line, block.where.column,
        f"photo '{block.path}' has no alt text, so the e-mail edition is not accessible (PDF/UA)",
        hint="add 'alt:' saying what the photo shows, for readers who cannot see it",
    )


def _render(
    layout: Layout, profile: Profile, standard: Standard, prepared: dict[ImageBlock, PreparedImage],
    photos: dict[ImageBlock, PhotoShape], issue: Issue, text: IssueText, theme: Theme, brand: Brand,
) -> RenderedPdf:
    colours = brand.print_profile if profile.colour_model == "cmyk" else brand.screen_profile
    return render_pdf(
        layout,
        photo_files={photos[block].name: image for block, image in prepared.items()},
        # The metadata and bookmarks in plain text: a reader's window shows "103rd", not "103^rd^".
        metadata=Metadata(
            title=f"{text.plain.title} — {issue.period_line}", author=brand.organisation_in(issue.words.code),
            subject=issue.subject or _subject(issue), language=issue.language,
            keywords=", ".join(text.plain.headings), date=issue.period.end,
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
    result = BuildResult(issue=made.issue, plain=made.plain)
    # Written only once every edition has been made, all together, so a failure leaves all old files as they were.
    files: dict[Path, bytes] = {}
    for name, edition in made.editions.items():
        target = out_dir / output_name(made.issue, edition.profile)
        files[target] = edition.pdf.data
        result.outputs[name] = target
        result.pages[name] = edition.pages
    result.report = made.report
    result.report_path = out_dir / report_name(made.issue)
    files[result.report_path] = result.report.to_json().encode()
    write_all_atomically(files)
    result.diagnostics = sorted_diagnostics(made.diagnostics + _blurred_in_print(made, file=display_name or str(issue_path)))
    return result


def _blurred_in_print(made: Editions, *, file: str) -> list[Diagnostic]:
    """What `check` reports as an error for the print edition (too few pixels), as a warning of the build."""
    found: list[Diagnostic] = []
    for edition in made.editions.values():
        if edition.profile.colour_model != "cmyk":
            continue
        for block, prepared in edition.images.items():
            # Under the profile's maximum the prepared photo keeps every pixel of the file: its width is the file's.
            placed = [p.width_pt for p in edition.pdf.placed_photos if p.path == str(prepared.path)]
            found += blurred_in_print(block, width_px=prepared.width_px, placed_pt=placed,
                                      column_pt=edition.column_width, file=file)
    return list(dict.fromkeys(found))


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
    return issue.words.say("pdf_subject", period=issue.period_line)
