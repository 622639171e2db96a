"""Images leaving the dashboard: a conversation as a ZIP, an image as a memory."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from dataclasses import asdict
from pathlib import Path

from cortex_dashboard.errors import NotFound
from cortex_dashboard.images.conversations import ConversationStore
from cortex_dashboard.images.store import EXTENSIONS
from cortex_dashboard.memories import MemoryDatabase, NewMemory
from cortex_dashboard.memories.models import Attachment
from cortex_dashboard.memories.writes import create_memory


def write_archive(conversations: ConversationStore, conversation_id: str) -> Path:
    """A ZIP of every image of a conversation with a manifest.json; a temporary file."""
    conversation = conversations.get(conversation_id)
    turns = conversations.turns(conversation_id)
    handle, zip_path = tempfile.mkstemp(prefix="cortex-", suffix=".zip")
    os.close(handle)
    manifest = {"conversation_id": conversation.id, "title": conversation.title,
                "provider": conversation.provider, "model": conversation.model, "turns": []}
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_STORED) as archive:
        for turn in turns:
            name = f"turn-{turn.turn:02d}.{EXTENSIONS.get(turn.mime_type, 'bin')}"
            path = conversations.images.locate(turn.image_id, turn.mime_type)
            archive.write(path, name)
            manifest["turns"].append({
                "turn": turn.turn, "file": name, "prompt": turn.prompt, "text": turn.text,
                "settings": asdict(turn.settings), "memory_ids": turn.memory_ids,
                "width": turn.width, "height": turn.height, "cost_usd": turn.cost_usd,
                "created_at": turn.created_at,
            })
        manifest["total_cost_usd"] = round(sum(t.cost_usd for t in turns), 6)
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return Path(zip_path)


def save_image_as_memory(database: MemoryDatabase, conversations: ConversationStore, *,
                         image_id: str, image_url: str, tags: list[str]) -> str:
    """A `reference` memory describing the image, with an attachment row where possible."""
    row = conversations.state.fetch_one(
        "SELECT conversation_id, turn FROM turns WHERE image_id = ? ORDER BY created_at DESC"
        " LIMIT 1", [image_id])
    if row is None:
        raise NotFound(f"No generated image with id '{image_id}'.")
    turn = conversations.turn(row["conversation_id"], row["turn"])
    path = conversations.images.locate(image_id, turn.mime_type)
    settings = turn.settings
    content = (f"Generated image ({settings.preset}, "
               f"{settings.aspect_ratio} {settings.image_size}): {turn.prompt}")
    context = json.dumps({
        "prompt": turn.prompt, "memory_ids": turn.memory_ids, "image_url": image_url,
        "image_file": str(path), "conversation_id": turn.conversation_id, "turn": turn.turn,
        "model": settings.model,
    })
    memory = NewMemory(
        content=content, type="reference", tags=tuple(dict.fromkeys(["image", *tags])),
        context=context, attachments=(Attachment(str(path), turn.mime_type,
                                                 path.stat().st_size),),
    )
    return create_memory(database, memory)

