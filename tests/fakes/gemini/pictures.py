"""Answer images: real PNG, JPEG and WebP files of an exact size, made fast.

Every picture is a cached base (a gradient with grain and its size written on it) whose
bottom band carries a numbered, coloured badge, so two answers never hold the same image.

PNG: a cached head (signature, IHDR, one IDAT with the deflated rows above the band) plus
the band deflated on its own and finished with the Adler-32 of all rows.

JPEG: encoded once per size with a restart marker after every row of blocks, so each row
is entropy-coded on its own; an answer re-encodes only the band (same tables) and splices
its rows in place of the base's last rows, renumbering the RST markers.

WebP has no such trick; it is encoded whole (use it at small sizes).
"""

from __future__ import annotations

import base64
import colorsys
import io
import random
import re
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageOps

__all__ = ["Picture", "render"]


@dataclass(frozen=True, slots=True)
class Picture:
    """An encoded image and its base64 text (computed once: it is large)."""

    data: bytes
    b64: str
    mime_type: str


_NOISE_LEVELS = 3
_NOISE_POOL_BYTES = 4 * 1024 * 1024 + 7
_BAND_UNIT = 16  # JPEG blocks are 8 rows; 16 keeps room for chroma subsampling choices


@lru_cache(maxsize=1)
def _noise_pool() -> bytes:
    """Random bytes below _NOISE_LEVELS; repeats are farther apart than deflate can see."""
    table = bytes(value % _NOISE_LEVELS for value in range(256))
    return random.Random(1024).randbytes(_NOISE_POOL_BYTES).translate(table)


def _noise(count: int) -> bytes:
    pool = _noise_pool()
    return (pool * (count // len(pool) + 1))[:count]


@lru_cache(maxsize=32)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _band_height(height: int) -> int:
    wanted = max(64, height // 6)
    return min(height, wanted - wanted % _BAND_UNIT or _BAND_UNIT)


@lru_cache(maxsize=8)
def _background(width: int, height: int) -> Image.Image:
    shade = Image.linear_gradient("L").resize((width, height))
    picture = ImageOps.colorize(shade, (34, 58, 110), (236, 170, 92))
    grain = Image.frombytes("RGB", (width, height), _noise(3 * width * height))
    picture = ImageChops.add(picture, grain)
    margin = height // 32
    ImageDraw.Draw(picture).text(
        (margin, margin), f"Gemini emulator {width}x{height}", fill="white",
        font=_font(max(12, min(height, width) // 24)),
    )
    return picture


def _badge_colour(number: int) -> tuple[int, int, int]:
    red, green, blue = colorsys.hsv_to_rgb((number * 0.137) % 1.0, 0.8, 0.85)
    return round(red * 255), round(green * 255), round(blue * 255)


def _band(width: int, height: int, label: str, number: int) -> Image.Image:
    """The bottom band of the base picture with the badge drawn on it."""
    band_height = _band_height(height)
    band = _background(width, height).crop((0, height - band_height, width, height))
    pad = band_height // 8
    box = (pad, pad, min(width - pad, pad + 5 * band_height), band_height - pad)
    draw = ImageDraw.Draw(band)
    draw.rectangle(box, fill=_badge_colour(number))
    middle = (box[1] + box[3]) // 2
    size = max(8, min(band_height // 2, (box[2] - box[0]) // max(1, len(label))))
    draw.text((box[0] + pad, middle), label, fill="white", font=_font(size), anchor="lm")
    return band


# --- PNG ---------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x01"


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(data, zlib.crc32(tag))
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)


_IEND = _png_chunk(b"IEND", b"")


@dataclass(frozen=True, slots=True)
class _PngBase:
    head: bytes
    head_b64: str
    aligned: int
    adler: int


def _scanlines(picture: Image.Image) -> bytes:
    """The picture's rows as PNG scanlines, each led by filter type 0."""
    width, height = picture.size
    flat = Image.frombytes("L", (3 * width, height), picture.tobytes())
    lines = Image.new("L", (3 * width + 1, height), 0)
    lines.paste(flat, (1, 0))
    return lines.tobytes()


@lru_cache(maxsize=6)
def _png_base(width: int, height: int) -> _PngBase:
    split = height - _band_height(height)
    rows = _scanlines(_background(width, height).crop((0, 0, width, split)))
    deflater = zlib.compressobj(1, zlib.DEFLATED, -15)
    idat = _ZLIB_HEADER + deflater.compress(rows) + deflater.flush(zlib.Z_SYNC_FLUSH)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    head = _PNG_SIGNATURE + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
    aligned = len(head) - len(head) % 3
    head_b64 = base64.b64encode(head[:aligned]).decode("ascii")
    return _PngBase(head, head_b64, aligned, zlib.adler32(rows))


def render_png(width: int, height: int, label: str, number: int) -> Picture:
    """A PNG of exactly width x height with a coloured badge reading `label`."""
    base = _png_base(width, height)
    rows = _scanlines(_band(width, height, label, number))
    deflater = zlib.compressobj(1, zlib.DEFLATED, -15)
    adler = struct.pack(">I", zlib.adler32(rows, base.adler))
    tail = _png_chunk(b"IDAT", deflater.compress(rows) + deflater.flush() + adler) + _IEND
    b64 = base.head_b64 + base64.b64encode(base.head[base.aligned:] + tail).decode("ascii")
    return Picture(base.head + tail, b64, "image/png")


# --- JPEG --------------------------------------------------------------------------------

_RST = re.compile(rb"\xff[\xd0-\xd7]")
_EOI = b"\xff\xd9"
_JPEG_OPTIONS = {"quality": 85, "subsampling": 0, "restart_marker_rows": 1}


@dataclass(frozen=True, slots=True)
class _JpegBase:
    header: bytes  # everything up to the scan data
    rows: tuple[bytes, ...]  # entropy-coded rows of 8 pixels, without their RST markers


def _encode_jpeg(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", **_JPEG_OPTIONS)
    return buffer.getvalue()


def _split_scan(data: bytes) -> _JpegBase:
    sos = data.index(b"\xff\xda")
    start = sos + 2 + int.from_bytes(data[sos + 2 : sos + 4], "big")
    scan = data[start : data.rindex(_EOI)]
    return _JpegBase(data[:start], tuple(_RST.split(scan)))


@lru_cache(maxsize=6)
def _jpeg_base(width: int, height: int) -> _JpegBase:
    return _split_scan(_encode_jpeg(_background(width, height)))


def _join_rows(rows: list[bytes]) -> bytes:
    marked = [row + bytes((0xFF, 0xD0 + index % 8)) for index, row in enumerate(rows[:-1])]
    return b"".join(marked) + rows[-1]


def render_jpeg(width: int, height: int, label: str, number: int) -> Picture:
    """A baseline JPEG of exactly width x height with a coloured badge reading `label`."""
    base = _jpeg_base(width, height)
    band_rows = _split_scan(_encode_jpeg(_band(width, height, label, number))).rows
    rows = list(base.rows[: len(base.rows) - len(band_rows)]) + list(band_rows)
    data = base.header + _join_rows(rows) + _EOI
    return Picture(data, base64.b64encode(data).decode("ascii"), "image/jpeg")


# --- WebP --------------------------------------------------------------------------------


def render_webp(width: int, height: int, label: str, number: int) -> Picture:
    """A WebP of exactly width x height (encoded whole: slower than PNG and JPEG)."""
    picture = _background(width, height).copy()
    picture.paste(_band(width, height, label, number), (0, height - _band_height(height)))
    buffer = io.BytesIO()
    picture.save(buffer, "WEBP", quality=60, method=0)
    data = buffer.getvalue()
    return Picture(data, base64.b64encode(data).decode("ascii"), "image/webp")


_RENDERERS = {"image/png": render_png, "image/jpeg": render_jpeg, "image/webp": render_webp}


def render(mime_type: str, size: tuple[int, int], label: str, number: int) -> Picture:
    """A picture of this format and size whose badge reads `label`."""
    return _RENDERERS[mime_type](size[0], size[1], label, number)
