"""Each refinement phrase changes what it should, and unknown phrases are reported."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from cortex_dashboard.images.render.design import Design, notes_from_memories
from cortex_dashboard.images.render.engine import render_design
from cortex_dashboard.images.render.refine import refine
from cortex_dashboard.images.render.samples import sample_memories
from cortex_dashboard.images.render.themes import make_theme


@pytest.fixture
def design() -> Design:
    return Design(preset="infographic", aspect_ratio="16:9", image_size="1K",
                  notes=notes_from_memories(sample_memories()[:6]))


@pytest.mark.parametrize(("phrase", "field", "value"), [
    ("dark theme", "theme", "dark"),
    ("make it dark", "theme", "dark"),
    ("vibrant palette", "palette", "vibrant"),
    ("use the pastel colours", "palette", "pastel"),
    ("monochrome", "palette", "mono"),
    ("corporate", "palette", "corporate"),
    ("sunset palette", "palette", "sunset"),
    ('title "Q3 review"', "title", "Q3 review"),
    ("title “Sync, shipped”", "title", "Sync, shipped"),
    ("title: Hello team", "title", "Hello team"),
    ('subtitle "What we learned"', "subtitle", "What we learned"),
    ("no subtitle", "subtitle", ""),
    ("bigger title", "title_step", 1),
    ("smaller title", "title_step", -1),
    ("much bigger text", "text_step", 2),
    ("smaller text", "text_step", -1),
    ("as a timeline", "preset", "timeline"),
    ("make it an update sheet", "preset", "update_sheet"),
    ("as key insights", "preset", "key_insights"),
    ("switch to comparison", "preset", "comparison"),
    ("as a workflow", "preset", "workflow"),
    ("as a quote card", "preset", "quote_card"),
    ("as custom", "preset", "custom"),
    ("remove the legend", "show_legend", False),
    ("no footer", "show_footer", False),
    ("hide the date", "show_date", False),
    ("9:16", "aspect_ratio", "9:16"),
    ("aspect ratio 21:9", "aspect_ratio", "21:9"),
    ("square", "aspect_ratio", "1:1"),
    ("as a story", "aspect_ratio", "9:16"),
    ("4K", "image_size", "4K"),
    ("in 2k", "image_size", "2K"),
    ("group by tag", "group_by", "tag"),
])
def test_phrase_sets_its_field(design: Design, phrase: str, field: str, value: Any) -> None:
    result = refine(design, phrase)
    assert getattr(result.design, field) == value
    assert result.unknown == ()


def test_only_memories_keeps_those(design: Design) -> None:
    result = refine(design, "only memories 1 and 3")
    assert [n.position for n in result.design.visible] == [1, 3]


def test_without_memory_hides_it(design: Design) -> None:
    result = refine(design, "without memory 2")
    assert 2 not in [n.position for n in result.design.visible]
    assert result.changes == ("without memory 2",)


def test_with_memory_brings_it_back(design: Design) -> None:
    hidden = refine(design, "without memories 2 and 4").design
    result = refine(hidden, "with memory 2")
    assert result.design.hidden == (4,)


def test_add_legend_after_removing_it(design: Design) -> None:
    removed = refine(design, "remove the legend").design
    assert refine(removed, "add the legend").design.show_legend is True


def test_unknown_phrases_are_reported_verbatim(design: Design) -> None:
    result = refine(design, "dark theme, make it pop, and add sparkles")
    assert result.unknown == ("make it pop", "add sparkles")
    assert result.design.theme == "dark"


def test_missing_memory_number_is_a_problem(design: Design) -> None:
    result = refine(design, "only memories 2 and 9")
    assert result.problems == ("there is no memory 9 (there are 6)",)
    assert [n.position for n in result.design.visible] == [2]


def test_hiding_every_memory_is_refused(design: Design) -> None:
    result = refine(design, "without memories 1-6")
    assert result.design.hidden == ()
    assert result.problems


def test_the_last_word_on_a_setting_wins(design: Design) -> None:
    assert refine(design, "dark theme, then light theme").design.theme == "light"


def test_asking_for_the_current_state_is_not_a_change(design: Design) -> None:
    result = refine(design, "light theme")
    assert result.changes == ()
    assert result.unchanged == ("light theme",)


def test_help_is_recognised(design: Design) -> None:
    assert refine(design, "help").help is True


def test_size_steps_stop_at_the_limit(design: Design) -> None:
    big = refine(design, "much bigger title, much bigger title").design
    result = refine(big, "bigger title")
    assert result.design.title_step == 3
    assert result.problems


def test_dark_theme_changes_the_background_pixels(design: Design) -> None:
    dark = refine(design, "dark theme").design
    image = Image.open(io.BytesIO(render_design(dark).png)).convert("RGB")
    assert image.getpixel((2, 2)) == make_theme("corporate", dark=True).background


def test_palette_changes_the_pixels(design: Design) -> None:
    vibrant = refine(design, "pastel palette").design
    assert render_design(vibrant).png != render_design(design).png


def _footer_colours(design: Design) -> set[tuple[int, int, int]]:
    """The colours in the line where the footer's text sits (1K 16:9: y 708 to 719)."""
    image = Image.open(io.BytesIO(render_design(design).png)).convert("RGB")
    return set(image.crop((0, 708, image.width, 719)).get_flattened_data())


def test_removing_the_footer_and_legend_removes_their_text(design: Design) -> None:
    muted = make_theme("corporate", dark=False).muted
    bare = refine(design, "no footer, no legend").design
    assert muted in _footer_colours(design)
    assert muted not in _footer_colours(bare)


def test_a_ratio_name_in_a_first_prompt_is_just_a_word(design: Design):
    described = refine(design, "our auth story in one picture", describing=True)
    assert described.design.aspect_ratio == "16:9"


@pytest.mark.parametrize("words", ["square", "as a square", "square format", "make it square"])
def test_a_ratio_name_is_a_command_when_refining(design: Design, words: str):
    assert refine(design, words).design.aspect_ratio == "1:1"


def test_a_framed_ratio_name_counts_in_a_first_prompt(design: Design):
    assert refine(design, "decisions as a story", describing=True).design.aspect_ratio == "9:16"
