"""Few memories, or none, still make a designed picture: no empty sections or zero
counters, no near-empty page, content sized and centred for what there is."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from cortex_dashboard.images.options import PIXEL_SIZES, PRESETS
from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.cards import card_styles
from cortex_dashboard.images.render.design import Design, notes_from_memories
from cortex_dashboard.images.render.digest import digest
from cortex_dashboard.images.render.engine import render_design
from cortex_dashboard.images.render.frame import draw_header, footer_height, margins
from cortex_dashboard.images.render.grouping import group_notes
from cortex_dashboard.images.render.layouts import STATEMENT, layout_for
from cortex_dashboard.images.render.layouts.comparison import plan_rows
from cortex_dashboard.images.render.layouts.key_insights import plan_insights
from cortex_dashboard.images.render.layouts.statement import (
    BLANK_HEADLINE,
    PROMPT_NOTE,
    plan_statement,
)
from cortex_dashboard.images.render.layouts.update_sheet import plan_sheet, quiet_line
from cortex_dashboard.images.render.layouts.workflow import plan_flow
from cortex_dashboard.images.render.reply import reply_text
from cortex_dashboard.images.render.samples import sample_memories
from cortex_dashboard.images.render.themes import make_theme
from cortex_dashboard.images.render.turns import FormSettings, first_turn

NOTES = notes_from_memories(sample_memories())
TWO_DECISIONS = (NOTES[0], NOTES[4])
PROMPT = ("Our plan to move sign-in to passkeys by the end of Q3. SMS codes stay as a fallback "
          "for old phones.")


def _canvas(ratio: str = "16:9") -> Canvas:
    return Canvas(*PIXEL_SIZES[ratio]["1K"], make_theme("corporate", dark=False))


def _content(canvas: Canvas) -> Box:
    """Where the content of a picture goes, below its header and above its footer."""
    design = Design(preset="infographic", aspect_ratio="16:9", image_size="1K", notes=NOTES)
    page = margins(canvas).bottom_part(footer_height(canvas, design), canvas.u(2.2))[1]
    return draw_header(canvas, design, NOTES, page)


def _prompt_design(prompt: str, preset: str = "infographic", ratio: str = "16:9") -> Design:
    return first_turn(prompt, [], FormSettings(preset, ratio, "1K")).design


def _covered(png: bytes) -> float:
    """The share of the picture not in its background colour."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    background = Image.new("RGB", image.size, image.getpixel((1, 1)))
    changed = ImageChops.difference(image, background).convert("L").point(lambda v: v > 6)
    return changed.histogram()[1] / (image.width * image.height)


def test_update_sheet_of_two_decisions_draws_only_their_section() -> None:
    plan = plan_sheet(_canvas(), TWO_DECISIONS, _content(_canvas()))
    assert [key for key, _, _ in plan.tiles] == ["decided"]
    assert [key for key, _ in plan.sections] == ["decided"]


@pytest.mark.parametrize("notes", [NOTES[:1], TWO_DECISIONS, NOTES[:3], NOTES[5:7], NOTES])
@pytest.mark.parametrize("ratio", ["16:9", "9:16"])
def test_update_sheet_has_no_zero_counter(notes: tuple, ratio: str) -> None:
    canvas = _canvas(ratio)
    plan = plan_sheet(canvas, notes, _content(canvas))
    assert all(count > 0 for _, count, _ in plan.tiles)
    assert len(plan.sections) == len(plan.tiles)


def test_update_sheet_names_the_empty_sections_in_one_muted_line() -> None:
    plan = plan_sheet(_canvas(), TWO_DECISIONS, _content(_canvas()))
    assert plan.quiet == "Nothing recorded under Done, Problems or Next"


def test_full_update_sheet_has_four_counters_and_no_quiet_line() -> None:
    plan = plan_sheet(_canvas(), NOTES, _content(_canvas()))
    assert [count for _, count, _ in plan.tiles] == [4, 3, 3, 2]
    assert plan.quiet == ""


def test_quiet_line_of_one_empty_section() -> None:
    assert quiet_line(["done", "decided", "problems"]) == "Nothing recorded under Next"


def test_update_sheet_of_two_memories_is_written_larger_within_the_page() -> None:
    canvas = _canvas()
    box = _content(canvas)
    plan = plan_sheet(canvas, TWO_DECISIONS, box)
    assert plan.styles.scale > 1
    assert box.y <= plan.tiles[0][2].y < plan.sections[0][1].bottom <= box.bottom


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("ratio", ["16:9", "9:16"])
def test_prompt_only_picture_fills_the_page(preset: str, ratio: str) -> None:
    rendered = render_design(_prompt_design(PROMPT, preset, ratio))
    assert (rendered.width, rendered.height) == PIXEL_SIZES[ratio]["1K"]
    assert _covered(rendered.png) > 0.3


@pytest.mark.parametrize("design", [_prompt_design(PROMPT),
                                    Design(preset="timeline", aspect_ratio="1:1",
                                           image_size="1K")])
def test_nothing_to_lay_out_draws_the_statement_page(design: Design) -> None:
    assert layout_for(design, design.visible) is STATEMENT


def test_statement_of_a_prompt_is_its_sentences_and_a_note() -> None:
    statement = plan_statement(_prompt_design(PROMPT))
    assert statement.headline == "Our plan to move sign-in to passkeys by the end of Q3"
    assert statement.points == ("SMS codes stay as a fallback for old phones.",)
    assert statement.note == PROMPT_NOTE


def test_statement_without_words_says_how_to_start() -> None:
    statement = plan_statement(Design(preset="infographic", aspect_ratio="16:9", image_size="1K"))
    assert statement.headline == BLANK_HEADLINE
    assert statement.note == ""


def test_a_first_sentence_too_long_for_a_title_stays_in_the_picture() -> None:
    sentence = "We will move every sign-in of the desktop and mobile apps to passkeys " * 2
    design = _prompt_design(sentence.strip())
    statement = plan_statement(design)
    assert design.title is None
    assert design.notes[0].content.startswith(statement.headline.rstrip("…"))
    assert statement.points


def test_prompt_only_picture_draws_every_sentence() -> None:
    rendered = render_design(_prompt_design(PROMPT + " Support gets a runbook."))
    assert rendered.shown == (1, 2, 3)
    assert rendered.left_out == 0


def test_reply_counts_prompt_sentences_left_out_as_sentences() -> None:
    prompt = " ".join(f"Point {i} of the plan, in a full sentence." for i in range(30))
    turn = first_turn(prompt, [], FormSettings("infographic", "21:9", "1K"))
    assert "sentences of your prompt did not fit" in reply_text(turn, render_design(turn.design))


def test_comparison_of_one_memory_has_one_column() -> None:
    kind, groups = group_notes(NOTES[:1], "auto", 4)
    assert (kind, [g[1] for g in groups]) == ("type", ["Decisions"])


def test_comparison_rows_of_a_few_memories_are_larger_and_whole() -> None:
    canvas = _canvas()
    few = plan_rows(canvas, [[NOTES[0]], [NOTES[4]]], "tag", canvas.u(58), canvas.u(40))
    crowded = plan_rows(canvas, [NOTES[:12]], "type", canvas.u(28), canvas.u(40))
    assert (few.count, few.more) == (1, 0.0)
    assert few.styles.headline.size > crowded.styles.headline.size


def test_key_insights_of_two_memories_are_written_larger_within_the_box() -> None:
    canvas = _canvas()
    box = _content(canvas)
    two, five = plan_insights(canvas, TWO_DECISIONS, box), plan_insights(canvas, NOTES, box)
    assert two.styles.headline.size > five.styles.headline.size
    assert box.y <= two.cells[0].y < two.cells[0].bottom <= box.bottom


def test_key_insights_of_one_memory_sit_in_a_snug_centred_card() -> None:
    canvas = _canvas()
    box = _content(canvas)
    cell = plan_insights(canvas, NOTES[:1], box).cells[0]
    assert cell.h < box.h * 0.6
    assert box.y < cell.y < cell.bottom < box.bottom


def test_workflow_of_one_step_is_centred_and_not_stretched() -> None:
    canvas = _canvas()
    box = _content(canvas)
    step = plan_flow(canvas, NOTES[:1], box).boxes[0]
    assert step.w < box.w * 0.6
    assert step.centre[0] == pytest.approx(box.centre[0])


def test_one_large_card_gets_a_larger_headline_that_stays_whole() -> None:
    canvas = _canvas()
    cell = Box(0, 0, canvas.u(84), canvas.u(40))
    styles = card_styles(canvas, cell, NOTES[4:5])
    headline = digest(NOTES[4].content).headline
    assert styles.headline.size > card_styles(canvas, Box(0, 0, canvas.u(28), canvas.u(14))
                                              ).headline.size
    assert not canvas.fixed(headline, styles.headline, Box(0, 0, canvas.u(80), 1e6), 3).truncated


@pytest.mark.parametrize("design", [_prompt_design(PROMPT, "workflow", "9:16"),
                                    Design(preset="update_sheet", aspect_ratio="16:9",
                                           image_size="1K", notes=TWO_DECISIONS)])
def test_edge_cases_render_the_same_bytes_twice(design: Design) -> None:
    assert render_design(design).png == render_design(design).png
