"""Request and response models of the image API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

PresetId = Literal["infographic", "update_sheet", "timeline", "comparison", "key_insights",
                   "workflow", "quote_card", "custom"]


class HistoryTurnIn(BaseModel):
    role: Literal["user", "model"]
    text: str | None = Field(None, max_length=100_000)
    image_data: str | None = Field(None, max_length=9_400_000, description=(
        "base64 image bytes; at most 7 MB of image, Gemini's inline limit per image"))
    thought_signature: str | None = Field(None, max_length=2_000_000,
                                          description="base64, as this API returned it")


class ReferenceIn(BaseModel):
    id: str = Field(max_length=64, description="An uploaded reference or a generated image")
    label: str | None = Field(None, max_length=200, description=(
        "What it is for, in your words: 'our logo', 'match this style', 'this is Ana'"))
    role: Literal["object", "person", "style", "logo", "draft", "region"] | None = Field(
        None, description="Default: read from the label (logo, style, person) or object")


class RegionIn(BaseModel):
    """A box on the current picture, as fractions of its width and height."""

    x: float = Field(ge=0, lt=1)
    y: float = Field(ge=0, lt=1)
    width: float = Field(gt=0, le=1)
    height: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _inside(self) -> RegionIn:
        if self.x + self.width > 1.0001 or self.y + self.height > 1.0001:
            raise ValueError("the box must lie inside the picture (x + width and y + height "
                             "at most 1)")
        return self


class ReferenceOut(BaseModel):
    id: str
    width: int
    height: int
    mime_type: str
    thumbnail_url: str
    image_url: str
    label: str
    role: str


class ChatMessageIn(BaseModel):
    """A message of an Ask AI chat, as the chat and image APIs both take it."""

    role: Literal["user", "assistant"]
    content: str = Field(max_length=50_000)


class GenerateRequest(BaseModel):
    prompt: str = Field(min_length=1, max_length=20_000)
    memory_ids: list[str] = Field(default_factory=list, max_length=500)
    conversation_id: str | None = Field(None, max_length=100)
    conversation_history: list[HistoryTurnIn] | None = Field(None, max_length=200)
    aspect_ratio: str | None = Field(None, max_length=8, description=(
        "Default: the preset's. One of the model's ratios (GET /api/image/options)."))
    image_size: str | None = Field(None, max_length=4, description=(
        "Default: 2K where the model makes it. One of the model's sizes."))
    use_search_grounding: bool = False
    preset: PresetId = "infographic"
    provider: str | None = Field(None, max_length=40, description="gemini or local")
    model: str | None = Field(None, max_length=100, description=(
        "A model id from GET /api/image/options; retired ids mean their successor."))
    thinking_level: str | None = Field(None, max_length=20, description=(
        "For models with thinking levels (Nano Banana 2: minimal or high)."))
    n: int = Field(1, ge=1, le=4)
    chat_messages: list[ChatMessageIn] = Field(default_factory=list, max_length=100)
    include_image_data: bool = True
    reference_image_ids: list[str] = Field(default_factory=list, max_length=20, description=(
        "Pictures sent with this turn (uploads from POST /api/image/references or generated "
        "images); at most the model's max_reference_images"))
    references: list[ReferenceIn] = Field(default_factory=list, max_length=20, description=(
        "The same with a label and role each"))
    from_turn: int | None = Field(None, ge=1, description=(
        "With conversation_id: branch from this turn into a new conversation"))
    finish_from: str | None = Field(None, max_length=100, description=(
        "A draft conversation whose last picture this new conversation finishes (send the "
        "draft as a reference, e.g. to gemini-3-pro-image at 2K)"))
    region: RegionIn | None = Field(None, description=(
        "With conversation_id: change only this box of the current picture"))


class SeriesRequest(BaseModel):
    """2-8 pictures from one selection, one per group; picture 1 is the style reference of
    the others. `prompt` says what each picture is (default: the preset's name)."""

    prompt: str = Field("", max_length=20_000)
    memory_ids: list[str] = Field(min_length=2, max_length=500)
    group_by: Literal["tag", "type", "period", "groups"] = "tag"
    groups: list[list[str]] = Field(default_factory=list, max_length=8, description=(
        "With group_by 'groups': the memory ids of each picture"))
    count: int = Field(4, ge=2, le=8, description="At most this many pictures")
    preset: PresetId = "infographic"
    aspect_ratio: str | None = Field(None, max_length=8)
    image_size: str | None = Field(None, max_length=4)
    model: str | None = Field(None, max_length=100)
    provider: str | None = Field(None, max_length=40)
    reference_image_ids: list[str] = Field(default_factory=list, max_length=13)
    references: list[ReferenceIn] = Field(default_factory=list, max_length=13, description=(
        "The same with a label and role each (every picture of the series gets them)"))
    include_image_data: bool = False


class SeriesGroupOut(BaseModel):
    label: str
    memory_ids: list[str]


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


class PictureOut(BaseModel):
    image_id: str
    image_url: str
    thumbnail_url: str
    width: int
    height: int
    mime_type: str


class ThoughtOut(BaseModel):
    kind: Literal["text", "image"]
    text: str = ""
    image: PictureOut | None = None


class UsageOutTokens(BaseModel):
    prompt_tokens: int
    tool_prompt_tokens: int
    text_output_tokens: int
    image_output_tokens: int
    thoughts_tokens: int
    total_tokens: int
    search_queries: int


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
    usage: UsageOutTokens
    cost_usd: float
    context: ContextOut | None = None
    grounding: GroundingOut | None = None
    provider: str
    model: str
    thoughts: list[ThoughtOut] = []
    images: list[PictureOut] = Field(default_factory=list, description=(
        "Every final picture of the answer (usually one); the last is image_id."))
    notices: list[str] = Field(default_factory=list, description=(
        "Things the user should know about this turn: a retired model id replaced, older "
        "turns left out to stay under Gemini's request limit, a cancel that came too late."))
    request_bytes: int = 0


class VariationError(BaseModel):
    error: str
    error_code: str


class GenerateResponse(ImageResult):
    """The first picture's fields at the top (the seed's shape). With `n` > 1 every
    variation is in `variations`, each with its own `image_data`, and the top level has
    none (so no picture is sent twice)."""

    variations: list[ImageResult] | None = None
    variation_errors: list[VariationError] | None = None


class ProviderOut(BaseModel):
    name: str
    label: str
    paid: bool
    ready: bool
    message: str


class SeriesResponse(BaseModel):
    success: bool = True
    batch_id: str
    groups: list[SeriesGroupOut]
    pictures: list[ImageResult]
    errors: list[VariationError] = []
    archive_url: str


class StatusOut(BaseModel):
    available: bool
    message: str
    provider: str
    model: str
    providers: list[ProviderOut]
    key_set: bool
    notices: list[str] = []


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
    images: list[PictureOut] = []
    thoughts: list[ThoughtOut] = []
    notices: list[str] = []
    use_search_grounding: bool = False
    request_bytes: int = 0
    title: str | None = Field(None, description=(
        "The title the picture shows, when the provider says (the offline renderer does)"))
    references: list[ReferenceOut] = []


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
    batch_id: str | None = Field(None, description=(
        "Variations made together share the id of the batch's first conversation."))
    source: str = Field("web", description="Where it was started: web, cli or mcp")
    parent_id: str | None = Field(None, description="The conversation it branched from")
    parent_turn: int | None = None


class ConversationDetail(ConversationOut):
    turns: list[TurnOut]


class RenameRequest(BaseModel):
    title: str = Field(min_length=1, max_length=200)


class DeletedConversation(BaseModel):
    success: bool = True
    images_removed: int


class ClearRequest(BaseModel):
    conversation_id: str | None = Field(None, max_length=100)


class SaveAsMemoryRequest(BaseModel):
    tags: list[str] = Field(default_factory=list, max_length=20)
    conversation_id: str | None = Field(None, max_length=100)


class SavedMemory(BaseModel):
    success: bool = True
    memory_id: str


class CancelOut(BaseModel):
    success: bool = True
    cancelled: bool
    stopped: int
    finishing: int
    finishing_usd: float


class UsageOut(BaseModel):
    today_usd: float
    month_usd: float
    daily_budget_usd: float | None
    images_today: int


class ModelOut(BaseModel):
    id: str
    name: str
    provider: str
    paid: bool
    lifecycle: str
    available: bool | None = Field(description="Whether this key may use it; null: unknown")
    ratios: list[str]
    sizes: list[str]
    default_size: str
    pixel_sizes: dict[str, dict[str, list[int]]] = Field(description=(
        "Published width and height by ratio and size; missing where Google publishes none "
        "(the size is then read from the picture that comes back)."))
    prices: dict[str, float] = Field(description="USD per output image, by size")
    input_image_price: float | None
    confirm_sizes: list[str] = Field(description="Sizes the UI asks about before spending")
    thinking: str
    thinking_levels: list[str]
    grounding: list[str]
    max_reference_images: int


class PresetOut(BaseModel):
    id: str
    name: str
    aspect_ratio: str
    guidance: str


class OptionsOut(BaseModel):
    providers: list[ProviderOut]
    models: list[ModelOut]
    presets: list[PresetOut]
    default_provider: str
    default_model: str
    notices: list[str] = []
