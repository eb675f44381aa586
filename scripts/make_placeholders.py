"""Write honest stand-ins for the 2016 Q4 photographs we do not have.

The printed 2016 Q4 issue had three pictures that are not in the archive: the RAVIAC seminar in
Rakitje, the African Union meeting in Addis Ababa, and the cover of the publication "Guidance on an
Integrated Approach to Victim Assistance". This script draws a placeholder for each under
assets/images/2016Q4/: a quiet tint, a thin frame, a pictogram and a label saying what belongs there.

To use the real picture, drop it in place of the placeholder under the same file name; nothing else
changes (the issue file refers to the name, and the image stage sizes any photo for the page).

Run from anywhere: .venv/bin/python scripts/make_placeholders.py
Output is deterministic (same bytes on every run with the same Pillow), so re-running makes no diff.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "assets" / "fonts"
OUT = ROOT / "assets" / "images" / "2016Q4"
QUALITY = 85

Color = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    top: Color
    bottom: Color
    """The background runs from `top` to `bottom`: a gradient too faint to notice, but no flat slab."""
    line: Color
    """Frame and pictogram."""
    ink: Color
    """Text."""


BLUE_GREY = Palette(top=(226, 231, 236), bottom=(211, 218, 225), line=(137, 151, 165), ink=(52, 64, 77))
SAND = Palette(top=(240, 234, 222), bottom=(228, 219, 202), line=(160, 146, 120), ink=(64, 56, 44))


def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("Carlito-Bold.ttf" if bold else "Carlito-Regular.ttf")), size)


def background(size: tuple[int, int], palette: Palette) -> Image.Image:
    # A one-pixel-wide column stretched sideways: a smooth vertical gradient at no cost.
    width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(1, height - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(palette.top, palette.bottom)))
    return column.resize(size, Image.Resampling.NEAREST)


def frame(draw: ImageDraw.ImageDraw, size: tuple[int, int], palette: Palette) -> None:
    inset = round(min(size) * 0.03)
    draw.rectangle((inset, inset, size[0] - inset, size[1] - inset), outline=palette.line, width=max(3, inset // 12))


def wrap(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=face) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def centred_lines(
    draw: ImageDraw.ImageDraw, text: str, *, face: ImageFont.FreeTypeFont, centre_x: float, top: float,
    width: float, fill: Color, leading: float = 1.2,
) -> float:
    """Draw `text` wrapped to `width`, each line centred; return the y below the last line."""
    step = face.size * leading
    y = top
    for line in wrap(draw, text, face, width):
        draw.text((centre_x, y), line, font=face, fill=fill, anchor="ma")
        y += step
    return y


def tracked(draw: ImageDraw.ImageDraw, text: str, *, face: ImageFont.FreeTypeFont, centre_x: float, top: float,
            fill: Color, tracking: float) -> None:
    """Capitals spaced out by `tracking` × the font size, centred: the look of a label, not a headline."""
    gap = face.size * tracking
    widths = [draw.textlength(ch, font=face) for ch in text]
    x = centre_x - (sum(widths) + gap * (len(text) - 1)) / 2
    for ch, w in zip(text, widths):
        draw.text((x, top), ch, font=face, fill=fill)
        x += w + gap


def camera(draw: ImageDraw.ImageDraw, centre: tuple[float, float], width: float, palette: Palette) -> None:
    """A camera outline: body, viewfinder hump, lens, flash."""
    cx, cy = centre
    stroke = max(4, round(width / 36))
    body_h = width * 0.62
    left, right = cx - width / 2, cx + width / 2
    top, bottom = cy - body_h / 2 + width * 0.06, cy + body_h / 2 + width * 0.06
    hump_w, hump_h = width * 0.32, width * 0.12
    draw.rounded_rectangle((cx - hump_w / 2, top - hump_h, cx + hump_w / 2, top + stroke), radius=stroke * 2,
                           outline=palette.line, width=stroke)
    draw.rounded_rectangle((left, top, right, bottom), radius=width * 0.08, fill=palette.top,
                           outline=palette.line, width=stroke)
    lens_mid = (cx, (top + bottom) / 2)
    for r in (body_h * 0.34, body_h * 0.2):
        draw.ellipse((lens_mid[0] - r, lens_mid[1] - r, lens_mid[0] + r, lens_mid[1] + r),
                     outline=palette.line, width=stroke)
    dot = stroke * 1.6
    fx, fy = right - width * 0.12, top + width * 0.1
    draw.ellipse((fx - dot, fy - dot, fx + dot, fy + dot), fill=palette.line)


def document(draw: ImageDraw.ImageDraw, centre: tuple[float, float], height: float, palette: Palette) -> None:
    """A page outline with a folded corner and a few text lines."""
    cx, cy = centre
    stroke = max(4, round(height / 40))
    width = height / 2 ** 0.5
    left, top, right, bottom = cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2
    fold = width * 0.28
    draw.polygon([(left, top), (right - fold, top), (right, top + fold), (right, bottom), (left, bottom)],
                 outline=palette.line, width=stroke)
    draw.line([(right - fold, top), (right - fold, top + fold), (right, top + fold)], fill=palette.line,
              width=stroke, joint="curve")
    for i, share in enumerate((0.55, 0.75, 0.75, 0.75, 0.45)):
        y = top + height * (0.36 + i * 0.11)
        x0 = left + width * 0.14
        draw.line([(x0, y), (x0 + (width * 0.72) * share, y)], fill=palette.line, width=stroke)


def photo_placeholder(path: Path, *, subject: str) -> None:
    size = (3000, 2000)
    palette = BLUE_GREY
    image = background(size, palette)
    draw = ImageDraw.Draw(image)
    frame(draw, size, palette)
    centre_x = size[0] / 2
    camera(draw, (centre_x, 560), 560, palette)
    tracked(draw, "PHOTO PLACEHOLDER", face=font(120, bold=True), centre_x=centre_x, top=960, fill=palette.ink,
            tracking=0.12)
    below = centred_lines(draw, subject, face=font(104), centre_x=centre_x, top=1170, width=2400, fill=palette.ink)
    centred_lines(draw, "Replace this file with the real photograph (same name)", face=font(64),
                  centre_x=centre_x, top=max(below + 90, 1500), width=2400, fill=palette.line)
    save(image, path)


def cover_placeholder(path: Path, *, title: str) -> None:
    size = (2100, 2970)  # A4 proportions
    palette = SAND
    image = background(size, palette)
    draw = ImageDraw.Draw(image)
    # A publication-like band at the top carrying the title, as a cover would.
    draw.rectangle((0, 0, size[0], 1060), fill=palette.ink)
    centre_x = size[0] / 2
    centred_lines(draw, title, face=font(150, bold=True), centre_x=centre_x, top=300, width=1700,
                  fill=palette.top, leading=1.12)
    frame(draw, size, palette)
    document(draw, (centre_x, 1760), 780, palette)
    tracked(draw, "PLACEHOLDER COVER", face=font(84, bold=True), centre_x=centre_x, top=2370, fill=palette.ink,
            tracking=0.12)
    centred_lines(draw, "Replace this file with an image of the real cover (same name)", face=font(60),
                  centre_x=centre_x, top=2560, width=1700, fill=palette.line)
    save(image, path)


def save(image: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # No EXIF, no timestamps, baseline: the bytes depend only on the drawing.
    image.save(path, "JPEG", quality=QUALITY, optimize=True, progressive=False)
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


def main() -> None:
    photo_placeholder(OUT / "raviac-seminar.jpg", subject="RAVIAC seminar, Rakitje, Croatia")
    photo_placeholder(OUT / "au-meeting-addis-ababa.jpg", subject="African Union meeting, Addis Ababa, Ethiopia")
    cover_placeholder(OUT / "guidance-victim-assistance-cover.jpg",
                      title="Guidance on an Integrated Approach to Victim Assistance")


if __name__ == "__main__":
    main()
