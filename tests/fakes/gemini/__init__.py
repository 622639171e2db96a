"""A strict emulator of today's Gemini REST API, for tests that drive the real google-genai SDK.

Point the SDK at it with ``genai.Client(api_key="test-key",
http_options=types.HttpOptions(base_url=emulator.base_url))``. It serves
``POST /{version}/models/{model}:generateContent`` and ``:streamGenerateContent``
(``?alt=sse``), ``GET /{version}/models`` (paginated) and ``GET /{version}/models/{id}``
for today's image and text models, and refuses what the real API refuses, in its words:
missing or bad keys, retired and unknown models, bad image configs, limits, undecodable
inline data, empty text parts and, above all, model turns whose thought signatures are
missing, corrupted, re-encoded or attached to another part.

Modules: ``catalogue`` (Google's tables as data), ``errors`` (error answers and their
real texts), ``wire`` (request parts and the request log), ``call`` and ``checks`` (what
the API refuses), ``signatures``, ``pictures``, ``answers`` (answer shapes and streams),
``chat`` (text answers), ``fixtures`` (captured real answers), ``server`` (the emulator).
"""

from .answers import FINISH_MESSAGES, SHAPES
from .catalogue import (
    FLASH_IMAGE,
    IMAGE_MODELS,
    MODELS,
    PRO_IMAGE,
    PRO_PIXEL_TABLE,
    RETIRED_MODELS,
    TEXT_31_FLASH_LITE,
    TEXT_38_FLASH,
    TEXT_FLASH,
    TEXT_FLASH_LITE,
    TEXT_MODELS,
    ModelSpec,
    pixel_size,
)
from .errors import STATUS_NAMES
from .fixtures import fixture_names, load_fixture
from .server import BAD_KEY, GeminiEmulator
from .wire import InlineImage, Part, ReceivedRequest

__all__ = [
    "BAD_KEY",
    "FINISH_MESSAGES",
    "FLASH_IMAGE",
    "IMAGE_MODELS",
    "MODELS",
    "PRO_IMAGE",
    "PRO_PIXEL_TABLE",
    "RETIRED_MODELS",
    "SHAPES",
    "STATUS_NAMES",
    "TEXT_31_FLASH_LITE",
    "TEXT_38_FLASH",
    "TEXT_FLASH",
    "TEXT_FLASH_LITE",
    "TEXT_MODELS",
    "GeminiEmulator",
    "InlineImage",
    "ModelSpec",
    "Part",
    "ReceivedRequest",
    "fixture_names",
    "load_fixture",
    "pixel_size",
]
