"""The offline image provider: draws pictures from memories with Pillow, no network, no key.

Each model turn in the history carries the full design state (`"design"`), so a later
turn refines the previous picture: the last design, then settings the user changed in
the form, then the words of the new turn. The design state holds the title the picture
chose (`chosen_title`) and the look a variation chose (`request.variation`: 0 is what a
single request draws, 1..3 other palettes, headers and emphasis, each deterministic).

Reference pictures (`request.references`) give the design its colours (a style reference
or a draft) and a logo for its header; the others are named in the reply. The design
records the logo by image id: it is drawn whenever a request brings that picture.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from cortex_dashboard.catalogue import Resolution
from cortex_dashboard.images.render.design import Design, design_from_dict
from cortex_dashboard.images.render.engine import render_design
from cortex_dashboard.images.render.references import InputPicture, borrow, series_words
from cortex_dashboard.images.render.reply import plan_text, reply_text
from cortex_dashboard.images.render.turns import FormSettings, Turn, first_turn, next_turn
from cortex_dashboard.providers.base import (
    HistoryContent,
    ImageRequest,
    ImageTurn,
    Picture,
    StreamEvent,
    Thought,
)
from cortex_dashboard.providers.local.models import OFFLINE_RENDERER

__all__ = ["LocalProvider", "last_design"]

MIME_TYPE = "image/png"
_FRESH_START = "started a new offline design (the earlier turns had none to build on)"


def last_design(history: tuple[HistoryContent, ...]) -> Design | None:
    """The design of the latest model turn that has one; None when there is none or it
    is unreadable (an older design is not revived: the reply says it started afresh)."""
    for content in reversed(history):
        if isinstance(content, dict) and content.get("role") == "model" and "design" in content:
            try:
                return design_from_dict(content["design"])
            except ValueError:
                return None
    return None


def input_pictures(request: ImageRequest) -> tuple[InputPicture, ...]:
    return tuple(InputPicture(r.image_id, r.picture.data, r.label, r.role)
                 for r in request.references)


def plan_turn(request: ImageRequest) -> Turn:
    """The design this request asks for, and what changed to get there."""
    form = FormSettings(request.settings.preset, request.settings.aspect_ratio,
                        request.settings.image_size)
    borrowed = borrow(input_pictures(request))
    words = series_words(request.user_prompt)
    previous = last_design(request.history)
    if previous is not None:
        return next_turn(previous, words, request.memories, form, request.variation, borrowed)
    remarks = (_FRESH_START,) if request.history else ()
    return first_turn(words, request.memories, form, remarks, request.variation, borrowed)


def logo_bytes(request: ImageRequest, design: Design) -> bytes | None:
    """The picture of the design's logo, when this request brought it."""
    found = (r.picture.data for r in request.references if r.image_id == design.logo)
    return next(found, None) if design.logo else None


def shown_title(design: Design) -> str:
    """The title the picture shows: the user's, or the one made from the memories."""
    return design.title if design.title is not None else design.chosen_title


def render_turn(turn: Turn, user_prompt: str, logo: bytes | None = None) -> ImageTurn:
    """Draw the design and wrap it as a provider turn (blocking: run it off the event loop)."""
    rendered = render_design(turn.design, logo=logo)
    text = reply_text(turn, rendered)
    return ImageTurn(
        new_history=[
            {"role": "user", "parts": [{"text": user_prompt}]},
            {"role": "model", "parts": [{"text": text}], "design": turn.design.to_dict()},
        ],
        pictures=[Picture(rendered.png, MIME_TYPE)],
        text=text,
        thoughts=[Thought("text", text=plan_text(turn.design))],
        drawn_as={"preset": turn.design.preset, "aspect_ratio": turn.design.aspect_ratio,
                  "image_size": turn.design.image_size, "title": shown_title(turn.design)},
    )


class LocalProvider:
    """Draws the same kinds of pictures as the Gemini provider, offline and at once."""

    name = "local"
    paid = False

    def image_model(self, requested: str | None) -> Resolution:
        return Resolution(OFFLINE_RENDERER, requested or OFFLINE_RENDERER.id)

    async def generate(self, request: ImageRequest) -> ImageTurn:
        turn = await asyncio.to_thread(plan_turn, request)
        return await asyncio.to_thread(render_turn, turn, request.user_prompt,
                                       logo_bytes(request, turn.design))

    async def generate_stream(
        self, request: ImageRequest
    ) -> AsyncIterator[StreamEvent | ImageTurn]:
        turn = await asyncio.to_thread(plan_turn, request)
        yield StreamEvent(kind="thought", text=plan_text(turn.design))
        yield await asyncio.to_thread(render_turn, turn, request.user_prompt,
                                      logo_bytes(request, turn.design))
