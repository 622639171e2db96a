"""Typed records read from an Omni-Cortex memory database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MEMORY_TYPES: tuple[str, ...] = (
    "decision", "solution", "insight", "error", "context", "preference", "todo",
    "reference", "workflow", "warning", "tip", "config", "troubleshooting",
    "command", "concept", "general",
)
MEMORY_STATUSES: tuple[str, ...] = ("fresh", "needs_review", "outdated", "archived")
SAVED_TAG = "cortex-dashboard"
"""The tag of every memory the dashboard itself writes (a saved chat, a saved picture)."""


@dataclass(frozen=True, slots=True)
class Memory:
    """One memory. Timestamps are ISO 8601 strings as Omni-Cortex writes them."""

    id: str
    content: str
    type: str = "general"
    tags: tuple[str, ...] = ()
    context: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    last_accessed: str | None = None
    access_count: int = 0
    importance_score: float = 50.0
    status: str = "fresh"
    project_path: str | None = None
    snippet: str | None = None
    """Search excerpt with matches wrapped in <mark>…</mark>; only set by a search."""


@dataclass(frozen=True, slots=True)
class MemoryPage:
    items: list[Memory]
    total: int
    limit: int
    offset: int
    notice: str | None = None
    """Set when the page was read in a degraded way (an out-of-date search index)."""


@dataclass(frozen=True, slots=True)
class Count:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class NewMemory:
    """What the dashboard may write into a project database (save as memory)."""

    content: str
    type: str = "reference"
    tags: tuple[str, ...] = ()
    context: str | None = None
    importance_score: float = 50.0
    attachments: tuple[Attachment, ...] = field(default=())
    metadata: dict[str, Any] = field(default_factory=dict)
    """Facts for programs (ids, settings), kept out of the text people and search read."""


@dataclass(frozen=True, slots=True)
class Attachment:
    file_path: str
    mime_type: str
    file_size: int
