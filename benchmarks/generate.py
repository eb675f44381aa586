"""Benchmark input: a self-contained project (issues/, assets/) with a long generated issue and distinct photos."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from PIL import Image

PHOTO_SIZE = (4000, 3000)
# Calibrated on the 2016 Q4 brand: this many words fill about one two-column page beside the photos.
WORDS_PER_PAGE = 570
_WORDS = (
    "convention cluster munitions states parties implementation clearance destruction stockpiles victim "
    "assistance cooperation meeting workshop coordinators universalization obligations article report "
    "progress support humanitarian international regional national programme capacity framework strategy "
    "seminar delegates government ministry deadline commitments partners demining survey contamination "
    "the of and in to a for with on by as at from that which this their its were was has been"
).split()
_PROJECT = Path(__file__).resolve().parent.parent


def photo(path: Path, seed: int) -> None:
    """A 4000×3000 JPEG of its own: a coloured gradient with noise, so no two photos share content."""
    rng = random.Random(seed)
    # Made small and scaled up: fast to draw, yet full of real detail for the decoder after the noise.
    small = Image.merge("RGB", [
        Image.linear_gradient("L").rotate(rng.randrange(360)).resize((400, 300)),
        Image.radial_gradient("L").resize((400, 300)),
        Image.effect_noise((400, 300), 40 + seed % 50),
    ])
    large = small.resize(PHOTO_SIZE, Image.Resampling.BILINEAR)
    grain = Image.effect_noise((1000, 750), 25).convert("RGB").resize(PHOTO_SIZE, Image.Resampling.NEAREST)
    Image.blend(large, grain, 0.15).save(path, "JPEG", quality=85)


def paragraph(rng: random.Random, words: int, indent: str = "          ") -> str:
    """A paragraph as YAML block-scalar lines at `indent`, 12 words a line."""
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    chosen[0] = chosen[0].capitalize()
    lines = [" ".join(chosen[i : i + 12]) for i in range(0, words, 12)]
    return indent + f"\n{indent}".join(lines) + "."


def make_project(root: Path) -> Path:
    """A project folder with the real brand (linked, not copied) and empty issues/ and images folder."""
    (root / "issues").mkdir(parents=True, exist_ok=True)
    assets = root / "assets"
    (assets / "images" / "bench").mkdir(parents=True, exist_ok=True)
    for name in ("brand.yaml", "logo.svg", "fonts"):
        link = assets / name
        if not link.exists():
            link.symlink_to(_PROJECT / "assets" / name)
    return root


def make_photos(root: Path, count: int) -> list[str]:
    """Photos under assets/images/bench/, made once and kept across benchmark runs."""
    names = []
    for index in range(count):
        name = f"photo-{index + 1:02d}.jpg"
        path = root / "assets" / "images" / "bench" / name
        if not path.exists():
            photo(path, seed=index)
        names.append(f"images/bench/{name}")
    return names


def write_issue(root: Path, name: str, *, pages: int, photos: list[str], paragraph_words: int = 110) -> Path:
    """issues/NAME.yaml of about `pages` pages: sections of text, with the photos spread evenly through them."""
    rng = random.Random(pages)
    total_words = pages * WORDS_PER_PAGE
    paragraphs = max(1, total_words // paragraph_words)
    per_section = 4
    sections = max(1, paragraphs // per_section)
    photo_at = {round(i * sections / len(photos)): p for i, p in enumerate(photos)} if photos else {}
    out = ["title: Highlights", "period:", "  from: 2030-01-01", "  to: 2030-03-31", "language: en", "sections:"]
    for s in range(sections):
        out += [f"  - heading: Section {s + 1} on {rng.choice(_WORDS)} and {rng.choice(_WORDS)}", "    blocks:"]
        if s in photo_at:
            out += [
                f"      - image: {photo_at[s]}", f"        float: {'left' if s % 2 else 'right'}",
                "        width: 45%", f"        caption: Photo for section {s + 1}",
                f"        alt: A generated test picture for section {s + 1}",
            ]
        for _ in range(per_section):
            out += ["      - text: |", paragraph(rng, paragraph_words)]
    out += ["contact:", "  heading: Contact details", "  lines:", "    - Benchmark", "  email: info@example.org"]
    path = root / "issues" / f"{name}.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def write_long_paragraph(root: Path, name: str, *, words: int, split: bool) -> Path:
    """`words` words as one paragraph, or (split) as paragraphs of 100 words: the quadratic-layout probe."""
    rng = random.Random(words)
    chunks = [paragraph(rng, 100, indent="      ") for _ in range(words // 100)]
    if split:
        text = "\n\n".join(chunks)
    else:
        text = "\n".join(chunk.rstrip(".") for chunk in chunks) + "."
    out = [
        "title: Highlights", "period:", "  from: 2030-01-01", "  to: 2030-03-31", "language: en", "sections:",
        "  - heading: One long text", "    text: |", text,
    ]
    path = root / "issues" / f"{name}.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def clear_photo_cache(root: Path) -> None:
    """A cold image cache, as the issue defines cold: every photo is decoded and prepared again."""
    shutil.rmtree(root / "build" / "cache" / "photos", ignore_errors=True)


def clear_all_caches(root: Path) -> None:
    """The first build on a machine: photos, line breaks, markup and hyphenation patterns all made again."""
    shutil.rmtree(root / "build" / "cache", ignore_errors=True)
