"""What the MCP tools hand back: typed outputs, their text, and previews Claude accepts.

Claude reads a tool's image parts against its tool-output limit and refuses images over
8000 px, so a result never carries the original (a 4K picture is 5504 px wide and
several MB): it carries a JPEG preview whose long edge is at most 1568 px (the size
Claude scales larger images down to anyway) and whose bytes stay under 1 MB, and the
original's path on disk.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from mcp.types import CallToolResult, ImageContent, TextContent
from pydantic import BaseModel

from cortex_dashboard.errors import DashboardError
from cortex_dashboard.images.store import ImageStore, image_dimensions
from cortex_dashboard.memories import Memory

PREVIEW_MAX_EDGE = 1568
PREVIEW_MAX_BYTES = 1_000_000
PREVIEW_QUALITIES = (85, 70)
PREVIEW_SHRINK = (1.0, 0.8, 0.64, 0.5)
SNIPPET_CHARS = 160
_MARK = re.compile(r"</?mark>")


class MemoryHit(BaseModel):
    id: str
    type: str
    date: str | None
    snippet: str
    tags: list[str]


class SearchOutput(BaseModel):
    project: str
    project_name: str
    total: int
    memories: list[MemoryHit]
    notices: list[str]


class ImageOutput(BaseModel):
    image_id: str
    path: str
    url: str
    width: int
    height: int
    mime_type: str
    preview_width: int
    preview_height: int


class PictureOutput(ImageOutput):
    conversation_id: str
    turn: int
    cost_usd: float
    today_usd: float
    daily_budget_usd: float | None
    provider: str
    model: str
    preset: str
    aspect_ratio: str
    image_size: str
    project: str | None
    memory_ids: list[str]
    notices: list[str]
    reply: str


class ConversationItem(BaseModel):
    conversation_id: str
    title: str
    source: str
    provider: str
    model: str
    turns: int
    updated_at: str
    url: str
    image_id: str
    path: str
    width: int
    height: int
    mime_type: str


class ImageListOutput(BaseModel):
    conversations: list[ConversationItem]


@dataclass(frozen=True, slots=True)
class Preview:
    data: bytes
    width: int
    height: int

    def content(self) -> ImageContent:
        return ImageContent(data=base64.b64encode(self.data).decode("ascii"),
                            mime_type="image/jpeg")


def fitted_width(width: int, height: int, max_edge: int) -> int:
    """The width at which the long edge is at most `max_edge` (never wider than now)."""
    long_edge = max(width, height)
    return width if long_edge <= max_edge else max(1, width * max_edge // long_edge)


def _attempts(max_edge: int) -> Iterator[tuple[int, int]]:
    for shrink in PREVIEW_SHRINK:
        for quality in PREVIEW_QUALITIES:
            yield int(max_edge * shrink), quality


def make_preview(store: ImageStore, image_id: str, mime_type: str, size: tuple[int, int],
                 max_edge: int = PREVIEW_MAX_EDGE) -> Preview:
    """A JPEG of the picture within `max_edge` and under 1 MB, cached beside it (blocking)."""
    width, height = size
    for edge, quality in _attempts(max_edge):
        path = store.derived(image_id, mime_type, "jpeg", quality=quality,
                             width=fitted_width(width, height, edge))
        data = path.read_bytes()
        if len(data) < PREVIEW_MAX_BYTES:
            return Preview(data, *image_dimensions(data))
    raise DashboardError(f"Image '{image_id}' has no preview under 1 MB.")


def memory_hit(memory: Memory) -> MemoryHit:
    return MemoryHit(id=memory.id, type=memory.type, date=(memory.created_at or "")[:10] or None,
                     snippet=plain_snippet(memory), tags=list(memory.tags))


def plain_snippet(memory: Memory) -> str:
    """The search excerpt without its HTML marks, or the start of the memory."""
    if memory.snippet:
        return html.unescape(_MARK.sub("", memory.snippet))
    text = " ".join(memory.content.split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS - 1] + "…"


def search_text(output: SearchOutput, query: str) -> str:
    lines = [f"- {m.id} [{m.type}, {m.date or 'undated'}] {m.snippet}" for m in output.memories]
    head = (f"{output.total} memories in {output.project_name} ({output.project})"
            + (f" match '{query}'" if query else "") + f"; showing {len(output.memories)}:"
            if lines else f"No memories in {output.project_name} match '{query}'.")
    return "\n".join([head, *lines, *(f"Notice: {n}" for n in output.notices)])


def picture_text(out: PictureOutput) -> str:
    budget = (f" of a daily budget of ${out.daily_budget_usd:.2f}"
              if out.daily_budget_usd is not None else "")
    lines = [
        f"Picture ({out.width}x{out.height}, {out.mime_type}): {out.path}",
        f"Open it in the dashboard (while `cortex-dashboard serve` runs): {out.url}",
        f"Conversation {out.conversation_id}, turn {out.turn}: refine it with refine_image.",
        f"Drawn by {out.model} ({out.provider}): {out.preset}, {out.aspect_ratio}, "
        f"{out.image_size}; {len(out.memory_ids)} memories.",
        f"Cost ${out.cost_usd:.4f}; today's spend ${out.today_usd:.4f}{budget}.",
        f"Preview below: {out.preview_width}x{out.preview_height} JPEG.",
        *(f"Notice: {notice}" for notice in out.notices),
    ]
    return "\n".join(lines + ([f"Reply: {out.reply}"] if out.reply else []))


def image_list_text(output: ImageListOutput) -> str:
    if not output.conversations:
        return "No pictures yet: make one with generate_image."
    return "\n".join(
        f"- {c.conversation_id} ({c.source}, {c.turns} turns, {c.updated_at[:16]}) "
        f"{c.title!r}: {c.path} {c.url}" for c in output.conversations)


def image_text(out: ImageOutput) -> str:
    return (f"Image {out.image_id} ({out.width}x{out.height}, {out.mime_type}): {out.path}\n"
            f"Preview below: {out.preview_width}x{out.preview_height} JPEG.")


def tool_result(output: BaseModel, summary: str, *images: ImageContent) -> CallToolResult:
    """What Claude reads (the summary, then the pictures) and the structured output."""
    return CallToolResult(content=[TextContent(text=summary), *images],
                          structured_content=output.model_dump(mode="json"))
