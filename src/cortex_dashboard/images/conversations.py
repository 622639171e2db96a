"""Image conversations held by the server: turns, their history, persistence.

A turn stores the provider's new history contents verbatim. To keep the state database
small and a turn fast, bytes inside history are moved out of the JSON: inline images to
the image store as `{"$image": <sha256>}`, anything else (thought signatures) to the
blob store as `{"$blob": <sha256>}`. Both are exact, reversible encodings: what a
provider gets back is, byte for byte, what it returned. (`{"$bytes": <base64>}` is how
version 1 kept signatures; it is still read.)
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, TypeVar

from cortex_dashboard.context import ContextReport
from cortex_dashboard.errors import InvalidInput, NotFound, TurnInProgress
from cortex_dashboard.images.blobs import BlobStore, blob_id
from cortex_dashboard.images.store import ImageStore, StoredImage
from cortex_dashboard.memories.queries import like_pattern
from cortex_dashboard.providers.base import (
    Grounding,
    GroundingSource,
    HistoryContent,
    ImageSettings,
)
from cortex_dashboard.state import StateDatabase
from cortex_dashboard.usage import Usage

TITLE_CHARS = 80
CLAIM_LIFETIME = timedelta(minutes=15)
"""A claim older than this was left by a process that died mid-turn."""
T = TypeVar("T")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class HistoryCodec:
    """History as JSON and back: bytes to the image and blob stores, exactly reversible.

    Each picture is saved once per codec even when it sits in the history and among the
    turn's pictures (hashing a 4K picture twice would double the server's time)."""

    def __init__(self, images: ImageStore, blobs: BlobStore) -> None:
        self.images = images
        self.blobs = blobs
        self._saved: dict[int, tuple[bytes, StoredImage]] = {}

    def save_image(self, data: bytes, mime_type: str) -> StoredImage:
        known = self._saved.get(id(data))
        if known is None or known[0] is not data:
            known = (data, self.images.save(data, mime_type))
            self._saved[id(data)] = known
        return known[1]

    def encode(self, value: Any, mime_type: str = "") -> Any:
        if isinstance(value, dict):
            mime = value.get("mime_type") or value.get("mimeType") or mime_type
            return {key: self._encode_item(key, item, mime) for key, item in value.items()}
        if isinstance(value, list):
            return [self.encode(item, mime_type) for item in value]
        if isinstance(value, bytes):
            return {"$blob": self.blobs.save(value)}
        return value

    def _encode_item(self, key: str, item: Any, mime: str) -> Any:
        if key == "data" and isinstance(item, bytes) and mime.startswith("image/"):
            return {"$image": self.save_image(item, mime).id}
        return self.encode(item, mime)

    def decode(self, value: Any, mime_type: str = "") -> Any:
        if isinstance(value, dict):
            if "$blob" in value:
                return self.blobs.read(value["$blob"])
            if "$image" in value:
                return self.images.read(value["$image"], mime_type)
            if "$bytes" in value:
                return base64.b64decode(value["$bytes"])
            mime = value.get("mime_type") or value.get("mimeType") or mime_type
            return {key: self.decode(item, mime) for key, item in value.items()}
        if isinstance(value, list):
            return [self.decode(item, mime_type) for item in value]
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
    batch_id: str | None = None
    """Variations made together share the id of the batch's first conversation."""
    source: str = "web"
    """Where it was started: web, cli or mcp."""
    parent_id: str | None = None
    parent_turn: int | None = None


@dataclass(frozen=True, slots=True)
class StoredPicture:
    image_id: str
    mime_type: str
    width: int
    height: int

    @classmethod
    def of(cls, image: StoredImage) -> StoredPicture:
        return cls(image.id, image.mime_type, image.width, image.height)


@dataclass(frozen=True, slots=True)
class StoredThought:
    kind: Literal["text", "image"]
    text: str = ""
    picture: StoredPicture | None = None


@dataclass(frozen=True, slots=True)
class StoredReference:
    image_id: str
    label: str
    role: str


@dataclass(frozen=True, slots=True)
class Turn:
    conversation_id: str
    turn: int
    prompt: str
    memory_ids: list[str]
    settings: ImageSettings
    pictures: list[StoredPicture]
    """Every final picture of the answer; the last is the turn's image."""
    text: str
    usage: Usage
    cost_usd: float
    grounding: Grounding | None
    context: ContextReport | None
    created_at: str
    thoughts: list[StoredThought] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    request_bytes: int = 0
    references: list[StoredReference] = field(default_factory=list)

    @property
    def image(self) -> StoredPicture:
        return self.pictures[-1]

    @property
    def image_id(self) -> str:
        return self.image.image_id

    @property
    def mime_type(self) -> str:
        return self.image.mime_type

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height


@dataclass(frozen=True, slots=True)
class NewTurn:
    prompt: str
    memory_ids: list[str]
    settings: ImageSettings
    history: Any
    """Already encoded with a `HistoryCodec`."""
    pictures: list[StoredImage]
    text: str
    usage: Usage
    cost_usd: float
    grounding: Grounding | None
    context: ContextReport | None
    signature: bytes | None
    thoughts: list[StoredThought] = field(default_factory=list)
    thought_images: list[StoredImage] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    request_bytes: int = 0
    references: list[StoredReference] = field(default_factory=list)


def _known(cls: type[T], data: dict[str, Any]) -> T:
    """A dataclass from a stored dict, ignoring keys an older or newer version wrote."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{key: value for key, value in data.items() if key in names})


def _grounding(data: dict[str, Any] | None) -> Grounding | None:
    if data is None:
        return None
    return Grounding(
        sources=tuple(_known(GroundingSource, s) for s in data.get("sources", ())),
        search_entry_point_html=data.get("search_entry_point_html"),
        queries=tuple(data.get("queries", ())),
    )


def _thought(data: dict[str, Any]) -> StoredThought:
    picture = data.get("picture")
    return StoredThought(data.get("kind", "text"), data.get("text", ""),
                         _known(StoredPicture, picture) if picture else None)


def _loads(text: str | None, default: Any = None) -> Any:
    return json.loads(text) if text else default


CONVERSATION_SELECT = (
    "SELECT c.*, (SELECT count(*) FROM turns t WHERE t.conversation_id = c.id) AS n,"
    " (SELECT image_id FROM turns t WHERE t.conversation_id = c.id ORDER BY turn DESC"
    " LIMIT 1) AS last_image FROM conversations c"
)
TURN_COLUMNS = (
    "t.conversation_id, t.turn, t.prompt, t.memory_ids, t.settings, t.image_id, i.mime_type, "
    "i.width, i.height, t.text, t.usage, t.cost_usd, t.grounding, t.context, t.created_at, "
    "t.pictures, t.thoughts, t.notices, t.request_bytes, t.refs"
)


def _turn_from_row(row: Any) -> Turn:
    primary = StoredPicture(row["image_id"], row["mime_type"], row["width"], row["height"])
    pictures = [_known(StoredPicture, p) for p in _loads(row["pictures"], [])] or [primary]
    return Turn(
        conversation_id=row["conversation_id"], turn=row["turn"], prompt=row["prompt"],
        memory_ids=json.loads(row["memory_ids"]),
        settings=_known(ImageSettings, json.loads(row["settings"])), pictures=pictures,
        text=row["text"], usage=_known(Usage, json.loads(row["usage"])),
        cost_usd=row["cost_usd"], grounding=_grounding(_loads(row["grounding"])),
        context=_known(ContextReport, c) if (c := _loads(row["context"])) else None,
        created_at=row["created_at"],
        thoughts=[_thought(t) for t in _loads(row["thoughts"], [])],
        notices=_loads(row["notices"], []), request_bytes=row["request_bytes"] or 0,
        references=[_known(StoredReference, r) for r in _loads(row["refs"], [])],
    )


def _conversation_from_row(row: Any) -> Conversation:
    return Conversation(
        id=row["id"], project_id=row["project_id"], title=row["title"],
        provider=row["provider"], model=row["model"], created_at=row["created_at"],
        updated_at=row["updated_at"], cleared=bool(row["cleared"]), turn_count=row["n"],
        last_image_id=row["last_image"], batch_id=row["batch_id"], source=row["source"],
        parent_id=row["parent_id"], parent_turn=row["parent_turn"],
    )


class ConversationStore:
    def __init__(self, state: StateDatabase, images: ImageStore, blobs: BlobStore) -> None:
        self.state = state
        self.images = images
        self.blobs = blobs

    def codec(self) -> HistoryCodec:
        return HistoryCodec(self.images, self.blobs)

    def create(self, *, project_id: str | None, title: str, provider: str, model: str,
               source: str = "web", batch_id: str | None = None,
               parent: tuple[str, int] | None = None) -> str:
        conversation_id = f"conv_{secrets.token_hex(8)}"
        stamp = now_iso()
        parent_id, parent_turn = parent or (None, None)
        self.state.execute(
            "INSERT INTO conversations (id, project_id, title, provider, model, created_at,"
            " updated_at, source, batch_id, parent_id, parent_turn)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [conversation_id, project_id, _title(title), provider, model, stamp, stamp, source,
             batch_id, parent_id, parent_turn],
        )
        return conversation_id

    def remove_empty(self) -> int:
        """Forget conversations that never got a turn (a failed first request), once no
        process can still be making it."""
        stale = (datetime.now(UTC) - CLAIM_LIFETIME).isoformat(timespec="milliseconds")
        with self.state.transaction() as conn:
            return conn.execute(
                "DELETE FROM conversations WHERE created_at < ? AND (turn_claimed_at IS NULL"
                " OR turn_claimed_at < ?) AND NOT EXISTS (SELECT 1 FROM turns t"
                " WHERE t.conversation_id = conversations.id)", [stale, stale]).rowcount

    def batch(self, batch_id: str) -> list[Conversation]:
        """The conversations made together (a series, variations), oldest first."""
        rows = self.state.fetch_all(
            f"{CONVERSATION_SELECT} WHERE c.batch_id = ? AND EXISTS (SELECT 1 FROM turns t"
            " WHERE t.conversation_id = c.id) ORDER BY c.created_at, c.id", [batch_id])
        return [_conversation_from_row(row) for row in rows]

    def last_turn(self, conversation_id: str) -> int:
        """The number of the conversation's latest turn (0 when it has none)."""
        row = self.state.fetch_one("SELECT coalesce(max(turn), 0) FROM turns"
                                   " WHERE conversation_id = ?", [conversation_id])
        return int(row[0]) if row else 0

    def set_batch(self, conversation_id: str, batch_id: str) -> None:
        self.state.execute("UPDATE conversations SET batch_id = ? WHERE id = ?",
                           [batch_id, conversation_id])

    def rename(self, conversation_id: str, title: str) -> Conversation:
        self.get(conversation_id)
        self.state.execute("UPDATE conversations SET title = ? WHERE id = ?",
                           [_title(title), conversation_id])
        return self.get(conversation_id)

    def delete(self, conversation_id: str) -> int:
        """Forget a conversation and its turns; remove the pictures no other turn uses (and
        none saved as a memory). Returns how many pictures were removed."""
        self.get(conversation_id)
        with self.state.transaction() as conn:
            rows = conn.execute("SELECT image_id, pictures, thoughts, history FROM turns"
                                " WHERE conversation_id = ?", [conversation_id]).fetchall()
            conn.execute("DELETE FROM turns WHERE conversation_id = ?", [conversation_id])
            conn.execute("DELETE FROM conversations WHERE id = ?", [conversation_id])
            orphans = [i for i in _image_ids(rows) if not _image_in_use(conn, i)]
            for image_id in orphans:
                conn.execute("DELETE FROM images WHERE id = ?", [image_id])
        for image_id in orphans:
            self.images.remove(image_id)
        return len(orphans)

    def add_reference(self, image: StoredImage, label: str, role: str) -> None:
        """Record an uploaded reference (its picture is already in the store)."""
        stamp = now_iso()
        with self.state.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO images (id, mime_type, width, height, size_bytes,"
                " created_at, kept) VALUES (?, ?, ?, ?, ?, ?, 1)",
                [image.id, image.mime_type, image.width, image.height, image.size_bytes,
                 stamp])
            conn.execute(
                "INSERT INTO reference_uploads (image_id, label, role, created_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(image_id) DO UPDATE SET label = excluded.label,"
                " role = excluded.role", [image.id, label, role, stamp])

    def picture(self, image_id: str) -> tuple[StoredPicture, StoredReference | None]:
        """A stored picture (generated or uploaded) and, for an upload, what it is for."""
        row = self.state.fetch_one(
            "SELECT i.id, i.mime_type, i.width, i.height, r.label, r.role FROM images i"
            " LEFT JOIN reference_uploads r ON r.image_id = i.id WHERE i.id = ?", [image_id])
        if row is None:
            raise NotFound(f"No picture with id '{image_id}'.")
        reference = StoredReference(row["id"], row["label"], row["role"]) \
            if row["label"] is not None else None
        return StoredPicture(row["id"], row["mime_type"], row["width"], row["height"]), \
            reference

    def keep_image(self, image_id: str) -> None:
        """Never remove this picture with its conversation (a memory points at it)."""
        self.state.execute("UPDATE images SET kept = 1 WHERE id = ?", [image_id])

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

    def recent(self, project_id: str | None = None, limit: int = 100,
               query: str | None = None) -> list[Conversation]:
        """Conversations with at least one turn, newest first; `query` matches the title
        or any turn's prompt."""
        pattern = like_pattern(query) if query else None
        rows = self.state.fetch_all(
            f"{CONVERSATION_SELECT} WHERE (? IS NULL OR c.project_id = ?)"
            " AND EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id)"
            " AND (? IS NULL OR c.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM turns t"
            " WHERE t.conversation_id = c.id AND t.prompt LIKE ? ESCAPE '\\'))"
            " ORDER BY c.updated_at DESC LIMIT ?",
            [project_id, project_id, pattern, pattern, pattern, limit],
        )
        return [_conversation_from_row(row) for row in rows]

    def add_turn(self, conversation_id: str, new: NewTurn) -> Turn:
        """Store a turn; its image files are already on disk, so the rows may point at them."""
        stamp = now_iso()
        with self.state.transaction() as conn:
            for image in new.pictures + new.thought_images:
                conn.execute(
                    "INSERT OR IGNORE INTO images (id, mime_type, width, height, size_bytes,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [image.id, image.mime_type, image.width, image.height, image.size_bytes,
                     stamp])
            number = conn.execute(
                "SELECT coalesce((SELECT max(turn) FROM turns WHERE conversation_id = ?),"
                " (SELECT parent_turn FROM conversations WHERE id = ?), 0) + 1",
                [conversation_id, conversation_id],
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO turns (conversation_id, turn, prompt, memory_ids, settings, history,"
                " image_id, text, usage, cost_usd, grounding, context, signature_sha,"
                " created_at, pictures, thoughts, notices, request_bytes, refs)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [conversation_id, number, new.prompt, json.dumps(new.memory_ids),
                 json.dumps(asdict(new.settings)), json.dumps(new.history),
                 new.pictures[-1].id, new.text, json.dumps(asdict(new.usage)), new.cost_usd,
                 _json_or_none(asdict(new.grounding) if new.grounding else None),
                 _json_or_none(asdict(new.context) if new.context else None),
                 blob_id(new.signature) if new.signature else None, stamp,
                 json.dumps([asdict(StoredPicture.of(p)) for p in new.pictures]),
                 json.dumps([asdict(t) for t in new.thoughts]), json.dumps(new.notices),
                 new.request_bytes, json.dumps([asdict(r) for r in new.references])],
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
        """The encoded history of every turn (up to turn `upto`), in order; a branch's
        history starts with its parent's turns up to the one it branched from."""
        row = self.state.fetch_one("SELECT parent_id, parent_turn FROM conversations"
                                   " WHERE id = ?", [conversation_id])
        prefix = []
        if row is not None and row["parent_id"]:
            prefix = self.stored_history(row["parent_id"], row["parent_turn"])
        rows = self.state.fetch_all(
            "SELECT history FROM turns WHERE conversation_id = ? AND turn <= ? ORDER BY turn",
            [conversation_id, upto if upto is not None else 1 << 62],
        )
        return prefix + [content for row in rows for content in json.loads(row["history"])]

    def history(self, conversation_id: str, upto: int | None = None) -> list[HistoryContent]:
        """The full provider history, decoded to exactly what the provider returned."""
        decoded: list[HistoryContent] = self.codec().decode(
            self.stored_history(conversation_id, upto))
        return decoded

    def find_signature(self, signature: bytes) -> tuple[str, int] | None:
        row = self.state.fetch_one(
            "SELECT conversation_id, turn FROM turns WHERE signature_sha = ? LIMIT 1",
            [blob_id(signature)])
        return (row["conversation_id"], row["turn"]) if row else None

    def model_content(self, conversation_id: str, number: int) -> HistoryContent:
        """The model's content of one turn, exactly as stored."""
        row = self.state.fetch_one(
            "SELECT history FROM turns WHERE conversation_id = ? AND turn = ?",
            [conversation_id, number],
        )
        if row is None:
            raise NotFound(f"Conversation '{conversation_id}' has no turn {number}.")
        content: HistoryContent = self.codec().decode(json.loads(row["history"])[-1])
        return content

    def claim(self, conversation_id: str) -> None:
        """Take the conversation's one turn slot, or refuse: a conversation takes one turn
        at a time (in this process or another one), so its history stays a straight line."""
        now = datetime.now(UTC)
        stale = (now - CLAIM_LIFETIME).isoformat(timespec="milliseconds")
        with self.state.transaction() as conn:
            taken = conn.execute(
                "UPDATE conversations SET turn_claimed_at = ? WHERE id = ?"
                " AND (turn_claimed_at IS NULL OR turn_claimed_at < ?)",
                [now.isoformat(timespec="milliseconds"), conversation_id, stale]).rowcount
        if not taken:
            raise TurnInProgress(
                f"Conversation '{conversation_id}' is already making a picture. Wait for it "
                "to finish (or cancel it), then send this refinement.",
                detail={"conversation_id": conversation_id})

    def release(self, conversation_id: str) -> None:
        self.state.execute("UPDATE conversations SET turn_claimed_at = NULL WHERE id = ?",
                           [conversation_id])

    def clear(self, conversation_id: str) -> None:
        self.get(conversation_id)
        self.state.execute("UPDATE conversations SET cleared = 1, updated_at = ? WHERE id = ?",
                           [now_iso(), conversation_id])


def _title(title: str) -> str:
    return " ".join(title.split())[:TITLE_CHARS] or "Untitled"


def _image_ids(rows: list[Any]) -> set[str]:
    """Every picture a set of turn rows refers to: final, thought and history images."""
    found: set[str] = set()
    for row in rows:
        found.add(row["image_id"])
        found.update(p["image_id"] for p in _loads(row["pictures"], []))
        found.update(t["picture"]["image_id"] for t in _loads(row["thoughts"], [])
                     if t.get("picture"))
        found.update(_history_image_ids(json.loads(row["history"])))
    return found


def _history_image_ids(value: Any) -> list[str]:
    if isinstance(value, dict):
        if "$image" in value:
            return [value["$image"]]
        return [i for item in value.values() for i in _history_image_ids(item)]
    if isinstance(value, list):
        return [i for item in value for i in _history_image_ids(item)]
    return []


def _image_in_use(conn: Any, image_id: str) -> bool:
    kept = conn.execute("SELECT kept FROM images WHERE id = ?", [image_id]).fetchone()
    if kept is not None and kept[0]:
        return True
    pattern = f"%{image_id}%"
    return conn.execute(
        "SELECT 1 FROM turns WHERE image_id = ? OR pictures LIKE ? OR thoughts LIKE ?"
        " OR history LIKE ? LIMIT 1", [image_id, pattern, pattern, pattern]).fetchone() \
        is not None


def _json_or_none(value: Any) -> str | None:
    return json.dumps(value) if value is not None else None


def image_mime_type(state: StateDatabase, image_id: str) -> str:
    row = state.fetch_one("SELECT mime_type FROM images WHERE id = ?", [image_id])
    if row is None:
        raise NotFound(f"No image with id '{image_id}'.")
    mime: str = row["mime_type"]
    return mime

