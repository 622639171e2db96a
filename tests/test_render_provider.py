"""The `local` provider: turns, history, settings between turns, streaming, replies."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from PIL import Image

from cortex_dashboard.images.render.samples import sample_memories
from cortex_dashboard.memories.models import Memory
from cortex_dashboard.providers.base import (
    HistoryContent,
    ImageRequest,
    ImageSettings,
    ImageTurn,
    StreamEvent,
)
from cortex_dashboard.providers.local.images import LocalProvider

MEMORIES = tuple(sample_memories()[:6])


def _request(prompt: str = "", *, history: tuple[HistoryContent, ...] = (),
             memories: tuple[Memory, ...] = MEMORIES, ratio: str = "16:9", size: str = "1K",
             preset: str = "infographic") -> ImageRequest:
    settings = ImageSettings(aspect_ratio=ratio, image_size=size, preset=preset)
    return ImageRequest(user_prompt=prompt, prompt=prompt, memories=memories,
                        settings=settings, history=history)


async def _turns(*prompts: str) -> list[ImageTurn]:
    """A conversation as the UI sends it: memories with the first prompt, none after."""
    provider, history, turns = LocalProvider(), (), []
    for index, prompt in enumerate(prompts):
        memories = MEMORIES if index == 0 else ()
        turn = await provider.generate(_request(prompt, history=history, memories=memories))
        history = (*history, *turn.new_history)
        turns.append(turn)
    return turns


def _design(turn: ImageTurn) -> dict[str, Any]:
    return turn.new_history[-1]["design"]


def _size(turn: ImageTurn) -> tuple[int, int]:
    return Image.open(io.BytesIO(turn.image)).size


async def test_first_turn_is_a_png_of_the_requested_size() -> None:
    turn = await LocalProvider().generate(_request(ratio="3:4", size="1K"))
    assert turn.mime_type == "image/png"
    assert _size(turn) == (896, 1200)


async def test_first_turn_reply_offers_help() -> None:
    turn = await LocalProvider().generate(_request())
    assert "Drew 6 memories as an infographic" in turn.text
    assert "Try:" in turn.text


async def test_history_is_json_ready_and_holds_no_image() -> None:
    turn = await LocalProvider().generate(_request("dark theme"))
    dumped = json.dumps(turn.new_history)
    assert [c["role"] for c in turn.new_history] == ["user", "model"]
    assert "mem_001" in dumped


async def test_usage_is_zero() -> None:
    turn = await LocalProvider().generate(_request())
    assert turn.usage.total_tokens == 0


async def test_refinement_applies_on_top_of_the_previous_turn() -> None:
    turns = await _turns("dark theme", "vibrant palette")
    assert _design(turns[-1])["theme"] == "dark"
    assert _design(turns[-1])["palette"] == "vibrant"


async def test_refinement_works_without_memories_in_the_request() -> None:
    turns = await _turns("", "only memories 1 and 3")
    assert _design(turns[-1])["hidden"] == [2, 4, 5, 6]
    assert "Now: an infographic of 2 memories" in turns[-1].text


async def test_refinement_reply_quotes_what_it_did_not_understand() -> None:
    turns = await _turns("", "dark theme and make it pop")
    assert "Changed: dark theme." in turns[-1].text
    assert "Not understood: “make it pop”" in turns[-1].text


async def test_words_change_the_aspect_ratio() -> None:
    turns = await _turns("", "as a story")
    assert _size(turns[-1]) == (768, 1376)


async def test_settings_changed_in_the_form_apply_on_refinement() -> None:
    provider = LocalProvider()
    first = await provider.generate(_request())
    second = await provider.generate(_request("dark theme", history=tuple(first.new_history),
                                              memories=(), ratio="1:1"))
    assert _size(second) == (1024, 1024)
    assert "aspect ratio 1:1 (from the settings)" in second.text


async def test_unchanged_form_does_not_undo_a_ratio_set_by_words() -> None:
    turns = await _turns("", "9:16", "dark theme")
    assert _size(turns[-1]) == (768, 1376)


async def test_words_win_over_the_form_in_the_same_turn() -> None:
    provider = LocalProvider()
    first = await provider.generate(_request())
    second = await provider.generate(_request("21:9", history=tuple(first.new_history),
                                              memories=(), ratio="1:1"))
    assert _size(second) == (1584, 672)


async def test_a_new_selection_replaces_the_memories() -> None:
    provider = LocalProvider()
    first = await provider.generate(_request())
    second = await provider.generate(_request("", history=tuple(first.new_history),
                                              memories=MEMORIES[:2]))
    assert len(_design(second)["notes"]) == 2
    assert "now using the 2 memories selected" in second.text


async def test_help_lists_the_vocabulary() -> None:
    turns = await _turns("", "help")
    assert "Words I understand" in turns[-1].text


async def test_no_memories_draws_from_the_prompt_and_says_so() -> None:
    turn = await LocalProvider().generate(
        _request("Our launch plan. Ship sync v2 in May. Hire two engineers.", memories=()))
    assert "drawn from your prompt alone" in turn.text
    assert _design(turn)["chosen_title"] == "Our launch plan"


@pytest.mark.parametrize(("prompt", "title"), [
    ("Our comparison for the studio owners", "Conflicts and filesystems side by side"),
    ("Summarize this for my manager", "Conflicts and filesystems side by side"),
    ("Create an infographic about our sync engine", "Conflicts and filesystems"),
])
async def test_prompt_words_never_become_the_title(prompt: str, title: str) -> None:
    turn = await LocalProvider().generate(_request(prompt, preset="comparison"))
    assert _design(turn)["title"] is None
    assert _design(turn)["chosen_title"] == title


async def test_the_reply_names_the_title_and_the_words_it_did_not_use() -> None:
    turn = await LocalProvider().generate(_request("Summarize this for my manager"))
    assert "Title: “Conflicts and filesystems”" in turn.text
    assert "not used: “Summarize this for my manager”" in turn.text


async def test_an_instruction_alone_is_not_drawn_as_a_statement() -> None:
    turn = await LocalProvider().generate(_request("Summarize this for my manager",
                                                   memories=()))
    assert _design(turn)["notes"] == []
    assert "not used: “Summarize this for my manager”" in turn.text


async def test_a_quoted_title_still_wins() -> None:
    turn = await LocalProvider().generate(_request('Summarize this, title "Q3 at a glance"'))
    assert _design(turn)["title"] == "Q3 at a glance"


async def test_fifty_memories_say_how_many_were_left_out() -> None:
    many = tuple(Memory(id=f"m{i}", content=f"Memory {i}.", importance_score=i)
                 for i in range(50))
    turn = await LocalProvider().generate(_request(memories=many))
    assert "did not fit and were left out" in turn.text


async def test_a_ten_thousand_character_memory_is_drawn() -> None:
    long = (Memory(id="long", content="All work and no play. " * 455),)
    turn = await LocalProvider().generate(_request(memories=long, preset="quote_card"))
    assert _size(turn) == (1376, 768)
    assert len(json.dumps(turn.new_history)) < 5_000


async def test_missing_glyphs_are_mentioned_in_the_reply() -> None:
    odd = (Memory(id="odd", content="Shaking face \U0001fae8 is too new for the fonts."),)
    turn = await LocalProvider().generate(_request(memories=odd))
    assert "show as boxes: \U0001fae8" in turn.text


async def test_history_from_another_provider_starts_fresh() -> None:
    gemini = ({"role": "user", "parts": [{"text": "hi"}]},
              {"role": "model", "parts": [{"text": "an image", "thought_signature": b"x"}]})
    turn = await LocalProvider().generate(_request("dark theme", history=gemini))
    assert "started a new offline design" in turn.text
    assert _design(turn)["theme"] == "dark"


async def test_stream_yields_a_thought_then_the_turn() -> None:
    events = [e async for e in LocalProvider().generate_stream(_request(preset="timeline"))]
    assert isinstance(events[0], StreamEvent)
    assert events[0].text == "Laying out 6 memories as a timeline (16:9, 1K)…"
    assert isinstance(events[-1], ImageTurn)


@pytest.mark.parametrize("preset", ["key_insights", "quote_card"])
async def test_choosing_layouts_say_they_picked(preset: str) -> None:
    turn = await LocalProvider().generate(_request(preset=preset))
    assert "Picked" in turn.text
