"""Request and response models of the image API."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from cortex_dashboard.images.options import AspectRatio, ImageSize

PresetId = Literal["infographic", "update_sheet", "timeline", "comparison", "key_insights",
                   "workflow", "quote_card", "custom"]
ModelId = Literal["gemini-3-pro-image-preview", "gemini-2.5-flash-image"]
ProviderName = Literal["gemini", "local"]


class HistoryTurnIn(BaseModel):
    role: Literal["user", "model"]
    text: str | None = Field(None, max_length=100_000)
    image_data: str | None = Field(None, max_length=40_000_000,
                                   description="base64 image bytes")
    thought_signature: str | None = Field(None, max_length=100_000,
                                          description="base64, as this API returned it")


class ChatMessageIn(BaseModel):
    """A message of an Ask AI chat, as the chat and image APIs both take it."""

    role: Literal["user", "assistant"]
    content: str = Field(max_length=50_000)


class GenerateRequest(BaseModel):
    prompt: str = Field(min_length=1, max_length=20_000)
    memory_ids: list[str] = Field(default_factory=list, max_length=500)
    conversation_id: str | None = Field(None, max_length=100)
    conversation_history: list[HistoryTurnIn] | None = Field(None, max_length=200)
    aspect_ratio: AspectRatio | None = Field(None, description="Default: the preset's")
    image_size: ImageSize | None = Field(None, description="Default: 2K (1K for Flash)")
    use_search_grounding: bool = False
    preset: PresetId = "infographic"
    provider: ProviderName | None = None
    model: ModelId | None = None
    n: int = Field(1, ge=1, le=4)
    chat_messages: list[ChatMessageIn] = Field(default_factory=list, max_length=100)
    include_image_data: bool = True


class ContextOut(BaseModel):
    used: list[str]
    shortened: list[str]
    dropped: list[str]
    estimated_tokens: int


class GroundingSourceOut(BaseModel):
    title: str
    uri: str


class GroundingOut(BaseModel):
    sources: list[GroundingSourceOut]
    search_entry_point_html: str | None = None
    queries: list[str] = []


class ImageResult(BaseModel):
    success: bool = True
    image_data: str | None = None
    text_response: str
    thought_signature: str | None = None
    error: str | None = None
    conversation_id: str
    turn: int
    image_id: str
    image_url: str
    thumbnail_url: str
    width: int
    height: int
    mime_type: str
    usage: dict[str, int]
    cost_usd: float
    context: ContextOut | None = None
    grounding: GroundingOut | None = None
    provider: str
    thoughts: list[str] = []


class VariationError(BaseModel):
    error: str
    error_code: str


class GenerateResponse(ImageResult):
    variations: list[ImageResult] | None = None
    variation_errors: list[VariationError] | None = None


class StatusOut(BaseModel):
    available: bool
    message: str
    provider: ProviderName
    model: str
    providers: list[str]
    key_set: bool


class TurnOut(BaseModel):
    turn: int
    prompt: str
    text: str
    image_id: str
    image_url: str
    thumbnail_url: str
    width: int
    height: int
    aspect_ratio: str
    image_size: str
    preset: str
    model: str
    memory_ids: list[str]
    cost_usd: float
    created_at: str
    grounding: GroundingOut | None = None
    context: ContextOut | None = None


class ConversationOut(BaseModel):
    id: str
    title: str
    provider: str
    model: str
    created_at: str
    updated_at: str
    turn_count: int
    thumbnail_url: str | None
    ended: bool


class ConversationDetail(ConversationOut):
    turns: list[TurnOut]


class ClearRequest(BaseModel):
    conversation_id: str | None = Field(None, max_length=100)


class SaveAsMemoryRequest(BaseModel):
    tags: list[str] = Field(default_factory=list, max_length=20)
    conversation_id: str | None = Field(None, max_length=100)


class SavedMemory(BaseModel):
    success: bool = True
    memory_id: str


class UsageOut(BaseModel):
    today_usd: float
    month_usd: float
    daily_budget_usd: float | None
    images_today: int


class OptionsOut(BaseModel):
    models: list[dict[str, Any]]
    aspect_ratios: list[dict[str, Any]]
    sizes: list[str]
    presets: list[dict[str, Any]]
    prices: dict[str, dict[str, float]]
    default_model: str
    default_provider: str
