"""The Gemini emulator, driven through the real google-genai SDK's async client."""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from google import genai
from google.genai import errors, types
from google.genai.client import AsyncClient
from PIL import Image

from tests.fakes.gemini_emulator import GeminiEmulator

PRO = "gemini-3-pro-image-preview"
FLASH = "gemini-2.5-flash-image"
TEXT = "gemini-2.5-flash"
FIRST_PROMPT = "Draw an infographic of our release"


@pytest.fixture
async def sdk(emulator: GeminiEmulator) -> AsyncIterator[AsyncClient]:
    """The SDK's async client, pointed at the emulator (the conftest resets it), no retries."""
    options = types.HttpOptions(
        base_url=emulator.base_url, retry_options=types.HttpRetryOptions(attempts=1)
    )
    aio = genai.Client(api_key="test-key", http_options=options).aio
    yield aio
    await aio.aclose()


def image_config(ratio: str = "1:1", size: str = "1K") -> types.GenerateContentConfig:
    return types.GenerateContentConfig(
        response_modalities=["TEXT", "IMAGE"],
        image_config=types.ImageConfig(aspect_ratio=ratio, image_size=size),
    )


def final_image(response: types.GenerateContentResponse) -> Image.Image:
    parts = [p for p in response.candidates[0].content.parts if p.inline_data and not p.thought]
    return Image.open(io.BytesIO(parts[-1].inline_data.data))


def user(text: str) -> types.Content:
    return types.Content(role="user", parts=[types.Part(text=text)])


async def first_turn(sdk: AsyncClient) -> types.Content:
    response = await sdk.models.generate_content(
        model=PRO, contents=FIRST_PROMPT, config=image_config()
    )
    return response.candidates[0].content


async def second_turn(sdk: AsyncClient, model_turn: types.Content) -> None:
    history = [user(FIRST_PROMPT), model_turn, user("Make the title larger")]
    await sdk.models.generate_content(model=PRO, contents=history, config=image_config())


# --- sizes and shapes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "size", "pixels"),
    [
        ("16:9", "1K", (1376, 768)),
        ("9:16", "2K", (1536, 2752)),
        ("21:9", "1K", (1584, 672)),
        ("4:3", "4K", (4800, 3584)),
    ],
)
async def test_final_image_has_the_tables_pixel_size(
    sdk: AsyncClient, ratio: str, size: str, pixels: tuple[int, int]
) -> None:
    response = await sdk.models.generate_content(
        model=PRO, contents="A chart", config=image_config(ratio, size)
    )
    assert final_image(response).size == pixels


async def test_without_image_config_the_image_is_square_1k(
    sdk: AsyncClient,
) -> None:
    response = await sdk.models.generate_content(model=PRO, contents="A chart")
    assert final_image(response).size == (1024, 1024)


async def test_pro_answer_has_thoughts_then_signed_text_and_image(
    sdk: AsyncClient,
) -> None:
    parts = (await first_turn(sdk)).parts
    shape = [(bool(p.thought), p.text is not None, p.thought_signature is not None) for p in parts]
    assert shape == [
        (True, True, False),
        (True, False, False),
        (True, False, False),
        (False, True, True),
        (False, False, True),
    ]
    assert parts[3].thought_signature != parts[4].thought_signature


async def test_pro_usage_counts_1120_image_tokens(sdk: AsyncClient) -> None:
    response = await sdk.models.generate_content(model=PRO, contents="x", config=image_config())
    usage = response.usage_metadata
    image_tokens = [d.token_count for d in usage.candidates_tokens_details if d.modality == "IMAGE"]
    assert image_tokens == [1120]
    assert usage.total_token_count == (
        usage.prompt_token_count + usage.candidates_token_count + usage.thoughts_token_count
    )


async def test_flash_answers_1k_without_thoughts_or_signatures(
    sdk: AsyncClient,
) -> None:
    response = await sdk.models.generate_content(model=FLASH, contents="A chart")
    parts = response.candidates[0].content.parts
    assert [(p.thought, p.thought_signature) for p in parts] == [(None, None), (None, None)]
    assert final_image(response).size == (1024, 1024)


async def test_each_answer_has_a_different_image(sdk: AsyncClient) -> None:
    answers = [await sdk.models.generate_content(model=FLASH, contents="x") for _ in range(2)]
    images = [final_image(a).tobytes() for a in answers]
    assert images[0] != images[1]


@pytest.mark.parametrize(
    ("model", "config", "message"),
    [
        (FLASH, image_config("1:1", "2K"), "Image size 2K is not supported by models/"
         "gemini-2.5-flash-image; it makes 1K only."),
        (PRO, image_config("1:1", "1k"), "Unsupported image size: 1k. Supported image sizes "
         "are 1K, 2K, 4K (with an uppercase K)."),
        (PRO, image_config("7:5", "1K"), "Unsupported aspect ratio: 7:5. Supported aspect "
         "ratios are 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9."),
    ],
)
async def test_bad_image_config_is_refused(
    sdk: AsyncClient, model: str, config: types.GenerateContentConfig, message: str
) -> None:
    with pytest.raises(errors.ClientError) as caught:
        await sdk.models.generate_content(model=model, contents="x", config=config)
    assert (caught.value.code, caught.value.message) == (400, message)


# --- thought signatures ----------------------------------------------------------------------


async def test_second_turn_with_the_sdks_own_content_is_accepted(
    sdk: AsyncClient,
) -> None:
    await second_turn(sdk, await first_turn(sdk))


async def test_second_turn_from_a_json_dump_of_the_content_is_accepted(
    sdk: AsyncClient,
) -> None:
    dumped = (await first_turn(sdk)).model_dump(mode="json", exclude_none=True)
    await second_turn(sdk, types.Content.model_validate(dumped))


async def test_a_chat_session_keeps_signatures_across_turns(
    sdk: AsyncClient,
) -> None:
    chat = sdk.chats.create(model=PRO, config=image_config())
    for prompt in ("A timeline", "Add March", "Make it blue"):
        await chat.send_message(prompt)
    assert len(chat.get_history()) == 6


def _without_signature(index: int) -> Callable[[list[types.Part]], None]:
    def tamper(parts: list[types.Part]) -> None:
        parts[index].thought_signature = None

    return tamper


def _altered(parts: list[types.Part]) -> None:
    signature = parts[4].thought_signature
    parts[4].thought_signature = bytes([signature[0] ^ 1]) + signature[1:]


def _truncated(parts: list[types.Part]) -> None:
    parts[4].thought_signature = parts[4].thought_signature[:-5]


def _encoded_twice(parts: list[types.Part]) -> None:
    parts[4].thought_signature = base64.b64encode(parts[4].thought_signature)


def _copied_everywhere(parts: list[types.Part]) -> None:
    for part in parts:
        part.thought_signature = parts[3].thought_signature


def _swapped(parts: list[types.Part]) -> None:
    parts[3].thought_signature, parts[4].thought_signature = (
        parts[4].thought_signature,
        parts[3].thought_signature,
    )


def _image_replaced(parts: list[types.Part]) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    parts[4].inline_data.data = buffer.getvalue()


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_without_signature(4), "Image part is missing a thought_signature in content "
         "position 2, part position 5."),
        (_without_signature(3), "Text part is missing a thought_signature in content "
         "position 2, part position 4."),
        (_altered, "Corrupted thought signature."),
        (_truncated, "Corrupted thought signature."),
        (_encoded_twice, "Corrupted thought signature."),
        (_copied_everywhere, "Thought signature does not match its part in content "
         "position 2, part position 1."),
        (_swapped, "Thought signature does not match its part in content position 2, "
         "part position 4."),
        (_image_replaced, "Thought signature does not match its part in content "
         "position 2, part position 5."),
    ],
)
async def test_a_tampered_model_turn_is_refused(
    sdk: AsyncClient, tamper: Callable[[list[types.Part]], None], message: str
) -> None:
    model_turn = await first_turn(sdk)
    tamper(model_turn.parts)
    with pytest.raises(errors.ClientError) as caught:
        await second_turn(sdk, model_turn)
    assert (caught.value.code, caught.value.message) == (400, message)


async def test_thought_parts_may_be_left_out_of_history(sdk: AsyncClient) -> None:
    model_turn = await first_turn(sdk)
    model_turn.parts = [part for part in model_turn.parts if not part.thought]
    await second_turn(sdk, model_turn)


async def test_hand_built_json_with_standard_base64_and_snake_case_is_accepted(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    parts = (await first_turn(sdk)).parts
    text, image = parts[3], parts[4]
    model_parts = [
        {"text": text.text, "thoughtSignature": base64.b64encode(text.thought_signature).decode()},
        {
            "inline_data": {"mime_type": "image/png",
                            "data": base64.b64encode(image.inline_data.data).decode()},
            "thought_signature": base64.b64encode(image.thought_signature).decode().rstrip("="),
        },
    ]
    body = {"contents": [{"role": "user", "parts": [{"text": FIRST_PROMPT}]},
                         {"role": "model", "parts": model_parts},
                         {"role": "user", "parts": [{"text": "Again"}]}]}
    url = f"{emulator.base_url}/v1beta/models/{PRO}:generateContent"
    async with httpx.AsyncClient() as http:
        answer = await http.post(url, json=body, headers={"x-goog-api-key": "k"}, timeout=30)
    assert answer.status_code == 200


async def test_flash_accepts_a_turn_without_signatures_but_checks_present_ones(
    sdk: AsyncClient,
) -> None:
    pro_turn = await first_turn(sdk)
    plain = types.Content(role="model", parts=[types.Part(text="Done.")])
    forged = types.Content(role="model", parts=[types.Part(text="Done.",
                           thought_signature=pro_turn.parts[3].thought_signature)])
    await sdk.models.generate_content(model=FLASH, contents=[user("x"), plain, user("y")])
    with pytest.raises(errors.ClientError, match="does not match its part"):
        await sdk.models.generate_content(model=FLASH, contents=[user("x"), forged, user("y")])


async def test_too_many_input_tokens_are_refused(sdk: AsyncClient) -> None:
    with pytest.raises(errors.ClientError) as caught:
        await sdk.models.generate_content(model=PRO, contents="word " * 60_000)
    assert caught.value.message == (
        "The input token count (75000) exceeds the maximum number of tokens allowed (65536)."
    )


async def test_an_undecodable_input_image_is_refused(sdk: AsyncClient) -> None:
    broken = types.Part.from_bytes(data=b"not a png", mime_type="image/png")
    with pytest.raises(errors.ClientError, match="Unable to process input image"):
        await sdk.models.generate_content(model=PRO, contents=[broken, "Edit this"])


# --- keys, models, failures and special answers --------------------------------------------


async def test_a_bad_key_is_refused(emulator: GeminiEmulator) -> None:
    options = types.HttpOptions(base_url=emulator.base_url)
    async with genai.Client(api_key="bad-key", http_options=options).aio as aio:
        with pytest.raises(errors.ClientError) as caught:
            await aio.models.generate_content(model=FLASH, contents="x")
    assert (caught.value.code, caught.value.status) == (400, "INVALID_ARGUMENT")
    assert caught.value.message == "API key not valid. Please pass a valid API key."


@pytest.mark.parametrize(("query", "status"), [("", 403), ("?key=test-key", 200)])
async def test_the_key_may_come_in_the_query_but_not_be_missing(
    emulator: GeminiEmulator, query: str, status: int
) -> None:
    url = f"{emulator.base_url}/v1beta/models/{FLASH}:generateContent{query}"
    async with httpx.AsyncClient() as http:
        answer = await http.post(url, json={"contents": [{"parts": [{"text": "x"}]}]})
    assert answer.status_code == status


async def test_an_unknown_model_is_not_found(sdk: AsyncClient) -> None:
    with pytest.raises(errors.ClientError) as caught:
        await sdk.models.generate_content(model="xyz", contents="x")
    assert (caught.value.code, caught.value.message) == (
        404,
        "models/xyz is not found for API version v1, or is not supported for generateContent.",
    )


@pytest.mark.parametrize(
    ("status", "error_type", "status_name"),
    [(429, errors.ClientError, "RESOURCE_EXHAUSTED"), (503, errors.ServerError, "UNAVAILABLE")],
)
async def test_fail_next_surfaces_as_the_sdks_error(
    emulator: GeminiEmulator,
    sdk: AsyncClient,
    status: int,
    error_type: type[errors.APIError],
    status_name: str,
) -> None:
    emulator.fail_next(status, message="try later")
    with pytest.raises(error_type) as caught:
        await sdk.models.generate_content(model=FLASH, contents="x")
    assert (caught.value.code, caught.value.status, caught.value.message) == (
        status, status_name, "try later"
    )
    await sdk.models.generate_content(model=FLASH, contents="x")


async def test_sdk_retries_pass_once_failures_run_out(emulator: GeminiEmulator) -> None:
    retry = types.HttpRetryOptions(attempts=3, initial_delay=0.01, max_delay=0.02, jitter=0)
    options = types.HttpOptions(base_url=emulator.base_url, retry_options=retry)
    emulator.fail_next(503, times=2)
    async with genai.Client(api_key="k", http_options=options).aio as aio:
        await aio.models.generate_content(model=FLASH, contents="x")
    assert [r.status for r in emulator.requests] == [503, 503, 200]


async def test_a_blocked_prompt_has_feedback_and_no_candidates(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.block_next_prompt("PROHIBITED_CONTENT")
    response = await sdk.models.generate_content(model=PRO, contents="x")
    assert response.prompt_feedback.block_reason == "PROHIBITED_CONTENT"
    assert not response.candidates


async def test_a_withheld_image_leaves_only_text(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.withhold_next_image(text="Not this one.")
    response = await sdk.models.generate_content(model=PRO, contents="x")
    assert response.candidates[0].finish_reason == "IMAGE_SAFETY"
    assert [p.text for p in response.candidates[0].content.parts if not p.thought] == [
        "Not this one."
    ]


async def test_no_image_next_answers_text_with_stop(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.no_image_next()
    response = await sdk.models.generate_content(model=FLASH, contents="x")
    assert response.candidates[0].finish_reason == "STOP"
    assert all(p.inline_data is None for p in response.candidates[0].content.parts)


# --- streaming, grounding, text models, concurrency ----------------------------------------


async def test_streaming_sends_thoughts_before_the_final_parts(
    sdk: AsyncClient,
) -> None:
    stream = await sdk.models.generate_content_stream(
        model=PRO, contents="x", config=image_config()
    )
    parts = [part async for chunk in stream for part in chunk.candidates[0].content.parts]
    assert [bool(p.thought) for p in parts] == [True, True, True, False, False]
    assert parts[-1].inline_data.mime_type == "image/png"
    assert parts[-1].thought_signature


async def test_search_grounding_returns_grounding_metadata(
    sdk: AsyncClient,
) -> None:
    config = image_config()
    config.tools = [types.Tool(google_search=types.GoogleSearch())]
    response = await sdk.models.generate_content(model=PRO, contents="Weather", config=config)
    grounding = response.candidates[0].grounding_metadata
    assert "<a" in grounding.search_entry_point.rendered_content
    assert grounding.grounding_chunks[0].web.uri.startswith("https://")


MEMORY_PROMPT = """Answer from these memories only.

[[Memory 1]] We chose SQLite in WAL mode for the dashboard state.

[[Memory 2]] The release is planned for March, with a Vue front end.

Question: Which database stores the dashboard state?"""


async def test_text_model_cites_the_matching_memory(sdk: AsyncClient) -> None:
    response = await sdk.models.generate_content(model=TEXT, contents=MEMORY_PROMPT)
    assert "According to [[Memory 1]]" in response.text
    assert "[[Memory 2]]" not in response.text


async def test_text_model_streams_the_same_answer_in_several_chunks(
    sdk: AsyncClient,
) -> None:
    whole = await sdk.models.generate_content(model=TEXT, contents=MEMORY_PROMPT)
    stream = await sdk.models.generate_content_stream(model=TEXT, contents=MEMORY_PROMPT)
    chunks = [chunk.text async for chunk in stream]
    assert len(chunks) >= 3
    assert "".join(chunks) == whole.text


async def test_concurrent_requests_overlap(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.latency = 0.3
    await asyncio.gather(
        *(sdk.models.generate_content(model=FLASH, contents=f"x{i}") for i in range(4))
    )
    latest_start = max(r.started_at for r in emulator.requests)
    earliest_finish = min(r.finished_at for r in emulator.requests)
    assert len(emulator.requests) == 4
    assert latest_start < earliest_finish
