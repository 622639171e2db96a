"""Image engine: server time per turn, event-loop health under load, upload size, memory.

Runs the dashboard as a real server process pointed at the Gemini emulator (answering
at once, with real-size thought signatures of 750 KB), so the figures are the server's
own work: the SDK's request and response, base64, hashing and fsyncing the pictures and
signatures, the state database. Answers come as Nano Banana Pro's usual JPEG and, as a
heavy case, as noisy PNGs (1.0 / 4.0 / 15.8 MB at 1K / 2K / 4K).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._server import DashboardProcess, percentile
from tests.fakes.gemini_emulator import GeminiEmulator

TURNS_PER_SIZE = {"1K": 20, "2K": 15, "4K": 10}


async def turn(client: httpx.AsyncClient, emulator: GeminiEmulator, **body: object
               ) -> tuple[float, dict]:
    payload = {"prompt": "an infographic of our decisions", "include_image_data": False,
               "aspect_ratio": "16:9", **body}
    seen = len(emulator.requests)
    started = time.perf_counter()
    response = await client.post("/api/image/generate?project=demo", json=payload)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    upstream = emulator.requests[seen]
    model_time = upstream.finished_at - upstream.started_at
    return (elapsed - model_time) * 1000, response.json()


async def server_time_per_turn(client: httpx.AsyncClient, emulator: GeminiEmulator) -> None:
    print("server time per first turn (excluding the emulator's own time), "
          f"signatures {emulator.signature_bytes // 1000} KB, include_image_data=false")
    for shape in ("jpeg", "png"):
        emulator.answer_shape(shape, times=None)
        for size, count in TURNS_PER_SIZE.items():
            await turn(client, emulator, image_size=size)  # warm the emulator's image cache
            times = [(await turn(client, emulator, image_size=size))[0] for _ in range(count)]
            print(f"  {shape:4} {size}: p50 {statistics.median(times):7.1f} ms   p95 "
                  f"{percentile(times, 0.95):7.1f} ms   (n={count})")
        emulator.reset()


async def long_conversation(client: httpx.AsyncClient, emulator: GeminiEmulator) -> None:
    print("a 10-turn 2K conversation: request bytes sent to Gemini and server time per turn")
    for shape in ("jpeg", "png"):
        emulator.answer_shape(shape, times=None)
        elapsed, first = await turn(client, emulator, image_size="2K")
        rows = [(1, first["request_bytes"], elapsed)]
        for number in range(2, 11):
            elapsed, body = await turn(client, emulator, image_size="2K",
                                       prompt=f"refinement {number}",
                                       conversation_id=first["conversation_id"])
            rows.append((number, body["request_bytes"], elapsed))
        shown = ", ".join(f"turn {n}: {size / 1e6:.1f} MB {ms:.0f} ms"
                          for n, size, ms in rows if n in (1, 5, 10))
        print(f"  {shape:4} {shown}")
        emulator.reset()


async def memories_while_turns_in_flight(client: httpx.AsyncClient,
                                         emulator: GeminiEmulator) -> None:
    emulator.latency = 1.5
    turns = [asyncio.create_task(turn(client, emulator, image_size="2K")) for _ in range(8)]
    await asyncio.sleep(0.2)
    times = []
    while not all(t.done() for t in turns):
        started = time.perf_counter()
        (await client.get("/api/memories?project=demo&limit=50")).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.01)
    await asyncio.gather(*turns)
    emulator.latency = 0.0
    print(f"GET /api/memories while 8 turns are in flight: p50 {statistics.median(times):.1f} "
          f"ms   p95 {percentile(times, 0.95):.1f} ms   max {max(times):.1f} ms (n={len(times)})")


async def refinement_upload(client: httpx.AsyncClient, emulator: GeminiEmulator) -> None:
    _, first = await turn(client, emulator, image_size="1K")
    sizes = []
    for number in range(2, 7):
        body = {"prompt": f"refinement {number}: make the title bigger",
                "conversation_id": first["conversation_id"], "include_image_data": False,
                "aspect_ratio": "16:9", "image_size": "1K"}
        sizes.append(len(json.dumps(body).encode()))
        await turn(client, emulator, **{k: v for k, v in body.items()
                                        if k not in ("include_image_data", "aspect_ratio")})
    print(f"bytes a browser uploads per refinement turn (turns 2-6): {sizes}")


async def peak_memory(server: DashboardProcess, client: httpx.AsyncClient,
                      emulator: GeminiEmulator) -> None:
    before = server.peak_rss_mb()
    for _ in range(10):
        await turn(client, emulator, image_size="4K")
    print(f"server peak RSS: {before:.0f} MB before, {server.peak_rss_mb():.0f} MB after ten "
          "4K turns")


async def main() -> None:
    with GeminiEmulator() as emulator, tempfile.TemporaryDirectory() as home:
        server = DashboardProcess(Path(home), GEMINI_API_KEY="bench-key",
                                  GEMINI_BASE_URL=emulator.base_url,
                                  CORTEX_DASHBOARD_GEMINI_ATTEMPTS="1")
        try:
            async with httpx.AsyncClient(base_url=server.url, timeout=120) as client:
                await server_time_per_turn(client, emulator)
                await long_conversation(client, emulator)
                await memories_while_turns_in_flight(client, emulator)
                await refinement_upload(client, emulator)
                await peak_memory(server, client, emulator)
        finally:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main())
