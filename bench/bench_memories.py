"""Memory queries at 100,000 memories: p50/p95 through the HTTP app, and their plans.

Every figure except one is a full request through `create_app` (httpx's ASGI transport,
Host 127.0.0.1), so routing, validation and JSON encoding are included. There is no bulk
endpoint yet, so "20 by id" times the `get_memories` service function directly.

"cold" runs with the answer cache off (every request runs its queries); "warm" repeats
the same request with the cache on (answers kept until the database changes). Targets
are judged on the cold figures.

    .venv/bin/python bench/bench_memories.py [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_memories import COMMON_WORD, RARE_WORD, ensure_database

from cortex_dashboard.app import create_app
from cortex_dashboard.memories import MemoryDatabase, MemoryFilter
from cortex_dashboard.memories import db as memories_db
from cortex_dashboard.memories.queries import (
    get_memories,
    list_memories,
    search_memories,
)
from cortex_dashboard.services import Services
from cortex_dashboard.settings import Settings

WARMUP = 5


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    target_ms: float
    params: dict[str, Any]


CASES = [
    Case("list a page of 50 (with total)", 10, {"limit": 50}),
    Case(f"search rare word '{RARE_WORD}'", 10, {"q": RARE_WORD}),
    Case(f"search common word '{COMMON_WORD}' (bm25)", 50, {"q": COMMON_WORD}),
    Case("filter by type", 20, {"type": "decision"}),
    Case("page at offset 90,000", 15, {"offset": 90_000, "limit": 50}),
]


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


async def time_calls(call: Callable[[], Awaitable[Any]], count: int) -> list[float]:
    for _ in range(WARMUP):
        await call()
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def query_plans(db: MemoryDatabase, run: Callable[[sqlite3.Connection], Any]) -> list[str]:
    """EXPLAIN QUERY PLAN of every statement `run` executes, one line each."""
    statements: list[str] = []
    with db.reader() as conn:
        conn.set_trace_callback(statements.append)
        try:
            run(conn)
        finally:
            conn.set_trace_callback(None)
        plans = []
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
            plans.append("; ".join(row[3] for row in rows))
    return plans


def service_call(case: Case, caps: Any) -> Callable[[sqlite3.Connection], Any]:
    params = case.params
    where = MemoryFilter(type=params.get("type"))
    options = {"limit": params.get("limit", 50), "offset": params.get("offset", 0)}
    if "q" in params:
        return lambda conn: search_memories(conn, caps, params["q"], where, **options)
    return lambda conn: list_memories(conn, caps, where, **options)


def report(name: str, cold: list[float], warm: list[float] | None,
           target_ms: float | None) -> bool:
    p50, p95 = percentiles(cold)
    warm_figures = "{:>8.2f} {:>8.2f}".format(*percentiles(warm)) if warm else f"{'-':>8} {'-':>8}"
    met = target_ms is None or p95 <= target_ms
    target = f"{target_ms:>6.0f}" if target_ms is not None else f"{'-':>6}"
    verdict = "" if target_ms is None else ("ok" if met else "MISSED")
    print(f"{name:<42} {p50:>8.2f} {p95:>8.2f} {warm_figures} {target} {verdict}")
    return met


async def cold_and_warm(call: Callable[[], Awaitable[Any]], count: int,
                        ) -> tuple[list[float], list[float]]:
    cache_size = memories_db.RESULT_CACHE_SIZE
    memories_db.RESULT_CACHE_SIZE = 0
    try:
        cold = await time_calls(call, count)
    finally:
        memories_db.RESULT_CACHE_SIZE = cache_size
    return cold, await time_calls(call, count)


async def run(count: int) -> bool:
    db_path = ensure_database()
    with tempfile.TemporaryDirectory() as home:
        settings = Settings.from_mapping({"home": Path(home), "demo": False,
                                          "global_db": Path(home) / "none.db"})
        services = Services.build(settings)
        project = services.projects.add(db_path).id
        app = create_app(settings, services)
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport,
                                         base_url="http://127.0.0.1") as client:
                return await measure(client, services.projects.open(project), project, count)
        finally:
            services.close()


async def measure(client: httpx.AsyncClient, db: MemoryDatabase, project: str,
                  count: int) -> bool:
    print(f"\n{count} requests each after {WARMUP} warm-up; times in ms\n")
    print(f"{'':<42} {'cold':>17} {'warm (cached)':>17}")
    print(f"{'query':<42} {'p50':>8} {'p95':>8} {'p50':>8} {'p95':>8} {'target':>6}")
    all_met = True
    plans: dict[str, list[str]] = {}
    for case in CASES:
        async def call(case: Case = case) -> None:
            response = await client.get("/api/memories",
                                        params={"project": project, **case.params})
            response.raise_for_status()
        all_met &= report(case.name, *await cold_and_warm(call, count), case.target_ms)
        plans[case.name] = query_plans(db, service_call(case, db.capabilities))

    with db.reader() as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM memories")]
    rng = random.Random(7)

    async def by_ids() -> None:
        with db.reader() as conn:
            found = get_memories(conn, db.capabilities, rng.sample(ids, 20))
        assert len(found) == 20

    all_met &= report("20 by id (get_memories, no HTTP)", await time_calls(by_ids, count),
                      None, 5)
    plans["20 by id"] = query_plans(
        db, lambda conn: get_memories(conn, db.capabilities, rng.sample(ids, 20)))

    async def one() -> None:
        response = await client.get(f"/api/memories/{rng.choice(ids)}", params={"project": project})
        response.raise_for_status()

    report("GET /api/memories/{id}", await time_calls(one, count), None, None)
    print("\nquery plans (EXPLAIN QUERY PLAN of each statement, in the order run, ' ‖ ' between)")
    for name, lines in plans.items():
        print(f"  {name}: {' ‖ '.join(lines)}")
    return all_met


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    met = asyncio.run(run(args.requests))
    print("\nall targets met" if met else "\nsome targets MISSED")


if __name__ == "__main__":
    main(sys.argv[1:])
