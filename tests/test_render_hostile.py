"""Hostile and odd input draws a picture anyway: control characters, huge text, emoji,
CJK, right-to-left scripts, no dates, no tags, no memories, too many memories."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from cortex_dashboard.images.options import PRESETS
from cortex_dashboard.images.render.design import Design, notes_from_memories
from cortex_dashboard.images.render.engine import render_design
from cortex_dashboard.images.render.refine import refine
from cortex_dashboard.memories.models import Memory
from cortex_dashboard.providers.base import ImageRequest, ImageSettings
from cortex_dashboard.providers.local.images import LocalProvider

HOSTILE = [
    "\x00\x01\x07\x1b[2J\r\n\t\u202e\u200b\ufeff control characters \x7f",
    "word " * 20_000,
    "🚀🔥✅ emoji everywhere 👩‍💻🏳️‍🌈 " * 50,
    "同步引擎的设计决策：使用 WAL 模式的 SQLite。" * 40,
    "שלום עולם — مرحبا بالعالم — mixed right-to-left text",
    "x" * 100_000,
    "\U0010fffd\ue000\uffff unassigned and private characters",
]


def _memory(content: str, *, tags: tuple[str, ...] = (), created_at: str | None = None,
            type: str = "general", importance_score: float = 50.0) -> Memory:
    return Memory(id="m1", content=content, type=type, tags=tags, created_at=created_at,
                  importance_score=importance_score)


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("content", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_renders_at_the_right_size(preset: str, content: str) -> None:
    memories = [_memory(content, tags=("x" * 500, "🙂"), created_at="not a date"),
                _memory(content[::-1], type="\x00weird type\u202e")]
    design = Design(preset=preset, aspect_ratio="4:5", image_size="1K",
                    notes=notes_from_memories(memories), title=content[:300])
    image = Image.open(io.BytesIO(render_design(design).png))
    assert image.size == (928, 1152)


def test_notes_keep_only_what_can_be_drawn() -> None:
    notes = notes_from_memories([_memory("y" * 100_000, tags=tuple("abcdefghij"))])
    assert len(notes[0].content) <= 600
    assert len(notes[0].tags) == 6


def test_missing_glyphs_are_collected() -> None:
    design = Design(preset="quote_card", aspect_ratio="1:1", image_size="1K",
                    notes=notes_from_memories([_memory("Glyph \U0001fae8 here")]))
    assert render_design(design).missing_glyphs == "\U0001fae8"


@pytest.mark.parametrize("preset", list(PRESETS))
def test_no_memories_draws_an_empty_state(preset: str) -> None:
    design = Design(preset=preset, aspect_ratio="16:9", image_size="1K")
    rendered = render_design(design)
    assert rendered.shown == ()
    assert rendered.png.startswith(b"\x89PNG")


@pytest.mark.parametrize("preset", list(PRESETS))
def test_fifty_memories_fit_what_fits(preset: str) -> None:
    memories = [_memory(f"Memory number {i} about the sync engine.", importance_score=i)
                for i in range(50)]
    design = Design(preset=preset, aspect_ratio="16:9", image_size="1K",
                    notes=notes_from_memories(memories))
    rendered = render_design(design)
    assert 0 < len(rendered.shown) < 50
    assert rendered.left_out == 50 - len(rendered.shown)


@pytest.mark.parametrize("prompt", [*HOSTILE, " " * 100_000 + "dark", "title \"" * 20_000])
def test_hostile_words_are_read_safely(prompt: str) -> None:
    design = Design(preset="infographic", aspect_ratio="16:9", image_size="1K")
    result = refine(design, prompt)
    assert result.design.preset == "infographic"
    assert len(" ".join(result.unknown)) <= 2_000


async def test_hostile_prompt_and_memories_through_the_provider() -> None:
    memories = tuple(_memory(content, created_at="2025-13-45") for content in HOSTILE)
    request = ImageRequest(user_prompt=HOSTILE[0] + HOSTILE[2], prompt="",
                           memories=memories, settings=ImageSettings(image_size="1K"))
    turn = await LocalProvider().generate(request)
    assert Image.open(io.BytesIO(turn.image)).size == (1376, 768)
    assert json.dumps(turn.new_history)
