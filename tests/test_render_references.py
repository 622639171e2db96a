"""Reference pictures offline: a style reference's colours become the palette, a logo
stands in the header, picture 1 of a series is matched, and what cannot be used is named."""

from __future__ import annotations

import io
from typing import Any, cast

import httpx
import pytest
from PIL import Image, ImageChops, ImageDraw

from cortex_dashboard.images.render.design import design_from_dict
from cortex_dashboard.images.render.references import SERIES_MARK
from cortex_dashboard.images.render.samples import sample_memories
from cortex_dashboard.images.render.swatch import colours_of, swatch_theme
from cortex_dashboard.images.render.themes import RGB, contrast, make_theme
from cortex_dashboard.images.series import STYLE_LABEL
from cortex_dashboard.memories.models import Memory
from cortex_dashboard.providers.base import (
    HistoryContent,
    ImageRequest,
    ImageSettings,
    ImageTurn,
    Picture,
    Reference,
)
from cortex_dashboard.providers.local.images import LocalProvider

MEMORIES = tuple(sample_memories()[:6])
ORANGE, PLUM, TEAL, YELLOW = (250, 140, 40), (120, 30, 110), (20, 160, 150), (255, 210, 60)
MAGENTA, BLUE = (220, 20, 120), (20, 40, 200)


def png(image: Image.Image) -> bytes:
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def mood_board() -> bytes:
    """A colourful picture: mostly orange, a plum band, a yellow sun, a teal block."""
    image = Image.new("RGB", (800, 500), ORANGE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 800, 500), fill=PLUM)
    draw.ellipse((500, 60, 700, 260), fill=YELLOW)
    draw.rectangle((40, 340, 300, 460), fill=TEAL)
    return png(image)


def logo_picture() -> bytes:
    """A 2:1 logo on a transparent ground: a magenta disc and a blue bar."""
    image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), fill=(*MAGENTA, 255))
    draw.rectangle((210, 60, 390, 140), fill=(*BLUE, 255))
    return png(image)


def reference(data: bytes, role: str, label: str = "", image_id: str = "") -> Reference:
    return Reference(image_id or f"img_{role}", Picture(data, "image/png"), label, role)


STYLE = reference(mood_board(), "style", "match this mood board")
LOGO = reference(logo_picture(), "logo", "our logo")


def request(prompt: str = "", *, references: tuple[Reference, ...] = (),
            history: tuple[HistoryContent, ...] = (), memories: tuple[Memory, ...] = MEMORIES,
            preset: str = "infographic", ratio: str = "16:9") -> ImageRequest:
    settings = ImageSettings(aspect_ratio=ratio, image_size="1K", preset=preset)
    return ImageRequest(user_prompt=prompt, prompt=prompt, memories=memories,
                        settings=settings, history=history, references=references)


async def draw(prompt: str = "", **options: Any) -> ImageTurn:
    return await LocalProvider().generate(request(prompt, **options))


async def conversation(*turns: tuple[str, tuple[Reference, ...]]) -> list[ImageTurn]:
    """Turns as the UI sends them: memories with the first, the references each lists."""
    history: tuple[HistoryContent, ...] = ()
    made = []
    for index, (prompt, references) in enumerate(turns):
        memories = MEMORIES if index == 0 else ()
        turn = await draw(prompt, references=references, history=history, memories=memories)
        history = (*history, *turn.new_history)
        made.append(turn)
    return made


def design(turn: ImageTurn) -> dict[str, Any]:
    return dict(turn.new_history[-1]["design"])


def opened(turn: ImageTurn) -> Image.Image:
    return Image.open(io.BytesIO(turn.image)).convert("RGB")


def dominant(image: Image.Image) -> RGB:
    counts = cast(list[tuple[int, RGB]], image.getcolors(image.width * image.height) or [])
    return max(counts)[1]


def close_to(image: Image.Image, colour: RGB, box: tuple[int, int, int, int] | None,
             tolerance: int) -> Image.Image:
    """A mask of the pixels (of `box`) within `tolerance` of `colour` in every channel."""
    region = image.crop(box) if box else image
    channels = ImageChops.difference(region, Image.new("RGB", region.size, colour)).split()
    furthest = ImageChops.lighter(ImageChops.lighter(channels[0], channels[1]), channels[2])
    return furthest.point(lambda v: 255 if v <= tolerance else 0)


def share_near(image: Image.Image, colour: RGB, box: tuple[int, int, int, int] | None = None,
               tolerance: int = 30) -> float:
    mask = close_to(image, colour, box, tolerance)
    return mask.histogram()[255] / (mask.width * mask.height)


def near(image: Image.Image, colour: RGB, box: tuple[int, int, int, int] | None = None,
         tolerance: int = 12) -> tuple[int, int, int, int]:
    """The bounding box of the pixels (of `box`) within `tolerance` of `colour`."""
    found = close_to(image, colour, box, tolerance).getbbox()
    assert found is not None, f"no pixel near {colour}"
    return found


def header_band(image: Image.Image, share: float = 0.25) -> tuple[int, int, int, int]:
    return 0, 0, image.width, round(image.height * share)


# The palette from a style reference


async def test_a_style_reference_changes_the_dominant_colour() -> None:
    plain, styled = opened(await draw()), opened(await draw(references=(STYLE,)))
    page = dominant(styled)
    assert page != dominant(plain)
    assert page[0] > page[1] > page[2]  # a light tint of the mood board's orange


async def test_a_style_reference_brings_its_colours_to_the_marks() -> None:
    styled = opened(await draw(references=(STYLE,)))
    plain = opened(await draw())
    assert share_near(styled, TEAL, tolerance=40) > share_near(plain, TEAL, tolerance=40)
    assert share_near(styled, PLUM, tolerance=40) > 0


def _pictures() -> dict[str, bytes]:
    grey = Image.linear_gradient("L").convert("RGB").resize((300, 200))
    pale = Image.new("RGB", (200, 200), (252, 246, 200))
    night = Image.new("RGB", (200, 200), (8, 10, 30))
    ImageDraw.Draw(night).ellipse((50, 50, 150, 150), fill=(90, 255, 200))
    noise = Image.effect_noise((200, 200), 90).convert("RGB")
    return {"mood board": mood_board(), "grey": png(grey), "pale yellow": png(pale),
            "night with neon": png(night), "noise": png(noise)}


@pytest.mark.parametrize("name", list(_pictures()))
@pytest.mark.parametrize("dark", [False, True])
def test_a_derived_palette_keeps_text_readable(name: str, dark: bool) -> None:
    colours = colours_of(_pictures()[name])
    assert colours is not None
    theme = swatch_theme(colours.swatch, dark)
    pairs = [(theme.ink, theme.surface), (theme.ink, theme.background),
             (theme.muted, theme.surface), (theme.muted, theme.background),
             (theme.accent, theme.surface), (theme.accent, theme.background)]
    assert min(contrast(a, b) for a, b in pairs) >= 4.5


@pytest.mark.parametrize("name", list(_pictures()))
def test_a_derived_palette_has_readable_type_labels_and_marks(name: str) -> None:
    colours = colours_of(_pictures()[name])
    assert colours is not None
    theme = swatch_theme(colours.swatch, False)
    types = ["decision", "solution", "insight", "error", "warning", "todo", "workflow", "x"]
    assert min(contrast(theme.type_text(t), theme.surface) for t in types) >= 4.5
    assert min(contrast(theme.on(theme.type_colour(t)), theme.type_colour(t))
               for t in types) >= 4.5


def test_the_swatch_lists_the_page_colour_the_accent_then_the_others() -> None:
    colours = colours_of(mood_board())
    assert colours is not None
    assert colours.swatch[:3] == ("#fa8c28", "#fa8c28", "#781e6e")
    assert colours.named is None


def test_a_colour_in_several_shades_outweighs_one_larger_colour_for_the_page() -> None:
    sky = Image.new("RGB", (300, 100), (20, 60, 110))
    for index, shade in enumerate(((250, 98, 165), (229, 129, 186), (214, 145, 196))):
        sky.paste(shade, (index * 60, 0, index * 60 + 60, 100))
    colours = colours_of(png(sky))
    assert colours is not None
    assert colours.swatch[0] in ("#fa62a5", "#e581ba", "#d691c4")


def test_a_file_that_is_not_a_picture_has_no_colours() -> None:
    assert colours_of(b"not a picture") is None


async def test_an_unreadable_style_reference_is_said_and_the_palette_kept() -> None:
    turn = await draw(references=(reference(b"not a picture", "style", "broken"),))
    assert "“broken” could not be read, so its colours were not used" in turn.text
    assert design(turn)["swatch"] == []


async def test_a_draft_reference_gives_its_colours_like_a_style() -> None:
    turn = await draw(references=(reference(mood_board(), "draft", "the draft to finish"),))
    assert design(turn)["swatch"] == design(await draw(references=(STYLE,)))["swatch"]
    assert "the colours of “the draft to finish”" in turn.text


async def test_words_of_the_same_turn_apply_over_the_reference() -> None:
    turn = await draw("dark theme", references=(STYLE,))
    assert design(turn)["theme"] == "dark"
    page = swatch_theme(design(turn)["swatch"], True).background
    assert share_near(opened(turn), page, tolerance=0) > 0.1


# Refinements keep it, words change it


async def test_a_refinement_keeps_the_reference_colours() -> None:
    first, second = await conversation(("", (STYLE,)), ("bigger title", ()))
    assert design(second)["swatch"] == design(first)["swatch"]
    assert dominant(opened(second)) == dominant(opened(first))


async def test_a_palette_word_replaces_the_reference_colours_and_sending_it_again_does_not_undo_it(
) -> None:
    *_, last = await conversation(("", (STYLE,)), ("vibrant palette", (STYLE,)),
                                  ("bigger title", (STYLE,)))
    assert design(last)["palette"] == "vibrant"
    assert design(last)["swatch"] == []


async def test_reset_style_returns_to_the_default_colours() -> None:
    *_, last = await conversation(("", (STYLE,)), ("reset style", (STYLE,)))
    assert design(last)["swatch"] == []
    assert opened(last).tobytes() == opened(await draw()).tobytes()


async def test_a_new_style_reference_in_a_refinement_is_applied() -> None:
    other = reference(png(Image.new("RGB", (100, 100), (30, 120, 60))), "style", "green",
                      image_id="img_green")
    first, second = await conversation(("", (STYLE,)), ("", (other,)))
    assert design(second)["swatch"] != design(first)["swatch"]
    assert "the colours of “green”" in second.text


def test_a_stored_design_with_a_damaged_swatch_is_not_revived() -> None:
    with pytest.raises(ValueError, match="swatch"):
        design_from_dict({"version": 1, "preset": "infographic", "aspect_ratio": "16:9",
                          "image_size": "1K", "swatch": ["red"]})


# The logo in the header


@pytest.mark.parametrize(("preset", "ratio"), [
    ("infographic", "16:9"), ("update_sheet", "3:4"), ("timeline", "16:9"),
    ("key_insights", "9:16"), ("infographic", "21:9"), ("quote_card", "1:1"),
    ("comparison", "4:3"), ("workflow", "16:9")])
async def test_a_logo_appears_in_the_header_band(preset: str, ratio: str) -> None:
    image = opened(await draw(references=(LOGO,), preset=preset, ratio=ratio))
    top, rest = header_band(image), (0, round(image.height * 0.25), image.width, image.height)
    assert share_near(image, MAGENTA, top) > 0.003
    assert share_near(image, MAGENTA, rest) == 0


async def test_a_logo_appears_above_a_picture_drawn_from_the_prompt_alone() -> None:
    image = opened(await draw("Ship the sync engine in May.", references=(LOGO,), memories=()))
    rest = (0, round(image.height * 0.12), image.width, image.height)
    assert share_near(image, MAGENTA, header_band(image, 0.12)) > 0.003
    assert share_near(image, MAGENTA, rest) == 0


async def test_a_logo_keeps_its_shape_and_transparency() -> None:
    image = opened(await draw(references=(LOGO,)))
    left, top, _, bottom = near(image, MAGENTA)
    right = near(image, BLUE)[2]
    corner = image.getpixel((left + 2, top + 2))  # outside the disc: the page shows through
    assert 2.0 < (right - left) / (bottom - top) < 2.2  # 380 x 180 in the logo's own pixels
    assert corner == make_theme("corporate", False).background


async def test_the_logo_never_covers_the_title() -> None:
    turn = await draw('title "A very long title that would run right across the whole page '
                      'and under a logo"', references=(LOGO,))
    image = opened(turn)
    header = header_band(image)
    title_right = near(image, make_theme("corporate", False).ink, header)[2]
    logo_left = near(image, MAGENTA, header)[0]
    assert "A very long title" in design(turn)["title"]
    assert title_right < logo_left


async def test_a_refinement_without_the_logo_reference_keeps_it_and_says_it_was_not_drawn(
) -> None:
    *_, second = await conversation(("", (LOGO,)), ("bigger title", ()))
    assert design(second)["logo"] == "img_logo"
    assert "The logo is not drawn: its picture did not come with this turn" in second.text
    assert share_near(opened(second), MAGENTA) == 0


async def test_a_refinement_that_sends_the_logo_again_draws_it() -> None:
    *_, last = await conversation(("", (LOGO,)), ("bigger title", (LOGO,)))
    assert share_near(opened(last), MAGENTA, header_band(opened(last))) > 0.003
    assert "The logo is not drawn" not in last.text


async def test_a_logo_that_cannot_be_read_is_said_not_drawn() -> None:
    turn = await draw(references=(reference(b"not a picture", "logo", "our logo"),))
    assert "The logo is not drawn: its picture could not be read." in turn.text
    assert design(turn)["logo"] == "img_logo"


async def test_no_logo_removes_it_for_good() -> None:
    *_, last = await conversation(("", (LOGO,)), ("no logo", (LOGO,)), ("", (LOGO,)))
    assert design(last)["logo"] == ""
    assert share_near(opened(last), MAGENTA) == 0


# A series shares one design


def test_the_label_of_picture_1_of_a_series_is_recognised() -> None:
    assert STYLE_LABEL.startswith(SERIES_MARK)


async def test_a_series_second_picture_uses_picture_1s_palette() -> None:
    first = await draw("forest palette, dark theme (picture 1 of 2: sync)")
    series = reference(first.image, "style", STYLE_LABEL, image_id="img_first")
    second = await draw("(picture 2 of 2: conflicts)", references=(series,))
    assert (design(second)["palette"], design(second)["theme"]) == ("forest", "dark")
    assert dominant(opened(second)) == dominant(opened(first))


async def test_a_series_picture_says_it_matched_picture_1() -> None:
    first = await draw()
    second = await draw(references=(reference(first.image, "style", STYLE_LABEL),))
    assert "Matched picture 1 of the series" in second.text
    assert "cannot place photos" not in second.text


async def test_a_series_group_named_like_a_preset_keeps_the_series_layout() -> None:
    first = await draw("Infographic (picture 1 of 3: decision)")
    second = await draw("Infographic (picture 2 of 3: workflow)",
                        references=(reference(first.image, "style", STYLE_LABEL),))
    assert design(second)["preset"] == design(first)["preset"] == "infographic"
    assert "workflow" not in second.text


async def test_a_series_with_its_own_style_reference_draws_every_picture_in_its_colours(
) -> None:
    first = await draw(references=(STYLE,))
    series = reference(first.image, "style", STYLE_LABEL, image_id="img_first")
    second = await draw(references=(STYLE, series))
    assert design(second)["swatch"] == design(first)["swatch"]
    assert dominant(opened(second)) == dominant(opened(first))


async def test_a_series_made_offline_matches_picture_1(client: httpx.AsyncClient) -> None:
    ids = [m["id"] for m in (await client.get("/api/memories?project=demo&limit=40")
                             ).json()["items"]]
    response = await client.post("/api/image/series?project=demo", json={
        "memory_ids": ids, "group_by": "type", "count": 2, "image_size": "1K",
        "prompt": "sunset palette"})
    pictures = response.json()["pictures"]
    assert response.status_code == 200, response.text
    assert "Matched picture 1 of the series" in pictures[1]["text_response"]


# What cannot be used


async def test_references_the_renderer_cannot_use_are_named_in_one_sentence() -> None:
    person = reference(mood_board(), "person", "this is Ana")
    thing = reference(mood_board(), "object", "the blue mug")
    turn = await draw(references=(STYLE, LOGO, person, thing))
    assert ("The offline renderer cannot place photos; it used “match this mood board” for "
            "the colours and “our logo” for the header, and left out “this is Ana” (a person) "
            "and “the blue mug” (an object).") in turn.text


async def test_a_region_alone_is_named_as_left_out() -> None:
    turn = await draw(references=(reference(mood_board(), "region", "the region to change"),))
    assert ("The offline renderer cannot place photos; it drew the memories without “the "
            "region to change” (a region to change).") in turn.text


async def test_a_turn_without_references_says_nothing_about_them() -> None:
    turn = await draw()
    assert "reference" not in turn.text
    assert "photos" not in turn.text


# Deterministic


async def test_the_same_references_give_the_same_bytes() -> None:
    refs = (STYLE, LOGO)
    assert (await draw(references=refs)).image == (await draw(references=refs)).image


def test_the_words_a_series_adds_are_the_words_the_renderer_reads_back():
    from cortex_dashboard.images.render.references import series_part, series_words

    prompt = f"Our storage story {series_part(2, 4, 'storage (and sync)')}"
    assert series_words(prompt) == "Our storage story"
