"""One picture turn for a tool call: progress while the model works, cancel when asked.

The turn runs through the image service's stream, as in the browser: the model's thoughts
become progress messages, and a tick every second says it is still working (a Gemini
call is silent for tens of seconds). When the client cancels the request the turn in
flight is cancelled too; one whose picture had already arrived is kept, as everywhere.
"""

from __future__ import annotations

import asyncio
import time

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult

from cortex_dashboard.errors import DashboardError
from cortex_dashboard.images.service import GenerateCommand, GeneratedTurn
from cortex_dashboard.mcp_server.dashboard import Dashboard
from cortex_dashboard.mcp_server.results import (
    PictureOutput,
    Preview,
    make_preview,
    picture_text,
    tool_result,
)
from cortex_dashboard.providers.base import StreamEvent
from cortex_dashboard.services import Services

TICK_S = 1.0
THOUGHT_CHARS = 120
KEY_HOW_TO = ("For Nano Banana Pro, give this server GEMINI_API_KEY (`claude mcp add --env "
              "GEMINI_API_KEY=… cortex-dashboard -- cortex-dashboard mcp`, or the key in its "
              ".env) and restart it.")


class Progress:
    """Progress notifications for one request; each one's number is higher than the last."""

    def __init__(self, ctx: Context, label: str) -> None:
        self.ctx = ctx
        self.label = label
        self.step = 0
        self.started = time.monotonic()

    async def report(self, message: str) -> None:
        self.step += 1
        elapsed = time.monotonic() - self.started
        await self.ctx.report_progress(self.step, None,
                                       f"{self.label}, {elapsed:.0f} s: {message}")

    async def tick(self) -> None:
        while True:
            await asyncio.sleep(TICK_S)
            await self.report("still working")

    async def event(self, event: StreamEvent) -> None:
        if event.kind == "thought_image":
            await self.report("a draft picture arrived")
            return
        line = next((s.strip("*# ") for s in event.text.splitlines() if s.strip("*# ")),
                    "thinking")
        await self.report(line[:THOUGHT_CHARS])


async def run_turn(services: Services, command: GenerateCommand, ctx: Context
                   ) -> GeneratedTurn:
    """The turn, saved; its conversation's turn in flight is cancelled with the request."""
    prepared = await services.images.prepare(command)
    progress = Progress(ctx, f"{prepared.model.name} ({prepared.provider.name})")
    items = services.images.stream(prepared)
    ticker = asyncio.create_task(progress.tick())
    try:
        await progress.report("started")
        async for item in items:
            if isinstance(item, StreamEvent):
                await progress.event(item)
            else:
                return item
    except asyncio.CancelledError:
        services.images.cancel(prepared.conversation_id)
        raise
    finally:
        ticker.cancel()
    raise DashboardError("The provider's stream ended without a picture.")


async def picture_result(dash: Dashboard, generated: GeneratedTurn, project_id: str | None,
                         notices: list[str], provider: str | None) -> CallToolResult:
    """Text (path, URL, ids, size, cost, today's spend), the preview, structured content."""
    output, preview = await asyncio.to_thread(_picture, dash, generated, project_id,
                                              [*notices, *_offline_notice(dash, generated,
                                                                          provider)])
    return tool_result(output, picture_text(output), preview.content())


def _offline_notice(dash: Dashboard, generated: GeneratedTurn, provider: str | None
                    ) -> list[str]:
    """Why a picture nobody asked to be drawn offline was: the providers that are not set
    up, in their own words, and how to set up a key."""
    problems = dash.services.providers.problems()
    if provider is not None or not problems:
        return []
    drawn_by = dash.services.providers.credit(generated.provider)
    reasons = " ".join(problem for _, problem in problems)
    return [f"Drawn by {drawn_by}. {reasons} {KEY_HOW_TO}"]


def _picture(dash: Dashboard, generated: GeneratedTurn, project_id: str | None,
             notices: list[str]) -> tuple[PictureOutput, Preview]:
    turn = generated.turn
    store = dash.services.image_store
    path = store.locate(turn.image_id, turn.mime_type)
    preview = make_preview(store, turn.image_id, turn.mime_type, (turn.width, turn.height))
    spend = dash.services.ledger.spend()
    settings = turn.settings
    output = PictureOutput(
        conversation_id=generated.conversation_id, turn=turn.turn, image_id=turn.image_id,
        path=str(path), url=dash.conversation_url(generated.conversation_id, generated.turn.turn),
        width=turn.width, height=turn.height, mime_type=turn.mime_type,
        preview_width=preview.width, preview_height=preview.height,
        cost_usd=turn.cost_usd, today_usd=spend.today_usd,
        daily_budget_usd=spend.daily_budget_usd, provider=generated.provider,
        model=settings.model, preset=settings.preset, aspect_ratio=settings.aspect_ratio,
        image_size=settings.image_size, project=project_id, memory_ids=turn.memory_ids,
        notices=[*notices, *generated.notices], reply=generated.text)
    return output, preview
