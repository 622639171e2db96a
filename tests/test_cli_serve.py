"""`cortex-dashboard serve` for real, in a subprocess: it starts off loopback without a
token set, prints an address it then answers on, and keeps tokens out of its access log.
(About two seconds: two real servers start.)"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from cortex_dashboard.cli import start_address
from tests.conftest import make_settings

TOKEN = "t0ken-for-the-log-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(tmp_path: Path, *args: str, token: str | None = None
            ) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CORTEX_", "GEMINI_",
                                                                     "GOOGLE_API"))}
    env |= {"CORTEX_DASHBOARD_HOME": str(tmp_path / "home"), "CORTEX_DASHBOARD_DEMO": "false",
            "CORTEX_DASHBOARD_GLOBAL_DB": str(tmp_path / "no-global.db")}
    if token:
        env["CORTEX_DASHBOARD_TOKEN"] = token
    server = subprocess.Popen(
        [sys.executable, "-m", "cortex_dashboard", "serve", "--port", str(port), *args],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_up(server, port)
        yield server, port
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_until_up(server: subprocess.Popen[str], port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and server.poll() is None:
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)


def output_of(server: subprocess.Popen[str]) -> str:
    server.terminate()
    return server.communicate(timeout=10)[0]


def test_serve_on_every_interface_without_a_token_starts_and_prints_one(tmp_path: Path
                                                                        ) -> None:
    with serving(tmp_path, "--host", "0.0.0.0") as (server, port):
        health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
        printed = output_of(server)
    assert health.status_code == 200
    assert f"cortex-dashboard on http://0.0.0.0:{port}/?token=" in printed


def test_the_access_log_never_shows_the_token(tmp_path: Path) -> None:
    with serving(tmp_path, "--host", "127.0.0.1", token=TOKEN) as (server, port):
        opened = httpx.get(f"http://127.0.0.1:{port}/?token={TOKEN}", timeout=5)
        printed = output_of(server)
    access_lines = [line for line in printed.splitlines() if '"GET /?' in line]
    assert (opened.status_code, len(access_lines)) == (200, 1)
    assert TOKEN not in access_lines[0]


@pytest.mark.parametrize(("host", "address"), [
    ("::1", "http://[::1]:8765/"), ("127.0.0.2", "http://127.0.0.2:8765/"),
    ("localhost", "http://localhost:8765/")])
def test_the_printed_address_is_a_url_a_browser_opens(tmp_path: Path, host: str,
                                                      address: str) -> None:
    assert start_address(make_settings(tmp_path, host=host, port=8765)) == address


def test_a_token_with_url_characters_is_encoded_in_the_printed_address(tmp_path: Path
                                                                       ) -> None:
    settings = make_settings(tmp_path, host="0.0.0.0", port=1, token="a&b c/é")
    assert start_address(settings) == "http://0.0.0.0:1/?token=a%26b+c%2F%C3%A9"


def test_a_port_in_use_is_said_in_a_sentence_with_what_to_do(tmp_path: Path):
    from typer.testing import CliRunner

    from cortex_dashboard.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port), "--home",
                                          str(tmp_path / "home")])
    assert result.exit_code == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.output
    assert f"--port {port + 1}" in result.output
