"""A consistent series: one selection of memories split into 2-8 groups, one picture each.

Picture 1 is made first; every other picture is sent with picture 1 as its style
reference, so the set looks like one series (the offline renderer takes its palette from
it too). Each picture is a conversation of its own, refinable on its own, and all share
the batch id of the first, so History groups them and one ZIP holds them all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from cortex_dashboard.errors import InvalidInput
from cortex_dashboard.images.render.references import SERIES_MARK
from cortex_dashboard.memories import Memory

GroupBy = Literal["tag", "type", "period", "groups"]
MIN_PICTURES = 2
MAX_PICTURES = 8
STYLE_LABEL = (f"{SERIES_MARK}: match its style, palette, typography and layout so that the "
               "pictures look like one set")


@dataclass(frozen=True, slots=True)
class SeriesGroup:
    label: str
    memory_ids: tuple[str, ...]


def _by_key(memories: Sequence[Memory], key: str, limit: int) -> list[SeriesGroup]:
    """Groups by type, or by each memory's most common tag among the selection."""
    if key == "type":
        names = [m.type or "general" for m in memories]
    else:
        counts = Counter(tag for m in memories for tag in m.tags)
        names = [max(m.tags, key=lambda t: (counts[t], t)) if m.tags else "untagged"
                 for m in memories]
    order = [name for name, _ in Counter(names).most_common(limit)]
    groups = [SeriesGroup(name, tuple(m.id for m, n in zip(memories, names, strict=True)
                                      if n == name)) for name in order]
    return groups


def _by_period(memories: Sequence[Memory], count: int) -> list[SeriesGroup]:
    """Consecutive periods of about equal numbers of memories, oldest first."""
    ordered = sorted(memories, key=lambda m: m.created_at or "")
    size = -(-len(ordered) // count)
    groups = []
    for start in range(0, len(ordered), size):
        chunk = ordered[start:start + size]
        first, last = (chunk[0].created_at or "")[:10], (chunk[-1].created_at or "")[:10]
        label = first if first == last else f"{first} to {last}"
        groups.append(SeriesGroup(label, tuple(m.id for m in chunk)))
    return groups


def plan_series(memories: Sequence[Memory], group_by: GroupBy, count: int,
                groups: Sequence[Sequence[str]] = ()) -> list[SeriesGroup]:
    """The groups of a series, 2 to 8 of them, or a 422 saying why there cannot be."""
    if group_by == "groups":
        planned = [SeriesGroup(f"Group {n}", tuple(ids)) for n, ids in enumerate(groups, 1)
                   if ids]
    elif group_by == "period":
        planned = _by_period(memories, min(count, len(memories)))
    else:
        planned = _by_key(memories, group_by, count)
    if not MIN_PICTURES <= len(planned) <= MAX_PICTURES:
        raise InvalidInput("group_by", f"A series needs {MIN_PICTURES} to {MAX_PICTURES} "
                           f"groups; grouping these memories by {group_by} gives "
                           f"{len(planned)}. Choose more memories or another grouping.")
    return planned
