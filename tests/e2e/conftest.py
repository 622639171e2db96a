"""Browser tests: the built web UI against a real dashboard whose Gemini is the emulator,
and against one with no key at all (the offline renderer and offline chat).

Each server runs in a thread on a free loopback port with its own data directory (the demo
project is created on start). Chromium is Debian's, never a downloaded build.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

import cortex_dashboard
from cortex_dashboard.app import create_app
from cortex_dashboard.services import Services
from cortex_dashboard.settings import Settings
from tests.conftest import gemini_settings, make_settings

CHROMIUM = Path("/usr/bin/chromium")
WEB_INDEX = Path(cortex_dashboard.__file__).parent / "web" / "index.html"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@dataclass(frozen=True, slots=True)
class LiveServer:
    url: str
    services: Services


def _serve(app: Any) -> tuple[uvicorn.Server, threading.Thread, socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", access_log=False,
                            timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name="dashboard-e2e")
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the dashboard did not start")
        time.sleep(0.05)
    return server, thread, sock


@contextmanager
def _running(settings: Settings) -> Iterator[LiveServer]:
    services = Services.build(settings)
    server, thread, sock = _serve(create_app(settings, services))
    try:
        yield LiveServer(f"http://127.0.0.1:{sock.getsockname()[1]}/", services)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        services.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, emulator_server: Any
                ) -> Iterator[LiveServer]:
    """The dashboard on http://127.0.0.1:<free port>/, Gemini answered by the emulator."""
    with _running(gemini_settings(tmp_path_factory.mktemp("e2e-home"), emulator_server)) as live:
        yield live


@pytest.fixture(scope="module")
def offline_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The dashboard with no GEMINI_API_KEY: the offline renderer draws, chat retrieves."""
    with _running(make_settings(tmp_path_factory.mktemp("e2e-offline-home"))) as live:
        yield live


def _missing(reason: str) -> None:
    """Skip on a developer's machine; in CI a missing browser must fail, not pass quietly."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module. Not per session: the sync API runs an event loop on
    the main thread while open, which the async tests of other modules cannot share."""
    if not CHROMIUM.exists():
        _missing("Debian's Chromium is not installed (make browser)")
    if not WEB_INDEX.exists():
        _missing("the web UI is not built (make web)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass(frozen=True, slots=True)
class Screen:
    """A window size and colour scheme to look at the dashboard with."""

    name: str
    width: int
    height: int
    dark: bool = False

    @property
    def label(self) -> str:
        return f"{self.name}-{'dark' if self.dark else 'light'}"


DESKTOP = Screen("desktop", 1280, 860)
PHONE = Screen("phone", 390, 844)
LAPTOP = Screen("laptop", 1440, 900)
SCREENS = [PHONE, LAPTOP, Screen("phone", 390, 844, dark=True),
           Screen("laptop", 1440, 900, dark=True)]


@contextmanager
def open_tab(browser: Browser, url: str, screen: Screen = DESKTOP) -> Iterator[Page]:
    """A fresh browser tab (empty storage) on the dashboard; fails on any uncaught page error."""
    context = browser.new_context(viewport={"width": screen.width, "height": screen.height},
                                  color_scheme="dark" if screen.dark else "light",
                                  accept_downloads=True)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: _keep_script_errors(msg, errors))
    tab.goto(url)
    tab.locator("#app header").wait_for()
    if screen.width >= 1024:
        tab.get_by_test_id("memory-list").locator("li").first.wait_for()
    yield tab
    context.close()
    assert not errors, f"the page reported errors: {errors}"


def settle(live: LiveServer, emulator: Any, timeout: float = 60.0) -> None:
    """Let turns an earlier test left running finish (the dashboard keeps paid turns going
    when a page goes away), then reset the emulator, so they cannot take this test's controls."""
    deadline = time.monotonic() + timeout
    while live.services.images.busy() and time.monotonic() < deadline:
        time.sleep(0.05)
    emulator.wait_idle()
    emulator.reset()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, emulator: Any) -> Iterator[Page]:
    """A fresh tab on the dashboard whose Gemini is the emulator."""
    settle(live_server, emulator)
    with open_tab(browser, live_server.url) as tab:
        yield tab


@pytest.fixture
def offline_page(browser: Browser, offline_server: LiveServer) -> Iterator[Page]:
    """A fresh tab on the dashboard without a key."""
    with open_tab(browser, offline_server.url) as tab:
        yield tab


def _keep_script_errors(message: ConsoleMessage, errors: list[str]) -> None:
    # Failed HTTP requests are logged by the browser itself; the app must log nothing else.
    if message.type == "error" and "Failed to load resource" not in message.text:
        errors.append(message.text)


@pytest.fixture(params=SCREENS, ids=lambda screen: screen.label)
def screen(request: pytest.FixtureRequest) -> Screen:
    """Each size and scheme the dashboard must look right at: phone, laptop; light, dark."""
    return request.param


@pytest.fixture
def screen_page(browser: Browser, live_server: LiveServer, emulator: Any, screen: Screen
                ) -> Iterator[Page]:
    """A fresh tab on the dashboard (Gemini emulated) at `screen`'s size and scheme."""
    settle(live_server, emulator)
    with open_tab(browser, live_server.url, screen) as tab:
        yield tab
