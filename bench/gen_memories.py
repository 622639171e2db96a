"""A large Omni-Cortex database for benchmarks, built with the real DDL and cached.

100,000 memories of text drawn from a technical vocabulary (Zipf-weighted, like real
notes), 10 types, 0-5 tags, dates spread over two years and an importance each. Two
planted words make search figures meaningful: RARE_WORD is in exactly RARE_COUNT memories
and COMMON_WORD in half of them. Run it alone to (re)build the cache:

    .venv/bin/python bench/gen_memories.py [--count N] [--force]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cortex_dashboard.demo import create_empty_database
from cortex_dashboard.memories.models import MEMORY_STATUSES, MEMORY_TYPES

OUT_DIR = Path(__file__).parent / "out"
GENERATOR_VERSION = 1
DEFAULT_COUNT = 100_000
SEED = 20260101
RARE_WORD = "zeppelin"
RARE_COUNT = 10
COMMON_WORD = "latency"
TYPES = MEMORY_TYPES[:10]
END = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
SPAN = timedelta(days=730)

VOCABULARY = """
the a to of and in for is on that with we it this be as by was from are not at or an
use when after before because so but if then should must can will would did does have
has had need needs fixed fix fails failed failing works worked broken slow fast again
api endpoint request response timeout retry retries backoff queue worker job cron batch
database postgres sqlite index query migration schema column table row transaction lock
deadlock vacuum replica primary failover backup restore snapshot cache redis memcached
eviction ttl invalidation key value session cookie token jwt oauth login password user
admin role permission policy audit log logs logging metric metrics dashboard alert pager
incident outage postmortem rollback release version tag branch merge rebase commit pull
review reviewer approve ci pipeline build test tests flaky coverage lint format ruff mypy
typing docker image container kubernetes pod node cluster helm chart ingress nginx proxy
tls certificate dns domain cdn bucket storage upload download file path config setting
environment variable secret vault key rotation frontend backend vue react component
store state router page layout css tailwind button form input validation error warning
exception stack trace panic crash memory leak cpu disk network packet socket websocket
stream event webhook payload json yaml schema contract client server sdk library package
dependency upgrade pin lockfile python node typescript rust go java gradle maven npm pip
uv poetry wheel pytest fixture mock stub fake integration unit e2e browser playwright
chromium selenium screenshot report customer studio booking payment invoice refund card
stripe webhook signature currency tax price plan subscription trial email template smtp
bounce spam notification push mobile ios android offline sync conflict merge resolution
feature flag experiment rollout canary percent team owner oncall runbook document wiki
decision tradeoff option alternative benchmark profile flamegraph hot path allocation
garbage collector thread async await event loop coroutine pool connection limit quota
throttle rate burst spike traffic load balancer autoscale capacity region zone cloud aws
gcp azure terraform ansible script shell bash makefile readme changelog license monday
tuesday friday weekend morning night sprint standup retro quarter roadmap milestone goal
""".split()

TAGS = """
backend frontend database infra security performance testing ci deploy auth payments
booking email mobile api cache search observability incident refactor docs tooling python
typescript docker kubernetes postgres redis billing onboarding analytics design ux
accessibility i18n release migration config secrets monitoring alerts costs data privacy
compliance architecture debt experiments
""".split()


def database_path(count: int = DEFAULT_COUNT) -> Path:
    return OUT_DIR / f"memories-{count}-v{GENERATOR_VERSION}.db"


def _sentence(rng: random.Random, weights: list[float], length: int) -> list[str]:
    return rng.choices(VOCABULARY, weights=weights, k=length)


def _text(rng: random.Random, weights: list[float], *, common: bool, rare: bool) -> str:
    words = _sentence(rng, weights, rng.randint(12, 70))
    for planted, present in ((COMMON_WORD, common), (RARE_WORD, rare)):
        if present:
            words.insert(rng.randrange(len(words) + 1), planted)
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _rows(count: int) -> Iterator[tuple[object, ...]]:
    rng = random.Random(SEED)
    weights = [1.0 / (rank + 1) for rank in range(len(VOCABULARY))]
    rare = set(rng.sample(range(count), RARE_COUNT))
    common = set(rng.sample(range(count), count // 2))
    for index in range(count):
        created = END - SPAN * rng.random()
        updated = created + (END - created) * rng.random() * rng.random()
        accessed = created + (END - created) * rng.random()
        tags = rng.sample(TAGS, rng.randint(0, 5))
        status = rng.choices(MEMORY_STATUSES, weights=[85, 8, 5, 2])[0]
        yield (
            f"mem_{int(created.timestamp() * 1000)}_{index:08x}",
            _text(rng, weights, common=index in common, rare=index in rare),
            rng.choice(TYPES), json.dumps(tags),
            " ".join(_sentence(rng, weights, rng.randint(3, 10))) if rng.random() < 0.4 else None,
            _stamp(created), _stamp(updated), _stamp(accessed), rng.randint(0, 40),
            round(rng.uniform(0, 100), 1), status, "/home/dev/projects/bench",
        )


def build(path: Path, count: int) -> None:
    tmp = path.with_suffix(".tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    create_empty_database(tmp)
    conn = sqlite3.connect(tmp)
    with conn:
        conn.executemany(
            "INSERT INTO memories (id, content, type, tags, context, created_at, updated_at,"
            " last_accessed, access_count, importance_score, status, project_path)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _rows(count),
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    tmp.replace(path)


def ensure_database(count: int = DEFAULT_COUNT, *, force: bool = False) -> Path:
    """The cached benchmark database, built first if it is missing (or `force`)."""
    path = database_path(count)
    if force or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        print(f"building {path} ({count:,} memories)…", flush=True)
        build(path, count)
        print(f"built in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)
    path = ensure_database(args.count, force=args.force)
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    for word in (RARE_WORD, COMMON_WORD):
        hits = conn.execute("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH ?",
                            [word]).fetchone()[0]
        print(f"{word!r} is in {hits:,} memories")
    conn.close()


if __name__ == "__main__":
    main(sys.argv[1:])
