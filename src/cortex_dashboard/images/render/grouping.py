"""How memories fall into groups: report sections, types, tags."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cortex_dashboard.images.render.content import label, note_date, type_plural
from cortex_dashboard.images.render.design import Note

__all__ = ["MAX_COLUMNS", "SECTIONS", "Group", "by_section", "group_notes", "section_of"]

SECTIONS: dict[str, tuple[str, str]] = {
    "done": ("Done", "positive"),
    "decided": ("Decided", "primary"),
    "problems": ("Problems", "negative"),
    "next": ("Next", "next"),
}


def section_of(note: Note) -> str:
    """Which part of a status report a memory belongs in, from its type and status."""
    if note.type in ("decision", "preference"):
        return "decided"
    if note.type in ("error", "warning"):
        return "problems"
    if note.type == "todo" or note.status == "needs_review":
        return "next"
    return "done"


MAX_COLUMNS = {"wide": 5, "landscape": 4, "square": 3, "portrait": 3, "tall": 3}
"""How many columns a comparison has at most, by the shape of the page."""

Group = tuple[str, str, list[Note]]
"""A column: its key (a type or tag), its heading, and its notes."""


def group_notes(notes: Sequence[Note], group_by: str, limit: int) -> tuple[str, list[Group]]:
    """Columns for the notes, and what they are grouped by: "type", "tag", "section"
    (done, decided, problems, next) or, when nothing splits them, "date" (one column of
    its type for a single note)."""
    kinds = ("section", "type", "tag") if group_by == "auto" else (group_by,)
    candidates = []
    for kind in kinds:
        groups = _merge_small(_GROUPERS[kind](notes), limit)
        if len(groups) >= 2:
            candidates.append((_imbalance(groups, len(notes)), kind, groups))
    if not candidates:
        return ("date", _by_half(notes)) if len(notes) > 1 else ("type", _by_type(notes))
    _, kind, groups = min(candidates, key=lambda c: c[0])
    return kind, groups


def _imbalance(groups: list[Group], total: int) -> float:
    """Lower is a fairer comparison: no column holds most notes, no catch-all column."""
    largest = max(len(g[2]) for g in groups) / max(total, 1)
    return largest + (0.3 if groups[-1][0] == "other" else 0.0)


def by_section(notes: Sequence[Note]) -> list[Group]:
    """The report sections that hold memories, in report order."""
    found = [(key, name, [n for n in notes if section_of(n) == key])
             for key, (name, _) in SECTIONS.items()]
    return [g for g in found if g[2]]


def _by_type(notes: Sequence[Note]) -> list[Group]:
    types = list(dict.fromkeys(n.type for n in notes))
    return [(t, label(type_plural(t)), [n for n in notes if n.type == t]) for t in types]


def _by_tag(notes: Sequence[Note]) -> list[Group]:
    counts = Counter(t for n in notes for t in n.tags)
    chosen = {n.position: max(n.tags, key=lambda t: (counts[t], -n.tags.index(t)), default="")
              for n in notes}
    tags = sorted({t for t in chosen.values()}, key=lambda t: (t == "", -counts[t], t))
    return [(t, f"#{t}" if t else "Untagged", [n for n in notes if chosen[n.position] == t])
            for t in tags]


def _by_half(notes: Sequence[Note]) -> list[Group]:
    ordered = sorted(notes, key=lambda n: (note_date(n) is None, note_date(n) or 0, n.position))
    half = (len(ordered) + 1) // 2
    return [("earlier", "Earlier", ordered[:half]), ("later", "Later", ordered[half:])]


_GROUPERS = {"section": by_section, "type": _by_type, "tag": _by_tag}


def _merge_small(groups: list[Group], limit: int) -> list[Group]:
    if len(groups) <= limit:
        return groups
    ranked = sorted(groups, key=lambda g: -len(g[2]))
    keep = {g[0] for g in ranked[: limit - 1]}
    merged = [n for g in groups if g[0] not in keep for n in g[2]]
    kept = [g for g in groups if g[0] in keep]
    return [*kept, ("other", "Other", sorted(merged, key=lambda n: n.position))]


