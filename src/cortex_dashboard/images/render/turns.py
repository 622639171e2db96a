"""One turn of an offline image conversation: from the request to the next design.

First turn: the design comes from the settings, the memories (in the order given), the
variation asked for, and the prompt (phrases the refiner knows are applied; a title given
as `title "…"` wins). The rest of the prompt is not a title: "summarize this for my
manager" is an instruction and "our comparison for the studio owners" says who it is for;
the title states what the memories are about and is recorded in the design. Without
memories, the prompt's sentences are what the picture says, less its instructions.
Later turns: the previous design, then any setting the user changed in the form since
the last turn, then the words of this turn (words win over the form). On either, the
colours and logo of the turn's reference pictures come just before the words
(`references`), so "dark theme" with a style reference draws its colours dark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from cortex_dashboard.images.options import PIXEL_SIZES, PRESETS
from cortex_dashboard.images.render.captions import auto_title, memory_count
from cortex_dashboard.images.render.design import (
    Design,
    Note,
    notes_from_memories,
    project_name,
)
from cortex_dashboard.images.render.digest import digest
from cortex_dashboard.images.render.digest import sentences as split_sentences
from cortex_dashboard.images.render.references import (
    NO_REFERENCES,
    Borrowed,
    with_references,
)
from cortex_dashboard.images.render.refine import Refinement, refine
from cortex_dashboard.images.render.typography import clean_text
from cortex_dashboard.images.render.variations import vary
from cortex_dashboard.memories.models import Memory

__all__ = ["FormSettings", "Turn", "first_turn", "is_instruction", "next_turn"]

_INSTRUCTION = re.compile(
    r"^(?:(?:please|can you|could you|would you|now|just)\s+)*(?:"
    r"(?:summari[sz]e|sum up|explain|describe|visuali[sz]e|illustrate|recap|condense|"
    r"outline|highlight)\b|"
    r"(?:make|create|draw|generate|design|build|render|produce|give|turn|show|prepare|write|"
    r"put)\b(?:\s+\S+){0,3}?\s+(?:an?\s+|the\s+|some\s+)?(?:infographic|picture|image|"
    r"chart|poster|slide|summary|overview|graphic|visual|card|timeline|sheet|comparison|"
    r"diagram|this|these|it|them|me|us|something)\b)", re.IGNORECASE)
"""A sentence that starts by asking for something is an instruction, not content."""
_LEAD_WORDS = set(
    "please make create draw generate design build render produce give show me a an the us "
    "picture image visual graphic nice pretty beautiful clean".split()
)


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
    """First turn only: words of the prompt that were neither a command nor drawn."""
    borrowed: Borrowed = field(default_factory=Borrowed)
    """The turn's reference pictures, by what the renderer did with them."""


def first_turn(prompt: str, memories: Sequence[Memory], form: FormSettings,
               remarks: tuple[str, ...] = (), variation: int = 0,
               borrowed: Borrowed = NO_REFERENCES) -> Turn:
    preset, ratio, size, fixes = _checked(form)
    notes = notes_from_memories(memories)
    base = vary(Design(preset=preset, aspect_ratio=ratio, image_size=size, notes=notes,
                       project=project_name(memories), seen_settings=(ratio, size, preset)),
                variation)
    base, borrowed_changes, problems = with_references(base, borrowed)
    refinement = _after(borrowed_changes, problems, refine(base, prompt, describing=True))
    design, pieces = refinement.design, [p for p in refinement.remainder if not _filler(p)]
    if notes:
        unused = " … ".join(pieces)
    else:
        design, unused = _from_prompt(design, pieces)
    design = _titled(design)
    kept = replace(refinement, design=design, unknown=(), unchanged=())
    return Turn(design, kept, True, remarks + fixes, unused, borrowed)


def next_turn(previous: Design, prompt: str, memories: Sequence[Memory],
              form: FormSettings, variation: int = 0,
              borrowed: Borrowed = NO_REFERENCES) -> Turn:
    design, remarks = _with_memories(vary(previous, variation), memories)
    design, form_changes = _with_form(design, form)
    design, borrowed_changes, problems = with_references(design, borrowed)
    refinement = _after(form_changes + borrowed_changes, problems, refine(design, prompt))
    design = _titled(refinement.design)
    return Turn(design, replace(refinement, design=design), False, remarks, borrowed=borrowed)


def _after(changes: tuple[str, ...], problems: tuple[str, ...],
           refinement: Refinement) -> Refinement:
    """`refinement` with what happened before its words, first."""
    return replace(refinement, changes=changes + refinement.changes,
                   problems=problems + refinement.problems)


def _titled(design: Design) -> Design:
    """The design with the title its memories give it recorded (for the UI to show)."""
    if design.from_prompt:
        chosen = digest(design.notes[0].content).headline if design.notes else ""
    else:
        chosen = auto_title(design.with_changes(title=None))
    return design.with_changes(chosen_title=chosen)


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


def _from_prompt(design: Design, pieces: list[str]) -> tuple[Design, str]:
    """With no memories, the prompt's sentences become the notes, less those that only
    ask for a picture ("summarize this for my manager"); returns those as unused."""
    sentences = [s for p in pieces for s in (clean_text(x, 600) for x in split_sentences(p))
                 if s and not _filler(s)]
    said = [s for s in sentences if not is_instruction(s)]
    unused = " … ".join(s for s in sentences if is_instruction(s))
    notes = tuple(Note(position=i, id="", content=s) for i, s in enumerate(said, 1))
    return design.with_changes(notes=notes, from_prompt=True), unused


def is_instruction(sentence: str) -> bool:
    """Whether a sentence of a prompt asks for something rather than says something:
    "Summarize this for my manager", "Make an infographic of these"."""
    return bool(_INSTRUCTION.match(sentence.strip()))


def _filler(text: str) -> bool:
    return set(re.findall(r"\w+", text.lower())) <= _LEAD_WORDS
