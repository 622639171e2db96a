"""Image conversations held by the server: turns, their history, persistence.

A turn stores the provider's new history contents verbatim. To keep the state database
small, inline image bytes inside history are moved to the image store and replaced by
`{"$image": <sha256>, ...}`; any other bytes (thought signatures) are kept as
`{"$bytes": <base64>}`. Both are exact, reversible encodings: what a provider gets back
is, byte for byte, what it returned.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cortex_dashboard.errors import InvalidInput, NotFound
from cortex_dashboard.images.providers.base import HistoryContent
from cortex_dashboard.images.store import ImageStore, StoredImage
from cortex_dashboard.state import StateDatabase

TITLE_CHARS = 80


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def encode_history(value: Any, save_image: Callable[[bytes, str], StoredImage], *,
                   mime_type: str = "") -> Any:
    """History as JSON: image bytes to the image store, other bytes to base64."""
    if isinstance(value, dict):
        mime = value.get("mime_type") or value.get("mimeType") or mime_type
        return {key: _encode_item(key, item, save_image, mime) for key, item in value.items()}
    if isinstance(value, list):
        return [encode_history(item, save_image, mime_type=mime_type) for item in value]
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    return value


def _encode_item(key: str, item: Any, save_image: Callable[[bytes, str], StoredImage],
                 mime: str) -> Any:
    if key == "data" and isinstance(item, bytes) and mime.startswith("image/"):
        return {"$image": save_image(item, mime).id}
    return encode_history(item, save_image, mime_type=mime)


class SavedImages:
    """Saves each image once per turn: the final image also sits in the history, and
    hashing a 4K picture twice would double the server's own time per turn."""

    def __init__(self, store: ImageStore) -> None:
        self.store = store
        self.by_object: dict[int, tuple[bytes, StoredImage]] = {}

    def __call__(self, data: bytes, mime_type: str) -> StoredImage:
        known = self.by_object.get(id(data))
        if known is None or known[0] is not data:
            known = (data, self.store.save(data, mime_type))
            self.by_object[id(data)] = known
        return known[1]


def decode_history(value: Any, store: ImageStore, *, mime_type: str = "") -> Any:
    if isinstance(value, dict):
        if "$bytes" in value:
            return base64.b64decode(value["$bytes"])
        if "$image" in value:
            return store.read(value["$image"], mime_type)
        mime = value.get("mime_type") or value.get("mimeType") or mime_type
        return {key: decode_history(item, store, mime_type=mime) for key, item in value.items()}
    if isinstance(value, list):
        return [decode_history(item, store, mime_type=mime_type) for item in value]
    return value


def history_images(value: Any) -> int:
    """How many inline images a history holds (they count as input tokens)."""
    if isinstance(value, dict):
        here = int("inline_data" in value or "inlineData" in value)
        return here + sum(history_images(v) for v in value.values())
    if isinstance(value, list):
        return sum(history_images(v) for v in value)
    return 0


@dataclass(frozen=True, slots=True)
class Conversation:
    id: str
    project_id: str | None
    title: str
    provider: str
    model: str
    created_at: str
    updated_at: str
    cleared: bool
    turn_count: int
    last_image_id: str | None


@dataclass(frozen=True, slots=True)
class Turn:
    conversation_id: str
    turn: int
    prompt: str
    memory_ids: list[str]
    settings: dict[str, Any]
    image_id: str
    mime_type: str
    width: int
    height: int
    text: str
    usage: dict[str, int]
    cost_usd: float
    grounding: dict[str, Any] | None
    context: dict[str, Any] | None
    created_at: str


@dataclass(frozen=True, slots=True)
class NewTurn:
    prompt: str
    memory_ids: list[str]
    settings: dict[str, Any]
    history: Any
    """Already encoded with `encode_history`."""
    image: StoredImage
    text: str
    usage: dict[str, int]
    cost_usd: float
    grounding: dict[str, Any] | None
    context: dict[str, Any] | None
    signature: bytes | None


CONVERSATION_SELECT = (
    "SELECT c.*, (SELECT count(*) FROM turns t WHERE t.conversation_id = c.id) AS n,"
    " (SELECT image_id FROM turns t WHERE t.conversation_id = c.id ORDER BY turn DESC"
    " LIMIT 1) AS last_image FROM conversations c"
)
TURN_COLUMNS = (
    "t.conversation_id, t.turn, t.prompt, t.memory_ids, t.settings, t.image_id, i.mime_type, "
    "i.width, i.height, t.text, t.usage, t.cost_usd, t.grounding, t.context, t.created_at"
)


def _turn_from_row(row: Any) -> Turn:
    return Turn(
        conversation_id=row["conversation_id"], turn=row["turn"], prompt=row["prompt"],
        memory_ids=json.loads(row["memory_ids"]), settings=json.loads(row["settings"]),
        image_id=row["image_id"], mime_type=row["mime_type"], width=row["width"],
        height=row["height"], text=row["text"], usage=json.loads(row["usage"]),
        cost_usd=row["cost_usd"],
        grounding=json.loads(row["grounding"]) if row["grounding"] else None,
        context=json.loads(row["context"]) if row["context"] else None,
        created_at=row["created_at"],
    )


class ConversationStore:
    def __init__(self, state: StateDatabase, images: ImageStore) -> None:
        self.state = state
        self.images = images

    def create(self, *, project_id: str | None, title: str, provider: str, model: str) -> str:
        conversation_id = f"conv_{secrets.token_hex(8)}"
        stamp = now_iso()
        self.state.execute(
            "INSERT INTO conversations (id, project_id, title, provider, model, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [conversation_id, project_id, title[:TITLE_CHARS] or "Untitled", provider, model,
             stamp, stamp],
        )
        return conversation_id

    def get(self, conversation_id: str) -> Conversation:
        row = self.state.fetch_one(f"{CONVERSATION_SELECT} WHERE c.id = ?", [conversation_id])
        if row is None:
            raise NotFound(f"No image conversation with id '{conversation_id}'.")
        return _conversation_from_row(row)

    def get_open(self, conversation_id: str) -> Conversation:
        conversation = self.get(conversation_id)
        if conversation.cleared:
            raise InvalidInput("conversation_id", f"Conversation '{conversation_id}' was "
                               "ended with clear-conversation; start a new one.",
                               code="conversation_ended")
        return conversation

    def list(self, project_id: str | None = None, limit: int = 100) -> list[Conversation]:
        rows = self.state.fetch_all(
            f"{CONVERSATION_SELECT} WHERE (? IS NULL OR c.project_id = ?)"
            " AND EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id)"
            " ORDER BY c.updated_at DESC LIMIT ?",
            [project_id, project_id, limit],
        )
        return [_conversation_from_row(row) for row in rows]

    def add_turn(self, conversation_id: str, new: NewTurn) -> Turn:
        """Store a turn; the image file is already on disk, so this row may point at it."""
        history = json.dumps(new.history)
        stamp = now_iso()
        with self.state.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO images (id, mime_type, width, height, size_bytes,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [new.image.id, new.image.mime_type, new.image.width, new.image.height,
                 new.image.size_bytes, stamp],
            )
            number = conn.execute(
                "SELECT coalesce(max(turn), 0) + 1 FROM turns WHERE conversation_id = ?",
                [conversation_id],
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO turns (conversation_id, turn, prompt, memory_ids, settings, history,"
                " image_id, text, usage, cost_usd, grounding, context, signature, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [conversation_id, number, new.prompt, json.dumps(new.memory_ids),
                 json.dumps(new.settings), history, new.image.id, new.text,
                 json.dumps(new.usage), new.cost_usd, _json_or_none(new.grounding),
                 _json_or_none(new.context), new.signature, stamp],
            )
            conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?",
                         [stamp, conversation_id])
        return self.turn(conversation_id, number)

    def turn(self, conversation_id: str, number: int) -> Turn:
        row = self.state.fetch_one(
            f"SELECT {TURN_COLUMNS} FROM turns t JOIN images i ON i.id = t.image_id"
            " WHERE t.conversation_id = ? AND t.turn = ?",
            [conversation_id, number],
        )
        if row is None:
            raise NotFound(f"Conversation '{conversation_id}' has no turn {number}.")
        return _turn_from_row(row)

    def turns(self, conversation_id: str) -> list[Turn]:
        rows = self.state.fetch_all(
            f"SELECT {TURN_COLUMNS} FROM turns t JOIN images i ON i.id = t.image_id"
            " WHERE t.conversation_id = ? ORDER BY t.turn",
            [conversation_id],
        )
        return [_turn_from_row(row) for row in rows]

    def stored_history(self, conversation_id: str, upto: int | None = None) -> list[Any]:
        """The encoded history of every turn (up to turn `upto`), in order."""
        rows = self.state.fetch_all(
            "SELECT history FROM turns WHERE conversation_id = ? AND turn <= ? ORDER BY turn",
            [conversation_id, upto if upto is not None else 1 << 62],
        )
        return [content for row in rows for content in json.loads(row["history"])]

    def history(self, conversation_id: str, upto: int | None = None) -> list[HistoryContent]:
        """The full provider history, decoded to exactly what the provider returned."""
        return decode_history(self.stored_history(conversation_id, upto), self.images)

    def find_signature(self, signature: bytes) -> tuple[str, int] | None:
        row = self.state.fetch_one(
            "SELECT conversation_id, turn FROM turns WHERE signature = ? LIMIT 1", [signature]
        )
        return (row["conversation_id"], row["turn"]) if row else None

    def model_content(self, conversation_id: str, number: int) -> HistoryContent:
        """The model's content of one turn, exactly as stored."""
        row = self.state.fetch_one(
            "SELECT history FROM turns WHERE conversation_id = ? AND turn = ?",
            [conversation_id, number],
        )
        if row is None:
            raise NotFound(f"Conversation '{conversation_id}' has no turn {number}.")
        contents = json.loads(row["history"])
        return decode_history(contents[-1], self.images)

    def clear(self, conversation_id: str) -> None:
        self.get(conversation_id)
        self.state.execute("UPDATE conversations SET cleared = 1, updated_at = ? WHERE id = ?",
                           [now_iso(), conversation_id])


def _json_or_none(value: Any) -> str | None:
    return json.dumps(value) if value is not None else None


def _conversation_from_row(row: Any) -> Conversation:
    return Conversation(
        id=row["id"], project_id=row["project_id"], title=row["title"],
        provider=row["provider"], model=row["model"], created_at=row["created_at"],
        updated_at=row["updated_at"], cleared=bool(row["cleared"]), turn_count=row["n"],
        last_image_id=row["last_image"],
    )


def image_mime_type(state: StateDatabase, image_id: str) -> str:
    row = state.fetch_one("SELECT mime_type FROM images WHERE id = ?", [image_id])
    if row is None:
        raise NotFound(f"No image with id '{image_id}'.")
    return row["mime_type"]
