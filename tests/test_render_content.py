"""What cards say: a whole headline and whole sentences, ranked for what matters; titles
that state what the memories are about."""

from __future__ import annotations

import pytest

from cortex_dashboard.demo_data import DEMO_MEMORIES
from cortex_dashboard.images.render.captions import auto_title, subtitle
from cortex_dashboard.images.render.design import Design, Note, notes_from_memories
from cortex_dashboard.images.render.digest import digest, sentences, whole_sentences
from cortex_dashboard.images.render.samples import sample_memories
from cortex_dashboard.images.render.subject import subjects
from cortex_dashboard.images.render.typography import Style, clip_line, fit

TEXTS = [m.content for m in DEMO_MEMORIES] + [m.content for m in sample_memories()]
NOTES = notes_from_memories(sample_memories())


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_a_headline_is_never_cut_with_an_ellipsis(text: str) -> None:
    headline = digest(text).headline
    assert "…" not in headline
    assert text.replace(":", "").startswith(headline.replace(":", "")[:12])


def _whole_sentences(text: str) -> set[str]:
    """The memory's sentences, and its first one after a label ("Stack: …"), as written
    or with a capital."""
    parts = sentences(text)
    rest = parts[0].split(": ", 1)[1] if ": " in parts[0] else ""
    return {*parts, rest, rest[:1].upper() + rest[1:]} - {""}


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_bodies_are_whole_sentences_never_a_start_mid_sentence(text: str) -> None:
    said = digest(text)
    assert said.ranked
    assert all(s in _whole_sentences(text) for _, s in said.ranked)


def test_a_long_first_sentence_is_cut_at_a_clause_boundary() -> None:
    text = ("Fixed duplicate uploads after resume by hashing chunks with BLAKE3 and skipping "
            "chunks the server already acknowledges. Re-uploads dropped by 97%.")
    said = digest(text)
    assert said.headline == "Fixed duplicate uploads after resume"
    assert said.body(1) == "Re-uploads dropped by 97%."


def test_a_label_before_a_colon_is_the_headline() -> None:
    said = digest("Auth v2 replaces JWTs: server-side sessions in Redis. Tokens are gone.")
    assert said.headline == "Auth v2 replaces JWTs"
    assert said.body(1).startswith("Server-side sessions")


def test_outcomes_and_numbers_outrank_plain_sentences() -> None:
    said = digest("We looked at caching. The team met twice about it. "
                  "Median response fell from 480 ms to 35 ms.")
    assert said.body(1) == "Median response fell from 480 ms to 35 ms."


def test_code_identifiers_are_not_split_into_sentences() -> None:
    assert sentences("Bookings failed with psycopg.OperationalError today. Fixed.") == [
        "Bookings failed with psycopg.OperationalError today.", "Fixed."]


def test_cjk_sentences_split_at_their_full_stops() -> None:
    assert len(sentences("我们决定使用 SQLite。它很快！")) == 2


def test_a_note_keeps_whole_sentences_only() -> None:
    kept = whole_sentences("All work and no play. " * 60, 100)
    assert kept.endswith("play.")
    assert len(kept) <= 100


def test_clip_keeps_whole_words() -> None:
    style = Style("regular", 20)
    assert clip_line("Conflicts keep both versions of every file", style, 160) in (
        "Conflicts keep…", "Conflicts keep both…", "Conflicts…")


def test_a_cut_at_the_smallest_size_keeps_whole_words() -> None:
    block = fit("alpha beta gamma delta epsilon zeta eta theta", Style("regular", 20),
                width=120, height=30, min_size=20)
    assert block.lines[-1].endswith("…")
    assert block.lines[-1][:-1].split()[-1] in "alpha beta gamma delta epsilon zeta eta theta"


def test_subjects_come_from_shared_tags_and_names_not_the_project() -> None:
    assert subjects(NOTES, "atlas-sync") == ["performance", "conflicts", "UX"]


def test_names_keep_their_spelling_in_titles() -> None:
    notes = (Note(1, "a", "We moved to Postgres in May.", tags=("postgres",)),
             Note(2, "b", "Backups of Postgres run nightly.", tags=("postgres", "ops")))
    assert subjects(notes)[0] == "Postgres"


@pytest.mark.parametrize(("preset", "title"), [
    ("infographic", "Performance, conflicts and UX"),
    ("update_sheet", "Progress on performance, conflicts and UX"),
    ("timeline", "Performance and conflicts over five months"),
    ("key_insights", "What we learned about performance"),
])
def test_titles_state_the_subject_in_the_preset_s_words(preset: str, title: str) -> None:
    design = Design(preset=preset, aspect_ratio="16:9", image_size="1K", notes=NOTES,
                    project="atlas-sync")
    assert auto_title(design) == title


def test_memories_without_tags_or_names_get_the_project_s_title() -> None:
    plain = (Note(1, "a", "we shipped it."), Note(2, "b", "it works."))
    design = Design(preset="infographic", aspect_ratio="16:9", image_size="1K", notes=plain,
                    project="atlas-sync")
    assert auto_title(design) == "Atlas Sync: project memory at a glance"


def test_subtitles_count_the_kinds_of_memory_and_name_the_project() -> None:
    design = Design(preset="infographic", aspect_ratio="16:9", image_size="1K", notes=NOTES,
                    project="atlas-sync")
    assert subtitle(design, NOTES) == ("12 memories of Atlas Sync: 2 decisions, 2 errors, "
                                       "2 solutions and 6 others")
