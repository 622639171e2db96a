"""The seed's stateless history: turns a client sends back itself.

A model turn whose signature this server issued is replayed exactly as stored (every
part, every signature). One it has never seen is sent as given: its base64 signature is
decoded once, here at the edge, and put on its image part.
"""

from __future__ import annotations

import base64
import binascii
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from cortex_dashboard.errors import InvalidInput
from cortex_dashboard.images.conversations import ConversationStore
from cortex_dashboard.providers.base import HistoryContent

MIME_BY_FORMAT = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


@dataclass(frozen=True, slots=True)
class ClientTurn:
    role: str
    text: str | None = None
    image_data: str | None = None
    thought_signature: str | None = None
    mime_type: str = "image/png"


def decode_base64(value: str, field: str) -> bytes:
    """Standard or URL-safe base64, padded or not; 422 naming the field otherwise."""
    cleaned = value.strip()
    padded = cleaned + "=" * (-len(cleaned) % 4)
    altchars = b"-_" if ("-" in cleaned or "_" in cleaned) else None
    try:
        return base64.b64decode(padded, altchars=altchars, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput(field, f"{field} is not valid base64.") from exc


def _image_part(turn: ClientTurn, index: int) -> HistoryContent:
    field = f"conversation_history.{index}.image_data"
    data = decode_base64(turn.image_data or "", field)
    return {"inline_data": {"mime_type": _picture_type(data, field), "data": data}}


def _picture_type(data: bytes, field: str) -> str:
    """The MIME type the bytes really have; a 422 naming the field if they are no picture."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = MIME_BY_FORMAT.get(image.format or "")
    except (UnidentifiedImageError, OSError, ValueError):
        kind = None
    if kind is None:
        raise InvalidInput(field, f"{field} is not a PNG, JPEG or WebP picture.")
    return kind


def _user_content(turn: ClientTurn, index: int) -> HistoryContent:
    parts: list[HistoryContent] = [{"text": turn.text}] if turn.text else []
    if turn.image_data:
        parts.append(_image_part(turn, index))
    if not parts:
        raise InvalidInput(f"conversation_history.{index}",
                           "A user turn needs text or image_data (Gemini refuses empty text).")
    return {"role": "user", "parts": parts}


def _model_content(turn: ClientTurn, index: int, store: ConversationStore) -> HistoryContent:
    signature = None
    if turn.thought_signature:
        field = f"conversation_history.{index}.thought_signature"
        signature = decode_base64(turn.thought_signature, field)
        known = store.find_signature(signature)
        if known is not None:
            return store.model_content(*known)
    parts: list[HistoryContent] = []
    if turn.text and signature is None:
        parts.append({"text": turn.text})
    if turn.image_data:
        image = _image_part(turn, index)
        if signature is not None:
            image["thought_signature"] = signature
        parts.append(image)
    if not parts:
        raise InvalidInput(f"conversation_history.{index}",
                           "A model turn needs image_data or a thought_signature this "
                           "server issued.")
    return {"role": "model", "parts": parts}


def history_from_client(turns: list[ClientTurn], store: ConversationStore
                        ) -> list[HistoryContent]:
    contents = []
    for index, turn in enumerate(turns):
        if turn.role == "user":
            contents.append(_user_content(turn, index))
        else:
            contents.append(_model_content(turn, index, store))
    return contents
