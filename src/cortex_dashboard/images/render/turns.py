"""One turn of an offline image conversation: from the request to the next design.

First turn: the design comes from the settings, the memories (in the order given) and the
prompt (phrases the refiner knows are applied; the rest can become the title). Later
turns: the previous design, then any setting the user changed in the form since the last
turn, then the words of this turn (words win over the form).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cortex_dashboard.images.options import PIXEL_SIZES, PRESETS
from cortex_dashboard.images.render.captions import memory_count
from cortex_dashboard.images.render.design import (
    Design,
    Note,
    clean_title,
    notes_from_memories,
    project_name,
)
from cortex_dashboard.images.render.refine import Refinement, refine
from cortex_dashboard.images.render.typography import clean_text
from cortex_dashboard.memories.models import Memory

__all__ = ["FormSettings", "Turn", "first_turn", "next_turn"]

TITLE_FROM_PROMPT_CHARS = 80
_LEAD_IN = re.compile(
    r"^(?:please\s+)?(?:(?:make|create|draw|generate|design|build|render|produce|give me|show"
    r"(?: me)?)\b[^.]*?\b(?:of|about|on|for|from|showing|covering|summari[sz]ing)\s+|"
    r"(?:of|about|on|for|from|showing|covering)\s+)",
    re.IGNORECASE,
)
_LEAD_WORDS = set(
    "please make create draw generate design build render produce give show me a an the us "
    "picture image visual graphic nice pretty beautiful clean".split()
)
_TRAILING = re.compile(r"(?:\s+(?:in|with|and|of|for|on|the|a|an|using|to|as|at))+\s*$",
                       re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


@dataclass(frozen=True, slots=True)
class FormSettings:
    """What the form sent with this turn."""

    preset: str
    aspect_ratio: str
    image_size: str


@dataclass(frozen=True, slots=True)
class Turn:
    design: Design
    refinement: Refinement
    first: bool
    remarks: tuple[str, ...] = ()
    """Things the reply should say that are not changes: memories replaced, a fresh start."""
    unused_words: str = ""
    """First turn only: words of the prompt that were neither a command nor the title."""


def first_turn(prompt: str, memories: Sequence[Memory], form: FormSettings,
               remarks: tuple[str, ...] = ()) -> Turn:
    preset, ratio, size, fixes = _checked(form)
    notes = notes_from_memories(memories)
    base = Design(preset=preset, aspect_ratio=ratio, image_size=size, notes=notes,
                  project=project_name(memories), seen_settings=(ratio, size, preset))
    refinement = refine(base, prompt, describing=True)
    design, pieces = refinement.design, list(refinement.remainder)
    if notes:
        design, unused = _title_from(design, pieces)
    else:
        design, unused = _from_prompt(design, pieces), ""
    kept = replace(refinement, design=design, unknown=(), unchanged=())
    return Turn(design, kept, True, remarks + fixes, unused)


def next_turn(previous: Design, prompt: str, memories: Sequence[Memory],
              form: FormSettings) -> Turn:
    design, remarks = _with_memories(previous, memories)
    design, form_changes = _with_form(design, form)
    refinement = refine(design, prompt)
    changes = form_changes + refinement.changes
    return Turn(refinement.design, replace(refinement, changes=changes), False, remarks)


def _checked(form: FormSettings) -> tuple[str, str, str, tuple[str, ...]]:
    """The form's settings, each replaced by a default (and said so) when not known."""
    preset = form.preset if form.preset in PRESETS else "infographic"
    ratio = form.aspect_ratio if form.aspect_ratio in PIXEL_SIZES else PRESETS[preset].aspect_ratio
    size = form.image_size if form.image_size in PIXEL_SIZES[ratio] else "2K"
    fixes = tuple(f"“{clean_text(given, 40)}” is not a known {what}, so {used} was used"
                  for given, used, what in ((form.preset, preset, "preset"),
                                            (form.aspect_ratio, ratio, "aspect ratio"),
                                            (form.image_size, size, "size"))
                  if given != used)
    return preset, ratio, size, fixes


def _with_memories(design: Design, memories: Sequence[Memory]) -> tuple[Design, tuple[str, ...]]:
    """The design with the memories of this request when the selection changed."""
    if not memories or [str(m.id) for m in memories] == [n.id for n in design.notes]:
        return design, ()
    notes = notes_from_memories(memories)
    updated = design.with_changes(notes=notes, hidden=(), from_prompt=False,
                                  project=project_name(memories) or design.project)
    return updated, (f"now using the {memory_count(len(notes))} selected",)


def _with_form(design: Design, form: FormSettings) -> tuple[Design, tuple[str, ...]]:
    """Apply a setting of the form only when it differs from what the form sent last time:
    then the user changed it, and it wins over the design."""
    seen_ratio, seen_size, seen_preset = design.seen_settings
    changes: list[str] = []
    fields: dict[str, str] = {}
    if form.preset != seen_preset and form.preset in PRESETS and form.preset != design.preset:
        fields["preset"] = form.preset
        changes.append(f"layout: {PRESETS[form.preset].name.lower()} (from the settings)")
    ratio_changed = form.aspect_ratio != seen_ratio and form.aspect_ratio in PIXEL_SIZES
    if ratio_changed and form.aspect_ratio != design.aspect_ratio:
        fields["aspect_ratio"] = form.aspect_ratio
        changes.append(f"aspect ratio {form.aspect_ratio} (from the settings)")
    size_changed = form.image_size != seen_size and form.image_size in ("1K", "2K", "4K")
    if size_changed and form.image_size != design.image_size:
        fields["image_size"] = form.image_size
        changes.append(f"size {form.image_size} (from the settings)")
    seen = (form.aspect_ratio, form.image_size, form.preset)
    return design.with_changes(seen_settings=seen, **fields), tuple(changes)


def _from_prompt(design: Design, pieces: list[str]) -> Design:
    """With no memories, the prompt's sentences become the notes; the first is the title
    when it makes one (and then is not a note as well)."""
    sentences = [s for p in pieces for s in (clean_text(x, 600) for x in _SENTENCE_END.split(p))
                 if s and not _only_lead_words(s)]
    titled, _ = _title_from(design, sentences[:1])
    rest = sentences[1:] if titled.title != design.title else sentences
    notes = tuple(Note(position=i, id="", content=s) for i, s in enumerate(rest, 1))
    return titled.with_changes(notes=notes, from_prompt=True)


def _only_lead_words(text: str) -> bool:
    return set(re.findall(r"\w+", text.lower())) <= _LEAD_WORDS


def _title_from(design: Design, pieces: list[str]) -> tuple[Design, str]:
    """The prompt's first leftover piece as the title, when short (or for the custom
    preset); returns the words used for nothing."""
    pieces = [p for p in pieces if not _only_lead_words(p)]
    if design.title is not None or not pieces:
        return design, " … ".join(pieces)
    words = _TRAILING.sub("", _LEAD_IN.sub("", clean_text(pieces[0], 400))).strip(" .,:;")
    rest = " … ".join(pieces[1:])
    if words and (design.preset == "custom" or len(words) <= TITLE_FROM_PROMPT_CHARS):
        return design.with_changes(title=clean_title(words[:1].upper() + words[1:])), rest
    return design, " … ".join(pieces)
