"""The MCP server (stdio) for Claude Code: the dashboard's services on its data directory.

A picture made here is an image conversation like any other (source "mcp"): the
browser's History shows it and refines it, and `refine_image` continues one started in
the browser or by the CLI. Modules: `dashboard` (the shared state, which project a call
means), `tools` (the five tools), `turns` (progress and cancellation of a picture turn),
`results` (outputs, their text, previews Claude accepts).

Only the protocol reaches stdout: while it serves, the SDK points file descriptor 1 at
stderr, where the logs go too.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations

from cortex_dashboard import __version__
from cortex_dashboard.mcp_server.dashboard import Dashboard
from cortex_dashboard.mcp_server.tools import READ_ONLY, TOOLS
from cortex_dashboard.services import Services
from cortex_dashboard.settings import Settings

__all__ = ["Dashboard", "create_server", "serve_stdio"]

log = logging.getLogger(__name__)
INSTRUCTIONS = (
    "Pictures from Omni-Cortex memories. Find memories with search_memories, draw them with "
    "generate_image (or let it pick the memories matching a query), change the picture in "
    "words with refine_image. Every picture is also in the cortex-dashboard web UI at the "
    "URL given, where it can be refined further; list_images shows recent ones from every "
    "client.")


def create_server(settings: Settings, cwd: Path) -> MCPServer[Dashboard]:
    """The server, its services built when a session starts and closed when it ends."""

    @asynccontextmanager
    async def lifespan(_: MCPServer[Dashboard]) -> AsyncIterator[Dashboard]:
        services = Services.build(settings)
        log.info("cortex-dashboard mcp: data in %s, pictures by %s", settings.home,
                 services.providers.image().name)
        try:
            yield Dashboard(services, cwd)
        finally:
            await services.images.drain()
            services.close()

    server: MCPServer[Dashboard] = MCPServer(
        "cortex-dashboard", instructions=INSTRUCTIONS, version=__version__, lifespan=lifespan,
        log_level="WARNING")
    for tool in TOOLS:
        read_only = tool.__name__ in READ_ONLY
        server.add_tool(tool, annotations=ToolAnnotations(
            read_only_hint=read_only, destructive_hint=False, idempotent_hint=read_only,
            open_world_hint=not read_only))
    return server


def serve_stdio(settings: Settings, cwd: Path) -> None:
    server = create_server(settings, cwd)
    # The SDK logs WARNING and up to stderr (HTTP libraries say every request at INFO);
    # the dashboard's own lines, such as which provider draws, are kept.
    logging.getLogger("cortex_dashboard").setLevel(logging.INFO)
    server.run("stdio")
