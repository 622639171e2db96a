"""The state of one offline picture, kept in the conversation history between turns.

A `Design` says everything needed to draw the picture again: the preset, the size, the
colours, the words and a compact copy of the memories. It round-trips through plain
JSON-ready dicts (`to_dict` / `design_from_dict`) with these keys:

    version        1
    preset         a key of options.PRESETS
    aspect_ratio   a key of options.PIXEL_SIZES;  image_size  "1K" | "2K" | "4K"
    title          null: made from the memories' subject and the preset; "": none;
                   else the user's
    subtitle       the same
    chosen_title   the title drawn when `title` is null (made from the memories), for the UI
    project        folder name of the memories' project ("" if unknown)
    theme          "light" | "dark";  palette  a key of themes.PALETTES
    swatch         [] or up to 8 "#rrggbb" colours of a style reference, most common first:
                   when set, the picture is drawn in them instead of the palette
    logo           "" or the image id of the reference drawn in the header (its bytes come
                   with the requests that list it; without them the picture has no logo)
    seen_references  image ids of the references already applied: sent again, they change
                   nothing (so "vibrant palette" or "no logo" stay)
    title_step     -3..3, each step 15 % larger or smaller;  text_step  the same
    header         "plain" | "band" (title on a band of the accent colour)
    emphasis       "detail" (a headline and two sentences a card) | "brief" (one, larger)
    variation      which of several variations drew it (0 for a single picture)
    show_legend, show_footer, show_date   booleans
    group_by       "auto" | "type" | "tag" | "section" (comparison columns)
    notes          [{position, id, content (whole sentences, 600 chars at most), type,
                     tags (6 at most), created_at, status, importance}], in the order given
    hidden         positions left out by "only memories …" / "without memory …"
    from_prompt    true when there were no memories and the notes are the prompt's sentences
    seen_settings  [aspect_ratio, image_size, preset] the form sent last
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import PurePath
from typing import Any

from cortex_dashboard.images.options import PIXEL_SIZES, PRESETS
from cortex_dashboard.images.render.digest import whole_sentences
from cortex_dashboard.images.render.swatch import is_swatch
from cortex_dashboard.images.render.themes import PALETTES
from cortex_dashboard.images.render.typography import clean_text
from cortex_dashboard.memories.models import Memory

__all__ = [
    "DESIGN_VERSION",
    "Design",
    "Note",
    "clamp_step",
    "clean_title",
    "design_from_dict",
    "notes_from_memories",
    "project_name",
]

DESIGN_VERSION = 1
NOTE_CHARS = 600
"""Memory text kept per note: more than any layout can draw."""
TITLE_CHARS = 140
TAG_LIMIT = 6
SIZE_STEPS = (-3, 3)
HEADERS = ("plain", "band")
EMPHASES = ("detail", "brief")


@dataclass(frozen=True, slots=True)
class Note:
    """A memory as the picture keeps it: trimmed to what can be drawn."""

    position: int
    """1-based place in the list of memories the picture was made from."""
    id: str
    content: str
    type: str = "general"
    tags: tuple[str, ...] = ()
    created_at: str | None = None
    status: str = "fresh"
    importance: float = 50.0


@dataclass(frozen=True, slots=True)
class Design:
    preset: str
    aspect_ratio: str
    image_size: str
    title: str | None = None
    """None: a title made from the memories' subject and the preset; "" hides it."""
    subtitle: str | None = None
    chosen_title: str = ""
    """The title drawn when `title` is None, recorded so the UI can show and edit it."""
    project: str = ""
    theme: str = "light"
    palette: str = "corporate"
    swatch: tuple[str, ...] = ()
    """Colours of a style reference, most common first; when set they replace the palette."""
    logo: str = ""
    """Image id of the reference drawn in the header ("" for none)."""
    seen_references: tuple[str, ...] = ()
    """Image ids of the references already applied to this design."""
    title_step: int = 0
    text_step: int = 0
    header: str = "plain"
    emphasis: str = "detail"
    variation: int = 0
    show_legend: bool = True
    show_footer: bool = True
    show_date: bool = True
    group_by: str = "auto"
    notes: tuple[Note, ...] = ()
    hidden: tuple[int, ...] = ()
    from_prompt: bool = False
    seen_settings: tuple[str, str, str] = ("", "", "")
    """Aspect ratio, size and preset of the last request: a change there is the user's."""

    @property
    def visible(self) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if n.position not in self.hidden)

    @property
    def pixel_size(self) -> tuple[int, int]:
        return PIXEL_SIZES[self.aspect_ratio][self.image_size]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["version"] = DESIGN_VERSION
        data["notes"] = [_note_dict(n) for n in self.notes]
        data["hidden"] = list(self.hidden)
        data["seen_settings"] = list(self.seen_settings)
        data["swatch"] = list(self.swatch)
        data["seen_references"] = list(self.seen_references)
        return data

    def with_changes(self, **changes: Any) -> Design:
        return replace(self, **changes)


def _note_dict(note: Note) -> dict[str, Any]:
    data = asdict(note)
    data["tags"] = list(note.tags)
    return data


def design_from_dict(data: dict[str, Any]) -> Design:
    """The design stored by an earlier turn; ValueError when it is not one this code wrote."""
    if not isinstance(data, dict) or data.get("version") != DESIGN_VERSION:
        raise ValueError("not an offline design of this version")
    try:
        design = _parse(data)
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"damaged offline design: {error}") from error
    return _validated(design)


def _parse(data: dict[str, Any]) -> Design:
    fields = {k: v for k, v in data.items() if k in Design.__dataclass_fields__}
    fields["notes"] = tuple(_note_from_dict(n) for n in data.get("notes", []))
    fields["hidden"] = tuple(int(p) for p in data.get("hidden", []))
    fields["seen_settings"] = tuple(str(s) for s in data.get("seen_settings", ("", "", "")))
    fields["swatch"] = tuple(data.get("swatch", ()))
    fields["seen_references"] = tuple(str(i) for i in data.get("seen_references", ()))
    return Design(**fields)


def _note_from_dict(data: dict[str, Any]) -> Note:
    fields = {k: v for k, v in data.items() if k in Note.__dataclass_fields__}
    fields["tags"] = tuple(str(t) for t in fields.get("tags", ()))
    return Note(**fields)


def _validated(design: Design) -> Design:
    if design.preset not in PRESETS or design.aspect_ratio not in PIXEL_SIZES:
        raise ValueError("unknown preset or aspect ratio")
    if design.image_size not in PIXEL_SIZES[design.aspect_ratio]:
        raise ValueError("unknown image size")
    if design.palette not in PALETTES or design.theme not in ("light", "dark"):
        raise ValueError("unknown palette or theme")
    if design.swatch and not is_swatch(design.swatch):
        raise ValueError("damaged swatch")
    if design.header not in HEADERS or design.emphasis not in EMPHASES:
        raise ValueError("unknown header or emphasis")
    return design


def notes_from_memories(memories: Iterable[Memory]) -> tuple[Note, ...]:
    """Compact notes for the design state, in the order given, numbered from 1."""
    return tuple(_note(position, m) for position, m in enumerate(memories, start=1))


def _note(position: int, memory: Memory) -> Note:
    return Note(
        position=position,
        id=str(memory.id),
        content=whole_sentences(clean_text(memory.content, NOTE_CHARS * 4), NOTE_CHARS),
        type=clean_text(memory.type, 24).lower() or "general",
        tags=tuple(t for t in (clean_text(t, 32) for t in memory.tags[:TAG_LIMIT]) if t),
        created_at=clean_text(memory.created_at, 40) if memory.created_at else None,
        status=clean_text(memory.status, 24),
        importance=float(memory.importance_score),
    )


def project_name(memories: Iterable[Memory]) -> str:
    """The folder name of the project most of the memories come from, or ""."""
    names = [PurePath(m.project_path).name for m in memories if m.project_path]
    return max(sorted(set(names)), key=names.count) if names else ""


def clamp_step(step: int) -> int:
    return max(SIZE_STEPS[0], min(SIZE_STEPS[1], step))


def clean_title(text: str) -> str:
    return clean_text(text, TITLE_CHARS)

