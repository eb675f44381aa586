"""The photos each edition needs: taken from the cache, or prepared in forked workers while the issue is laid out."""

from __future__ import annotations

from functools import partial

from bulletinpdf.brand.theme import Theme
from bulletinpdf.cache_files import CacheFolder
from bulletinpdf.diagnostics import Diagnostic, error
from bulletinpdf.layout.story import PhotoShape
from bulletinpdf.model import ImageBlock
from bulletinpdf.photos.images import ImageProblem, PreparedImage, find_prepared, prepare_image
from bulletinpdf.render.output import OutputError
from bulletinpdf.render.profiles import Profile
from bulletinpdf.run.forking import Forked, cores_for_jobs

Request = tuple[Profile, ImageBlock]


class PhotoWork:
    """Started on entry: layout needs only the photos' proportions, which their headers gave, so the photos missing
    from the cache are decoded and prepared in forked workers meanwhile. `collect` waits for them."""

    def __init__(self, photos: dict[ImageBlock, PhotoShape], profiles: list[Profile], *, theme: Theme,
                 cache: CacheFolder, shares: dict[ImageBlock, float]):
        """`shares`: the share of the column each photo is placed at (layout.story.placed_shares)."""
        self.theme = theme
        self.cache = cache
        self.shares = shares
        wanted = [(profile, block) for profile in profiles for block in photos]
        self.found: dict[Request, PreparedImage | None] = {request: self._cached(request) for request in wanted}
        self.missing = [request for request in wanted if self.found[request] is None]
        self._work = Forked(partial(_prepare, theme=theme, cache=cache, shares=shares), self.missing,
                            workers=cores_for_jobs())

    def __enter__(self) -> PhotoWork:
        self._work.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._work.__exit__(*exc)

    def collect(self, file: str) -> list[Diagnostic]:
        """Wait for the workers; an error for each photo that could not be prepared."""
        problems: list[Diagnostic] = []
        for (profile, block), prepared in zip(self.missing, self._work.results()):
            if isinstance(prepared, OutputError):
                # Done again here, as forking.py redoes a failed child's share: a passing fault of a worker must
                # not stop the build; a full disk fails again and is reported.
                prepared = _prepare((profile, block), theme=self.theme, cache=self.cache, shares=self.shares)
            if isinstance(prepared, OutputError):
                raise prepared
            if isinstance(prepared, ImageProblem):
                problems.append(error(file, block.where.line, block.where.column, prepared.message, prepared.hint))
            else:
                self.found[profile, block] = prepared
        return problems

    def narrowed_to(self, shares: dict[ImageBlock, float], file: str) -> list[Diagnostic]:
        """The photos the layout narrowed, prepared again for the width they are placed at (the cache keeps them
        for the next build); few and rare, so done here rather than in workers."""
        problems: list[Diagnostic] = []
        for block, share in shares.items():
            self.shares[block] = share
            for request in [request for request in self.found if request[1] is block]:
                prepared = self._cached(request) or _prepare(request, theme=self.theme, cache=self.cache,
                                                             shares=self.shares)
                if isinstance(prepared, OutputError):
                    raise prepared
                if isinstance(prepared, ImageProblem):
                    problems.append(error(file, block.where.line, block.where.column, prepared.message, prepared.hint))
                else:
                    self.found[request] = prepared
        return problems

    @property
    def complete(self) -> bool:
        return None not in self.found.values()

    def for_edition(self, profile: Profile) -> dict[ImageBlock, PreparedImage]:
        return {block: prepared for (wanted, block), prepared in self.found.items() if wanted is profile}

    def _cached(self, request: Request) -> PreparedImage | None:
        profile, block = request
        return find_prepared(block.resolved, **_settings(profile, block, self.theme, self.shares[block]),
                             cache=self.cache)


def _settings(profile: Profile, block: ImageBlock, theme: Theme, share: float) -> dict:
    return dict(placed_width_pt=theme.geometry.column_width * share, max_ppi=profile.max_ppi,
                jpeg_quality=profile.jpeg_quality, color=profile.colour_model,
                press_profile=theme.brand.print_profile.file if profile.colour_model == "cmyk" else None)


def _prepare(request: Request, *, theme: Theme, cache: CacheFolder,
             shares: dict[ImageBlock, float]) -> PreparedImage | ImageProblem | OutputError:
    """The photo for one edition, or the problem that stops it (returned: it travels back from a worker whole)."""
    profile, block = request
    try:
        return prepare_image(block.resolved, **_settings(profile, block, theme, shares[block]), cache=cache,
                             shown_as=block.path)
    except ImageProblem as problem:
        return problem
    except OSError as problem:  # the photo was read; its prepared copy could not be kept (a full disk)
        return OutputError(f"cannot write the prepared photos in '{cache.path.parent}': {problem.strerror or problem}")
