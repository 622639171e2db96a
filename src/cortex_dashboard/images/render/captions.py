"""Words the picture writes itself: titles, subtitles and labels made from the memories.

A title states what the memories are about (their recurring tags and names, see
`subject`), framed for the preset ("Progress on Postgres, bookings and API"); it never
comes from the instruction words of a prompt. Subtitles count what the picture holds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from cortex_dashboard.images.render.content import (
    choose_quote,
    note_date,
    type_plural,
    type_singular,
)
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.grouping import group_notes
from cortex_dashboard.images.render.subject import ACRONYMS, subjects

__all__ = ["auto_title", "display_project", "eyebrow", "join_words", "memory_count",
           "subtitle", "title", "type_counts"]


def display_project(name: str) -> str:
    """"orion-api" -> "Orion API"."""
    words = [w for w in re.split(r"[-_\s]+", name) if w]
    return " ".join(_display_word(w) for w in words)


def _display_word(word: str) -> str:
    if word.lower() in ACRONYMS:
        return word.upper()
    return word if any(c.isupper() for c in word) else word.capitalize()


def join_words(words: Sequence[str], last: str = "and") -> str:
    """"a", "a and b", "a, b and c" (or "a, b or c" with `last` "or")."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


_FRAMES = {
    "infographic": "{S}", "custom": "{S}", "update_sheet": "Progress on {s}",
    "comparison": "{S} side by side", "key_insights": "What we learned about {s}",
    "workflow": "{S}, step by step", "quote_card": "On {s}", "timeline": "{S} over {span}",
}
"""Titles by preset: the subject of the memories, in words that fit the picture."""
_PLAIN = {
    "infographic": "Project memory at a glance", "custom": "Project memory at a glance",
    "update_sheet": "Status update", "timeline": "How we got here", "comparison": "Side by side",
    "key_insights": "Key insights", "workflow": "How it works, step by step",
    "quote_card": "Worth remembering",
}
"""Titles when the memories name no subject (no tags, no names) and have no project."""
TITLE_CHARS = 44
"""A longer title names fewer subjects."""


def title(design: Design) -> str:
    """The user's title, or one that states what the memories are about."""
    return design.title if design.title is not None else auto_title(design)


def auto_title(design: Design) -> str:
    notes = design.visible
    if design.preset == "quote_card":
        quoted = choose_quote(notes)
        notes = (quoted,) if quoted else notes
    terms = subjects(notes, design.project)
    if not terms:
        return _plain_title(design)
    frame = _FRAMES[design.preset]
    span = _span_words(notes)
    if "{span}" in frame and not span:
        frame = "{S}, in order"
    titles = [_framed(frame, join_words(terms[:count]), span)
              for count in range(len(terms), 0, -1)]
    return next((t for t in titles if len(t) <= TITLE_CHARS), titles[-1])


def _framed(frame: str, phrase: str, span: str) -> str:
    return frame.format(S=phrase[:1].upper() + phrase[1:], s=phrase, span=span)


def _plain_title(design: Design) -> str:
    project = display_project(design.project)
    return f"{project}: {_PLAIN[design.preset].lower()}" if project else _PLAIN[design.preset]


def _span_words(notes: Sequence[Note]) -> str:
    """"six months", "three weeks", "one day"; "" without two dates."""
    days = sorted(d for d in (note_date(n) for n in notes) if d)
    if len(days) < 2:
        return ""
    span = (days[-1] - days[0]).days
    for unit, length in (("year", 365), ("month", 30), ("week", 7), ("day", 1)):
        count = round(span / length)
        if count >= (2 if unit != "day" else 1) or unit == "day":
            return f"{_number_word(max(count, 1))} {unit}{'s' if count > 1 else ''}"
    return ""


def _number_word(count: int) -> str:
    words = "one two three four five six seven eight nine ten eleven twelve".split()
    return words[count - 1] if count <= len(words) else str(count)


def subtitle(design: Design, notes: Sequence[Note], columns: int = 4) -> str:
    """The subtitle the user set, or one that says what the picture holds: how many
    memories of which kinds, from which project."""
    if design.subtitle is not None:
        return design.subtitle
    if design.from_prompt or not notes or design.preset == "quote_card":
        return ""
    of = _of_project(design, notes)
    if design.preset == "comparison":
        kind, groups = group_notes(notes, design.group_by, columns)
        return f"{of} grouped by {_GROUPED_BY[kind]}: " + join_words([g[1] for g in groups])
    if design.preset == "key_insights":
        return f"The most telling of {of}"
    if design.preset == "workflow":
        project = display_project(design.project)
        steps = f"{len(notes)} step{'s' if len(notes) != 1 else ''}"
        return f"{steps}{f' from {project}' if project else ''}, in the order given"
    ordered = " in date order" if design.preset == "timeline" else ""
    return f"{of}{ordered}: {type_counts(notes)}"


_GROUPED_BY = {"section": "outcome", "type": "type", "tag": "tag", "date": "date"}


def _of_project(design: Design, notes: Sequence[Note]) -> str:
    project = display_project(design.project)
    return memory_count(len(notes)) + (f" of {project}" if project else "")


def type_counts(notes: Sequence[Note], shown: int = 3) -> str:
    """"9 errors, 8 decisions and 27 others": the commonest kinds first."""
    counts = Counter(n.type for n in notes)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    words = [_counted(count, kind) for kind, count in ranked[:shown]]
    rest = sum(count for _, count in ranked[shown:])
    if rest:
        words.append(f"{rest} other{'s' if rest != 1 else ''}")
    return join_words(words)


def _counted(count: int, kind: str) -> str:
    return f"{count} {type_plural(kind) if count != 1 else type_singular(kind)}"


def memory_count(count: int) -> str:
    """"1 memory", "3 memories"."""
    return f"{count} memor{'y' if count == 1 else 'ies'}"


def eyebrow(design: Design) -> str:
    project = display_project(design.project)
    return (project or "Omni-Cortex memory").upper()
