"""What a layout says about a memory besides its words (see `digest`): dates, labels,
kinds, and which memories to keep when not all fit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from cortex_dashboard.images.render.design import Note

__all__ = [
    "choose_quote",
    "date_range",
    "format_date",
    "label",
    "note_date",
    "pick",
    "type_plural",
    "type_singular",
]

_PLURALS = {
    "todo": "open tasks", "context": "context notes", "config": "settings",
    "troubleshooting": "fixes", "general": "notes", "reference": "references",
    "preference": "preferences", "command": "commands", "workflow": "workflows",
}


def label(word: str) -> str:
    """"needs_review" -> "Needs review"."""
    text = word.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def note_date(note: Note) -> date | None:
    if not note.created_at:
        return None
    try:
        return datetime.fromisoformat(note.created_at.strip()).date()
    except ValueError:
        return None


def format_date(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def date_range(notes: Sequence[Note]) -> str:
    """"Jan 4 – Mar 28, 2025", "Mar 3, 2025", or "" when no memory has a date."""
    days = sorted(d for d in (note_date(n) for n in notes) if d)
    if not days:
        return ""
    first, last = days[0], days[-1]
    if first == last:
        return format_date(first)
    if first.year == last.year:
        return f"{first:%b} {first.day} – {format_date(last)}"
    return f"{format_date(first)} – {format_date(last)}"


def pick(notes: Sequence[Note], capacity: int) -> tuple[Note, ...]:
    """All notes if they fit; else the most important `capacity` of them, in their order."""
    if len(notes) <= capacity:
        return tuple(notes)
    ranked = sorted(notes, key=lambda n: (-n.importance, n.position))[: max(capacity, 0)]
    keep = {n.position for n in ranked}
    return tuple(n for n in notes if n.position in keep)


def choose_quote(notes: Sequence[Note]) -> Note | None:
    """The memory a quote card quotes: the most important; the first given among equals."""
    return min(notes, key=lambda n: (-n.importance, n.position), default=None)


def type_plural(memory_type: str) -> str:
    return _PLURALS.get(memory_type, memory_type.replace("_", " ") + "s")


def type_singular(memory_type: str) -> str:
    """"todo" -> "open task", "error" -> "error"."""
    plural = type_plural(memory_type)
    return plural[:-1] if plural.endswith("s") and not plural.endswith("ss") else plural
