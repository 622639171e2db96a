"""What each layout chooses to draw."""

from __future__ import annotations

from datetime import date

import pytest

from cortex_dashboard.images.options import PIXEL_SIZES, PRESETS
from cortex_dashboard.images.render.content import date_range, pick
from cortex_dashboard.images.render.design import Design, Note, notes_from_memories
from cortex_dashboard.images.render.digest import digest
from cortex_dashboard.images.render.engine import render_design
from cortex_dashboard.images.render.grouping import group_notes, section_of
from cortex_dashboard.images.render.layouts.key_insights import choose_insights
from cortex_dashboard.images.render.layouts.quote_card import choose_quote
from cortex_dashboard.images.render.layouts.timeline_axis import date_order, month_ticks
from cortex_dashboard.images.render.samples import sample_memories

NOTES = notes_from_memories(sample_memories())


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("ratio", list(PIXEL_SIZES))
def test_every_preset_draws_at_every_ratio(preset: str, ratio: str) -> None:
    design = Design(preset=preset, aspect_ratio=ratio, image_size="1K", notes=NOTES)
    assert render_design(design).shown


def test_infographic_at_2k_shows_six_cards_each_with_a_whole_sentence() -> None:
    design = Design(preset="infographic", aspect_ratio="16:9", image_size="2K", notes=NOTES)
    rendered = render_design(design)
    assert len(rendered.shown) == 6
    assert rendered.shortened == ()


def test_timeline_events_run_oldest_first() -> None:
    ordered = date_order(NOTES[::-1])
    assert [n.position for n in ordered] == list(range(1, 13))


def test_timeline_puts_undated_memories_after_the_dated_ones() -> None:
    undated = Note(position=13, id="u", content="No date here")
    assert date_order((undated, *NOTES[:3]))[-1] is undated


def test_month_ticks_cover_the_span() -> None:
    ticks = month_ticks(date(2025, 1, 8), date(2025, 6, 18))
    assert [text for _, text in ticks] == ["Feb 2025", "Mar", "Apr", "May", "Jun"]


def test_update_sheet_sections_come_from_types_and_statuses() -> None:
    sections = [section_of(n) for n in NOTES]
    assert sections[:5] == ["decided", "done", "problems", "done", "decided"]
    assert sections[-2:] == ["next", "next"]


def test_comparison_picks_the_fairest_grouping() -> None:
    kind, groups = group_notes(NOTES, "auto", 4)
    assert kind == "section"
    assert [g[1] for g in groups] == ["Done", "Decided", "Problems", "Next"]


def test_comparison_groups_by_tag_on_request() -> None:
    kind, groups = group_notes(NOTES, "tag", 4)
    assert kind == "tag"
    assert groups[0][1] == "#sync"


def test_comparison_of_one_kind_splits_by_date() -> None:
    same = tuple(Note(position=i, id=str(i), content="x") for i in range(1, 5))
    assert group_notes(same, "auto", 4)[0] == "date"


def test_key_insights_prefer_insights_and_importance() -> None:
    chosen = choose_insights(NOTES)
    assert len(chosen) == 5
    assert chosen[0].position == 5


def test_quote_card_quotes_the_most_important_memory() -> None:
    quote = choose_quote(NOTES)
    assert quote is not None
    assert quote.position == 5


def test_pick_keeps_the_most_important_in_order() -> None:
    picked = pick(NOTES, 3)
    assert [n.position for n in picked] == [1, 2, 5]


def test_headline_is_a_short_first_sentence() -> None:
    said = digest("First part. Second part.")
    assert (said.headline, said.body(2)) == ("First part", "Second part.")


def test_date_range_of_one_year() -> None:
    assert date_range(NOTES) == "Jan 8 – Jun 18, 2025"
