"""What every provider implements, and the records that cross the seam.

An image provider gets one request (the prompt with its memory context, the settings and
the conversation's stored history) and returns the new turn. The history is opaque to the
rest of the dashboard: a list of JSON-ready dicts that the provider wrote itself on
earlier turns (Gemini: the SDK's own `Content` dumps; the offline renderer: its design
state). Conversations store it verbatim and hand it back unchanged. Inline bytes inside
history dicts (images, thought signatures) are `bytes` objects, never base64 text, so a
provider round-trips them exactly.

A chat provider answers one question, whole or in pieces. A provider says what it is
(`Offer`): paid or free, ready or not and why, which models it serves; the registry in
`providers/__init__.py` picks among them, so nothing else asks which provider is which.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from cortex_dashboard.catalogue import DEFAULT_IMAGE_MODEL, Model, Resolution
from cortex_dashboard.context import ChatMessage
from cortex_dashboard.memories.models import Memory
from cortex_dashboard.usage import Usage

HistoryContent = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ImageSettings:
    aspect_ratio: str = "16:9"
    image_size: str = "2K"
    model: str = DEFAULT_IMAGE_MODEL
    use_search_grounding: bool = False
    preset: str = "infographic"
    thinking_level: str | None = None
    title: str | None = None
    """The title the provider drew, when it says (the offline renderer does)."""


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
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
class GroundingSource:
    title: str
    uri: str


@dataclass(frozen=True, slots=True)
class Grounding:
    sources: tuple[GroundingSource, ...] = ()
    search_entry_point_html: str | None = None
    queries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Picture:
    """Image bytes as the provider returned them, in their own format."""

    data: bytes
    mime_type: str


@dataclass(frozen=True, slots=True)
class Reference:
    """A picture given to the model with the turn, and what it is for."""

    image_id: str
    picture: Picture
    label: str
    role: str
    """object, person, style, logo, draft or region."""


@dataclass(frozen=True, slots=True)
class Thought:
    """A piece of the model's thinking: a `text`, or a draft `image`."""

    kind: Literal["text", "image"]
    text: str = ""
    picture: Picture | None = None


@dataclass(slots=True)
class ImageTurn:
    """What one call produced: the history contents to append and the final images."""

    new_history: list[HistoryContent]
    """The user content of this turn followed by the model's content, as stored."""
    pictures: list[Picture]
    """Every final image of the answer (usually one), in answer order."""
    text: str = ""
    thoughts: list[Thought] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    grounding: Grounding | None = None
    signature: bytes | None = None
    """The thought signature of the last final image part, when the provider has one."""
    drawn_as: dict[str, Any] = field(default_factory=dict)
    """Settings the provider changed on its own (words like "as a timeline" or "9:16" to
    the offline renderer): `preset`, `aspect_ratio`, `image_size`, as drawn."""
    notices: list[str] = field(default_factory=list)
    request_bytes: int = 0
    """The size of the request that was sent, as the API counts it (base64 included)."""

    @property
    def image(self) -> bytes:
        """The turn's picture: the last final one."""
        return self.pictures[-1].data

    @property
    def mime_type(self) -> str:
        return self.pictures[-1].mime_type


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """A piece of a turn in progress: `thought` text or an interim `thought_image`."""

    kind: Literal["thought", "thought_image"]
    text: str = ""
    picture: Picture | None = None


@dataclass(frozen=True, slots=True)
class ChatRequest:
    model: str
    question: str
    prompt: str
    """The question with its numbered memories, as sent to a model."""
    memories: tuple[Memory, ...]
    history: tuple[ChatMessage, ...] = ()
    selected: bool = False
    """The memories are the user's selection, in the order chosen (not retrieved)."""


@dataclass(frozen=True, slots=True)
class ChatReply:
    text: str
    usage: Usage = field(default_factory=Usage)


@dataclass(frozen=True, slots=True)
class ModelStatus:
    model: Model
    available: bool | None
    """Whether this key may use it: None when the provider could not tell."""


@dataclass(frozen=True, slots=True)
class Offer:
    """What a provider is and serves, for the registry and the status pages."""

    name: str
    label: str
    paid: bool
    ready: bool
    message: str
    image_models: tuple[ModelStatus, ...] = ()
    chat_models: tuple[ModelStatus, ...] = ()


class ImageProvider(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def paid(self) -> bool: ...

    def image_model(self, requested: str | None) -> Resolution:
        """The model a request for `requested` (None: the default) will use."""
        ...

    async def generate(self, request: ImageRequest) -> ImageTurn: ...

    def generate_stream(self, request: ImageRequest) -> AsyncIterator[StreamEvent | ImageTurn]:
        """Yield thoughts and interim images as they come, and the finished turn last."""
        ...


class ChatProvider(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def paid(self) -> bool: ...

    def chat_model(self, requested: str | None) -> Resolution: ...

    async def answer(self, request: ChatRequest) -> ChatReply: ...

    def answer_stream(self, request: ChatRequest) -> AsyncIterator[str | ChatReply]:
        """Yield pieces of the answer as they come, and the whole reply last."""
        ...


class Provider(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def credit(self) -> str:
        """Who draws or writes, in words for a note: "Google Gemini"."""
        ...

    @property
    def problem(self) -> str | None:
        """Why it cannot serve requests (no key), or None when it can."""
        ...

    @property
    def image(self) -> ImageProvider | None: ...

    @property
    def chat(self) -> ChatProvider | None: ...

    async def offer(self, *, refresh: bool = False) -> Offer: ...

    def close(self) -> None: ...
