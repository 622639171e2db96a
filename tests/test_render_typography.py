"""Wrapping by real metrics, shrinking, ellipsis, fallback fonts and contrast."""

from __future__ import annotations

import pytest
from PIL import ImageFont

from cortex_dashboard.images.render.fonts import DEFAULT_FONTS, FONT_DIR, Fonts
from cortex_dashboard.images.render.themes import PALETTES, contrast, make_theme
from cortex_dashboard.images.render.typography import Style, clean_text, clip_line, fit, wrap

STYLE = Style("regular", 20)
TEXT = "Conflicts keep both versions: the loser is renamed with the device name and date."


def test_wrapped_lines_fit_the_width() -> None:
    lines = wrap(TEXT, STYLE, 180)
    assert len(lines) > 1
    assert max(DEFAULT_FONTS.width(line, "regular", 20) for line in lines) <= 180


def test_a_word_longer_than_the_line_is_broken() -> None:
    lines = wrap("x" * 200, STYLE, 100)
    assert all(DEFAULT_FONTS.width(line, "regular", 20) <= 100 for line in lines)


def test_cjk_text_breaks_between_characters() -> None:
    lines = wrap("日本語のテキストはスペースなしで折り返されます", STYLE, 120)
    assert len(lines) > 1


def test_fit_shrinks_before_cutting() -> None:
    block = fit(TEXT, Style("bold", 40), width=300, height=200, min_size=12)
    assert block.style.size < 40
    assert not block.truncated


def test_fit_cuts_with_an_ellipsis_at_the_smallest_size() -> None:
    block = fit(TEXT * 20, STYLE, width=200, height=60, min_size=20)
    assert block.truncated
    assert block.lines[-1].endswith("…")


def test_clip_line_fits_its_width() -> None:
    clipped = clip_line(TEXT, STYLE, 120)
    assert clipped.endswith("…")
    assert DEFAULT_FONTS.width(clipped, "regular", 20) <= 120


def test_clean_text_drops_control_and_format_characters() -> None:
    assert clean_text("a\x00b\u202ec\x1b[31m\td\n") == "abc[31m d"


def test_clean_text_limits_length() -> None:
    assert len(clean_text("word " * 10_000, 100)) == 100


@pytest.mark.parametrize("text", ["日本語", "Ελληνικά", "Привет", "שלום", "مرحبا", "😀 ✓ →"])
def test_fallback_fonts_cover_common_scripts(text: str) -> None:
    assert DEFAULT_FONTS.missing(text) == ""


def test_a_character_no_font_has_is_reported() -> None:
    assert DEFAULT_FONTS.missing("ok \U0001fae8") == "\U0001fae8"


def test_fallback_runs_use_more_than_one_font() -> None:
    runs = DEFAULT_FONTS.runs("Sync 同期 done", "regular", 20)
    assert len({run.font.path for run in runs}) == 2


def test_basic_layout_engine_draws_rtl_text_without_raqm() -> None:
    basic = Fonts(ImageFont.Layout.BASIC)
    assert basic.width("שלום עולם", "regular", 20) > 0


def test_the_fonts_ship_with_their_licences() -> None:
    names = {p.name for p in FONT_DIR.iterdir()}
    assert {"Inter-Regular.otf", "LICENSE-Inter.txt", "DroidSansFallbackFull.ttf"} <= names


@pytest.mark.parametrize("palette", list(PALETTES))
@pytest.mark.parametrize("dark", [False, True])
def test_text_colours_reach_body_contrast(palette: str, dark: bool) -> None:
    theme = make_theme(palette, dark)
    pairs = [(theme.ink, theme.surface), (theme.muted, theme.surface),
             (theme.muted, theme.background), (theme.ink, theme.background)]
    assert min(contrast(a, b) for a, b in pairs) >= 4.5


@pytest.mark.parametrize("palette", list(PALETTES))
@pytest.mark.parametrize("dark", [False, True])
def test_type_labels_and_marks_reach_body_contrast(palette: str, dark: bool) -> None:
    theme = make_theme(palette, dark)
    types = ["decision", "solution", "insight", "error", "warning", "todo", "workflow", "x"]
    labels = [contrast(theme.type_text(t), theme.surface) for t in types]
    marks = [contrast(theme.on(theme.type_colour(t)), theme.type_colour(t)) for t in types]
    assert min(labels) >= 4.5
    assert min(marks) >= 4.5
