"""Words the picture writes itself: titles, subtitles and labels made from the memories."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cortex_dashboard.images.render.content import date_range, top_tags, type_plural
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.grouping import group_notes

__all__ = ["display_project", "eyebrow", "join_words", "memory_count", "subtitle", "title"]

_ACRONYMS = {"api", "ui", "ux", "db", "cli", "sdk", "ai", "ml", "mcp", "css", "sql", "io"}


def display_project(name: str) -> str:
    """"orion-api" -> "Orion API"."""
    words = [w for w in re.split(r"[-_\s]+", name) if w]
    return " ".join(_display_word(w) for w in words)


def _display_word(word: str) -> str:
    if word.lower() in _ACRONYMS:
        return word.upper()
    return word if any(c.isupper() for c in word) else word.capitalize()


def join_words(words: Sequence[str], last: str = "and") -> str:
    """"a", "a and b", "a, b and c" (or "a, b or c" with `last` "or")."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


_TITLES = {
    "infographic": ("{p} at a glance", "Project memory at a glance"),
    "custom": ("{p} at a glance", "Project memory at a glance"),
    "update_sheet": ("{p} status update", "Status update"),
    "timeline": ("How {p} got here", "How we got here"),
    "comparison": ("{p} side by side", "Side by side"),
    "key_insights": ("Key insights from {p}", "Key insights"),
    "workflow": ("The {p} workflow", "How it works, step by step"),
    "quote_card": ("From {p}", "Worth remembering"),
}


def title(design: Design) -> str:
    if design.title is not None:
        return design.title
    with_project, plain = _TITLES[design.preset]
    project = display_project(design.project)
    return with_project.format(p=project) if project else plain


_GROUPED_BY = {"section": "outcome", "type": "type", "tag": "tag", "date": "date"}


def subtitle(design: Design, notes: Sequence[Note], columns: int = 4) -> str:
    """The subtitle the user set, or one that says what the picture holds."""
    if design.subtitle is not None:
        return design.subtitle
    if design.from_prompt or not notes:
        return ""
    if design.preset == "quote_card":
        return ""
    if design.preset == "key_insights":
        return f"What matters most in {_count(notes)}" + _about(notes)
    if design.preset == "workflow":
        return f"{len(notes)} step{'s' if len(notes) != 1 else ''}, in order"
    if design.preset == "comparison":
        kind, groups = group_notes(notes, design.group_by, columns)
        return f"{_count(notes)} grouped by {_GROUPED_BY[kind]}: " + join_words(
            [g[1] for g in groups])
    return _auto_subtitle(design.preset, notes)


def memory_count(count: int) -> str:
    """"1 memory", "3 memories"."""
    return f"{count} memor{'y' if count == 1 else 'ies'}"


def _count(notes: Sequence[Note]) -> str:
    return memory_count(len(notes))


def _about(notes: Sequence[Note]) -> str:
    tags = join_words(top_tags(notes))
    return f" on {tags}" if tags else ""


def _auto_subtitle(preset: str, notes: Sequence[Note]) -> str:
    about = _about(notes)
    if preset in ("update_sheet", "timeline"):
        span = date_range(notes)
        return f"{_count(notes)} from {span}" if span else _count(notes) + about
    types = [t for t in dict.fromkeys(n.type for n in notes)][:3]
    kinds = join_words([type_plural(t) for t in types])
    return (kinds[:1].upper() + kinds[1:] + about) if kinds else ""


def eyebrow(design: Design) -> str:
    project = display_project(design.project)
    return (project or "Omni-Cortex memory").upper()
