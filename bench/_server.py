"""Start the dashboard as a real server process for benchmarks, and measure it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DashboardProcess:
    """`cortex-dashboard serve` on a free port with its own data directory."""

    def __init__(self, home: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        variables = {**os.environ, "CORTEX_DASHBOARD_HOME": str(home),
                     "CORTEX_DASHBOARD_GLOBAL_DB": str(home / "none.db"), **env}
        variables.pop("GEMINI_API_KEY", None) if "GEMINI_API_KEY" not in env else None
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cortex_dashboard", "serve", "--host", "127.0.0.1",
             "--port", str(self.port)],
            env=variables, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the dashboard did not start")

    def peak_rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(row for row in status.splitlines() if row.startswith("VmHWM"))
        return int(line.split()[1]) / 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
