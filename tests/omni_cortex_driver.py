"""Runs inside the omni-cortex package's own virtual environment (never the dashboard's):
drives Omni-Cortex's own MCP tools and connection code, the way its server would.

    python omni_cortex_driver.py remember TEXT          cortex_remember
    python omni_cortex_driver.py hold-lock SECONDS TEXT  hold the write lock, then remember
    python omni_cortex_driver.py global-search QUERY     cortex_global_search
    python omni_cortex_driver.py get MEMORY_ID           cortex_get_memory

HOME and CLAUDE_PROJECT_DIR choose the global and project databases, as for Omni-Cortex.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any


async def call(tool: str, arguments: dict[str, Any]) -> str:
    from omni_cortex.server import mcp

    contents, _ = await mcp.call_tool(tool, arguments)
    return "\n".join(getattr(part, "text", "") for part in contents)


def remember(text: str) -> str:
    return asyncio.run(call("cortex_remember", {"params": {
        "content": text, "type": "decision", "tags": ["omni-cortex"], "skip_dedup": True}}))


def hold_lock(seconds: float, text: str) -> str:
    """Take the project database's write lock on Omni-Cortex's own cached connection, say
    so, keep it for `seconds`, then remember `text` in the same transaction (which commits
    and releases the lock)."""
    from omni_cortex.database.connection import init_database

    conn = init_database()
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(seconds)
    return remember(text)


def main(command: str, *args: str) -> None:
    if command == "remember":
        print(remember(args[0]))
    elif command == "hold-lock":
        print(hold_lock(float(args[0]), args[1]))
    elif command == "global-search":
        print(asyncio.run(call("cortex_global_search", {"params": {"query": args[0]}})))
    elif command == "get":
        print(asyncio.run(call("cortex_get_memory", {"memory_id": args[0]})))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
