"""The tools Claude Code calls, each over the dashboard's own services.

A tool's dashboard error becomes a tool error carrying the product's sentence and code,
so Claude reads why (no key, budget, unknown ids, a blocked prompt) instead of a crash.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Annotated, ParamSpec, TypeVar, cast

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, ImageContent
from pydantic import Field

from cortex_dashboard.catalogue import models
from cortex_dashboard.errors import DashboardError, InvalidInput, NotFound
from cortex_dashboard.images.conversations import Conversation, image_mime_type
from cortex_dashboard.images.options import PRESETS
from cortex_dashboard.images.service import GenerateCommand
from cortex_dashboard.images.store import image_dimensions
from cortex_dashboard.mcp_server.dashboard import Dashboard
from cortex_dashboard.mcp_server.results import (
    ConversationItem,
    ImageListOutput,
    ImageOutput,
    PictureOutput,
    Preview,
    SearchOutput,
    image_list_text,
    image_text,
    make_preview,
    memory_hit,
    search_text,
    tool_result,
)
from cortex_dashboard.mcp_server.turns import picture_result, run_turn
from cortex_dashboard.memories import MemoryDatabase, MemoryPage, queries
from cortex_dashboard.projects import ProjectRef
from cortex_dashboard.providers.base import ImageSettings

IMAGE_MODELS = ", ".join(f"{m.id} ({m.name})" for m in models("image"))
P = ParamSpec("P")
R = TypeVar("R")
BEST_MATCHES = 8
LIST_EDGE = 320
MAX_MEMORY_IDS = 500


def tool_errors(tool: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Dashboard errors as tool errors: the sentence for people, the code for programs."""
    @functools.wraps(tool)
    async def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await tool(*args, **kwargs)
        except DashboardError as exc:
            raise ToolError(f"{exc.message} (error_code: {exc.code})") from exc
    return guarded


def dashboard(ctx: Context) -> Dashboard:
    return cast(Dashboard, ctx.request_context.lifespan_context)


Project = Annotated[str | None, Field(
    description="A project id or folder; default: the project of the folder Claude Code "
                "runs in when the dashboard knows it, else the demo.", max_length=1000)]
Prompt = Annotated[str, Field(min_length=1, max_length=20_000)]


@tool_errors
async def search_memories(
    ctx: Context, query: Annotated[str, Field(max_length=1000, description=(
        "Words to find (all must match; the last may be a prefix). Empty lists the newest."))],
    project: Project = None,
    type: Annotated[str | None, Field(max_length=40, description=(
        "Only memories of this type: decision, solution, insight, error, …"))] = None,
    limit: Annotated[int, Field(ge=1, le=100)] = 10,
) -> Annotated[CallToolResult, SearchOutput]:
    """Search the Omni-Cortex memories of a project: ids, types, dates and snippets, best
    match first. Pass the ids to generate_image to draw exactly those memories."""
    output = await asyncio.to_thread(_search, dashboard(ctx), query, project, type, limit)
    return tool_result(output, search_text(output, query))


def _search(dash: Dashboard, query: str, project: str | None, type_: str | None, limit: int
            ) -> SearchOutput:
    ref, notices = dash.project_ref(project)
    page = _memory_page(dash.services.projects.open_ref(ref), query, type_, limit)
    return SearchOutput(project=ref.id, project_name=ref.name, total=page.total,
                        memories=[memory_hit(m) for m in page.items], notices=notices)


def _memory_page(database: MemoryDatabase, query: str, type_: str | None, limit: int
                 ) -> MemoryPage:
    where = queries.MemoryFilter(type=type_)
    with database.reader() as conn:
        if query.strip():
            return queries.search_memories(conn, database.capabilities, query, where,
                                           limit=limit)
        return queries.list_memories(conn, database.capabilities, where, limit=limit)


@tool_errors
async def generate_image(
    ctx: Context, prompt: Prompt,
    memory_ids: Annotated[list[str] | None, Field(max_length=MAX_MEMORY_IDS, description=(
        "Memories to draw (ids from search_memories)."))] = None,
    query: Annotated[str | None, Field(max_length=1000, description=(
        "Without memory_ids: draw the memories that best match these words (default: the "
        "prompt's words)."))] = None,
    project: Project = None,
    preset: Annotated[str | None, Field(description=(
        f"One of {', '.join(PRESETS)}; default infographic."))] = None,
    aspect_ratio: Annotated[str | None, Field(max_length=8, description=(
        "e.g. 16:9, 1:1, 9:16, 21:9; default: the preset's."))] = None,
    image_size: Annotated[str | None, Field(max_length=4, description=(
        "1K, 2K or 4K (or another size the model makes); default 2K."))] = None,
    model: Annotated[str | None, Field(max_length=100, description=(
        f"One of {IMAGE_MODELS}; default: the configured one."))] = None,
    provider: Annotated[str | None, Field(max_length=40, description=(
        "gemini or local (the offline renderer); default: Gemini when a key is set."))] = None,
) -> Annotated[CallToolResult, PictureOutput]:
    """Make a picture (infographic, timeline, update sheet, …) from project memories with
    Nano Banana Pro, or the offline renderer without a key. Returns the full-size file's
    path, the dashboard URL of the new conversation, its cost and a preview. Takes tens of
    seconds with Gemini; progress is reported."""
    dash = dashboard(ctx)
    settings = _settings(preset, aspect_ratio, image_size)
    ref, database, ids, notices = await asyncio.to_thread(
        _memories_to_draw, dash, project, memory_ids, query, prompt)
    command = GenerateCommand(
        prompt=prompt, settings=settings, model=model, memory_ids=ids, project_id=ref.id,
        database=database, provider=provider, source="mcp")
    generated = await run_turn(dash.services, command, ctx)
    return await picture_result(dash, generated, ref.id, notices, provider)


def _settings(preset: str | None, aspect_ratio: str | None, image_size: str | None
              ) -> ImageSettings:
    chosen = preset or "infographic"
    if chosen not in PRESETS:
        raise InvalidInput("preset", f"Unknown preset '{chosen}': use {', '.join(PRESETS)}.")
    return ImageSettings(aspect_ratio=aspect_ratio or PRESETS[chosen].aspect_ratio,
                         image_size=image_size or "auto", preset=chosen)


def _memories_to_draw(dash: Dashboard, project: str | None, memory_ids: list[str] | None,
                      query: str | None, prompt: str
                      ) -> tuple[ProjectRef, MemoryDatabase, tuple[str, ...], list[str]]:
    """The project, its database, the memories to draw, and notices saying how."""
    ref, notices = dash.project_ref(project)
    database = dash.services.projects.open_ref(ref)
    ids, chosen = _chosen_memories(database, memory_ids, query, prompt)
    return ref, database, ids, [*notices, *chosen]


def _chosen_memories(database: MemoryDatabase, memory_ids: list[str] | None,
                     query: str | None, prompt: str) -> tuple[tuple[str, ...], list[str]]:
    """The memories to draw and a line saying how they were chosen."""
    if memory_ids:
        return tuple(memory_ids), []
    words = query or prompt
    with database.reader() as conn:
        found = queries.relevant_memories(conn, database.capabilities, words,
                                          limit=BEST_MATCHES)
    if query and not found:
        raise NotFound(f"No memories match '{query}' in this project: try other words, or "
                       "pass memory_ids from search_memories.")
    if not found:
        return (), ["No memory matches the prompt's words, so the prompt alone was drawn: "
                    "pass memory_ids or a query to choose memories."]
    return tuple(m.id for m in found), [
        f"Drew the {len(found)} memories that best match '{words[:80]}'."]


@tool_errors
async def refine_image(
    ctx: Context,
    conversation_id: Annotated[str, Field(max_length=100, description=(
        "From generate_image, list_images, the dashboard's History or the CLI."))],
    prompt: Prompt,
    aspect_ratio: Annotated[str | None, Field(max_length=8, description=(
        "Change the shape; default: as the last turn."))] = None,
    image_size: Annotated[str | None, Field(max_length=4, description=(
        "Change the size; default: as the last turn."))] = None,
) -> Annotated[CallToolResult, PictureOutput]:
    """Change the last picture of a conversation in words ("dark theme", "as a timeline",
    "bigger title"): the next turn of a conversation started here, in the browser or by
    the CLI. Same result as generate_image."""
    dash = dashboard(ctx)
    command = await asyncio.to_thread(_refinement, dash, conversation_id, prompt,
                                      aspect_ratio, image_size)
    generated = await run_turn(dash.services, command, ctx)
    return await picture_result(dash, generated, command.project_id, [], None)


def _refinement(dash: Dashboard, conversation_id: str, prompt: str, aspect_ratio: str | None,
                image_size: str | None) -> GenerateCommand:
    """The next turn, with the last turn's memories and settings, as the browser sends it."""
    conversations = dash.services.conversations
    conversation = conversations.get_open(conversation_id)
    turns = conversations.turns(conversation_id)
    if not turns:
        raise NotFound(f"Conversation '{conversation_id}' has no picture to refine yet.")
    last = turns[-1]
    settings = replace(last.settings, aspect_ratio=aspect_ratio or last.settings.aspect_ratio,
                       image_size=image_size or last.settings.image_size)
    database = _database_of(dash, conversation) if last.memory_ids else None
    return GenerateCommand(
        prompt=prompt, settings=settings, memory_ids=tuple(last.memory_ids) if database else (),
        project_id=conversation.project_id, database=database,
        conversation_id=conversation_id, source="mcp")


def _database_of(dash: Dashboard, conversation: Conversation) -> MemoryDatabase | None:
    if conversation.project_id is None:
        return None
    projects = dash.services.projects
    return projects.open_ref(projects.get(conversation.project_id))


@tool_errors
async def list_images(
    ctx: Context, limit: Annotated[int, Field(ge=1, le=50)] = 10,
    project: Annotated[str | None, Field(max_length=1000, description=(
        "Only this project's (id or folder); default: every project's."))] = None,
    query: Annotated[str | None, Field(max_length=200, description=(
        "Words in the title or in any turn's prompt."))] = None,
) -> Annotated[CallToolResult, ImageListOutput]:
    """Recent picture conversations, newest first, from every client (Claude Code, the
    browser, the CLI), each with its last picture's path, dashboard URL and a thumbnail."""
    output, thumbnails = await asyncio.to_thread(_listed, dashboard(ctx), limit, project,
                                                 query)
    return tool_result(output, image_list_text(output), *thumbnails)


def _listed(dash: Dashboard, limit: int, project: str | None, query: str | None
            ) -> tuple[ImageListOutput, list[ImageContent]]:
    project_id = dash.project_ref(project)[0].id if project else None
    found = dash.services.conversations.recent(project_id, limit=limit, query=query or None)
    items = [_item(dash, c) for c in found]
    return ImageListOutput(conversations=items), [_thumbnail(dash, i) for i in items]


def _item(dash: Dashboard, conversation: Conversation) -> ConversationItem:
    last = dash.services.conversations.turn(conversation.id, conversation.turn_count)
    path = dash.services.image_store.locate(last.image_id, last.mime_type)
    return ConversationItem(
        conversation_id=conversation.id, title=conversation.title, source=conversation.source,
        provider=conversation.provider, model=conversation.model, turns=conversation.turn_count,
        updated_at=conversation.updated_at, url=dash.conversation_url(conversation.id),
        image_id=last.image_id, path=str(path), width=last.width, height=last.height,
        mime_type=last.mime_type)


def _thumbnail(dash: Dashboard, item: ConversationItem) -> ImageContent:
    return make_preview(dash.services.image_store, item.image_id, item.mime_type,
                        (item.width, item.height), LIST_EDGE).content()


@tool_errors
async def get_image(
    ctx: Context, image_id: Annotated[str, Field(max_length=64, description=(
        "An image id from generate_image, refine_image or list_images."))],
    max_edge: Annotated[int, Field(ge=64, le=1568, description=(
        "The preview's longest side in pixels."))] = 1024,
) -> Annotated[CallToolResult, ImageOutput]:
    """One picture as a JPEG preview (never larger than 1568 px), with its full-size path."""
    dash = dashboard(ctx)
    output, preview = await asyncio.to_thread(_image, dash, image_id, max_edge)
    return tool_result(output, image_text(output), preview.content())


def _image(dash: Dashboard, image_id: str, max_edge: int) -> tuple[ImageOutput, Preview]:
    store = dash.services.image_store
    mime = image_mime_type(dash.services.state, image_id)
    path = store.locate(image_id, mime)
    width, height = image_dimensions(path.read_bytes())
    preview = make_preview(store, image_id, mime, (width, height), max_edge)
    output = ImageOutput(image_id=image_id, path=str(path), url=dash.image_url(image_id),
                         width=width, height=height, mime_type=mime,
                         preview_width=preview.width, preview_height=preview.height)
    return output, preview


TOOLS: tuple[Callable[..., Awaitable[CallToolResult]], ...] = (
    search_memories, generate_image, refine_image, list_images, get_image)
READ_ONLY = frozenset({"search_memories", "list_images", "get_image"})
