"""The words that come back with an offline picture: what was drawn or changed, what was
not understood, what did not fit, and which characters no font could draw."""

from __future__ import annotations

from cortex_dashboard.images.options import PRESETS
from cortex_dashboard.images.render.captions import join_words, memory_count
from cortex_dashboard.images.render.design import Design
from cortex_dashboard.images.render.engine import Rendered
from cortex_dashboard.images.render.references import unused_sentence
from cortex_dashboard.images.render.refine import HELP
from cortex_dashboard.images.render.turns import Turn
from cortex_dashboard.images.render.variations import describe

__all__ = ["TRY", "plan_text", "reply_text"]

TRY = ("Try: dark theme · vibrant palette · title \"…\" · as a timeline · only memories 1 and 3 "
       "· without memory 2 · 9:16 · 4K · help")


def plan_text(design: Design) -> str:
    """What is about to be drawn, for the thought shown while it renders."""
    shape = f"{design.aspect_ratio}, {design.image_size}"
    return f"Laying out {_subject(design)} as {_preset_name(design)} ({shape})…"


def reply_text(turn: Turn, rendered: Rendered) -> str:
    parts = _first(turn, rendered) if turn.first else _later(turn, rendered)
    parts += _references(turn, rendered)
    parts += _fit(turn.design, rendered)
    parts += _shortened(turn.design, rendered)
    if rendered.missing_glyphs:
        chars = " ".join(rendered.missing_glyphs[:12])
        parts.append(f"No bundled font has these characters, so they show as boxes: {chars}.")
    if turn.refinement.help:
        parts.append(HELP)
    elif turn.first:
        parts.append(TRY)
    return "\n".join(parts)


def _first(turn: Turn, rendered: Rendered) -> list[str]:
    design = turn.design
    look = describe(design)
    parts = [f"Drew {_subject(design)} as {_preset_name(design)}, {_size(design, rendered)}"
             + (f"; {look}." if look else ".")]
    parts.append(_title_line(design))
    if design.from_prompt:
        parts.append("No memories were selected, so this picture is drawn from your prompt alone.")
    parts += [_sentence("Applied", turn.refinement.changes)]
    parts += [_sentence("Note", turn.remarks + turn.refinement.problems)]
    if turn.unused_words:
        parts.append("The offline renderer draws the preset's layout and does not follow free "
                     f"descriptions; these words were not used: “{turn.unused_words}”.")
    return [p for p in parts if p]


def _later(turn: Turn, rendered: Rendered) -> list[str]:
    refinement = turn.refinement
    changed = _sentence("Changed", turn.remarks + refinement.changes)
    parts = [changed or "Nothing changed."]
    parts.append(_sentence("Already so", refinement.unchanged))
    parts.append(_sentence("Could not do", refinement.problems))
    if refinement.unknown:
        quoted = ", ".join(f"“{p}”" for p in refinement.unknown)
        parts.append(f"Not understood: {quoted}. Say “help” for the words I know.")
    design = turn.design
    parts.append(f"Now: {_preset_name(design)} of {_subject(design)}, {_size(design, rendered)}.")
    return [p for p in parts if p]


_LOGO_PROBLEMS = {
    "not sent": "its picture did not come with this turn (send the logo reference again to "
                "show it, or say “no logo”)",
    "unreadable": "its picture could not be read",
}


def _references(turn: Turn, rendered: Rendered) -> list[str]:
    """Picture 1 of a series matched, references that could not be used, a logo not drawn."""
    parts = []
    if turn.borrowed.series:
        parts.append(f"Matched picture 1 of the series: the same colours and "
                     f"{_preset_name(turn.design)} layout, so the pictures look like one set.")
    parts.append(unused_sentence(turn.borrowed))
    if rendered.logo_problem:
        parts.append(f"The logo is not drawn: {_LOGO_PROBLEMS[rendered.logo_problem]}.")
    return [p for p in parts if p]


def _fit(design: Design, rendered: Rendered) -> list[str]:
    visible = len(design.visible)
    if not rendered.left_out:
        return []
    if design.from_prompt:
        return [f"{rendered.left_out} of the {visible} sentences of your prompt did not fit and "
                "were left out."]
    if rendered.chosen:
        return [f"Picked {len(rendered.shown)} of {visible} memories, the most important ones."]
    return [f"{rendered.left_out} of {visible} memories did not fit and were left out (the most "
            "important are shown); say “only memories 1 and 3” to choose."]


def _title_line(design: Design) -> str:
    """The title the picture chose, so it can be kept, edited or replaced."""
    if design.title is not None or not design.chosen_title or design.from_prompt:
        return ""
    return (f"Title: “{design.chosen_title}”, from what the memories are about "
            "(say title \"…\" to change it).")


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


def _shortened(design: Design, rendered: Rendered) -> list[str]:
    """What of the memories' words did not fit: always a cut headline or a card left with
    its headline alone; at a larger text size, every sentence that no longer fits."""
    larger = design.text_step > 0
    found: dict[str, list[int]] = {}
    for position, wanted, drawn, cut in rendered.shortened:
        if cut or drawn == 0 or larger:
            found.setdefault(_lost(wanted, drawn, cut), []).append(position)
    if not found:
        return []
    listed = "; ".join(_memories_that(kind, positions) for kind, positions in found.items())
    where = "at this text size" if larger else "in the space there is"
    return [f"Not every word fits {where}: {listed}. Say “smaller text” or “only memories 1 "
            "and 3” to make room."]


def _lost(wanted: int, drawn: int, cut: bool) -> str:
    """What a memory lost: "headline", "alone", or which sentences ("second sentence",
    "last 2 sentences")."""
    if cut:
        return "headline"
    if drawn == 0:
        return "alone"
    if wanted - drawn == 1:
        return f"{_ORDINALS[min(drawn, 5)]} sentence"
    return f"last {wanted - drawn} sentences"


def _memories_that(lost: str, positions: list[int]) -> str:
    """"memory #3's headline is shortened", "memories #1, #4 and #8 show their headlines
    only", "the second sentence of memories #2 and #5 no longer fits"."""
    one = len(positions) == 1
    which = ("memory " if one else "memories ") + join_words([f"#{p}" for p in positions])
    if lost == "headline":
        return (f"{which}'s headline is shortened" if one
                else f"the headlines of {which} are shortened")
    if lost == "alone":
        return (f"{which} shows its headline only" if one
                else f"{which} show their headlines only")
    verb = "fits" if lost.endswith("sentence") else "fit"
    return (f"{which}'s {lost} no longer {verb}" if one
            else f"the {lost} of {which} no longer {verb}")


def _sentence(lead: str, items: tuple[str, ...]) -> str:
    return f"{lead}: {'; '.join(items)}." if items else ""


def _subject(design: Design) -> str:
    if design.from_prompt:
        return "your prompt"
    return memory_count(len(design.visible))


def _preset_name(design: Design) -> str:
    name = PRESETS[design.preset].name.lower()
    if name.endswith("s"):
        return name
    return ("an " if name[0] in "aeiou" else "a ") + name


def _size(design: Design, rendered: Rendered) -> str:
    return f"{design.aspect_ratio} at {design.image_size} ({rendered.width}×{rendered.height})"
