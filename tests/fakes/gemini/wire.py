"""Request bodies as the API reads them: parts, contents, and the log of what came in.

The API accepts proto JSON in either spelling (``inlineData`` or ``inline_data``).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from PIL import Image

from .errors import BAD_IMAGE_MESSAGE, ApiError, invalid
from .signatures import b64decode, identity

__all__ = ["Content", "InlineImage", "Part", "ReceivedRequest", "field_of", "parse_contents"]

INPUT_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"})
_VERIFIED_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})
_PART_FLAGS = frozenset({"thought", "thought_signature"})


@lru_cache(maxsize=128)
def _snake(name: str) -> str:
    return re.sub(r"([A-Z])", r"_\1", name).lower()


def field_of(mapping: object, name: str) -> Any:
    """A field in camelCase or snake_case spelling, as the API accepts both."""
    if not isinstance(mapping, Mapping):
        return None
    value = mapping.get(name)
    return mapping.get(_snake(name)) if value is None else value


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a request: text, an inline image, or anything else (kept as JSON)."""

    kind: str  # "text", "image" or "other"
    thought: bool
    text: str = ""
    data: bytes = field(default=b"", repr=False)
    mime_type: str = ""
    signature: object = field(default=None, repr=False)  # as sent: base64 text

    def identity(self) -> bytes:
        payload = self.text.encode() if self.kind == "text" else self.data
        return identity(self.kind, self.thought, payload)

    def signature_bytes(self) -> bytes | None:
        return b64decode(self.signature)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, slots=True)
class Content:
    role: str
    parts: tuple[Part, ...]

    def texts(self) -> list[str]:
        return [part.text for part in self.parts if part.kind == "text" and not part.thought]


@dataclass(frozen=True, slots=True)
class InlineImage:
    """An inline image of a user turn, with the text parts either side of it."""

    data: bytes = field(repr=False)
    mime_type: str
    label_before: str | None
    label_after: str | None

    @property
    def size(self) -> tuple[int, int]:
        with Image.open(io.BytesIO(self.data)) as picture:
            return picture.size


# --- strict parsing (the API's own) ------------------------------------------------------


def parse_contents(raw: object) -> tuple[Content, ...]:
    if not raw:
        raise invalid("* GenerateContentRequest.contents: contents is not specified\n")
    if not isinstance(raw, list):
        raise invalid("Invalid JSON payload received. 'contents' must be a list.")
    return tuple(_parse_content(item, index) for index, item in enumerate(raw))


def _parse_content(raw: object, index: int) -> Content:
    role = field_of(raw, "role") or "user"
    if role not in ("user", "model"):
        raise invalid("Please use a valid role: user, model.")
    parts = field_of(raw, "parts")
    if not parts or not isinstance(parts, list):
        raise invalid(
            f"* GenerateContentRequest.contents[{index}].parts: contents.parts must not be empty."
        )
    where = f"contents[{index}].parts"
    return Content(role, tuple(parse_part(p, f"{where}[{j}]") for j, p in enumerate(parts)))


def parse_system(raw: object) -> tuple[Part, ...]:
    parts = field_of(raw, "parts") or []
    return tuple(parse_part(p, f"system_instruction.parts[{j}]") for j, p in enumerate(parts))


def parse_part(raw: object, where: str, *, strict: bool = True) -> Part:
    if not isinstance(raw, Mapping):
        raise invalid(f"Invalid value at '{where}': expected a Part object.")
    thought = bool(field_of(raw, "thought"))
    signature = field_of(raw, "thoughtSignature")
    blob = field_of(raw, "inlineData")
    if blob is not None:
        mime_type, data = _parse_blob(blob, where, strict=strict)
        kind = "image" if mime_type.startswith("image/") else "other"
        return Part(kind, thought, data=data, mime_type=mime_type, signature=signature)
    text = field_of(raw, "text")
    if text is not None:
        return Part("text", thought, text=str(text), signature=signature)
    return _other_part(raw, where, thought, signature)


def _other_part(raw: Mapping[str, Any], where: str, thought: bool, signature: object) -> Part:
    rest = {key: value for key, value in raw.items() if _snake(key) not in _PART_FLAGS}
    if not rest:
        raise invalid(
            f"* GenerateContentRequest.{where}.data: "
            "required oneof field 'data' must have one initialized field"
        )
    data = json.dumps(rest, sort_keys=True).encode()
    return Part("other", thought, data=data, signature=signature)


def _parse_blob(blob: object, where: str, *, strict: bool) -> tuple[str, bytes]:
    mime_type = str(field_of(blob, "mimeType") or "")
    encoded = field_of(blob, "data")
    data = b64decode(encoded)
    if data is None:
        if not strict:
            return mime_type, b""
        raise invalid(
            f"Invalid value at '{where}.inline_data.data' (TYPE_BYTES), "
            f'Base64 decoding failed for "{str(encoded)[:40]}"'
        )
    if strict:
        _check_blob(mime_type, data)
    return mime_type, data


def _check_blob(mime_type: str, data: bytes) -> None:
    if not mime_type or (mime_type.startswith("image/") and mime_type not in INPUT_IMAGE_TYPES):
        raise invalid(f"Unsupported MIME type: {mime_type}")
    if mime_type in _VERIFIED_TYPES:
        _check_image(data)


def _check_image(data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.verify()
    except Exception as error:
        raise invalid(BAD_IMAGE_MESSAGE) from error


# --- the request log -----------------------------------------------------------------------


def _lenient_contents(body: object) -> list[Content]:
    """The contents of a logged body, skipping what the API would have refused."""
    contents = []
    for raw in field_of(body, "contents") or []:
        parts = [_lenient_part(p) for p in field_of(raw, "parts") or []]
        contents.append(Content(str(field_of(raw, "role") or "user"), tuple(parts)))
    return contents


def _lenient_part(raw: object) -> Part:
    try:
        return parse_part(raw, "", strict=False)
    except ApiError:
        return Part("other", False)


def _labels(parts: tuple[Part, ...], index: int) -> tuple[str | None, str | None]:
    before = next((p.text for p in reversed(parts[:index]) if p.kind == "text"), None)
    after = next((p.text for p in parts[index + 1:] if p.kind == "text"), None)
    return before, after


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
    size_bytes: int = 0
    http_method: str = "POST"
    answer_usage: dict[str, Any] | None = field(default=None, repr=False)
    """The final `usageMetadata` the emulator answered with (what Google bills)."""

    def contents(self) -> list[Content]:
        """The request's contents, parsed (images decoded, not checked)."""
        return _lenient_contents(self.body)

    def parts(self, role: str | None = None) -> list[Part]:
        """Every part of every turn, or of the turns of one role ("user" or "model")."""
        return [part for content in self.contents() if role in (None, content.role)
                for part in content.parts]

    def inline_images(self) -> list[InlineImage]:
        """The inline images of the last user turn, in order, with their neighbouring texts."""
        users = [content for content in self.contents() if content.role == "user"]
        if not users:
            return []
        parts = users[-1].parts
        return [InlineImage(part.data, part.mime_type, *_labels(parts, index))
                for index, part in enumerate(parts) if part.kind == "image"]

    def signatures(self) -> list[bytes]:
        """The decoded thought signatures the request carried, in order."""
        found = (part.signature_bytes() for part in self.parts())
        return [signature for signature in found if signature is not None]

    def generation_config(self) -> dict[str, Any]:
        return dict(field_of(self.body, "generationConfig") or {})
