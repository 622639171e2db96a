"""`cortex-dashboard mcp` as Claude Code runs it: a subprocess on stdio, driven by the MCP
SDK's own client, on a data directory a dashboard shares."""

from __future__ import annotations

import asyncio
import base64
import io
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.types import CallToolResult, ImageContent
from PIL import Image

from cortex_dashboard.app import create_app
from cortex_dashboard.services import Services
from tests.conftest import BASE_URL, SAMPLE_MEMORIES, build_memory_db, make_settings

pytestmark = pytest.mark.asyncio(loop_scope="module")
COMMAND = Path(sys.executable).parent / "cortex-dashboard"
POSTGRES_IDS = {m["memory_id"] for m in SAMPLE_MEMORIES if "postgres" in m["content"].lower()}


class StdioServer:
    """A `cortex-dashboard mcp` subprocess and a session with it, held open by one task
    (anyio's contexts are left by the task that entered them)."""

    def __init__(self, root: Path, cwd: Path, **env: str) -> None:
        self.home = root / "home"
        self.errlog = root / "stderr.log"
        self.params = StdioServerParameters(command=str(COMMAND), args=["mcp"], cwd=cwd, env={
            "CORTEX_DASHBOARD_HOME": str(self.home),
            "CORTEX_DASHBOARD_GLOBAL_DB": str(root / "none.db"), **env})
        self.stream_errors: list[Exception] = []
        self.session: ClientSession | None = None
        self._ready = asyncio.Event()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> ClientSession:
        self._task = asyncio.create_task(self._hold())
        ready = asyncio.create_task(self._ready.wait())
        await asyncio.wait({ready, self._task}, timeout=60,
                           return_when=asyncio.FIRST_COMPLETED)
        if self.session is None:
            ready.cancel()
            await self._task  # raises what went wrong
            raise RuntimeError("the MCP server did not start in 60 s")
        return self.session

    async def _hold(self) -> None:
        with self.errlog.open("w") as errlog:
            async with stdio_client(self.params, errlog=errlog) as (read, write), \
                    ClientSession(read, write, message_handler=self._on_message) as session:
                await session.initialize()
                self.session = session
                self._ready.set()
                await self._stop.wait()

    async def _on_message(self, message: Any) -> None:
        if isinstance(message, Exception):
            self.stream_errors.append(message)

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task


@pytest.fixture(scope="module")
def project_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of projects; `app` is the one Claude Code runs in, with five memories."""
    root = tmp_path_factory.mktemp("code")
    build_memory_db(root / "app" / ".omni-cortex" / "cortex.db")
    return root


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def offline(tmp_path_factory: pytest.TempPathFactory, project_root: Path
                  ) -> AsyncIterator[StdioServer]:
    server = StdioServer(tmp_path_factory.mktemp("offline"), project_root / "app",
                         CORTEX_DASHBOARD_SCAN_DIRS=str(project_root))
    await server.start()
    yield server
    await server.stop()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def gemini(tmp_path_factory: pytest.TempPathFactory, project_root: Path,
                 emulator_server: Any) -> AsyncIterator[StdioServer]:
    server = StdioServer(tmp_path_factory.mktemp("gemini"), project_root / "app",
                         GEMINI_API_KEY="test-key", GEMINI_BASE_URL=emulator_server.base_url,
                         CORTEX_DASHBOARD_GEMINI_ATTEMPTS="1")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def quick_emulator(emulator: Any) -> Iterator[Any]:
    yield emulator
    emulator.reset()


async def call(server: StdioServer, tool: str, **arguments: Any) -> CallToolResult:
    assert server.session is not None
    return await server.session.call_tool(tool, arguments)


def preview_of(result: CallToolResult) -> Image.Image:
    part = next(p for p in result.content if isinstance(p, ImageContent))
    data = base64.b64decode(part.data)
    assert len(data) < 1_000_000
    return Image.open(io.BytesIO(data))


async def generate(server: StdioServer, prompt: str, **arguments: Any) -> dict[str, Any]:
    result = await call(server, "generate_image", prompt=prompt, **arguments)
    assert not result.is_error, result.content
    return dict(result.structured_content or {})


async def test_lists_the_five_tools_each_with_an_output_schema(offline: StdioServer):
    assert offline.session is not None
    tools = {t.name: t for t in (await offline.session.list_tools()).tools}
    assert sorted(tools) == ["generate_image", "get_image", "list_images", "refine_image",
                             "search_memories"]
    assert all(t.output_schema and "properties" in t.output_schema for t in tools.values())


async def test_generate_schema_names_its_arguments_and_requires_only_the_prompt(
        offline: StdioServer):
    assert offline.session is not None
    tools = {t.name: t for t in (await offline.session.list_tools()).tools}
    schema = tools["generate_image"].input_schema
    assert schema["required"] == ["prompt"]
    assert {"memory_ids", "query", "project", "preset", "aspect_ratio", "image_size",
            "model"} <= set(schema["properties"])


async def test_search_finds_the_memories_of_the_folder_claude_code_runs_in(
        offline: StdioServer):
    result = await call(offline, "search_memories", query="postgres")
    found = {m["id"] for m in (result.structured_content or {})["memories"]}
    assert found == POSTGRES_IDS
    assert "mem_1767348000000_0000bbbb" in result.content[0].text  # type: ignore[union-attr]


async def test_offline_4k_picture_comes_with_a_jpeg_preview_within_claudes_limits(
        offline: StdioServer):
    result = await call(offline, "generate_image", prompt="pool exhaustion",
                        query="postgres", image_size="4K")
    preview = preview_of(result)
    assert (preview.format, max(preview.size)) == ("JPEG", 1568)
    assert await asyncio.to_thread(Path((result.structured_content or {})["path"]).is_file)


async def test_refine_is_the_next_turn_of_the_same_conversation(offline: StdioServer):
    first = await generate(offline, "our auth decisions", preset="timeline")
    result = await call(offline, "refine_image", conversation_id=first["conversation_id"],
                        prompt="dark theme")
    refined = result.structured_content or {}
    assert (refined["conversation_id"], refined["turn"]) == (first["conversation_id"], 2)
    assert refined["image_id"] != first["image_id"]


def dashboard_client(server: StdioServer) -> tuple[Services, httpx.AsyncClient]:
    services = Services.build(make_settings(server.home))
    app = create_app(services.settings, services)
    return services, httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                       base_url=BASE_URL)


async def test_the_dashboard_on_the_same_home_shows_the_conversation_made_here(
        offline: StdioServer):
    first = await generate(offline, "session cookies", query="cookies")
    await call(offline, "refine_image", conversation_id=first["conversation_id"],
               prompt="as a timeline")
    services, http = dashboard_client(offline)
    async with http:
        found = (await http.get(f"/api/image/conversations/{first['conversation_id']}")).json()
    services.close()
    assert (found["source"], len(found["turns"])) == ("mcp", 2)
    assert found["turns"][1]["preset"] == "timeline"


async def test_a_conversation_started_in_the_browser_is_refined_here(offline: StdioServer):
    services, http = dashboard_client(offline)
    async with http:
        started = (await http.post("/api/image/generate", json={
            "prompt": "cache notes", "image_size": "1K", "include_image_data": False})).json()
    services.close()
    result = await call(offline, "refine_image", conversation_id=started["conversation_id"],
                        prompt="vibrant palette")
    assert (result.structured_content or {})["turn"] == 2
    assert (result.structured_content or {})["width"] == started["width"]


async def test_unknown_memory_ids_are_a_tool_error_and_the_server_carries_on(
        offline: StdioServer):
    result = await call(offline, "generate_image", prompt="x", memory_ids=["mem_gone"])
    assert result.is_error
    assert "Unknown memory ids in this project: mem_gone" in result.content[0].text  # type: ignore[union-attr]
    assert not (await call(offline, "list_images", limit=1)).is_error


async def test_logs_go_to_stderr_and_stdout_carries_only_the_protocol(offline: StdioServer):
    await generate(offline, "cache hit rate")
    assert offline.stream_errors == []
    assert "cortex-dashboard mcp: data in" in offline.errlog.read_text()


async def test_progress_arrives_while_gemini_works(gemini: StdioServer, quick_emulator: Any):
    quick_emulator.latency = 2.0
    seen: list[tuple[float, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, message))

    assert gemini.session is not None
    await gemini.session.call_tool("generate_image", {"prompt": "auth", "image_size": "1K"},
                                   progress_callback=on_progress)
    assert len(seen) >= 3
    assert [p for p, _ in seen] == sorted({p for p, _ in seen})


async def test_a_gemini_picture_reports_its_cost_and_todays_spend(gemini: StdioServer,
                                                                  quick_emulator: Any):
    picture = await generate(gemini, "postgres pool", image_size="1K")
    assert picture["cost_usd"] > 0.1
    assert picture["today_usd"] >= picture["cost_usd"]


async def test_cancelling_the_request_stops_the_turn_before_it_is_paid(
        gemini: StdioServer, quick_emulator: Any):
    quick_emulator.latency = 1.5
    started = asyncio.Event()

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        started.set()

    assert gemini.session is not None
    request = asyncio.create_task(gemini.session.call_tool(
        "generate_image", {"prompt": "cancel me 7f3a", "image_size": "1K"},
        progress_callback=on_progress))
    await asyncio.wait_for(started.wait(), 10)
    request.cancel()
    with suppress(asyncio.CancelledError):
        await request
    await asyncio.sleep(2.0)  # past the emulator's answer, had the turn gone on
    listed = await call(gemini, "list_images", query="cancel me 7f3a")
    assert (listed.structured_content or {})["conversations"] == []


async def test_a_blocked_prompt_is_a_tool_error_with_the_products_sentence(
        gemini: StdioServer, quick_emulator: Any):
    quick_emulator.block_next_prompt()
    result = await call(gemini, "generate_image", prompt="something", image_size="1K")
    assert result.is_error
    assert "error_code: blocked_prompt" in result.content[0].text  # type: ignore[union-attr]
