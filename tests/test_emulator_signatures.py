"""Thought signatures and history: what the emulator accepts back, and what it refuses."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable

import pytest
from google.genai import errors, types
from google.genai.client import AsyncClient
from PIL import Image

from tests.fakes.gemini import FLASH_IMAGE, PRO_IMAGE, TEXT_FLASH, GeminiEmulator
from tests.fakes.gemini.errors import EMPTY_TEXT_MESSAGE
from tests.fakes.gemini.testing import image_config, post, sdk_client, user

sdk = pytest.fixture(sdk_client)

FIRST_PROMPT = "Draw an infographic of our release"


async def first_turn(sdk: AsyncClient, model: str = PRO_IMAGE) -> types.Content:
    """A text-then-image answer: parts [text, image], both signed."""
    response = await sdk.models.generate_content(
        model=model, contents=FIRST_PROMPT, config=image_config()
    )
    return response.candidates[0].content


async def second_turn(sdk: AsyncClient, model_turn: types.Content,
                      model: str = PRO_IMAGE) -> types.GenerateContentResponse:
    history = [user(FIRST_PROMPT), model_turn, user("Make the title larger")]
    return await sdk.models.generate_content(model=model, contents=history,
                                             config=image_config())


async def refusal(call: object) -> tuple[int, str]:
    with pytest.raises(errors.ClientError) as caught:
        await call  # type: ignore[misc]
    return caught.value.code, caught.value.message


@pytest.fixture
def text_then_image(emulator: GeminiEmulator) -> GeminiEmulator:
    emulator.answer_shape("text_then_image", times=None)
    return emulator


# --- accepted ---------------------------------------------------------------------------------


async def test_a_750_kb_signature_round_trips_through_the_sdk(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    model_turn = await first_turn(sdk)
    await second_turn(sdk, model_turn)
    assert emulator.requests[-1].signatures() == [model_turn.parts[0].thought_signature]
    assert len(emulator.requests[-1].signatures()[0]) == 750_000


async def test_signature_bytes_sets_the_size(emulator: GeminiEmulator, sdk: AsyncClient) -> None:
    emulator.signature_bytes = 1_100_000
    model_turn = await first_turn(sdk)
    assert len(model_turn.parts[0].thought_signature) == 1_100_000


async def test_second_turn_from_a_json_dump_of_the_content_is_accepted(
    sdk: AsyncClient,
) -> None:
    dumped = (await first_turn(sdk)).model_dump(mode="json", exclude_none=True)
    response = await second_turn(sdk, types.Content.model_validate(dumped))
    assert response.candidates[0].finish_reason == "STOP"


async def test_a_chat_session_keeps_signatures_across_turns(sdk: AsyncClient) -> None:
    chat = sdk.chats.create(model=FLASH_IMAGE, config=image_config())
    for prompt in ("A timeline", "Add March", "Make it blue"):
        await chat.send_message(prompt)
    assert len(chat.get_history()) == 6


async def test_a_text_chat_keeps_its_signed_answers(sdk: AsyncClient) -> None:
    chat = sdk.chats.create(model=TEXT_FLASH)
    for prompt in ("Hello", "And then?", "Thanks"):
        await chat.send_message(prompt)
    assert len(chat.get_history()) == 6


async def test_a_signed_empty_text_part_sent_back_is_accepted(sdk: AsyncClient) -> None:
    stream = await sdk.models.generate_content_stream(model=TEXT_FLASH, contents="Hi")
    chunks = [chunk.candidates[0].content async for chunk in stream]
    history = [user("Hi"), *chunks, user("More")]
    response = await sdk.models.generate_content(model=TEXT_FLASH, contents=history)
    assert response.candidates[0].finish_reason == "STOP"


async def test_thought_parts_may_be_left_out_of_history(sdk: AsyncClient) -> None:
    config = image_config(thinking_config=types.ThinkingConfig(include_thoughts=True))
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="x", config=config)
    model_turn = response.candidates[0].content
    model_turn.parts = [part for part in model_turn.parts if not part.thought]
    answer = await second_turn(sdk, model_turn)
    assert answer.candidates[0].finish_reason == "STOP"


@pytest.mark.parametrize("alphabet", ["standard", "urlsafe"])
async def test_hand_built_json_in_either_base64_alphabet_is_accepted(
    emulator: GeminiEmulator, sdk: AsyncClient, alphabet: str
) -> None:
    image = (await first_turn(sdk)).parts[0]
    encode = base64.b64encode if alphabet == "standard" else base64.urlsafe_b64encode
    part = {
        "inline_data": {"mime_type": "image/jpeg",
                        "data": base64.b64encode(image.inline_data.data).decode()},
        "thought_signature": encode(image.thought_signature).decode().rstrip("="),
    }
    body = {"contents": [{"role": "user", "parts": [{"text": FIRST_PROMPT}]},
                         {"role": "model", "parts": [part]},
                         {"role": "user", "parts": [{"text": "Again"}]}]}
    assert (await post(emulator, PRO_IMAGE, body)).status_code == 200


# --- refused --------------------------------------------------------------------------------


def _without_signature(index: int) -> Callable[[list[types.Part]], None]:
    def tamper(parts: list[types.Part]) -> None:
        parts[index].thought_signature = None

    return tamper


def _altered_head(parts: list[types.Part]) -> None:
    signature = parts[1].thought_signature
    parts[1].thought_signature = bytes([signature[0] ^ 1]) + signature[1:]


def _altered_tail(parts: list[types.Part]) -> None:
    signature = parts[1].thought_signature
    parts[1].thought_signature = signature[:-1] + bytes([signature[-1] ^ 1])


def _truncated(parts: list[types.Part]) -> None:
    parts[1].thought_signature = parts[1].thought_signature[:-5]


def _encoded_twice(parts: list[types.Part]) -> None:
    parts[1].thought_signature = base64.b64encode(parts[1].thought_signature)


def _copied_everywhere(parts: list[types.Part]) -> None:
    for part in parts:
        part.thought_signature = parts[1].thought_signature


def _swapped(parts: list[types.Part]) -> None:
    parts[0].thought_signature, parts[1].thought_signature = (
        parts[1].thought_signature, parts[0].thought_signature)


def _image_replaced(parts: list[types.Part]) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    parts[1].inline_data.data = buffer.getvalue()


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_without_signature(1), "Image part is missing a thought_signature in content "
         "position 2, part position 2."),
        (_without_signature(0), "Text part is missing a thought_signature in content "
         "position 2, part position 1."),
        (_altered_head, "Corrupted thought signature."),
        (_altered_tail, "Corrupted thought signature."),
        (_truncated, "Corrupted thought signature."),
        (_encoded_twice, "Corrupted thought signature."),
        (_copied_everywhere, "Thought signature does not match its part in content "
         "position 2, part position 1."),
        (_swapped, "Thought signature does not match its part in content position 2, "
         "part position 1."),
        (_image_replaced, "Thought signature does not match its part in content "
         "position 2, part position 2."),
    ],
)
async def test_a_tampered_model_turn_is_refused(
    text_then_image: GeminiEmulator, sdk: AsyncClient,
    tamper: Callable[[list[types.Part]], None], message: str
) -> None:
    model_turn = await first_turn(sdk)
    tamper(model_turn.parts)
    assert await refusal(second_turn(sdk, model_turn)) == (400, message)


async def test_flash_image_also_requires_its_signatures(sdk: AsyncClient) -> None:
    model_turn = await first_turn(sdk, FLASH_IMAGE)
    model_turn.parts[0].thought_signature = None
    code, message = await refusal(second_turn(sdk, model_turn, FLASH_IMAGE))
    assert (code, message.startswith("Image part is missing a thought_signature")) == (400, True)


async def test_a_text_model_accepts_unsigned_turns_but_checks_signed_ones(
    sdk: AsyncClient,
) -> None:
    image_turn = await first_turn(sdk)
    plain = types.Content(role="model", parts=[types.Part(text="Done.")])
    forged = types.Content(role="model", parts=[types.Part(
        text="Done.", thought_signature=image_turn.parts[0].thought_signature)])
    await sdk.models.generate_content(model=TEXT_FLASH, contents=[user("x"), plain, user("y")])
    answer = await refusal(sdk.models.generate_content(
        model=TEXT_FLASH, contents=[user("x"), forged, user("y")]))
    assert "does not match its part" in answer[1]


async def test_an_unsigned_empty_text_part_is_refused(sdk: AsyncClient) -> None:
    stream = await sdk.models.generate_content_stream(model=PRO_IMAGE, contents=FIRST_PROMPT)
    chunks = [chunk.candidates[0].content async for chunk in stream if chunk.candidates]
    history = [user(FIRST_PROMPT), *chunks, user("Again")]
    assert chunks[-1].parts[0].text == ""
    assert await refusal(sdk.models.generate_content(model=PRO_IMAGE, contents=history)) == (
        400, EMPTY_TEXT_MESSAGE)


async def test_an_empty_user_text_is_refused(sdk: AsyncClient) -> None:
    contents = [types.Content(role="user", parts=[types.Part(text="")])]
    call = sdk.models.generate_content(model=FLASH_IMAGE, contents=contents)
    assert await refusal(call) == (400, EMPTY_TEXT_MESSAGE)


async def test_a_signature_moved_to_a_non_empty_text_part_is_refused(
    sdk: AsyncClient,
) -> None:
    stream = await sdk.models.generate_content_stream(model=TEXT_FLASH, contents="Hi")
    signature = [c.candidates[0].content async for c in stream][-1].parts[0].thought_signature
    part = types.Part(text="Hello", thought_signature=signature)
    moved = types.Content(role="model", parts=[part])
    call = sdk.models.generate_content(model=TEXT_FLASH, contents=[user("Hi"), moved, user("x")])
    assert (await refusal(call))[1].startswith("Thought signature does not match its part")
