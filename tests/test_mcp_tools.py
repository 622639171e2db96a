"""The MCP tools in process, through the SDK's in-memory client: errors, notices, previews."""

from __future__ import annotations

import asyncio
import base64
import io
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import CallToolResult, ImageContent
from PIL import Image
from typer.testing import CliRunner

from cortex_dashboard.cli import app
from cortex_dashboard.images.store import ImageStore
from cortex_dashboard.mcp_server import create_server
from cortex_dashboard.mcp_server.results import PREVIEW_MAX_BYTES, fitted_width, make_preview
from cortex_dashboard.services import Services
from cortex_dashboard.settings import Settings
from tests.conftest import build_memory_db, gemini_settings

Connect = Callable[[], Client]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A project folder with memories that the dashboard has not been told about."""
    build_memory_db(tmp_path / "app" / ".omni-cortex" / "cortex.db")
    return tmp_path / "app"


def client_of(settings: Settings, cwd: Path) -> Client:
    return Client(create_server(settings, cwd))


@pytest.fixture
def connect(settings: Settings, folder: Path) -> Connect:
    """A client of a server in this process, started in `folder`; the test enters it
    (anyio's scopes are left by the task that entered them, never a fixture's teardown)."""
    return lambda: client_of(settings, folder)


async def call(connect: Connect, tool: str, **arguments: Any) -> CallToolResult:
    async with connect() as client:
        return await client.call_tool(tool, arguments)


def text_of(result: CallToolResult) -> str:
    return "\n".join(getattr(part, "text", "") for part in result.content)


def images_of(result: CallToolResult) -> list[Image.Image]:
    parts = [p for p in result.content if isinstance(p, ImageContent)]
    return [Image.open(io.BytesIO(base64.b64decode(p.data))) for p in parts]


async def picture(client: Client, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool("generate_image", {"prompt": "decisions", "image_size":
                                                       "1K", **arguments})
    assert not result.is_error, text_of(result)
    return dict(result.structured_content or {})


@pytest.mark.parametrize(("size", "edge", "width"), [
    ((5504, 3072), 1568, 1568), ((3072, 5504), 1568, 875), ((1024, 1024), 1568, 1024),
    ((6336, 2688), 320, 320)])
def test_fitted_width_keeps_the_long_edge_within_the_limit(size: tuple[int, int], edge: int,
                                                           width: int):
    assert fitted_width(*size, edge) == width


def noise_png(width: int, height: int) -> bytes:
    """The worst case for JPEG: pixels that do not compress."""
    pixels = random.Random(7).randbytes(width * height * 3)
    output = io.BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(output, format="PNG",
                                                          compress_level=1)
    return output.getvalue()


def test_an_incompressible_picture_gets_a_smaller_preview_under_1_mb(tmp_path: Path):
    store = ImageStore(tmp_path)
    saved = store.save(noise_png(1600, 1600), "image/png")  # 1.8 MB as a 1568 px JPEG
    preview = make_preview(store, saved.id, saved.mime_type, (saved.width, saved.height))
    assert len(preview.data) < PREVIEW_MAX_BYTES
    assert preview.width == 1254


async def test_without_a_key_the_offline_renderer_answers_and_says_how_to_set_one(
        connect: Connect):
    result = await call(connect, "generate_image", prompt="decisions", image_size="1K")
    assert (result.structured_content or {})["provider"] == "local"
    assert "give this server GEMINI_API_KEY" in text_of(result)


async def test_asking_for_the_offline_renderer_says_nothing_about_keys(connect: Connect):
    result = await call(connect, "generate_image", prompt="decisions", provider="local",
                        image_size="1K")
    assert "GEMINI_API_KEY" not in text_of(result)


async def test_asking_for_gemini_without_a_key_is_a_tool_error_saying_how_to_set_one(
        connect: Connect):
    result = await call(connect, "generate_image", prompt="decisions", provider="gemini")
    assert result.is_error
    assert "No Gemini API key is set. Add GEMINI_API_KEY" in text_of(result)


async def test_a_budget_that_is_spent_is_a_tool_error_with_its_sentence(
        tmp_path: Path, folder: Path, emulator: Any):
    settings = gemini_settings(tmp_path / "home", emulator, daily_budget_usd=0.01)
    result = await call(lambda: client_of(settings, folder), "generate_image", prompt="x")
    assert result.is_error
    assert "over the daily budget of $0.01" in text_of(result)


async def test_memories_the_dashboard_does_not_know_leave_it_on_the_demo_and_say_so(
        connect: Connect, folder: Path):
    result = await call(connect, "search_memories", query="postgres")
    assert (result.structured_content or {})["project"] == "demo"
    assert f"cortex-dashboard projects add {folder}" in text_of(result)


async def test_a_registered_folder_is_searched_by_default(settings: Settings, folder: Path,
                                                          connect: Connect):
    services = Services.build(settings)
    services.projects.add(folder)
    services.close()
    result = await call(connect, "search_memories", query="pgbouncer")
    found = (result.structured_content or {})["memories"]
    assert [m["id"] for m in found] == ["mem_1767434400000_0000cccc"]


async def test_search_filters_by_type(connect: Connect):
    result = await call(connect, "search_memories", query="", type="decision", limit=5)
    memories = (result.structured_content or {})["memories"]
    assert len(memories) == 5
    assert {m["type"] for m in memories} == {"decision"}


async def test_a_limit_out_of_range_is_a_tool_error_naming_it(connect: Connect):
    result = await call(connect, "search_memories", query="x", limit=1000)
    assert result.is_error
    assert "limit" in text_of(result)


async def test_an_unknown_preset_is_a_tool_error_naming_the_presets(connect: Connect):
    result = await call(connect, "generate_image", prompt="x", preset="poster")
    assert result.is_error
    assert "Unknown preset 'poster': use infographic" in text_of(result)


async def test_a_query_that_matches_nothing_is_a_tool_error(connect: Connect):
    result = await call(connect, "generate_image", prompt="x", query="zyxwvu")
    assert result.is_error
    assert "No memories match 'zyxwvu'" in text_of(result)


async def test_refining_an_unknown_conversation_is_a_tool_error(connect: Connect):
    result = await call(connect, "refine_image", conversation_id="conv_nope", prompt="dark")
    assert result.is_error
    assert "error_code: not_found" in text_of(result)


async def test_refine_keeps_the_shape_and_memories_unless_told(connect: Connect):
    async with connect() as client:
        first = await picture(client, aspect_ratio="9:16")
        result = await client.call_tool("refine_image", {
            "conversation_id": first["conversation_id"], "prompt": "dark theme"})
    refined = result.structured_content or {}
    assert (refined["width"], refined["height"]) == (first["width"], first["height"])
    assert refined["memory_ids"] == first["memory_ids"]


async def test_list_images_shows_where_each_conversation_came_from_with_a_thumbnail(
        connect: Connect):
    async with connect() as client:
        await picture(client)
        result = await client.call_tool("list_images", {})
    listed = (result.structured_content or {})["conversations"]
    assert [c["source"] for c in listed] == ["mcp"]
    assert [max(i.size) for i in images_of(result)] == [320]


async def test_get_image_previews_at_the_edge_asked_and_names_the_original(connect: Connect):
    async with connect() as client:
        made = await picture(client)
        result = await client.call_tool("get_image", {"image_id": made["image_id"],
                                                      "max_edge": 256})
    assert [max(i.size) for i in images_of(result)] == [256]
    assert (result.structured_content or {})["path"] == made["path"]


async def test_an_unknown_image_is_a_tool_error(connect: Connect):
    result = await call(connect, "get_image", image_id="0" * 64)
    assert result.is_error
    assert "No image with id" in text_of(result)


async def test_the_file_named_in_the_result_is_the_full_size_picture(connect: Connect):
    async with connect() as client:
        made = await picture(client, image_size="2K")
    size = await asyncio.to_thread(lambda: Image.open(made["path"]).size)
    assert size == (made["width"], made["height"]) == (2752, 1536)


def test_mcp_help_says_what_it_serves_and_how_to_register_it():
    words = " ".join(CliRunner().invoke(app, ["mcp", "--help"]).output.split())
    assert "Serve Claude Code over MCP (stdio)" in words
    assert "claude mcp add cortex-dashboard -- cortex-dashboard mcp" in words


async def test_a_picture_links_to_its_conversation_and_turn_in_the_web_ui(connect: Connect):
    async with connect() as client:
        made = await picture(client)
    assert made["url"].endswith(f"/#conversation={made['conversation_id']}&turn=1")
