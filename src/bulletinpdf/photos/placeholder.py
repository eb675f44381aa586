"""A placeholder photo for a new issue, so that it builds before any of the quarter's photos is in."""

from __future__ import annotations

from pathlib import Path


def draw_example_photo(path: Path, *, fonts: Path) -> None:
    """A plain, clearly labelled placeholder photo, so the new issue builds before any photo is in."""
    from PIL import Image, ImageDraw, ImageFont

    size = (1200, 800)
    image = Image.new("RGB", size, (221, 227, 233))
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, size[0] - 24, size[1] - 24), outline=(137, 151, 165), width=6)
    for text, font_size, top in (("EXAMPLE PHOTO", 96, 290), ("replace it with this issue's photos", 48, 430)):
        try:
            face = ImageFont.truetype(str(fonts / "Carlito-Bold.ttf"), font_size)
        except OSError:
            face = ImageFont.load_default(font_size)
        draw.text((size[0] / 2, top), text, font=face, fill=(52, 64, 77), anchor="ma")
    image.save(path, "JPEG", quality=85)
