"""Images leaving the dashboard: a conversation as a ZIP, an image as a memory.

A saved image memory reads like a note a person would write: what was asked for, what
kind of picture it is, who drew it with which model and when, from which memories, and
where the image is. Ids and settings for programs go into the memory's metadata.
"""

from __future__ import annotations

import json
import os
import tempfile
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cortex_dashboard.errors import NotFound
from cortex_dashboard.images.conversations import Conversation, ConversationStore, Turn
from cortex_dashboard.images.options import PRESETS
from cortex_dashboard.images.store import EXTENSIONS, ImageStore
from cortex_dashboard.memories import Memory, MemoryDatabase, NewMemory
from cortex_dashboard.memories.models import Attachment
from cortex_dashboard.memories.queries import get_memories
from cortex_dashboard.memories.writes import create_memory

NOTE_CHARS = 500
TITLE_CHARS = 90
MISSING = "The image file is no longer in the dashboard's image store."


def _temporary_zip(fill: Callable[[zipfile.ZipFile], dict[str, Any]]) -> Path:
    """A ZIP that `fill` writes (it returns the manifest); a temporary file that is removed
    again if anything goes wrong while it is written."""
    handle, zip_name = tempfile.mkstemp(prefix="cortex-", suffix=".zip")
    os.close(handle)
    zip_path = Path(zip_name)
    try:
        with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_STORED) as archive:
            manifest = fill(archive)
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    except BaseException:
        zip_path.unlink(missing_ok=True)
        raise
    return zip_path


def _add_picture(archive: zipfile.ZipFile, images: ImageStore, turn: Turn,
                 entry: dict[str, Any]) -> dict[str, Any]:
    """The turn's picture into the archive as `entry["file"]`; a missing one is marked."""
    try:
        archive.write(images.locate(turn.image_id, turn.mime_type), entry["file"])
    except NotFound:
        entry.update(file=None, missing=MISSING)
    return entry


def write_archive(conversations: ConversationStore, conversation_id: str) -> Path:
    """A ZIP of every image of a conversation with a manifest.json."""
    conversation = conversations.get(conversation_id)
    turns = conversations.turns(conversation_id)

    def fill(archive: zipfile.ZipFile) -> dict[str, Any]:
        return {"conversation_id": conversation.id, "title": conversation.title,
                "provider": conversation.provider, "model": conversation.model,
                "turns": [_add_picture(archive, conversations.images, t, _turn_entry(t))
                          for t in turns],
                "total_cost_usd": round(sum(t.cost_usd for t in turns), 6)}

    return _temporary_zip(fill)


def write_batch_archive(conversations: ConversationStore, batch_id: str) -> Path:
    """A ZIP of the latest picture of every conversation of a series (or a batch of
    variations), with a manifest."""
    members = conversations.batch(batch_id)
    if not members:
        raise NotFound(f"No series or batch with id '{batch_id}'.")

    def fill(archive: zipfile.ZipFile) -> dict[str, Any]:
        pictures = []
        for number, conversation in enumerate(members, 1):
            turn = conversations.turns(conversation.id)[-1]
            entry = {"file": f"picture-{number:02d}.{EXTENSIONS.get(turn.mime_type, 'bin')}",
                     "conversation_id": conversation.id, "title": conversation.title,
                     "turn": turn.turn, "width": turn.width, "height": turn.height,
                     "cost_usd": turn.cost_usd}
            pictures.append(_add_picture(archive, conversations.images, turn, entry))
        return {"pictures": pictures}

    return _temporary_zip(fill)


def _turn_entry(turn: Turn) -> dict[str, Any]:
    return {
        "turn": turn.turn, "file": f"turn-{turn.turn:02d}.{EXTENSIONS.get(turn.mime_type, 'bin')}",
        "prompt": turn.prompt, "text": turn.text, "settings": asdict(turn.settings),
        "memory_ids": turn.memory_ids, "width": turn.width, "height": turn.height,
        "cost_usd": turn.cost_usd, "created_at": turn.created_at,
    }


def _turn_of_image(conversations: ConversationStore, image_id: str) -> Turn:
    row = conversations.state.fetch_one(
        "SELECT conversation_id, turn FROM turns WHERE image_id = ? ORDER BY created_at DESC"
        " LIMIT 1", [image_id])
    if row is None:
        raise NotFound(f"No generated image with id '{image_id}'.")
    return conversations.turn(row["conversation_id"], row["turn"])


def _one_line(text: str, width: int) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def image_note(conversation: Conversation, turns: list[Turn], memories: list[Memory],
               image_url: str, credit: str) -> str:
    """What the picture is, who drew it (`credit`: the provider in words), from what and
    where it is, in sentences."""
    turn = turns[-1]
    settings = turn.settings
    preset = PRESETS.get(settings.preset)
    kind = preset.name.lower() if preset else "picture"
    lines = [f"Picture: {_one_line(turns[0].prompt, 300)}",
             f"{_article(kind).capitalize()} {kind} ({settings.aspect_ratio}, "
             f"{settings.image_size}, "
             f"{turn.width}×{turn.height} px) drawn by {credit} ({settings.model}) on "
             f"{turn.created_at[:16].replace('T', ' ')} UTC."]
    lines += [f"Then: {_one_line(t.prompt, 200)}" for t in turns[1:]]
    if turn.text.strip():
        lines.append(f"Its note: {_one_line(turn.text, NOTE_CHARS)}")
    if memories:
        lines.append(f"Made from {len(memories)} memor{'ies' if len(memories) != 1 else 'y'}:")
        lines += [f"- {_one_line(m.content, TITLE_CHARS)} ({m.type}, {m.id})" for m in memories]
    lines.append(f"Image: {image_url}")
    return "\n".join(lines)


def save_image_as_memory(database: MemoryDatabase, conversations: ConversationStore, *,
                         image_id: str, image_url: str, tags: list[str],
                         credit: Callable[[str], str]) -> str:
    """A `reference` memory describing the image, with an attachment row where possible."""
    turn = _turn_of_image(conversations, image_id)
    conversation = conversations.get(turn.conversation_id)
    turns = [t for t in conversations.turns(turn.conversation_id) if t.turn <= turn.turn]
    path = conversations.images.locate(image_id, turn.mime_type)
    with database.reader() as conn:
        memories = get_memories(conn, database.capabilities, turn.memory_ids)
    memory = NewMemory(
        content=image_note(conversation, turns, memories, image_url,
                           credit(conversation.provider)), type="reference",
        tags=tuple(dict.fromkeys(["image", *tags])),
        context=(f"Saved from cortex-dashboard: turn {turn.turn} of the image conversation "
                 f"“{_one_line(conversation.title, 80)}”. The file is {path}."),
        attachments=(Attachment(str(path), turn.mime_type, path.stat().st_size),),
        metadata={"kind": "image", "image_id": image_id, "image_url": image_url,
                  "image_file": str(path), "conversation_id": turn.conversation_id,
                  "turn": turn.turn, "provider": conversation.provider,
                  "model": conversation.model, "prompt": turn.prompt,
                  "memory_ids": turn.memory_ids, "settings": asdict(turn.settings)},
    )
    return create_memory(database, memory)
