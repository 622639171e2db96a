"""The interface every image backend implements.

A provider gets one request (the prompt with its memory context, the settings and the
conversation's stored history) and returns the new turn. The history is opaque to the
rest of the dashboard: a list of JSON-ready dicts that the provider wrote itself on
earlier turns (Gemini: the SDK's own `Content` dumps; the offline renderer: its design
state). Conversations store it verbatim and hand it back unchanged.

Inline image bytes inside history dicts are `bytes` objects (never base64 text), so a
provider round-trips them exactly; the conversation store moves them to the image store.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from cortex_dashboard.memories.models import Memory

HistoryContent = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ImageSettings:
    aspect_ratio: str = "16:9"
    image_size: str = "2K"
    model: str = "gemini-3-pro-image-preview"
    use_search_grounding: bool = False
    preset: str = "infographic"


@dataclass(frozen=True, slots=True)
class ImageRequest:
    user_prompt: str
    """The user's own words for this turn."""
    prompt: str
    """The full text sent as the user turn: guidance, memory context and the user's words."""
    memories: tuple[Memory, ...]
    settings: ImageSettings
    history: tuple[HistoryContent, ...] = ()
    variation: int = 0
    """Which of `n` variations this is (0 for a single picture): a provider that is
    deterministic (the offline renderer) must draw a visibly different picture for each."""


@dataclass(frozen=True, slots=True)
class Usage:
    prompt_tokens: int = 0
    output_tokens: int = 0
    thoughts_tokens: int = 0
    total_tokens: int = 0


@dataclass(frozen=True, slots=True)
class GroundingSource:
    title: str
    uri: str


@dataclass(frozen=True, slots=True)
class Grounding:
    sources: tuple[GroundingSource, ...] = ()
    search_entry_point_html: str | None = None
    queries: tuple[str, ...] = ()


@dataclass(slots=True)
class ImageTurn:
    """What one call produced: the history contents to append and the final image."""

    new_history: list[HistoryContent]
    """The user content of this turn followed by the model's content, as stored."""
    image: bytes
    mime_type: str
    text: str = ""
    thoughts: list[str] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    grounding: Grounding | None = None
    signature: bytes | None = None
    """The thought signature of the final image part, when the provider has one."""
    drawn_as: dict[str, str] = field(default_factory=dict)
    """Settings the provider changed on its own (words like "as a timeline" or "9:16" to
    the offline renderer): `preset`, `aspect_ratio`, `image_size`, as drawn."""


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """A piece of a turn in progress: `thought` text or an interim `thought_image`."""

    kind: str
    text: str = ""
    image: bytes | None = None
    mime_type: str | None = None


class ImageProvider(Protocol):
    name: str

    async def generate(self, request: ImageRequest) -> ImageTurn: ...

    def generate_stream(self, request: ImageRequest) -> AsyncIterator[StreamEvent | ImageTurn]:
        """Yield thoughts and interim images as they come, and the finished turn last."""
        ...
