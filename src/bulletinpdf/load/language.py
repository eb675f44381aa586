"""The languages an issue can be written in: the words the layout adds, from load/languages/CODE.yaml, and
the month names of the Unicode CLDR through Babel (used by this module only)."""

from __future__ import annotations

import json
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import yaml

from bulletinpdf.cache_files import CacheFolder
from bulletinpdf.model import Language, Typography

LANGUAGE_FILES = Path(__file__).parent / "languages"
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: a tenth of the time
# Every string a language file must give; the period's are under `period:` in the file.
WORDS = ("period.line", "period.range", "period.date", "period.date_with_year", "period.first_day", "page_of",
         "contact_heading", "see_more_at", "pdf_subject", "email_subject", "email_attached", "email_page_1")


class LanguageFileError(Exception):
    """A language file is broken: a project set-up problem, not the issue author's."""


def supported_codes() -> tuple[str, ...]:
    """The code of every language with a file, sorted: ('en', 'es', 'fr'); no file is read."""
    return tuple(sorted(path.stem for path in LANGUAGE_FILES.glob("*.yaml")))


def supported_languages() -> dict[str, str]:
    """Code → English name of every language with a file, sorted by code: {'en': 'English', 'es': 'Spanish', ...}."""
    return {code: _read(code)["name"] for code in supported_codes()}


def primary_code(tag: str) -> str:
    """'fr' from 'fr-CH' or 'FR'."""
    return tag.split("-", 1)[0].lower()


def load_language(code: str, *, cache_dir: Path | None = None) -> Language:
    """The language `code` names (a key of `supported_languages`); month names are kept in `cache_dir`, since
    Babel takes a tenth of a second to import and read its locale data."""
    data = _read(code)
    try:
        words = {name: str(_lookup(data, name)) for name in WORDS}
        rules = data.get("typography") or {}
        typography = Typography(**{key: str(rules.get(key) or "")
                                   for key in ("narrow_space_before", "narrow_space_after", "apostrophe", "quotes")})
    except (KeyError, TypeError) as problem:
        raise LanguageFileError(f"language file '{LANGUAGE_FILES / code}.yaml' lacks {problem}") from None
    return Language(code=code, name=str(data["name"]), months=month_names(code, cache_dir=cache_dir),
                    words=words, typography=typography)


def month_names(code: str, *, cache_dir: Path | None = None) -> tuple[str, ...]:
    """January to December in `code`, as written inside a date (CLDR's 'format' context, 'wide' width)."""
    kept = _kept_months(code, cache_dir)
    if kept is not None:
        payload = kept.read(code)
        try:
            names = json.loads(payload.decode("utf-8")) if payload is not None else None
        except ValueError:
            names = None
        if isinstance(names, list) and len(names) == 12 and all(isinstance(name, str) for name in names):
            return tuple(names)
    from babel import Locale

    wide = Locale.parse(code).months["format"]["wide"]
    names = tuple(str(wide[month]) for month in range(1, 13))
    if kept is not None:
        try:
            kept.write(code, json.dumps(names, ensure_ascii=False).encode())
        except OSError:
            pass  # a copy that cannot be kept only means asking Babel again next time
    return names


def _kept_months(code: str, cache_dir: Path | None) -> CacheFolder | None:
    """Versioned by Babel's data files for the language (their size and time), found without importing Babel."""
    if cache_dir is None:
        return None
    spec = find_spec("babel")
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(list(spec.submodule_search_locations)[0]) / "locale-data"
    try:
        stamps = [f"{path.stat().st_size}-{int(path.stat().st_mtime)}" for path in (data / "root.dat", data / f"{code}.dat")]
    except OSError:
        return None
    return CacheFolder(cache_dir, version=f"months-1|{'|'.join(stamps)}")


@cache
def _read(code: str) -> dict:
    path = LANGUAGE_FILES / f"{code}.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except FileNotFoundError:
        raise LanguageFileError(f"language file '{path}' not found") from None
    except yaml.YAMLError as problem:
        raise LanguageFileError(f"language file '{path}' is not valid YAML: {problem}") from None
    if not isinstance(data, dict) or "name" not in data:
        raise LanguageFileError(f"language file '{path}' must start with 'name:'")
    return data


def _lookup(data: dict, name: str):
    for key in name.split("."):
        data = data[key]
    return data
