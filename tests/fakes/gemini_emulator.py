"""A strict emulator of the Gemini REST API, for tests that drive the real google-genai SDK.

Point the SDK at it with ``genai.Client(api_key="test-key",
http_options=types.HttpOptions(base_url=emulator.base_url))``. It serves
``POST /{version}/models/{model}:generateContent`` and ``:streamGenerateContent``
(``?alt=sse``) for the two image models and a few text models, and refuses what the
real API refuses: missing or bad keys, unknown models, bad image configs, oversized
prompts, undecodable inline data and, above all, model turns whose thought signatures
are missing, corrupted or attached to another part.

Every signature it issues is an HMAC it remembers together with a digest of the part
it was issued for, so a signature is accepted only on exactly that part.

Failures it answers with (``{"error": {"code", "message", "status"}}``):

    400 INVALID_ARGUMENT    bad key, request shape, image config, token limit, signatures
    403 PERMISSION_DENIED   no key
    404 NOT_FOUND           unknown model or method
    any of STATUS_NAMES     on demand, through GeminiEmulator.fail_next()
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import colorsys
import hashlib
import hmac
import html
import io
import itertools
import json
import math
import os
import random
import re
import socket
import struct
import threading
import time
import urllib.parse
import uuid
import zlib
from collections import deque
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import TracebackType
from typing import Any, Generic, TypeVar

import uvicorn
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageOps
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from cortex_dashboard.images.options import (
    FLASH_MODEL,
    IMAGE_SIZES,
    PIXEL_SIZES,
    PRO_MODEL,
    pixel_size,
)

__all__ = [
    "BAD_KEY",
    "IMAGE_MODELS",
    "STATUS_NAMES",
    "TEXT_MODELS",
    "GeminiEmulator",
    "ReceivedRequest",
]

IMAGE_MODELS = frozenset({PRO_MODEL, FLASH_MODEL})
TEXT_MODELS = frozenset({"gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-flash-preview"})
BAD_KEY = "bad-key"
GENERATE = "generateContent"
STREAM = "streamGenerateContent"
API_VERSIONS = frozenset({"v1", "v1beta", "v1alpha"})

IMAGE_INPUT_TOKENS = 258
IMAGE_OUTPUT_TOKENS = {PRO_MODEL: {"1K": 1120, "2K": 1120, "4K": 2000}, FLASH_MODEL: {"1K": 1290}}
IMAGE_MODEL_MAX_INPUT_TOKENS = 65_536
TEXT_MODEL_MAX_INPUT_TOKENS = 1_048_576
INPUT_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"})

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
DEFAULT_MESSAGES = {
    400: "Request contains an invalid argument.",
    401: "Request had invalid authentication credentials.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    408: "Request timed out.",
    429: "Resource has been exhausted (e.g. check quota).",
    500: "An internal error has occurred. Please retry or report in "
    "https://developers.generativeai.google/guide/troubleshooting",
    502: "Bad gateway.",
    503: "The model is overloaded. Please try again later.",
    504: "Deadline expired before operation could complete.",
}
MISSING_KEY_MESSAGE = (
    "Method doesn't allow unregistered callers (callers without established identity). "
    "Please use API Key or other form of API consumer identity to call this API."
)
BAD_KEY_MESSAGE = "API key not valid. Please pass a valid API key."
BAD_IMAGE_MESSAGE = (
    "Unable to process input image. Please retry or report in "
    "https://developers.generativeai.google/guide/troubleshooting"
)
BAD_KEY_DETAILS = [
    {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "API_KEY_INVALID",
        "domain": "googleapis.com",
        "metadata": {"service": "generativelanguage.googleapis.com"},
    }
]


# --- the request log --------------------------------------------------------------------


@dataclass
class ReceivedRequest:
    """One request as the emulator saw it; times are ``time.monotonic()`` seconds."""

    model: str
    method: str
    started_at: float
    finished_at: float | None = None
    body: Any = field(default=None, repr=False)
    api_key: str | None = None
    status: int | None = None


# --- errors -------------------------------------------------------------------------------


class ApiError(Exception):
    """An error answer, in the API's JSON shape."""

    def __init__(self, code: int, message: str, details: list[Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def response(self) -> Response:
        error: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "status": STATUS_NAMES.get(self.code, "UNKNOWN"),
        }
        if self.details:
            error["details"] = self.details
        return JSONResponse({"error": error}, status_code=self.code)


def _invalid(message: str) -> ApiError:
    return ApiError(400, message)


def _not_found(model: str, version: str, method: str) -> ApiError:
    return ApiError(
        404,
        f"models/{model} is not found for API version {version}, "
        f"or is not supported for {method}.",
    )


# --- schedules of failures and special answers -------------------------------------------

T = TypeVar("T")


class _Schedule(Generic[T]):
    """Items each handed out to the next N takers, or to every taker (N is None)."""

    def __init__(self) -> None:
        self._entries: deque[list[Any]] = deque()
        self._lock = threading.Lock()

    def add(self, item: T, times: int | None) -> None:
        if times is not None and times < 1:
            raise ValueError(f"times must be a positive count or None (always); got {times}")
        with self._lock:
            self._entries.append([item, times])

    def take(self) -> T | None:
        with self._lock:
            if not self._entries:
                return None
            entry = self._entries[0]
            if entry[1] is not None:
                entry[1] -= 1
                if entry[1] == 0:
                    self._entries.popleft()
            return entry[0]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


@dataclass(frozen=True, slots=True)
class _Outcome:
    """A special answer: a blocked prompt ("block"), a withheld image, or no image."""

    kind: str
    reason: str = "STOP"
    text: str = ""


# --- PNG pictures ----------------------------------------------------------------------
#
# A picture is a cached "head" (PNG signature, IHDR, and one IDAT holding the zlib header
# and the deflated rows above a bottom band) plus a fresh tail: the bottom band with a
# numbered badge drawn on it, deflated on its own and finished with the Adler-32 of all
# rows. Only the band is compressed per picture, so even a 17 MB 4K picture is quick.

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x01"
_NOISE_LEVELS = 3
_NOISE_POOL_BYTES = 4 * 1024 * 1024 + 7


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
    band: Image.Image


@dataclass(frozen=True, slots=True)
class _Png:
    data: bytes
    b64: str


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
    return max(64, height // 6)


def _background(width: int, height: int) -> Image.Image:
    shade = Image.linear_gradient("L").resize((width, height))
    picture = ImageOps.colorize(shade, (34, 58, 110), (236, 170, 92))
    grain = Image.frombytes("RGB", (width, height), _noise(3 * width * height))
    picture = ImageChops.add(picture, grain)
    margin = height // 32
    ImageDraw.Draw(picture).text(
        (margin, margin), f"Gemini emulator {width}x{height}", fill="white",
        font=_font(max(12, height // 24)),
    )
    return picture


def _scanlines(picture: Image.Image) -> bytes:
    """The picture's rows as PNG scanlines, each led by filter type 0."""
    width, height = picture.size
    flat = Image.frombytes("L", (3 * width, height), picture.tobytes())
    lines = Image.new("L", (3 * width + 1, height), 0)
    lines.paste(flat, (1, 0))
    return lines.tobytes()


@lru_cache(maxsize=6)
def _png_base(width: int, height: int) -> _PngBase:
    picture = _background(width, height)
    split = height - _band_height(height)
    rows = _scanlines(picture.crop((0, 0, width, split)))
    deflater = zlib.compressobj(1, zlib.DEFLATED, -15)
    idat = _ZLIB_HEADER + deflater.compress(rows) + deflater.flush(zlib.Z_SYNC_FLUSH)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    head = _PNG_SIGNATURE + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
    aligned = len(head) - len(head) % 3
    head_b64 = base64.b64encode(head[:aligned]).decode("ascii")
    band = picture.crop((0, split, width, height))
    return _PngBase(head, head_b64, aligned, zlib.adler32(rows), band)


def _badge_colour(number: int) -> tuple[int, int, int]:
    red, green, blue = colorsys.hsv_to_rgb((number * 0.137) % 1.0, 0.8, 0.85)
    return round(red * 255), round(green * 255), round(blue * 255)


def _draw_badge(band: Image.Image, label: str, number: int) -> None:
    width, height = band.size
    pad = height // 8
    box = (pad, pad, min(width - pad, pad + 5 * height), height - pad)
    draw = ImageDraw.Draw(band)
    draw.rectangle(box, fill=_badge_colour(number))
    middle = (box[1] + box[3]) // 2
    draw.text((box[0] + pad, middle), label, fill="white", font=_font(height // 2), anchor="lm")


def render_png(width: int, height: int, label: str, number: int) -> _Png:
    """A PNG of exactly width x height with a coloured badge reading `label`."""
    base = _png_base(width, height)
    band = base.band.copy()
    _draw_badge(band, label, number)
    rows = _scanlines(band)
    deflater = zlib.compressobj(1, zlib.DEFLATED, -15)
    adler = struct.pack(">I", zlib.adler32(rows, base.adler))
    tail = _png_chunk(b"IDAT", deflater.compress(rows) + deflater.flush() + adler) + _IEND
    b64 = base.head_b64 + base64.b64encode(base.head[base.aligned :] + tail).decode("ascii")
    return _Png(base.head + tail, b64)


# --- thought signatures -------------------------------------------------------------------


class _SignatureBook:
    """Issues thought signatures and remembers which part each one was issued for."""

    def __init__(self) -> None:
        self._key = os.urandom(32)
        self._issued: dict[bytes, bytes] = {}
        self._serial = itertools.count(1)
        self._lock = threading.Lock()

    def issue(self, identity: bytes) -> bytes:
        with self._lock:
            message = identity + next(self._serial).to_bytes(8, "big")
            signature = hmac.digest(self._key, message, "sha512")
            self._issued[signature] = identity
        return signature

    def verdict(self, signature: bytes, identity: bytes) -> str:
        """"valid", "corrupt" (never issued) or "mismatch" (issued for another part)."""
        with self._lock:
            issued = self._issued.get(signature)
        if issued is None:
            return "corrupt"
        return "valid" if hmac.compare_digest(issued, identity) else "mismatch"


def _identity(kind: str, thought: bool, payload: bytes) -> bytes:
    return f"{kind}:{int(thought)}:".encode() + hashlib.sha256(payload).digest()


def _b64decode(value: object) -> bytes | None:
    """Bytes of a base64 string in either alphabet, padded or not; None if it is not one."""
    if not isinstance(value, str):
        return None
    body = value.rstrip("=")
    if len(body) % 4 == 1:
        return None
    altchars = b"-_" if ("-" in body or "_" in body) else None
    try:
        return base64.b64decode(body + "=" * (-len(body) % 4), altchars, validate=True)
    except (binascii.Error, ValueError):
        return None


# --- parsing a request ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    kind: str
    thought: bool
    text: str = ""
    data: bytes = b""
    signature: object = None

    def identity(self) -> bytes:
        payload = self.text.encode() if self.kind == "text" else self.data
        return _identity(self.kind, self.thought, payload)

    def tokens(self) -> int:
        if self.kind == "image":
            return IMAGE_INPUT_TOKENS
        return math.ceil(len(self.text or self.data) / 4)


@dataclass(frozen=True, slots=True)
class _Content:
    role: str
    parts: tuple[_Part, ...]

    def texts(self) -> list[str]:
        return [part.text for part in self.parts if part.kind == "text" and not part.thought]


@dataclass(frozen=True, slots=True)
class _Call:
    model: str
    contents: tuple[_Content, ...]
    system: tuple[_Part, ...]
    aspect_ratio: str
    image_size: str
    modalities: frozenset[str]
    search: bool

    @property
    def prompt_tokens(self) -> int:
        return sum(part.tokens() for part in self._all_parts())

    @property
    def prompt_image_tokens(self) -> int:
        return sum(part.tokens() for part in self._all_parts() if part.kind == "image")

    def _all_parts(self) -> Iterable[_Part]:
        yield from self.system
        for content in self.contents:
            yield from content.parts

    def all_texts(self) -> list[str]:
        texts = [part.text for part in self.system if part.kind == "text"]
        for content in self.contents:
            if content.role == "user":
                texts += content.texts()
        return texts

    def last_user_text(self) -> str:
        users = [content for content in self.contents if content.role == "user"]
        return "\n".join(users[-1].texts()) if users else ""


@lru_cache(maxsize=64)
def _snake(name: str) -> str:
    return re.sub(r"([A-Z])", r"_\1", name).lower()


def _field(mapping: object, name: str) -> Any:
    """A field in camelCase or snake_case spelling, as the API accepts both."""
    if not isinstance(mapping, Mapping):
        return None
    value = mapping.get(name)
    return mapping.get(_snake(name)) if value is None else value


def _parse_call(model: str, body: object) -> _Call:
    if not isinstance(body, Mapping):
        raise _invalid("Invalid JSON payload received. Expected a JSON object.")
    config = _field(body, "generationConfig") or {}
    aspect_ratio, image_size = _image_options(model, config)
    return _Call(
        model=model,
        contents=_parse_contents(_field(body, "contents")),
        system=_parse_system(_field(body, "systemInstruction")),
        aspect_ratio=aspect_ratio,
        image_size=image_size,
        modalities=_modalities(model, config),
        search=_uses_search(model, body),
    )


def _parse_contents(raw: object) -> tuple[_Content, ...]:
    if not raw:
        raise _invalid("* GenerateContentRequest.contents: contents is not specified")
    if not isinstance(raw, list):
        raise _invalid("Invalid JSON payload received. 'contents' must be a list.")
    return tuple(_parse_content(item, index) for index, item in enumerate(raw))


def _parse_content(raw: object, index: int) -> _Content:
    role = _field(raw, "role") or "user"
    if role not in ("user", "model"):
        raise _invalid("Please use a valid role: user, model.")
    parts = _field(raw, "parts")
    if not parts or not isinstance(parts, list):
        raise _invalid(
            f"* GenerateContentRequest.contents[{index}].parts: contents.parts must not be empty."
        )
    where = f"contents[{index}].parts"
    return _Content(role, tuple(_parse_part(p, f"{where}[{j}]") for j, p in enumerate(parts)))


def _parse_system(raw: object) -> tuple[_Part, ...]:
    parts = _field(raw, "parts") or []
    return tuple(_parse_part(p, f"system_instruction.parts[{j}]") for j, p in enumerate(parts))


def _parse_part(raw: object, where: str) -> _Part:
    if not isinstance(raw, Mapping):
        raise _invalid(f"Invalid value at '{where}': expected a Part object.")
    thought = bool(_field(raw, "thought"))
    signature = _field(raw, "thoughtSignature")
    blob = _field(raw, "inlineData")
    if blob is not None:
        mime_type, data = _parse_blob(blob, where)
        kind = "image" if mime_type.startswith("image/") else "other"
        return _Part(kind, thought, data=data, signature=signature)
    text = _field(raw, "text")
    if text is not None:
        return _Part("text", thought, text=str(text), signature=signature)
    rest = {key: value for key, value in raw.items() if _snake(key) not in _PART_FLAGS}
    if not rest:
        raise _invalid(
            f"* GenerateContentRequest.{where}.data: "
            "required oneof field 'data' must have one initialized field"
        )
    data = json.dumps(rest, sort_keys=True).encode()
    return _Part("other", thought, data=data, signature=signature)


_PART_FLAGS = frozenset({"thought", "thought_signature"})


def _parse_blob(blob: object, where: str) -> tuple[str, bytes]:
    mime_type = str(_field(blob, "mimeType") or "")
    encoded = _field(blob, "data")
    data = _b64decode(encoded)
    if data is None:
        shown = str(encoded)[:40]
        raise _invalid(
            f"Invalid value at '{where}.inline_data.data' (TYPE_BYTES), "
            f'Base64 decoding failed for "{shown}"'
        )
    if not mime_type or (mime_type.startswith("image/") and mime_type not in INPUT_IMAGE_TYPES):
        raise _invalid(f"Unsupported MIME type: {mime_type}")
    if mime_type in ("image/png", "image/jpeg", "image/webp"):
        _check_image(data)
    return mime_type, data


def _check_image(data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.verify()
    except Exception as error:
        raise _invalid(BAD_IMAGE_MESSAGE) from error


def _image_options(model: str, config: object) -> tuple[str, str]:
    options = _field(config, "imageConfig") or {}
    if model not in IMAGE_MODELS:
        return "1:1", "1K"
    aspect_ratio = _field(options, "aspectRatio") or "1:1"
    image_size = _field(options, "imageSize") or "1K"
    if aspect_ratio not in PIXEL_SIZES:
        raise _invalid(
            f"Unsupported aspect ratio: {aspect_ratio}. "
            f"Supported aspect ratios are {', '.join(PIXEL_SIZES)}."
        )
    if image_size not in IMAGE_SIZES:
        raise _invalid(
            f"Unsupported image size: {image_size}. "
            f"Supported image sizes are {', '.join(IMAGE_SIZES)} (with an uppercase K)."
        )
    if image_size not in IMAGE_OUTPUT_TOKENS[model]:
        raise _invalid(
            f"Image size {image_size} is not supported by models/{model}; it makes 1K only."
        )
    return aspect_ratio, image_size


_MODALITIES = ("TEXT", "IMAGE", "AUDIO")


def _modalities(model: str, config: object) -> frozenset[str]:
    supported = {"TEXT", "IMAGE"} if model in IMAGE_MODELS else {"TEXT"}
    requested = _field(config, "responseModalities") or sorted(supported)
    for index, modality in enumerate(requested):
        if modality not in _MODALITIES:
            raise _invalid(
                f"Invalid value at 'generation_config.response_modalities[{index}]' "
                "(type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig"
                f'.Modality), "{modality}"'
            )
    unsupported = sorted(set(requested) - supported)
    if unsupported:
        names = ", ".join(name.lower() for name in unsupported)
        raise _invalid(f"Model does not support the requested response modalities: {names}")
    return frozenset(requested)


def _uses_search(model: str, body: Mapping[str, Any]) -> bool:
    tools = _field(body, "tools") or []
    search = any(
        _field(tool, name) is not None
        for tool in tools
        for name in ("googleSearch", "googleSearchRetrieval")
    )
    if search and model == FLASH_MODEL:
        raise _invalid("Search Grounding is not supported.")
    return search


def _check_tokens(call: _Call) -> None:
    image_model = call.model in IMAGE_MODELS
    limit = IMAGE_MODEL_MAX_INPUT_TOKENS if image_model else TEXT_MODEL_MAX_INPUT_TOKENS
    count = call.prompt_tokens
    if count > limit:
        raise _invalid(
            f"The input token count ({count}) exceeds the maximum number of tokens "
            f"allowed ({limit})."
        )


def _check_signatures(book: _SignatureBook, call: _Call) -> None:
    """Every model turn: signatures where the Pro model needs them, each on its own part."""
    required = call.model == PRO_MODEL
    for position, content in enumerate(call.contents, 1):
        if content.role == "model":
            _check_turn(book, content.parts, position, required=required)


def _check_turn(book: _SignatureBook, parts: tuple[_Part, ...], c: int, *, required: bool) -> None:
    text_seen = False
    for p, part in enumerate(parts, 1):
        first_text = part.kind == "text" and not part.thought and not text_seen
        text_seen = text_seen or first_text
        needed = required and not part.thought and (part.kind == "image" or first_text)
        if part.signature is not None:
            _check_signature(book, part, c, p)
        elif needed:
            raise _invalid(
                f"{part.kind.capitalize()} part is missing a thought_signature "
                f"in content position {c}, part position {p}."
            )


def _check_signature(book: _SignatureBook, part: _Part, c: int, p: int) -> None:
    signature = _b64decode(part.signature)
    verdict = book.verdict(signature, part.identity()) if signature else "corrupt"
    if verdict == "corrupt":
        raise _invalid("Corrupted thought signature.")
    if verdict == "mismatch":
        raise _invalid(
            f"Thought signature does not match its part in content position {c}, part position {p}."
        )


# --- composing answers ----------------------------------------------------------------------


class _Blob:
    """Base64 image data, spliced into the JSON text after encoding (it is large)."""

    __slots__ = ("b64",)

    def __init__(self, b64: str) -> None:
        self.b64 = b64


_BLOB_MARK = f"@@blob-{uuid.uuid4().hex}@@"


def _dump(payload: object) -> bytes:
    blobs: list[str] = []

    def stash(value: object) -> str:
        if not isinstance(value, _Blob):
            raise TypeError(f"cannot encode {type(value).__name__}")
        blobs.append(value.b64)
        return f"{_BLOB_MARK}{len(blobs) - 1}{_BLOB_MARK}"

    pieces = json.dumps(payload, separators=(",", ":"), default=stash).split(_BLOB_MARK)
    pieces[1::2] = [blobs[int(index)] for index in pieces[1::2]]
    return "".join(pieces).encode("ascii")


@dataclass
class _Reply:
    model: str
    chunks: list[list[dict[str, Any]]] = field(default_factory=list)
    usage: dict[str, Any] = field(default_factory=dict)
    prompt_usage: dict[str, Any] = field(default_factory=dict)
    finish_reason: str = "STOP"
    grounding: dict[str, Any] | None = None
    block_reason: str | None = None
    response_id: str = field(default_factory=lambda: uuid.uuid4().hex[:22])

    def envelope(self, parts: list[dict[str, Any]], *, last: bool) -> dict[str, Any]:
        candidate: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
        if last:
            candidate["finishReason"] = self.finish_reason
            if self.grounding:
                candidate["groundingMetadata"] = self.grounding
        return {
            "candidates": [candidate],
            "usageMetadata": self.usage if last else self.prompt_usage,
            "modelVersion": self.model,
            "responseId": self.response_id,
        }

    def blocked(self) -> dict[str, Any]:
        return {
            "promptFeedback": {"blockReason": self.block_reason},
            "usageMetadata": self.prompt_usage,
            "modelVersion": self.model,
            "responseId": self.response_id,
        }

    def whole(self) -> bytes:
        if self.block_reason:
            return _dump(self.blocked())
        parts = _merge_text([part for chunk in self.chunks for part in chunk])
        return _dump(self.envelope(parts, last=True))

    def pieces(self) -> list[bytes]:
        if self.block_reason:
            return [_dump(self.blocked())]
        last = len(self.chunks) - 1
        return [_dump(self.envelope(parts, last=i == last)) for i, parts in enumerate(self.chunks)]


def _merge_text(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Joins neighbouring plain text parts, as a whole (non-streamed) answer has them."""
    merged: list[dict[str, Any]] = []
    for part in parts:
        if merged and part.keys() == {"text"} and merged[-1].keys() == {"text"}:
            merged[-1] = {"text": merged[-1]["text"] + part["text"]}
        else:
            merged.append(dict(part))
    return merged


def _tokens(text: str) -> int:
    return math.ceil(len(text) / 4)


def _usage(call: _Call, *, text: int = 0, images: int = 0, thoughts: int = 0) -> dict[str, Any]:
    prompt = call.prompt_tokens
    image_prompt = call.prompt_image_tokens
    usage: dict[str, Any] = {
        "promptTokenCount": prompt,
        "candidatesTokenCount": text + images,
        "totalTokenCount": prompt + text + images + thoughts,
        "promptTokensDetails": _details(TEXT=prompt - image_prompt, IMAGE=image_prompt),
    }
    if thoughts:
        usage["thoughtsTokenCount"] = thoughts
    if text or images:
        usage["candidatesTokensDetails"] = _details(TEXT=text, IMAGE=images)
    return usage


def _details(**counts: int) -> list[dict[str, Any]]:
    return [{"modality": name, "tokenCount": n} for name, n in counts.items() if n]


def _prompt_usage(call: _Call) -> dict[str, Any]:
    prompt = call.prompt_tokens
    return {"promptTokenCount": prompt, "totalTokenCount": prompt}


def _gist(call: _Call, limit: int = 120) -> str:
    text = " ".join(call.last_user_text().split())
    if not text:
        return "the reference images"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _grounding(call: _Call) -> dict[str, Any]:
    query = _gist(call, 60)
    link = "https://www.google.com/search?q=" + urllib.parse.quote_plus(query)
    rendered = (
        '<style>.chip{display:inline-block;padding:4px 12px;border-radius:16px;'
        'border:1px solid #ccc}</style><div class="container">'
        f'<a class="chip" href="{html.escape(link)}">{html.escape(query)}</a></div>'
    )
    redirect = "https://vertexaisearch.cloud.google.com/grounding-api-redirect/emulator-"
    return {
        "searchEntryPoint": {"renderedContent": rendered},
        "groundingChunks": [
            {"web": {"uri": redirect + "1", "title": "example.com"}},
            {"web": {"uri": redirect + "2", "title": "wikipedia.org"}},
        ],
        "webSearchQueries": [query],
    }


class _Composer:
    """Builds answers; signs the parts the Pro image model signs."""

    def __init__(self, book: _SignatureBook) -> None:
        self._book = book

    def compose(self, call: _Call, outcome: _Outcome | None, number: int) -> _Reply:
        if outcome is not None and outcome.kind == "block":
            return _Reply(call.model, block_reason=outcome.reason, prompt_usage=_prompt_usage(call))
        if call.model in TEXT_MODELS:
            reply = self._chat(call, outcome)
        else:
            reply = self._picture(call, outcome, number)
        reply.prompt_usage = _prompt_usage(call)
        reply.grounding = _grounding(call) if call.search else None
        return reply

    def _picture(self, call: _Call, outcome: _Outcome | None, number: int) -> _Reply:
        pro = call.model == PRO_MODEL
        with_image = outcome is None and "IMAGE" in call.modalities
        chunks: list[list[dict[str, Any]]] = []
        thinking = _thinking(call) if pro else ""
        if pro:
            chunks.append([{"text": thinking, "thought": True}])
        if pro and with_image:
            chunks += [[self._draft(call, number, draft)] for draft in (1, 2)]
        has_text = outcome is not None or "TEXT" in call.modalities
        caption = (outcome.text if outcome else _caption(call, number)) if has_text else ""
        if has_text:
            chunks.append([self._text(caption, signed=pro)])
        if with_image:
            chunks.append([self._final(call, number, signed=pro)])
        images = IMAGE_OUTPUT_TOKENS[call.model][call.image_size] if with_image else 0
        usage = _usage(call, text=_tokens(caption), images=images, thoughts=_tokens(thinking))
        finish = outcome.reason if outcome else "STOP"
        return _Reply(call.model, chunks=chunks, usage=usage, finish_reason=finish)

    def _chat(self, call: _Call, outcome: _Outcome | None) -> _Reply:
        answer = outcome.text if outcome and outcome.kind == "withhold" else _chat_answer(call)
        chunks = [[{"text": piece}] for piece in _split_text(answer)]
        finish = outcome.reason if outcome else "STOP"
        usage = _usage(call, text=_tokens(answer))
        return _Reply(call.model, chunks=chunks, usage=usage, finish_reason=finish)

    def _text(self, text: str, *, signed: bool) -> dict[str, Any]:
        part: dict[str, Any] = {"text": text}
        if signed:
            part["thoughtSignature"] = self._sign(_identity("text", False, text.encode()))
        return part

    def _draft(self, call: _Call, number: int, draft: int) -> dict[str, Any]:
        width, height = pixel_size(call.aspect_ratio, "1K")
        png = render_png(width, height, f"#{number} draft {draft}", number)
        return {"inlineData": {"mimeType": "image/png", "data": _Blob(png.b64)}, "thought": True}

    def _final(self, call: _Call, number: int, *, signed: bool) -> dict[str, Any]:
        width, height = pixel_size(call.aspect_ratio, call.image_size)
        png = render_png(width, height, f"#{number}", number)
        part: dict[str, Any] = {"inlineData": {"mimeType": "image/png", "data": _Blob(png.b64)}}
        if signed:
            part["thoughtSignature"] = self._sign(_identity("image", False, png.data))
        return part

    def _sign(self, identity: bytes) -> str:
        return base64.b64encode(self._book.issue(identity)).decode("ascii")


def _thinking(call: _Call) -> str:
    return (
        "**Planning the picture**\n\n"
        f"The request asks for: {_gist(call)}. I will compose it at {call.aspect_ratio} "
        f"and {call.image_size}, test the layout in a draft, then render the final image."
    )


def _caption(call: _Call, number: int) -> str:
    return f"Here is image #{number} ({call.aspect_ratio}, {call.image_size}): {_gist(call)}"


# --- answers of the text models ----------------------------------------------------------

_MEMORY_MARK = re.compile(r"\[\[Memory (\d+)\]\]")
_MEMORY_BLOCK = re.compile(r"\[\[Memory \d+\]\].*?(?:\n\s*\n|\Z)", re.DOTALL)
_QUESTION_LINE = re.compile(r"^\s*question\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_TAG = re.compile(r"</?[A-Za-z_][^>]*>")
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """the and for are was were with that this what which when where who whom how why
        about from into have has had not but you your our their them they its can could
        would should will shall may might does did done any all some more most other such
        than then there these those here just also very only over under again once each
        both few many much own same too out off per via tell know give show please answer
        question memory memories according based using use said say says""",
    )
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in _STOPWORDS}


def _memories(texts: Iterable[str]) -> dict[int, str]:
    """Memory number -> its text, from "[[Memory N]] ..." blocks (up to a blank line)."""
    found: dict[int, str] = {}
    for text in texts:
        pieces = _MEMORY_MARK.split(text)
        for number, body in zip(pieces[1::2], pieces[2::2], strict=True):
            found[int(number)] = " ".join(_TAG.sub(" ", body.split("\n\n", 1)[0]).split())
    return found


def _question(call: _Call) -> str:
    text = call.last_user_text()
    asked = _QUESTION_LINE.findall(text)
    return asked[-1] if asked else _MEMORY_BLOCK.sub(" ", text)


def _snippet(text: str, words: int = 20) -> str:
    kept = text.split()[:words]
    return " ".join(kept).rstrip(".,;:!?") if kept else "nothing more"


def _chat_answer(call: _Call) -> str:
    memories = _memories(call.all_texts())
    if not memories:
        return (
            "No memories were given, so I cannot answer from them. "
            "Select some memories and ask again."
        )
    asked = _words(_question(call))
    ranked = sorted(memories, key=lambda n: (-len(asked & _words(memories[n])), n))
    cited = [n for n in ranked if asked & _words(memories[n])][:3]
    if not cited:
        return (
            f"None of the {len(memories)} memories mentions that. "
            "Try other words, or select other memories and ask again."
        )
    sentences = [f"According to [[Memory {cited[0]}]], {_snippet(memories[cited[0]])}."]
    sentences += [f"[[Memory {n}]] adds that {_snippet(memories[n])}." for n in cited[1:]]
    shared = sorted(set().union(*(asked & _words(memories[n]) for n in cited)))
    sentences.append(f"Those are the memories that mention {', '.join(shared[:5])}.")
    return " ".join(sentences)


def _split_text(text: str, minimum: int = 3) -> list[str]:
    words = re.findall(r"\S+\s*", text)
    size = max(1, len(words) // max(minimum, math.ceil(len(words) / 8)))
    return ["".join(words[i : i + size]) for i in range(0, len(words), size)] or [text]


# --- the server ---------------------------------------------------------------------------


def _api_key(request: Request) -> str | None:
    return request.headers.get("x-goog-api-key") or request.query_params.get("key")


def _load_json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _sse(chunks: list[bytes]) -> list[bytes]:
    return [b"data: " + chunk + b"\r\n\r\n" for chunk in chunks]


class GeminiEmulator:
    """The Gemini REST API, served by uvicorn on 127.0.0.1 in a background thread.

    Controls apply to the next request(s) that reach a generate route; each takes
    ``times`` (default 1; ``None`` means every request until ``reset()``).
    """

    def __init__(self) -> None:
        self.base_url = ""
        self.requests: list[ReceivedRequest] = []
        self.latency = 0.0
        self.chunk_delay = 0.0
        self._failures: _Schedule[tuple[int, str]] = _Schedule()
        self._outcomes: _Schedule[_Outcome] = _Schedule()
        self._book = _SignatureBook()
        self._composer = _Composer(self._book)
        self._serial = itertools.count(1)
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        route = Route("/{version}/models/{target:path}", self._handle, methods=["POST"])
        self._app = Starlette(routes=[route])

    # lifecycle

    def start(self) -> None:
        """Starts serving on a free port; base_url is set when this returns."""
        if self._server is not None:
            raise RuntimeError("the emulator is already running; call stop() first")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(
            self._app, log_level="warning", access_log=False, lifespan="off",
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="gemini-emulator", daemon=True
        )
        thread.start()
        _wait_until_started(server, thread)
        self._server, self._thread, self._socket = server, thread, sock
        self.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> GeminiEmulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # controls

    def fail_next(self, status: int, *, times: int | None = 1, message: str | None = None) -> None:
        """Answers the next `times` requests with this HTTP error (429, 500, 503, 504, 403...)."""
        if status not in STATUS_NAMES:
            raise ValueError(f"status must be one of {sorted(STATUS_NAMES)}; got {status}")
        self._failures.add((status, message or DEFAULT_MESSAGES[status]), times)

    def block_next_prompt(self, reason: str = "SAFETY", *, times: int | None = 1) -> None:
        """promptFeedback.blockReason and no candidates."""
        self._outcomes.add(_Outcome("block", reason), times)

    def withhold_next_image(
        self,
        finish_reason: str = "IMAGE_SAFETY",
        text: str = "I can't create that image. Try rephrasing the request.",
        *,
        times: int | None = 1,
    ) -> None:
        """A candidate with this finishReason and only a text part."""
        self._outcomes.add(_Outcome("withhold", finish_reason, text), times)

    def no_image_next(self, *, times: int | None = 1) -> None:
        """A STOP answer with text only."""
        text = "I described the picture instead of drawing it: a clean layout of the request."
        self._outcomes.add(_Outcome("no_image", "STOP", text), times)

    def reset(self) -> None:
        """Forgets controls, latency and the log; issued signatures stay valid."""
        self._failures.clear()
        self._outcomes.clear()
        self.latency = 0.0
        self.chunk_delay = 0.0
        with self._lock:
            self.requests.clear()

    # serving

    async def _handle(self, request: Request) -> Response:
        model, _, method = request.path_params["target"].rpartition(":")
        record = ReceivedRequest(model, method, time.monotonic(), api_key=_api_key(request))
        with self._lock:
            self.requests.append(record)
        record.body = await asyncio.to_thread(_load_json, await request.body())
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        try:
            self._admit(request.path_params["version"], model, method, record.api_key)
            chunks = await asyncio.to_thread(self._answer, model, record.body, method == STREAM)
        except ApiError as error:
            return self._finish(record, error.response())
        return self._finish(record, self._response(chunks, method, request))

    def _admit(self, version: str, model: str, method: str, key: str | None) -> None:
        if not key:
            raise ApiError(403, MISSING_KEY_MESSAGE)
        if key == BAD_KEY:
            raise ApiError(400, BAD_KEY_MESSAGE, BAD_KEY_DETAILS)
        known = model in IMAGE_MODELS or model in TEXT_MODELS
        if version not in API_VERSIONS or method not in (GENERATE, STREAM) or not known:
            raise _not_found(model, version, method)
        failure = self._failures.take()
        if failure is not None:
            raise ApiError(*failure)

    def _answer(self, model: str, body: object, stream: bool) -> list[bytes]:
        if body is None:
            raise _invalid("Invalid JSON payload received. Unexpected token.")
        call = _parse_call(model, body)
        _check_tokens(call)
        _check_signatures(self._book, call)
        reply = self._composer.compose(call, self._outcomes.take(), next(self._serial))
        return reply.pieces() if stream else [reply.whole()]

    def _response(self, chunks: list[bytes], method: str, request: Request) -> Response:
        if method == GENERATE:
            return Response(chunks[0], media_type="application/json")
        if request.query_params.get("alt") == "sse":
            return StreamingResponse(self._drip(_sse(chunks)), media_type="text/event-stream")
        return Response(b"[" + b",\r\n".join(chunks) + b"]", media_type="application/json")

    async def _drip(self, chunks: list[bytes]) -> AsyncIterator[bytes]:
        for index, chunk in enumerate(chunks):
            if index:
                await asyncio.sleep(self.chunk_delay)
            yield chunk

    def _finish(self, record: ReceivedRequest, response: Response) -> Response:
        # Marked now, so a client that has its answer always sees the record complete;
        # marked again once the body has gone out.
        _mark_finished(record, response.status_code)
        response.background = BackgroundTask(_mark_finished, record, response.status_code)
        return response


def _mark_finished(record: ReceivedRequest, status: int) -> None:
    record.status = status
    record.finished_at = time.monotonic()


def _wait_until_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the Gemini emulator did not start")
        time.sleep(0.002)
