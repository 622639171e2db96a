"""What the offline renderer takes from the pictures sent with a turn.

It cannot place photos. It takes the colours of a style reference (or of a draft to
finish) for the picture's palette, draws a logo in the header, and, given picture 1 of a
series as its style reference, matches it: picture 1's palette, recognised or taken from
its pixels (a style reference of the user's own wins, as picture 1 was drawn in its
colours too). The reply names every reference it could not use. A reference already
applied to the design (sent again with a refinement) changes nothing, so words that
changed the look since ("vibrant palette", "no logo") stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cortex_dashboard.images.render.captions import join_words
from cortex_dashboard.images.render.design import Design
from cortex_dashboard.images.render.swatch import colours_of

__all__ = ["NO_REFERENCES", "SERIES_MARK", "Borrowed", "InputPicture", "borrow", "series_part",
           "series_words", "unused_sentence", "with_references"]

SERIES_MARK = "picture 1 of this series"
"""How the label of picture 1 of a series starts (`images.series.STYLE_LABEL`)."""
_SERIES_PART = re.compile(r"\s*\(picture \d+ of \d+: [^()]*\)\s*$")
"""What a series adds to the prompt of each of its pictures: "(picture 2 of 4: storage)"."""


def series_part(number: int, count: int, label: str) -> str:
    """The words a series adds to the prompt of picture `number` (read back by `_SERIES_PART`)."""
    return f"(picture {number} of {count}: {label.replace('(', '').replace(')', '')})"
_PALETTE_ROLES = ("style", "draft")
_KINDS = {"person": "a person", "object": "an object", "region": "a region to change",
          "style": "a second style", "draft": "a second draft", "logo": "a second logo"}
_LABEL_CHARS = 40


@dataclass(frozen=True, slots=True)
class InputPicture:
    """A picture sent with the turn (a provider's reference), as the renderer sees it."""

    image_id: str
    data: bytes
    label: str
    role: str
    """object, person, style, logo, draft or region."""


@dataclass(frozen=True, slots=True)
class Borrowed:
    """The references of one turn, sorted by what the renderer does with them."""

    palette: InputPicture | None = None
    logo: InputPicture | None = None
    unused: tuple[InputPicture, ...] = ()
    series: bool = False
    """Picture 1 of a series came as a style reference."""


NO_REFERENCES = Borrowed()


def borrow(references: Sequence[InputPicture]) -> Borrowed:
    styles = [r for r in references if r.role in _PALETTE_ROLES]
    own = [r for r in styles if not _is_series(r)]
    palette = next(iter(own or styles), None)
    logo = next((r for r in references if r.role == "logo"), None)
    unused = tuple(r for r in references
                   if r is not palette and r is not logo and not _is_series(r))
    return Borrowed(palette, logo, unused, any(_is_series(r) for r in styles))


def _is_series(reference: InputPicture) -> bool:
    return reference.role == "style" and reference.label.lower().startswith(SERIES_MARK)


def series_words(prompt: str) -> str:
    """The prompt without what a series adds to it (the group's label is not a command:
    a group named "workflow" must not switch that picture's layout)."""
    return _SERIES_PART.sub("", prompt)


def with_references(design: Design, borrowed: Borrowed
                    ) -> tuple[Design, tuple[str, ...], tuple[str, ...]]:
    """The design with the colours and logo of references it has not used yet; what
    changed and what could not be done, in words for the reply."""
    seen = set(design.seen_references)
    changes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    if borrowed.palette and borrowed.palette.image_id not in seen:
        design, changes, problems = _coloured(design, borrowed.palette)
    if borrowed.logo and borrowed.logo.image_id not in seen:
        design = design.with_changes(logo=borrowed.logo.image_id)
        changes += (f"{_name(borrowed.logo, 'the logo')} in the header",)
    used = [r.image_id for r in (borrowed.palette, borrowed.logo) if r is not None]
    seen_now = tuple(dict.fromkeys((*design.seen_references, *used)))
    return design.with_changes(seen_references=seen_now), changes, problems


def _coloured(design: Design, reference: InputPicture
              ) -> tuple[Design, tuple[str, ...], tuple[str, ...]]:
    """The design in the reference's colours: a palette this renderer knows when it drew
    the reference, else the reference's swatch."""
    colours = colours_of(reference.data)
    source = _source(reference)
    if colours is None:
        return design, (), (f"{source} could not be read, so its colours were not used",)
    if colours.named:
        palette, theme = colours.named
        return (design.with_changes(palette=palette, theme=theme, swatch=()),
                (f"{palette} palette and {theme} theme, as in {source}",), ())
    return design.with_changes(swatch=colours.swatch), (f"the colours of {source}",), ()


def _source(reference: InputPicture) -> str:
    return "picture 1 of the series" if _is_series(reference) else _name(
        reference, "the style reference")


def _name(reference: InputPicture, fallback: str) -> str:
    """“our logo”, or `fallback` when the reference has no label."""
    label = reference.label.strip()
    if not label:
        return fallback
    return f"“{label if len(label) <= _LABEL_CHARS else label[:_LABEL_CHARS - 1] + '…'}”"


def unused_sentence(borrowed: Borrowed) -> str:
    """One plain sentence naming the references the renderer could not use, or ""."""
    if not borrowed.unused:
        return ""
    left = join_words([f"{_name(r, 'a picture')} ({_KINDS.get(r.role, r.role)})"
                       for r in borrowed.unused])
    used = [f"{_source(r)} for the colours" for r in (borrowed.palette,) if r is not None]
    used += [f"{_name(r, 'the logo')} for the header" for r in (borrowed.logo,) if r is not None]
    if used:
        return (f"The offline renderer cannot place photos; it used {join_words(used)}, and "
                f"left out {left}.")
    return f"The offline renderer cannot place photos; it drew the memories without {left}."
