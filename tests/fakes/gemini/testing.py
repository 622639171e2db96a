"""Helpers for tests that drive the emulator through the real SDK's async client."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import httpx
from google import genai
from google.genai import types
from google.genai.client import AsyncClient
from PIL import Image

from .server import GeminiEmulator

__all__ = ["final_image", "image_config", "post", "sdk_client", "user"]


def client_for(emulator: GeminiEmulator, *, key: str = "test-key") -> AsyncClient:
    """The SDK's async client pointed at the emulator, without retries."""
    options = types.HttpOptions(
        base_url=emulator.base_url, retry_options=types.HttpRetryOptions(attempts=1)
    )
    return genai.Client(api_key=key, http_options=options).aio


async def sdk_client(emulator: GeminiEmulator) -> AsyncIterator[AsyncClient]:
    """Use as ``sdk = pytest.fixture(sdk_client)`` in a test module."""
    aio = client_for(emulator)
    yield aio
    await aio.aclose()


def image_config(ratio: str = "1:1", size: str = "1K", **extra: Any) -> types.GenerateContentConfig:
    return types.GenerateContentConfig(
        image_config=types.ImageConfig(aspect_ratio=ratio, image_size=size), **extra
    )


def final_parts(response: types.GenerateContentResponse) -> list[types.Part]:
    parts = response.candidates[0].content.parts or []
    return [part for part in parts if not part.thought]


def final_image(response: types.GenerateContentResponse) -> Image.Image:
    images = [part for part in final_parts(response) if part.inline_data]
    return Image.open(io.BytesIO(images[-1].inline_data.data))


def user(text: str) -> types.Content:
    return types.Content(role="user", parts=[types.Part(text=text)])


async def post(emulator: GeminiEmulator, model: str, body: object, *,
               method: str = "generateContent") -> httpx.Response:
    """A raw request, for what the SDK would refuse to send."""
    url = f"{emulator.base_url}/v1beta/models/{model}:{method}"
    async with httpx.AsyncClient() as http:
        return await http.post(url, json=body, headers={"x-goog-api-key": "k"}, timeout=60)
