"""Tests for the image stage: verification, conversion to print-ready JPEG, and the shared cache."""

from __future__ import annotations

import io
import multiprocessing
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from bulletinpdf.photos import images
from bulletinpdf.photos.images import ImageProblem, inspect_image, prepare_image

WIDE = 10_000.0  # a placed width in points at which no test image is reduced


def jpeg(path: Path, size: tuple[int, int] = (400, 300), *, color: object = (200, 120, 40), **save: object) -> Path:
    Image.new("RGB", size, color).save(path, "JPEG", quality=90, **save)
    return path


def noisy_jpeg(path: Path, size: tuple[int, int]) -> Path:
    # Noise does not compress, so the file is long enough to cut in the middle of the scan.
    Image.effect_noise(size, 60).convert("RGB").save(path, "JPEG", quality=90)
    return path


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG that declares width × height pixels but holds almost no data (nothing is allocated)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    path.write_bytes(data)
    return path


def prepare(source: Path, cache: Path, **settings: object) -> images.PreparedImage:
    options: dict = {"placed_width_pt": WIDE, "max_ppi": 300, "jpeg_quality": 85, "cache": images.photo_cache(cache)} | settings
    return prepare_image(source, **options)


def pixel(prepared: images.PreparedImage, xy: tuple[int, int]) -> object:
    with Image.open(io.BytesIO(prepared.data)) as im:
        return im.getpixel(xy)


# --- files we refuse, and what we say -------------------------------------------------------------


def test_truncated_jpeg_is_refused_by_inspect_and_prepare(tmp_path: Path) -> None:
    whole = noisy_jpeg(tmp_path / "whole.jpg", (800, 600)).read_bytes()
    cut = tmp_path / "x.jpg"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImageProblem) as inspected:
        inspect_image(cut, shown_as="images/2016Q4/x.jpg")
    assert inspected.value.message == "'images/2016Q4/x.jpg' is cut short (the file is truncated)"
    assert inspected.value.hint == "copy it again from the original"
    with pytest.raises(ImageProblem, match="cut short"):
        # A small placed width makes prepare use draft(): truncation must still be caught.
        prepare(cut, tmp_path / "cache", placed_width_pt=72, max_ppi=100)
    assert not list((tmp_path / "cache").rglob("*.entry"))


def test_truncated_png_is_refused(tmp_path: Path) -> None:
    whole = io.BytesIO()
    Image.effect_noise((300, 200), 60).save(whole, "PNG")
    cut = tmp_path / "x.png"
    cut.write_bytes(whole.getvalue()[:-2000])
    with pytest.raises(ImageProblem, match="cut short"):
        inspect_image(cut)


def test_decompression_bomb_header_is_refused_before_decoding(tmp_path: Path) -> None:
    bomb = png_header_only(tmp_path / "bomb.png", 65_000, 65_000)
    with pytest.raises(ImageProblem) as problem:
        inspect_image(bomb)
    assert "4225 megapixels" in problem.value.message
    assert "40-megapixel limit" in problem.value.message


@pytest.mark.parametrize("size", [(8_000, 6_000), (10_000, 10_000)])  # under and over Pillow's own warning
def test_size_limit_is_ours_and_checked_on_the_header(tmp_path: Path, size: tuple[int, int]) -> None:
    # The file holds no pixel data: a decode would fail as "cut short", so "limit" proves the header check.
    big = png_header_only(tmp_path / "big.png", *size)
    with pytest.raises(ImageProblem, match="more than the 40-megapixel limit"):
        prepare(big, tmp_path / "cache")
    with pytest.raises(ImageProblem, match="more than the 1-megapixel limit"):
        inspect_image(jpeg(tmp_path / "ok.jpg", (1500, 1000)), max_pixels=1_000_000)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "'x.jpg' is empty (0 bytes)"),
        (b"Dear all, please find the photo attached.\n", "'x.jpg' is a text file, not a photo"),
        (
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
            "'x.jpg' is an SVG drawing, not a photo",
        ),
        (b"<svg viewBox='0 0 1 1'></svg>", "'x.jpg' is an SVG drawing, not a photo"),
        (b"<!DOCTYPE html><html><body><img src=x.jpg></body></html>", "'x.jpg' is a web page (HTML), not a photo"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "'x.jpg' is a PDF document, not a photo"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "'x.jpg' is a HEIC photo (the iPhone format), which we cannot read"),
        (b"\xff\xd8\xff\xe0\x00\x10JF", "'x.jpg' is cut short (the file is truncated)"),
        (b"GIF89a\x00\x00\x00", "'x.jpg' is damaged (its header cannot be read)"),
        (bytes(range(256)) * 4, "'x.jpg' is not an image we can read"),
    ],
)
def test_files_that_are_not_photos_say_what_they_are(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "x.jpg"
    path.write_bytes(content)
    with pytest.raises(ImageProblem) as problem:
        inspect_image(path)
    assert problem.value.message == expected
    assert problem.value.hint
    with pytest.raises(ImageProblem):
        prepare(path, tmp_path / "cache")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImageProblem, match="'nope.jpg' does not exist"):
        inspect_image(tmp_path / "nope.jpg")


def test_messages_start_lowercase_without_trailing_period(tmp_path: Path) -> None:
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "text.jpg").write_text("hello")
    png_header_only(tmp_path / "bomb.png", 65_000, 65_000)
    for name in ("empty.jpg", "text.jpg", "bomb.png"):
        with pytest.raises(ImageProblem) as problem:
            inspect_image(tmp_path / name)
        for text in (problem.value.message, problem.value.hint or "x"):
            assert not text.endswith(".")
        assert problem.value.message.startswith(f"'{name}' ")
        assert problem.value.hint and problem.value.hint[0].islower()


# --- files we accept, and how they come out -------------------------------------------------------


def test_exif_orientation_makes_a_sideways_photo_upright(tmp_path: Path) -> None:
    stored = Image.new("RGB", (400, 200), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 200, 200))  # left half red, as the camera stored it
    exif = Image.Exif()
    exif[0x0112] = 6  # display rotated 90° clockwise: the stored left side becomes the top
    path = tmp_path / "sideways.jpg"
    stored.save(path, "JPEG", quality=95, exif=exif.tobytes())

    info = inspect_image(path)
    assert (info.width_px, info.height_px) == (200, 400)
    header = images.read_header(path)  # what layout goes by, read without decoding
    assert (header.width_px, header.height_px) == (200, 400)
    prepared = prepare(path, tmp_path / "cache")
    assert (prepared.width_px, prepared.height_px) == (200, 400)
    top, bottom = pixel(prepared, (100, 20)), pixel(prepared, (100, 380))
    assert top[0] > 200 and top[2] < 60  # type: ignore[index]
    assert bottom[2] > 200 and bottom[0] < 60  # type: ignore[index]
    # Reduced through draft(), which works on the stored orientation: still upright and right-sized.
    small = prepare(path, tmp_path / "cache", placed_width_pt=72, max_ppi=50)
    assert (small.width_px, small.height_px) == (50, 100)


def test_exif_orientation_is_not_copied_to_the_output(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    path = jpeg(tmp_path / "sideways.jpg", exif=exif.tobytes())
    with Image.open(io.BytesIO(prepare(path, tmp_path / "cache").data)) as out:
        assert not out.getexif()
        assert "icc_profile" not in out.info
        assert not out.info.get("progressive")


@pytest.mark.parametrize(("color", "mode"), [("rgb", "RGB"), ("cmyk", "CMYK")])
def test_cmyk_jpeg(tmp_path: Path, color: str, mode: str) -> None:
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (200, 100), (255, 0, 0, 0)).save(path, "JPEG", quality=95)  # pure cyan
    assert inspect_image(path).mode == "CMYK"
    prepared = prepare(path, tmp_path / "cache", color=color)
    with Image.open(io.BytesIO(prepared.data)) as out:
        assert out.mode == mode
        value = out.getpixel((100, 50))
    if color == "rgb":
        r, g, b = value  # type: ignore[misc]
        assert r < 30 and g > 225 and b > 225
    else:
        c, m, y, k = value  # type: ignore[misc]
        assert c > 225 and m < 30 and y < 30 and k < 30


def test_rgb_source_stays_rgb_in_a_cmyk_profile(tmp_path: Path) -> None:
    with Image.open(io.BytesIO(prepare(jpeg(tmp_path / "a.jpg"), tmp_path / "cache", color="cmyk").data)) as out:
        assert out.mode == "RGB"


def test_sixteen_bit_grey_is_scaled_not_clipped_to_white(tmp_path: Path) -> None:
    path = tmp_path / "grey16.png"
    Image.new("I;16", (100, 50), 30_000).save(path)
    assert inspect_image(path).mode == "I;16"
    prepared = prepare(path, tmp_path / "cache")
    with Image.open(io.BytesIO(prepared.data)) as out:
        assert out.mode == "L"
        assert abs(out.getpixel((50, 25)) - 30_000 / 257) <= 2  # type: ignore[operator]


def test_rgba_transparency_is_flattened_on_white(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    im = Image.new("RGBA", (100, 100), (0, 0, 0, 0))  # transparent black: convert('RGB') would show black
    im.paste((200, 0, 0, 255), (50, 0, 100, 100))
    im.save(path)
    prepared = prepare(path, tmp_path / "cache")
    assert min(pixel(prepared, (10, 50))) > 245  # type: ignore[arg-type]
    assert pixel(prepared, (90, 50))[0] > 180  # type: ignore[index]


def test_palette_transparency_is_flattened_on_white(tmp_path: Path) -> None:
    path = tmp_path / "icon.gif"
    im = Image.new("P", (60, 60), 0)
    im.putpalette([0, 0, 0, 0, 90, 160] + [0, 0, 0] * 254)
    im.paste(1, (30, 0, 60, 60))
    im.save(path, transparency=0)  # index 0 is black in the palette, and transparent
    prepared = prepare(path, tmp_path / "cache")
    assert min(pixel(prepared, (10, 30))) > 245  # type: ignore[arg-type]
    r, g, b = pixel(prepared, (50, 30))  # type: ignore[misc]
    assert b > 130 and r < 30


def test_animated_gif_uses_the_first_frame_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (80, 40), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    info = inspect_image(path, shown_as="images/anim.gif")
    assert info.format == "GIF"
    assert info.warnings == ("'images/anim.gif' is animated (3 frames); only the first frame is printed",)
    assert images.read_header(path, shown_as="images/anim.gif").warnings == info.warnings
    r, g, b = pixel(prepare(path, tmp_path / "cache"), (40, 20))  # type: ignore[misc]
    assert r > 230 and g < 30 and b < 30


@pytest.mark.parametrize(("suffix", "fmt"), [(".webp", "WEBP"), (".tif", "TIFF"), (".bmp", "BMP")])
def test_other_formats(tmp_path: Path, suffix: str, fmt: str) -> None:
    path = tmp_path / f"photo{suffix}"
    Image.new("RGB", (120, 80), (10, 100, 200)).save(path, fmt)
    info = inspect_image(path)
    assert (info.format, info.width_px, info.height_px, info.warnings) == (fmt, 120, 80, ())
    prepared = prepare(path, tmp_path / "cache")
    assert (prepared.width_px, prepared.height_px) == (120, 80)
    assert prepared.data.startswith(b"\xff\xd8")  # a JPEG


def test_png_named_jpg_is_read_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "really-a-png.jpg"
    Image.new("RGB", (64, 48), (0, 128, 0)).save(path, "PNG")
    assert inspect_image(path).format == "PNG"
    with Image.open(io.BytesIO(prepare(path, tmp_path / "cache").data)) as out:
        assert out.format == "JPEG"


def test_embedded_srgb_profile_is_applied_and_dropped(tmp_path: Path) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = jpeg(tmp_path / "tagged.jpg", color=(30, 160, 90), icc_profile=srgb)
    prepared = prepare(path, tmp_path / "cache")
    with Image.open(io.BytesIO(prepared.data)) as out:
        assert "icc_profile" not in out.info
        assert all(abs(a - b) <= 4 for a, b in zip(out.getpixel((5, 5)), (30, 160, 90)))  # type: ignore[arg-type]


# --- size and ppi ---------------------------------------------------------------------------------


def test_downsamples_to_max_ppi_at_the_placed_width(tmp_path: Path) -> None:
    path = noisy_jpeg(tmp_path / "big.jpg", (1600, 1200))
    prepared = prepare(path, tmp_path / "cache", placed_width_pt=144, max_ppi=150)  # 2 inches
    assert (prepared.width_px, prepared.height_px) == (300, 225)
    assert prepared.ppi == pytest.approx(150)
    with Image.open(io.BytesIO(prepared.data)) as out:
        assert out.size == (300, 225)


def test_never_upsamples(tmp_path: Path) -> None:
    path = jpeg(tmp_path / "small.jpg", (200, 100))
    prepared = prepare(path, tmp_path / "cache", placed_width_pt=144, max_ppi=300)
    assert (prepared.width_px, prepared.height_px) == (200, 100)
    assert prepared.ppi == pytest.approx(100)


def test_bad_settings_are_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        prepare(jpeg(tmp_path / "a.jpg"), tmp_path / "cache", placed_width_pt=0)


# --- the cache ------------------------------------------------------------------------------------


def count_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = images._render

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(images, "_render", counting)
    return calls


def test_cache_hit_does_not_decode_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_renders(monkeypatch)
    path = jpeg(tmp_path / "a.jpg", (800, 600))
    first = prepare(path, tmp_path / "cache", placed_width_pt=144, max_ppi=150)
    written = first.path.stat().st_mtime_ns
    second = prepare(path, tmp_path / "cache", placed_width_pt=144.00000001, max_ppi=150)
    assert (second.path, second.width_px, second.height_px) == (first.path, 300, 225)
    assert calls == [1]
    assert first.path.stat().st_mtime_ns == written
    assert first.path.parent.parent == tmp_path / "cache"


def test_cache_misses_when_the_source_or_a_setting_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_renders(monkeypatch)
    path = jpeg(tmp_path / "a.jpg", (800, 600), color=(10, 10, 10))
    first = prepare(path, tmp_path / "cache")
    jpeg(path, (800, 600), color=(250, 250, 250))
    second = prepare(path, tmp_path / "cache")
    assert second.path != first.path
    assert min(pixel(second, (5, 5))) > 240  # type: ignore[arg-type]
    for settings in ({"jpeg_quality": 70}, {"color": "cmyk"}, {"max_ppi": 150}, {"placed_width_pt": 200}):
        prepare(path, tmp_path / "cache", **settings)
    assert len(calls) == 6


def test_damaged_cache_entry_is_made_again(tmp_path: Path) -> None:
    path = jpeg(tmp_path / "a.jpg")
    first = prepare(path, tmp_path / "cache")
    first.path.write_bytes(b"")  # e.g. a crash emptied it
    again = prepare(path, tmp_path / "cache")
    assert again == first
    with Image.open(io.BytesIO(again.data)) as out:
        out.load()


def _prepare_in_other_process(source: str, cache: str, barrier: object) -> tuple[str, int, int]:
    barrier.wait()  # type: ignore[attr-defined]
    prepared = prepare_image(Path(source), placed_width_pt=300, max_ppi=300, jpeg_quality=85,
                             cache=images.photo_cache(Path(cache)))
    return str(prepared.path), prepared.width_px, prepared.height_px


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    source = noisy_jpeg(tmp_path / "shared.jpg", (2400, 1600))
    cache = tmp_path / "cache"
    context = multiprocessing.get_context("spawn")
    barrier = context.Manager().Barrier(2)
    with context.Pool(2) as pool:
        jobs = [pool.apply_async(_prepare_in_other_process, (str(source), str(cache), barrier)) for _ in range(2)]
        results = [job.get(timeout=60) for job in jobs]
    assert results[0] == results[1]
    assert results[0][1:] == (1250, 833)
    kept = images.find_prepared(source, placed_width_pt=300, max_ppi=300, jpeg_quality=85,
                                cache=images.photo_cache(cache))
    with Image.open(io.BytesIO(kept.data)) as out:
        out.load()
        assert out.size == (1250, 833)
    entry = Path(results[0][0])
    assert [p.name for p in entry.parent.iterdir()] == [entry.name]  # no temp files left behind


def test_the_header_alone_refuses_what_cannot_be_a_photo_but_not_a_cut_scan(tmp_path: Path) -> None:
    (tmp_path / "notes.jpg").write_text("meeting notes", encoding="utf-8")
    with pytest.raises(ImageProblem, match="notes.jpg"):
        images.read_header(tmp_path / "notes.jpg")
    with pytest.raises(ImageProblem, match="megapixels"):
        images.read_header(png_header_only(tmp_path / "bomb.png", 20_000, 20_000))
    whole = noisy_jpeg(tmp_path / "whole.jpg", (800, 600)).read_bytes()
    (tmp_path / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    header = images.read_header(tmp_path / "cut.jpg")  # found out when it is prepared
    assert (header.width_px, header.height_px) == (800, 600)


def test_find_prepared_answers_from_the_cache_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = jpeg(tmp_path / "photo.jpg", (800, 600))
    cache = images.photo_cache(tmp_path / "cache")
    settings = {"placed_width_pt": 144.0, "max_ppi": 150, "jpeg_quality": 80}
    assert images.find_prepared(source, **settings, cache=cache) is None
    made = prepare_image(source, **settings, cache=cache)
    monkeypatch.setattr(images, "_render", lambda *a, **k: pytest.fail("decoded"))
    found = images.find_prepared(source, **settings, cache=cache)
    assert found is not None and (found.path, found.width_px, found.height_px) == (made.path, 300, 225)
    jpeg(source, (800, 600), color=(10, 10, 10))  # the photo changes: a miss
    assert images.find_prepared(source, **settings, cache=cache) is None
    assert images.find_prepared(tmp_path / "gone.jpg", **settings, cache=cache) is None


def test_the_header_reports_a_missing_an_empty_and_an_unreadable_file_as_the_decoder_does(tmp_path: Path) -> None:
    with pytest.raises(ImageProblem, match="'gone.jpg' does not exist"):
        images.read_header(tmp_path / "gone.jpg")
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(ImageProblem, match=r"'empty.jpg' is empty \(0 bytes\)"):
        images.read_header(tmp_path / "empty.jpg")
    (tmp_path / "folder.jpg").mkdir()
    with pytest.raises(ImageProblem, match="'folder.jpg' cannot be read"):
        images.read_header(tmp_path / "folder.jpg")
    (tmp_path / "drawing.jpg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    with pytest.raises(ImageProblem, match="is an SVG drawing"):
        images.read_header(tmp_path / "drawing.jpg")
