"""Images: checks photos and prepares them for a profile (pixel size, ppi, JPEG), through a shared cache.

Pillow lives only here. Two entry points:

- `inspect_image` verifies a file (header size first, then a complete decode) and returns cheap facts;
- `prepare_image` returns a JPEG sized for its placed width, from the cache when the same photo was
  already prepared with the same settings, so an unchanged photo is decoded once across builds.

Decisions:

- The output is always a baseline JPEG. The bulletin places photographs; line art belongs in SVG,
  and one output format keeps ReportLab's embedding path (JPEG bytes copied as they are) simple.
- Colours are sRGB: an embedded ICC profile is applied and then dropped, no EXIF or ICC goes out.
- color="cmyk" keeps CMYK sources in CMYK (no lossy round trip) and converts RGB photos to the press's CMYK
  through its ICC profile (`press_profile`, the print edition's PDF/X output intent) with littleCMS,
  relative colorimetric with black point compensation: PDF/X leaves no untagged RGB for the print shop's RIP
  to guess at.
- Greyscale stays greyscale (a smaller file, and black ink only in print).
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from PIL import __version__ as PILLOW_VERSION

from bulletinpdf.cache_files import CacheFolder

# Formats Pillow may even try to parse: fewer parsers, less attack surface, and no EPS (Ghostscript).
# Phones' MPO files come in through the JPEG opener and report format 'MPO'.
ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP")
DEFAULT_MAX_PIXELS = 40_000_000
# Bump when the preparation changes, so old cache entries are no longer hit.
_CACHE_VERSION = "images-v2"
_ROTATED_ORIENTATIONS = {5, 6, 7, 8}
# What a file that is not an image is recognised by (see _not_an_image): its first bytes.
_HEAD_SAMPLE = 65536
_EXIF_ORIENTATION = 0x0112


class ImageProblem(Exception):
    """A photo the bulletin cannot use; the message names the file, the hint says what to do."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(f"{message}; {hint}" if hint else message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class ImageInfo:
    """Cheap facts about a photo, known to decode completely."""

    width_px: int
    """Upright, after the EXIF orientation is applied."""
    height_px: int
    format: str
    """As found from the content ('PNG' for a PNG named .jpg)."""
    mode: str
    """Pillow's mode of the file as stored: 'RGB', 'CMYK', 'I;16', 'P', ..."""
    warnings: tuple[str, ...]
    """Messages in the same form as ImageProblem's, e.g. for an animated GIF."""


@dataclass(frozen=True)
class PreparedImage:
    """A JPEG ready to embed as it is: its bytes as verified when read from the cache, or as just made."""

    path: Path
    """The cache entry it was read from or kept in: its identity (one file placed twice at one size is one entry)."""
    data: bytes = field(repr=False)
    width_px: int
    height_px: int
    ppi: float
    """Effective pixels per inch at the placed width."""


@dataclass(frozen=True)
class ImageHeader:
    """What the header says, without decoding the pixels: enough to lay a photo out."""

    width_px: int
    """Upright, after the EXIF orientation is applied."""
    height_px: int
    warnings: tuple[str, ...]
    """As in ImageInfo."""


def read_header(path: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS, shown_as: str | None = None) -> ImageHeader:
    """The upright size and warnings of a photo from its header; raise ImageProblem for what cannot be a photo.

    A file damaged after its header passes here; preparing it (prepare_image) finds that out.
    """
    name = shown_as or path.name
    # Only the header is read: the pipeline reads every photo's bytes once more to find it in the cache.
    with _opened(path, name) as stream, _open(stream, name, max_pixels) as im:
        width, height = im.size
        found = _warnings_for(im, name)
        try:
            rotated = _is_rotated(im)  # a JPEG's EXIF is in its header; a PNG's may follow its pixels (Pillow loads)
        except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
            raise _damaged(name, exc) from None
    if rotated:
        width, height = height, width
    return ImageHeader(width_px=width, height_px=height, warnings=found)


def inspect_image(path: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS, shown_as: str | None = None) -> ImageInfo:
    """Check that `path` is a photo we can print and decode it completely; raise ImageProblem if not.

    `shown_as` is the path as the user wrote it, used in messages (default: the file name).
    """
    name = shown_as or path.name
    data = _read(path, name)
    with _open(data, name, max_pixels) as im:
        width, height = im.size
        fmt, mode = im.format or "unknown", im.mode
        found = _warnings_for(im, name)
        if im.format in ("JPEG", "MPO"):
            # The DCT decoder still reads every byte at 1/8 scale, so truncation is caught, 5× faster.
            im.draft(im.mode, (max(1, width // 8), max(1, height // 8)))
        _load(im, name)
        rotated = _is_rotated(im)  # after load: a PNG's EXIF may follow its pixel data
    if rotated:
        width, height = height, width
    return ImageInfo(width_px=width, height_px=height, format=fmt, mode=mode, warnings=found)


def prepare_image(
    source: Path,
    *,
    placed_width_pt: float,
    max_ppi: int,
    jpeg_quality: int,
    color: Literal["rgb", "cmyk"] = "rgb",
    cache: CacheFolder,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    shown_as: str | None = None,
    press_profile: Path | None = None,
) -> PreparedImage:
    """A JPEG of `source` with at most `max_ppi` at `placed_width_pt` (never upsampled), from the cache if there.

    Raises ImageProblem for files that are not usable photos (see inspect_image).
    """
    if placed_width_pt <= 0 or max_ppi <= 0 or not 1 <= jpeg_quality <= 100 or color not in ("rgb", "cmyk"):
        raise ValueError(f"bad image settings: {placed_width_pt=} {max_ppi=} {jpeg_quality=} {color=}")
    name = shown_as or source.name
    data = _read(source, name)
    with _open(data, name, max_pixels):
        pass  # refused here, before the cache is asked, when it cannot be a photo (read_header gives the warnings)
    # Rounded so float noise in the layout does not miss the cache; the pixel size follows the
    # rounded width, so an entry never depends on which build wrote it.
    width_pt = round(placed_width_pt, 1)
    digest = hashlib.sha256(data).hexdigest()
    key = _cache_key(digest, width_pt=width_pt, max_ppi=max_ppi, quality=jpeg_quality, color=color,
                     press_profile=press_profile)
    found = _cached(cache, key, placed_width_pt)
    if found is not None:
        return found
    max_width_px = max(1, math.floor(width_pt / 72 * max_ppi))
    encoded, (width_px, height_px) = _render(data, name, max_pixels, max_width_px=max_width_px, quality=jpeg_quality,
                                             color=color, press_profile=press_profile)
    # Another build may write the same entry at once: each writes a whole file, the rename picks one.
    cache.write(key, encoded)
    return PreparedImage(path=cache.entry_path(key), data=encoded, width_px=width_px, height_px=height_px,
                         ppi=width_px / (placed_width_pt / 72))


def _read(path: Path, name: str) -> bytes:
    with _opened(path, name) as stream:
        try:
            return stream.read()
        except OSError as exc:
            raise _unreadable(name, exc) from None


@contextmanager
def _opened(path: Path, name: str) -> Iterator[BinaryIO]:
    """The file open for reading, or the ImageProblem that says it is missing, unreadable or empty."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise ImageProblem(f"'{name}' does not exist", "check the file name and folder") from None
    except OSError as exc:
        raise _unreadable(name, exc) from None
    with stream:
        try:
            empty = not stream.read(1)
            stream.seek(0)
        except OSError as exc:
            raise _unreadable(name, exc) from None
        if empty:
            raise ImageProblem(f"'{name}' is empty (0 bytes)", "copy it again from the original")
        yield stream


def _unreadable(name: str, exc: OSError) -> ImageProblem:
    return ImageProblem(f"'{name}' cannot be read ({exc.strerror or exc})")


def _open(source: bytes | BinaryIO, name: str, max_pixels: int) -> Image.Image:
    """Open the header only, refusing anything over `max_pixels` before a single pixel is decoded.

    `source` is the file's bytes, or the file open for reading: Pillow then reads no more than the header needs.
    """
    with warnings.catch_warnings():
        # Pillow only warns between 89 and 179 megapixels; we refuse far earlier anyway.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source, formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            raise _too_large(name, None, int(found.group(1)) if found else None, max_pixels) from None
        except UnidentifiedImageError:
            if not isinstance(source, bytes):
                source.seek(0)
                source = source.read(_HEAD_SAMPLE)
            raise _not_an_image(source, name) from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _damaged(name, exc) from None
    width, height = im.size
    if width * height > max_pixels:
        im.close()
        raise _too_large(name, (width, height), width * height, max_pixels)
    return im


def _load(im: Image.Image, name: str) -> None:
    try:
        im.load()
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        raise _damaged(name, exc) from None


def _warnings_for(im: Image.Image, name: str) -> tuple[str, ...]:
    frames = getattr(im, "n_frames", 1)
    if frames <= 1 or im.format == "MPO":  # MPO: a phone's extra preview or depth picture, not content
        return ()
    if im.format == "TIFF":
        return (f"'{name}' has {frames} pages; only the first is printed",)
    return (f"'{name}' is animated ({frames} frames); only the first frame is printed",)


def _is_rotated(im: Image.Image) -> bool:
    return im.getexif().get(_EXIF_ORIENTATION) in _ROTATED_ORIENTATIONS


def _fitted(width: int, height: int, max_width_px: int) -> tuple[int, int]:
    """The upright size at most `max_width_px` wide, never larger than the original."""
    if width <= max_width_px:
        return width, height
    return max_width_px, max(1, round(height * max_width_px / width))


def _render(
    data: bytes, name: str, max_pixels: int, *, max_width_px: int, quality: int, color: str,
    press_profile: Path | None = None,
) -> tuple[bytes, tuple[int, int]]:
    """Decode, make upright, reduce to `max_width_px`, bring to 8-bit RGB/L/CMYK, encode as JPEG."""
    with _open(data, name, max_pixels) as im:
        icc = im.info.get("icc_profile")
        stored = im.size
        if im.format in ("JPEG", "MPO"):
            _reduce_while_decoding(im, max_width_px)
        _load(im, name)
        rotated = _is_rotated(im)
        upright = ImageOps.exif_transpose(im)
    size = _fitted(*(stored[::-1] if rotated else stored), max_width_px)
    if upright.size != size:
        upright = upright.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    flat = _to_output_mode(upright, icc=icc, color=color)
    if color == "cmyk" and press_profile is not None and flat.mode == "RGB":
        flat = ImageCms.applyTransform(flat, _to_press(str(press_profile)))
    out = io.BytesIO()
    flat.save(out, "JPEG", quality=quality, optimize=True, progressive=False)
    return out.getvalue(), flat.size


def _reduce_while_decoding(im: Image.Image, max_width_px: int) -> None:
    """Let libjpeg decode at 1/2, 1/4 or 1/8 scale, never below the size we need (FIELD-NOTES: ~5× faster)."""
    # A JPEG's EXIF sits in its header, so the orientation is known before decoding; draft() wants
    # the size as stored, not upright.
    rotated = _is_rotated(im)
    width, height = im.size[::-1] if rotated else im.size
    needed = _fitted(width, height, max_width_px)
    if needed[0] < width:
        im.draft(im.mode, needed[::-1] if rotated else needed)


def _to_output_mode(im: Image.Image, *, icc: bytes | None, color: str) -> Image.Image:
    """8-bit sRGB, grey, or (for color='cmyk' and a CMYK source) CMYK; transparency on white."""
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit grey: convert('L') would clip everything above 255 to white.
        return im.convert("I").point(lambda v: v / 257).convert("L")
    if im.mode == "F":
        return im.convert("L")
    if im.mode == "CMYK":
        if color == "cmyk":
            return im
        return _to_srgb(im, icc) if icc else im.convert("RGB")
    grey = im.mode in ("1", "L", "LA", "La") or (im.mode in ("P", "PA") and _palette_is_grey(im))
    if im.mode in ("RGBA", "RGBa", "LA", "La", "PA") or "transparency" in im.info:
        rgba = im.convert("RGBA")
        im = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    elif im.mode != "RGB":
        im = im.convert("RGB")
    if icc and not grey:
        im = _to_srgb(im, icc)
    return im.convert("L") if grey else im


def _palette_is_grey(im: Image.Image) -> bool:
    colors = im.convert("RGB").getcolors(maxcolors=256)
    return colors is not None and all(r == g == b for _, (r, g, b) in colors)


def _to_srgb(im: Image.Image, icc: bytes) -> Image.Image:
    """Apply the embedded profile; a broken profile falls back to assuming sRGB (what viewers do)."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return im.convert("RGB")


@functools.lru_cache(maxsize=8)
def _to_press(press_profile: str) -> ImageCms.ImageCmsTransform:
    """sRGB to the press's CMYK, built once per profile (about 20 ms)."""
    # Read whole first: littleCMS reading the file itself failed now and then in forked workers ("Could not
    # determine profile size"); from memory it has nothing to share with another process.
    press = ImageCms.ImageCmsProfile(io.BytesIO(Path(press_profile).read_bytes()))
    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), press, "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def find_prepared(
    source: Path, *, placed_width_pt: float, max_ppi: int, jpeg_quality: int, color: Literal["rgb", "cmyk"] = "rgb",
    cache: CacheFolder, press_profile: Path | None = None,
) -> PreparedImage | None:
    """What prepare_image would return, if the cache has it already, verified; None otherwise.

    Reads and hashes the source, nothing more: the pipeline asks this first and prepares only the misses.
    """
    try:
        stat = source.stat()
        # ctime changes with every write, even one that keeps the size and sets an old mtime (cp -p, rsync).
        digest = _digest(source, (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
    except OSError:
        return None  # prepare_image says what is wrong with it
    key = _cache_key(digest, width_pt=round(placed_width_pt, 1), max_ppi=max_ppi, quality=jpeg_quality, color=color,
                     press_profile=press_profile)
    return _cached(cache, key, placed_width_pt)


@functools.lru_cache(maxsize=256)
def _digest(source: Path, version: tuple[int, ...]) -> str:
    """The content's digest, once per process for each version of a file (every edition asks; `watch` asks again
    after every save)."""
    return hashlib.sha256(source.read_bytes()).hexdigest()


def _cache_key(digest: str, *, width_pt: float, max_ppi: int, quality: int, color: str,
               press_profile: Path | None = None) -> str:
    key = f"{digest}|{width_pt:.1f}|{max_ppi}|{quality}|{color}"
    if press_profile is not None:
        stat = press_profile.stat()
        # Another print shop's profile gives other separations.
        key += "|" + _digest(press_profile, (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
    return key


def _cached(cache: CacheFolder, key: str, placed_width_pt: float) -> PreparedImage | None:
    """The entry for `key`, verified by the cache and then read as a JPEG; None when absent or damaged."""
    data = cache.read(key)
    if data is None:
        return None
    try:
        with Image.open(io.BytesIO(data), formats=("JPEG",)) as im:
            width_px, height_px = im.size
    except (OSError, SyntaxError, ValueError):
        return None
    return PreparedImage(path=cache.entry_path(key), data=data, width_px=width_px, height_px=height_px,
                         ppi=width_px / (placed_width_pt / 72))


def photo_cache(folder: Path) -> CacheFolder:
    """The prepared photos' folder of build/cache."""
    return CacheFolder(folder, version=f"{_CACHE_VERSION}|Pillow {PILLOW_VERSION}")


def _too_large(name: str, size: tuple[int, int] | None, pixels: int | None, limit: int) -> ImageProblem:
    limit_mp = f"{limit / 1e6:g}"
    if size:
        what = f"is {size[0]} × {size[1]} pixels ({pixels / 1e6:.0f} megapixels)"  # type: ignore[operator]
    elif pixels:
        what = f"declares {pixels / 1e6:.0f} megapixels"
    else:
        what = "declares an enormous pixel size"
    return ImageProblem(
        f"'{name}' {what}, more than the {limit_mp}-megapixel limit",
        f"scale it down to at most {limit_mp} megapixels (a 6000 × 4000 photo is 24)",
    )


def _damaged(name: str, exc: BaseException) -> ImageProblem:
    if "truncated" in str(exc).lower():
        return ImageProblem(f"'{name}' is cut short (the file is truncated)", "copy it again from the original")
    return ImageProblem(f"'{name}' is damaged ({exc})", "copy it again from the original, or export it again")


# Leading bytes of things that are not photos we read, with what to call them and what to do.
_SIGNATURES: tuple[tuple[bytes, int, str, str], ...] = (
    (b"%PDF", 0, "a PDF document, not a photo", "export the page as PNG or JPEG"),
    (b"%!PS", 0, "a PostScript/EPS file, not a photo", "export it as PNG or JPEG"),
    (b"8BPS", 0, "a Photoshop (PSD) file", "export it as JPEG or PNG"),
    (b"PK\x03\x04", 0, "a ZIP archive or Office document, not a photo", "save the picture itself as JPEG or PNG"),
    (b"ftypheic", 4, "a HEIC photo (the iPhone format), which we cannot read", "export it as JPEG"),
    (b"ftypheix", 4, "a HEIC photo (the iPhone format), which we cannot read", "export it as JPEG"),
    (b"ftypmif1", 4, "a HEIF photo, which we cannot read", "export it as JPEG"),
    (b"ftypavif", 4, "an AVIF image, which we cannot read", "export it as JPEG or PNG"),
)
_IMAGE_MAGIC = (b"\xff\xd8", b"\x89PNG", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


def _not_an_image(data: bytes, name: str) -> ImageProblem:
    """Say what the file is instead, from its first bytes."""
    for magic, offset, what, hint in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return ImageProblem(f"'{name}' is {what}", hint)
    if data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return ImageProblem(f"'{name}' is damaged (its header cannot be read)", "copy it again from the original")
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in head or (head.startswith(b"<?xml") and b"<svg" in data[:_HEAD_SAMPLE].lower()):
        return ImageProblem(f"'{name}' is an SVG drawing, not a photo", "export it as PNG or JPEG")
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return ImageProblem(
            f"'{name}' is a web page (HTML), not a photo",
            "the download saved the page around the picture; save the image itself",
        )
    if _looks_like_text(data[:4096]):
        return ImageProblem(f"'{name}' is a text file, not a photo", "replace it with the photo as JPEG or PNG")
    return ImageProblem(f"'{name}' is not an image we can read", "save it as JPEG (photos) or PNG")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # only a character cut at the end of the sample
    return True
