"""The harder issues under tests/cases/: each set up in a temporary project and built once per test session."""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from bulletinpdf.run.pipeline import BuildResult, build_issue
from bulletinpdf.render.profiles import PROFILES

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
CASE_NAMES = sorted(path.name for path in CASES.iterdir() if (path / "issues" / f"{path.name}.yaml").is_file())
# Shared with the real project rather than copied into every case.
_SHARED_ASSETS = ("brand.yaml", "logo.svg", "fonts")
_IMAGE_LINE = re.compile(r"^\s*-?\s*image:\s*(\S+)", re.MULTILINE)


def case_issue(name: str) -> Path:
    return CASES / name / "issues" / f"{name}.yaml"


def set_up_case(name: str, folder: Path) -> Path:
    """A project folder for one case: its issue file, the real brand and fonts, and photos drawn for it."""
    issues = folder / "issues"
    issues.mkdir(parents=True)
    issue = issues / f"{name}.yaml"
    shutil.copyfile(case_issue(name), issue)
    assets = folder / "assets"
    assets.mkdir()
    for entry in _SHARED_ASSETS:
        (assets / entry).symlink_to(ROOT / "assets" / entry)
    for index, image in enumerate(_IMAGE_LINE.findall(issue.read_text())):
        draw_photo(assets / image, portrait="portrait" in image, shade=index)
    return issue


def draw_photo(path: Path, *, portrait: bool, shade: int) -> None:
    """A stand-in photo with a frame and a diagonal, large enough for print at a full column."""
    size = (900, 1200) if portrait else (1200, 800)
    tone = 150 + 20 * (shade % 4)
    image = Image.new("RGB", size, (tone, tone - 20, tone - 50))
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, size[0] - 21, size[1] - 21], outline=(60, 60, 60), width=12)
    draw.line([0, 0, *size], fill=(90, 90, 90), width=10)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=80)


@functools.cache
def set_up_issue(name: str) -> Path:
    """The case's issue file in its own temporary project (with its photos), once per test session."""
    folder = Path(tempfile.mkdtemp(prefix=f"bulletinpdf-case-{name}-"))
    return set_up_case(name, folder / "project")


@functools.cache
def built_case(name: str) -> BuildResult:
    """The case built (e-mail edition: the layout is the same for both), once per test session."""
    issue = set_up_issue(name)
    folder = issue.parent.parent.parent
    return build_issue(issue, profiles=[PROFILES["email"]], out_dir=folder / "out",
                       display_name=f"issues/{name}.yaml")
