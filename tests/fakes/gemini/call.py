"""A generate request, read and checked the way the API checks it."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .catalogue import ALL_RATIOS, ALL_SIZES, SIZE_ALIASES, ModelSpec, pixel_size
from .errors import (
    MULTIPLE_CANDIDATES_MESSAGE,
    THINKING_BOTH_MESSAGE,
    bad_enum,
    invalid,
    unknown_field,
)
from .wire import Content, Part, field_of, parse_contents, parse_system

__all__ = ["Call", "parse_call"]

_IMAGE_CONFIG_FIELDS = frozenset({"aspectRatio", "aspect_ratio", "imageSize", "image_size"})
_MODALITIES = ("TEXT", "IMAGE", "AUDIO")
_LEVELS = ("MINIMAL", "LOW", "MEDIUM", "HIGH")


@dataclass(frozen=True, slots=True)
class Call:
    spec: ModelSpec
    contents: tuple[Content, ...]
    system: tuple[Part, ...]
    aspect_ratio: str
    image_size: str
    modalities: frozenset[str]
    search: bool
    include_thoughts: bool
    thinking_level: str | None

    @property
    def model(self) -> str:
        return self.spec.id

    @property
    def pixels(self) -> tuple[int, int]:
        return pixel_size(self.aspect_ratio, self.image_size)

    def part_tokens(self, part: Part) -> int:
        if part.kind == "image":
            return self.spec.input_image_tokens
        return math.ceil(len(part.text or part.data) / 4)

    @property
    def prompt_tokens(self) -> int:
        return sum(self.part_tokens(part) for part in self.all_parts())

    @property
    def prompt_image_tokens(self) -> int:
        return sum(self.part_tokens(p) for p in self.all_parts() if p.kind == "image")

    def all_parts(self) -> Iterable[Part]:
        yield from self.system
        for content in self.contents:
            yield from content.parts

    def all_texts(self) -> list[str]:
        texts = [part.text for part in self.system if part.kind == "text"]
        for content in self.contents:
            if content.role == "user":
                texts += content.texts()
        return texts

    def last_user_text(self) -> str:
        users = [content for content in self.contents if content.role == "user"]
        return "\n".join(users[-1].texts()) if users else ""


def parse_call(spec: ModelSpec, body: object) -> Call:
    if not isinstance(body, Mapping):
        raise invalid("Invalid JSON payload received. Expected a JSON object.")
    config = field_of(body, "generationConfig") or {}
    _check_candidates(spec, config)
    aspect_ratio, image_size = _image_options(spec, config)
    include_thoughts, level = _thinking(spec, config)
    return Call(
        spec=spec,
        contents=parse_contents(field_of(body, "contents")),
        system=parse_system(field_of(body, "systemInstruction")),
        aspect_ratio=aspect_ratio,
        image_size=image_size,
        modalities=_modalities(spec, config),
        search=_uses_search(body),
        include_thoughts=include_thoughts,
        thinking_level=level,
    )


def _check_candidates(spec: ModelSpec, config: object) -> None:
    count = field_of(config, "candidateCount")
    if spec.is_image and isinstance(count, int) and count > 1:
        raise invalid(MULTIPLE_CANDIDATES_MESSAGE)


def _image_options(spec: ModelSpec, config: object) -> tuple[str, str]:
    options = field_of(config, "imageConfig") or {}
    for name in options:
        if name not in _IMAGE_CONFIG_FIELDS:
            raise unknown_field(name, "generation_config.image_config")
    if not spec.is_image:
        return "1:1", "1K"
    return _aspect_ratio(spec, options), _image_size(spec, options)


def _aspect_ratio(spec: ModelSpec, options: object) -> str:
    ratio = field_of(options, "aspectRatio") or "1:1"
    if ratio not in ALL_RATIOS:
        names = ", ".join(f"'{r}'" for r in ALL_RATIOS[:-1]) + f", or '{ALL_RATIOS[-1]}'"
        raise invalid("* GenerateContentRequest.generation_config.image_config.aspect_ratio: "
                      f"aspect_ratio must be one of {names}.")
    if ratio not in spec.aspect_ratios:
        raise invalid(f"Aspect ratio {ratio} is not supported for this model")
    return str(ratio)


def _image_size(spec: ModelSpec, options: object) -> str:
    size = field_of(options, "imageSize") or "1K"
    if size not in ALL_SIZES:
        raise invalid(f"Unsupported image_size '{size}'. Supported values are: "
                      f"{', '.join(ALL_SIZES)}.")
    size = SIZE_ALIASES.get(size, size)
    if size not in spec.image_sizes:
        raise invalid(f"Image size {size} is not supported for this model")
    return str(size)


def _thinking(spec: ModelSpec, config: object) -> tuple[bool, str | None]:
    thinking = field_of(config, "thinkingConfig") or {}
    level = field_of(thinking, "thinkingLevel")
    if level is not None and field_of(thinking, "thinkingBudget") is not None:
        raise invalid(THINKING_BOTH_MESSAGE)
    if level is not None:
        level = _thinking_level(spec, level)
    return bool(field_of(thinking, "includeThoughts")), level


def _thinking_level(spec: ModelSpec, raw: object) -> str:
    level = str(raw).upper()
    if level not in _LEVELS:
        raise bad_enum("generation_config.thinking_config.thinking_level",
                       "GenerationConfig.ThinkingConfig.ThinkingLevel", raw)
    if level not in spec.thinking_levels:
        raise invalid(f"Thinking level {level} is not supported for this model. "
                      "Please retry with other thinking level.")
    return level


def _modalities(spec: ModelSpec, config: object) -> frozenset[str]:
    supported = {"TEXT", "IMAGE"} if spec.is_image else {"TEXT"}
    requested = [str(m).upper() for m in field_of(config, "responseModalities") or supported]
    for index, modality in enumerate(requested):
        if modality not in _MODALITIES:
            raise bad_enum(f"generation_config.response_modalities[{index}]",
                           "GenerationConfig.Modality", modality)
    unsupported = sorted(set(requested) - supported)
    if unsupported:
        names = ", ".join(name.lower() for name in unsupported)
        raise invalid(f"Model does not support the requested response modalities: {names}")
    return frozenset(requested)


def _uses_search(body: Mapping[str, Any]) -> bool:
    tools = field_of(body, "tools") or []
    return any(
        field_of(tool, name) is not None
        for tool in tools
        for name in ("googleSearch", "googleSearchRetrieval")
    )
