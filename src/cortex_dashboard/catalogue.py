"""Every Gemini model the dashboard knows, as data: ids, lifecycle, shapes, prices.

Google renames models every few months, so nothing else in the package spells a model
id: settings, the API, stored conversations and the UI all go through `resolve`, which
turns a retired id into its successor and says so. Facts come from Google's model,
pricing and deprecation pages (see `/shared/gemini-image-api.md` for sources); where
Google publishes no pixel size (Nano Banana 2's 512 and its extra ratios) there is no
table entry, and the size is read from the image that comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from cortex_dashboard.errors import InvalidInput

Kind = Literal["image", "text"]
Lifecycle = Literal["ga", "preview", "retired"]
Thinking = Literal["always", "levels", "none"]

PRO_IMAGE = "gemini-3-pro-image"
FLASH_IMAGE = "gemini-3.1-flash-image"
DEFAULT_IMAGE_MODEL = PRO_IMAGE
DEFAULT_CHAT_MODEL = "gemini-3.5-flash"
MILLION = 1_000_000

BASE_RATIOS: tuple[str, ...] = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16",
                                "16:9", "21:9")
EXTRA_RATIOS: tuple[str, ...] = ("1:4", "4:1", "1:8", "8:1")
PUBLISHED_PIXELS: dict[str, dict[str, tuple[int, int]]] = {
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
"""Nano Banana Pro's published pixel sizes; Nano Banana 2 gives the same for these."""


@dataclass(frozen=True, slots=True)
class Prices:
    """USD per million tokens."""

    input: float
    text_output: float
    image_output: float = 0.0


@dataclass(frozen=True, slots=True)
class Model:
    id: str
    name: str
    kind: Kind
    lifecycle: Lifecycle
    prices: Prices | None
    """None where Google's price is not known here: costs are then reported unknown."""
    input_token_limit: int
    ratios: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    output_image_tokens: dict[str, int] = field(default_factory=dict)
    input_image_tokens: int = 0
    thinking: Thinking = "none"
    thinking_levels: tuple[str, ...] = ()
    grounding: tuple[str, ...] = ()
    max_reference_images: int = 0
    max_reference_objects: int = 0
    max_reference_people: int = 0
    rank: int = 0
    """Preference when the default is not available: lower is better."""

    def pixel_size(self, ratio: str, size: str) -> tuple[int, int] | None:
        """The published width and height, or None where Google publishes none."""
        if ratio not in self.ratios or size not in self.sizes:
            return None
        return PUBLISHED_PIXELS.get(ratio, {}).get(size)

    def image_price(self, size: str) -> float | None:
        """The output price of one image of this size (before input and thinking)."""
        if self.prices is None or size not in self.output_image_tokens:
            return None
        return self.output_image_tokens[size] * self.prices.image_output / MILLION

    def default_size(self) -> str:
        return "2K" if "2K" in self.sizes else self.sizes[0]


@dataclass(frozen=True, slots=True)
class Retired:
    id: str
    shutdown: date
    successor: str


@dataclass(frozen=True, slots=True)
class Resolution:
    model: Model
    requested: str
    notice: str | None = None
    """Set when `requested` was a retired id that now means `model`."""


MODELS: dict[str, Model] = {m.id: m for m in (
    Model(PRO_IMAGE, "Nano Banana Pro", "image", "ga", Prices(2.0, 12.0, 120.0), 65_536,
          ratios=BASE_RATIOS, sizes=("1K", "2K", "4K"),
          output_image_tokens={"1K": 1120, "2K": 1120, "4K": 2000}, input_image_tokens=560,
          thinking="always", grounding=("web",), max_reference_images=14,
          max_reference_objects=6, max_reference_people=5, rank=0),
    Model(FLASH_IMAGE, "Nano Banana 2", "image", "ga", Prices(0.50, 3.0, 60.0), 131_072,
          ratios=BASE_RATIOS + EXTRA_RATIOS, sizes=("512", "1K", "2K", "4K"),
          output_image_tokens={"512": 747, "1K": 1120, "2K": 1680, "4K": 2520},
          input_image_tokens=1120, thinking="levels", thinking_levels=("minimal", "high"),
          grounding=("web", "image"), max_reference_images=14, max_reference_objects=10,
          max_reference_people=4, rank=1),
    Model(DEFAULT_CHAT_MODEL, "Gemini 3.5 Flash", "text", "ga", Prices(1.50, 9.0), 1_048_576,
          thinking="levels", thinking_levels=("low", "medium", "high"), rank=0),
    Model("gemini-3.1-flash-lite", "Gemini 3.1 Flash-Lite", "text", "ga", Prices(0.25, 1.50),
          1_048_576, rank=1),
    Model("gemini-3.5-flash-lite", "Gemini 3.5 Flash-Lite", "text", "ga", None, 1_048_576,
          rank=2),
    Model("gemini-3.8-flash", "Gemini 3.8 Flash", "text", "ga", None, 1_048_576, rank=3),
)}

RETIRED: dict[str, Retired] = {r.id: r for r in (
    Retired("gemini-3-pro-image-preview", date(2026, 6, 25), PRO_IMAGE),
    Retired("gemini-3.1-flash-image-preview", date(2026, 6, 25), FLASH_IMAGE),
    Retired("gemini-2.5-flash-image", date(2026, 10, 2), FLASH_IMAGE),
    Retired("gemini-2.5-flash-image-preview", date(2026, 10, 2), FLASH_IMAGE),
    Retired("gemini-2.5-flash", date(2026, 11, 12), DEFAULT_CHAT_MODEL),
    Retired("gemini-2.5-flash-lite", date(2026, 11, 12), "gemini-3.5-flash-lite"),
    Retired("gemini-2.5-pro", date(2026, 11, 12), "gemini-3.8-flash"),
    Retired("gemini-3-flash-preview", date(2026, 6, 17), DEFAULT_CHAT_MODEL),
)}

GROUNDING_FREE_QUERIES_PER_MONTH = 5_000
GROUNDING_USD_PER_QUERY = 14.0 / 1_000
"""Grounding with Google Search: a monthly free allowance, then per search query."""


def models(kind: Kind) -> list[Model]:
    """The current models of this kind, best first."""
    return sorted((m for m in MODELS.values() if m.kind == kind), key=lambda m: m.rank)


def resolve(model_id: str, kind: Kind, *, field_name: str = "model") -> Resolution:
    """The model an id means today: itself, or a retired id's successor (with a notice).

    Unknown ids, and ids of the other kind, are refused naming `field_name`."""
    requested = model_id.strip()
    if requested.startswith("models/"):
        requested = requested.removeprefix("models/")
    retired = RETIRED.get(requested)
    found = MODELS.get(retired.successor if retired else requested)
    if found is None or found.kind != kind:
        known = ", ".join(m.id for m in models(kind))
        raise InvalidInput(field_name, f"Unknown {kind} model '{model_id}': use one of {known}.",
                           code="unknown_model")
    notice = None
    if retired is not None:
        notice = (f"{retired.id} was retired on {retired.shutdown.isoformat()}; "
                  f"used {found.id}.")
    return Resolution(found, requested, notice)


def image_model(model_id: str) -> Model:
    return resolve(model_id, "image").model


def text_model(model_id: str) -> Model:
    return resolve(model_id, "text").model
