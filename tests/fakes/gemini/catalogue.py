"""Google's tables about today's Gemini models, as data (the emulator's own copy).

Sources: /work/shared/gemini-image-api.md (Google's model pages, pricing and the Nano
Banana Pro pixel table), and a live ``GET /v1beta/models`` captured on 2026-06-26 for the
shape of a model entry (``displayName``, ``version``, ``description``, methods). Nothing
here is taken from the product: the emulator must catch a product whose tables are wrong.

Two numbers differ between sources: the captured listing gave Pro ``inputTokenLimit``
131072 and Nano Banana 2 65536; Google's model pages (and the brief) give Pro 65,536 and
Nano Banana 2 131,072. The emulator follows the model pages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = [
    "ALL_RATIOS",
    "EMULATOR_CHOSEN",
    "FLASH_IMAGE",
    "IMAGE_MODELS",
    "MODELS",
    "PRO_IMAGE",
    "PRO_PIXEL_TABLE",
    "RETIRED_MODELS",
    "STANDARD_RATIOS",
    "TEXT_MODELS",
    "ModelSpec",
    "model_spec",
    "pixel_size",
]

PRO_IMAGE = "gemini-3-pro-image"
FLASH_IMAGE = "gemini-3.1-flash-image"
TEXT_FLASH = "gemini-3.5-flash"
TEXT_FLASH_LITE = "gemini-3.5-flash-lite"
TEXT_38_FLASH = "gemini-3.8-flash"
TEXT_31_FLASH_LITE = "gemini-3.1-flash-lite"

STANDARD_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
EXTRA_RATIOS = ("1:4", "4:1", "1:8", "8:1")
# The order of the API's own validation message for an aspect ratio no model knows.
ALL_RATIOS = ("1:1", "1:4", "1:8", "2:3", "3:2", "3:4", "4:1", "4:3", "4:5", "5:4", "8:1",
              "9:16", "16:9", "21:9")
# The API's list of image sizes, in its own order (from its error message).
ALL_SIZES = ("1K", "2K", "4K", "512", "512P", "512PX")
SIZE_ALIASES = {"512P": "512", "512PX": "512"}

# Nano Banana Pro's published pixel table (width, height); Nano Banana 2 gives the same
# at 1K/2K/4K for these ratios.
PRO_PIXEL_TABLE: dict[str, dict[str, tuple[int, int]]] = {
    "1:1": {"1K": (1024, 1024), "2K": (2048, 2048), "4K": (4096, 4096)},
    "2:3": {"1K": (848, 1264), "2K": (1696, 2528), "4K": (3392, 5056)},
    "3:2": {"1K": (1264, 848), "2K": (2528, 1696), "4K": (5056, 3392)},
    "3:4": {"1K": (896, 1200), "2K": (1792, 2400), "4K": (3584, 4800)},
    "4:3": {"1K": (1200, 896), "2K": (2400, 1792), "4K": (4800, 3584)},
    "4:5": {"1K": (928, 1152), "2K": (1856, 2304), "4K": (3712, 4608)},
    "5:4": {"1K": (1152, 928), "2K": (2304, 1856), "4K": (4608, 3712)},
    "9:16": {"1K": (768, 1376), "2K": (1536, 2752), "4K": (3072, 5504)},
    "16:9": {"1K": (1376, 768), "2K": (2752, 1536), "4K": (5504, 3072)},
    "21:9": {"1K": (1584, 672), "2K": (3168, 1344), "4K": (6336, 2688)},
}

# EMULATOR'S OWN CHOICE, not Google's: no pixel table is published for Nano Banana 2's
# 512 size or for its extra ratios (1:4, 4:1, 1:8, 8:1). The emulator answers them with
# sizes it computes (about 0.25 MP for 512; the 1:1 pixel count of 1K/2K/4K for the extra
# ratios; multiples of 16), so that a product reading the size from the returned image
# works and one that invented a table entry for them can be caught. A third-party capture
# saw e.g. 704x384 (16:9 at 512) and 512x2064 (1:4 at 1K): the real sizes differ again.
EMULATOR_CHOSEN = "emulator's own choice (no published pixel table)"
_CHOSEN_AREA = {"512": 512 * 512, "1K": 1024 * 1024, "2K": 2048 * 2048, "4K": 4096 * 4096}


def _round16(value: float) -> int:
    return max(16, round(value / 16) * 16)


def chosen_pixel_size(ratio: str, size: str) -> tuple[int, int]:
    """The emulator's own size for a ratio and size without a published table entry."""
    across, down = (int(n) for n in ratio.split(":"))
    area = _CHOSEN_AREA[size]
    return _round16(math.sqrt(area * across / down)), _round16(math.sqrt(area * down / across))


def pixel_size(ratio: str, size: str) -> tuple[int, int]:
    """Width and height of an answer: Google's table where there is one, else the emulator's."""
    published = PRO_PIXEL_TABLE.get(ratio, {}).get(size)
    return published or chosen_pixel_size(ratio, size)


def is_published(ratio: str, size: str) -> bool:
    return size in PRO_PIXEL_TABLE.get(ratio, {})


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """One model as the API describes it, plus what the emulator needs to act like it."""

    id: str
    display_name: str
    description: str
    version: str
    kind: str  # "image" or "text"
    status: str  # "GA" or "preview"
    input_token_limit: int
    output_token_limit: int
    methods: tuple[str, ...]
    input_image_tokens: int
    thinking_levels: frozenset[str]
    aspect_ratios: tuple[str, ...] = ()
    image_sizes: tuple[str, ...] = ()
    output_image_tokens: dict[str, int] = field(default_factory=dict)
    max_input_images: int = 14

    @property
    def is_image(self) -> bool:
        return self.kind == "image"

    def entry(self) -> dict[str, object]:
        """The model's entry in ``GET /models``, in the API's field order."""
        return {
            "name": f"models/{self.id}",
            "version": self.version,
            "displayName": self.display_name,
            "description": self.description,
            "inputTokenLimit": self.input_token_limit,
            "outputTokenLimit": self.output_token_limit,
            "supportedGenerationMethods": list(self.methods),
            "temperature": 1,
            "topP": 0.95,
            "topK": 64,
            "maxTemperature": 1 if self.is_image else 2,
            "thinking": True,
        }


_IMAGE_METHODS = ("generateContent", "countTokens", "batchGenerateContent")
_TEXT_METHODS = ("generateContent", "countTokens", "createCachedContent", "batchGenerateContent")
_TEXT_LEVELS = frozenset({"MINIMAL", "LOW", "MEDIUM", "HIGH"})
# Gemini 3 text models bill an input image at the default (high) media resolution.
_TEXT_IMAGE_TOKENS = 1120


def _text_model(model_id: str, name: str, version: str) -> ModelSpec:
    return ModelSpec(
        id=model_id, display_name=name, description=name, version=version, kind="text",
        status="GA", input_token_limit=1_048_576, output_token_limit=65_536,
        methods=_TEXT_METHODS, input_image_tokens=_TEXT_IMAGE_TOKENS,
        thinking_levels=_TEXT_LEVELS,
    )


MODELS: dict[str, ModelSpec] = {
    spec.id: spec
    for spec in (
        ModelSpec(
            id=PRO_IMAGE, display_name="Nano Banana Pro", description="Gemini 3 Pro Image",
            version="3.0", kind="image", status="GA", input_token_limit=65_536,
            output_token_limit=32_768, methods=_IMAGE_METHODS, input_image_tokens=560,
            thinking_levels=frozenset({"HIGH"}), aspect_ratios=STANDARD_RATIOS,
            image_sizes=("1K", "2K", "4K"),
            output_image_tokens={"1K": 1120, "2K": 1120, "4K": 2000},
        ),
        ModelSpec(
            id=FLASH_IMAGE, display_name="Nano Banana 2", description="Gemini 3.1 Flash Image.",
            version="3.0", kind="image", status="GA", input_token_limit=131_072,
            output_token_limit=65_536, methods=_IMAGE_METHODS, input_image_tokens=1120,
            thinking_levels=frozenset({"MINIMAL", "HIGH"}),
            aspect_ratios=STANDARD_RATIOS + EXTRA_RATIOS, image_sizes=("512", "1K", "2K", "4K"),
            output_image_tokens={"512": 747, "1K": 1120, "2K": 1680, "4K": 2520},
        ),
        _text_model(TEXT_FLASH, "Gemini 3.5 Flash", "3.5-flash-05-2026"),
        _text_model(TEXT_FLASH_LITE, "Gemini 3.5 Flash Lite", "3.5-flash-lite-2026"),
        _text_model(TEXT_38_FLASH, "Gemini 3.8 Flash", "3.8-flash-2026"),
        _text_model(TEXT_31_FLASH_LITE, "Gemini 3.1 Flash Lite", "3.1-flash-lite-05-2026"),
    )
}

IMAGE_MODELS = frozenset(spec.id for spec in MODELS.values() if spec.is_image)
TEXT_MODELS = frozenset(spec.id for spec in MODELS.values() if not spec.is_image)

# Shut down: the API answers them as it answers ids it never knew (404 NOT_FOUND).
RETIRED_MODELS: dict[str, str] = {
    "gemini-3-pro-image-preview": PRO_IMAGE,
    "nano-banana-pro-preview": PRO_IMAGE,
    "gemini-3.1-flash-image-preview": FLASH_IMAGE,
    "gemini-2.5-flash-image": FLASH_IMAGE,
    "gemini-2.5-flash-image-preview": FLASH_IMAGE,
    "gemini-2.5-flash": TEXT_FLASH_LITE,
    "gemini-2.5-flash-lite": TEXT_FLASH_LITE,
    "gemini-2.5-pro": TEXT_38_FLASH,
    "gemini-3-flash-preview": TEXT_FLASH,
    "gemini-3-pro-preview": TEXT_38_FLASH,
    "gemini-3.1-pro-preview": TEXT_38_FLASH,
    "gemini-2.0-flash": TEXT_FLASH_LITE,
}


def model_spec(model_id: str) -> ModelSpec | None:
    return MODELS.get(model_id)
