"""The dashboard beside the real Omni-Cortex: the `omni-cortex` package from PyPI, in a
virtual environment of its own (1.28 needs `mcp<2`), driven from a second process by
`omni_cortex_driver.py` through its own MCP tools and connection code. It remembers and
holds its write lock while the dashboard reads and saves; Omni-Cortex's own global search
finds what the dashboard saved.

Slow part: the first run creates the environment (cached under
~/.cache/cortex-dashboard-tests, keyed by version); each driver call then starts a Python
process (about a second). Marked `omni_cortex`; `-m "not omni_cortex"` leaves it out.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from cortex_dashboard.app import create_app
from cortex_dashboard.memories import db as db_module
from cortex_dashboard.services import Services
from tests.conftest import BASE_URL, make_settings

pytestmark = pytest.mark.omni_cortex
OMNI_CORTEX_VERSION = "1.28"
REQUIREMENTS = [f"omni-cortex=={OMNI_CORTEX_VERSION}.*", "mcp<2"]
CACHE = Path.home() / ".cache" / "cortex-dashboard-tests"
DRIVER = Path(__file__).with_name("omni_cortex_driver.py")


def _install(venv: Path) -> None:
    uv = Path(sys.executable).with_name("uv")
    if uv.exists():
        subprocess.run([str(uv), "venv", "-q", str(venv), "--python", sys.executable],
                       check=True)
        subprocess.run([str(uv), "pip", "install", "-q", "--python", str(venv / "bin/python"),
                        *REQUIREMENTS], check=True)
        return
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "-q", *REQUIREMENTS],
                   check=True)


@pytest.fixture(scope="session")
def omni_cortex_python() -> Path:
    """The Python of a virtual environment holding omni-cortex 1.28 (made once)."""
    venv = CACHE / f"omni-cortex-{OMNI_CORTEX_VERSION}"
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # engineers and CI share the machine
        if not (venv / ".installed").exists():
            shutil.rmtree(venv, ignore_errors=True)
            try:
                _install(venv)
            except subprocess.CalledProcessError as exc:
                if os.environ.get("CI"):
                    raise
                pytest.skip(f"omni-cortex could not be installed here: {exc}")
            (venv / ".installed").touch()
    return venv / "bin" / "python"


@dataclass
class OmniCortex:
    """Omni-Cortex as its MCP server would run for one project, in other processes."""

    python: Path
    home: Path
    project: Path

    def _command(self, *args: str) -> list[str]:
        return [str(self.python), str(DRIVER), *args]

    @property
    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "TMPDIR")}
        return {**keep, "HOME": str(self.home), "CLAUDE_PROJECT_DIR": str(self.project)}

    def run(self, *args: str) -> str:
        done = subprocess.run(self._command(*args), env=self.env, cwd=self.project,
                              capture_output=True, text=True, timeout=120, check=True)
        return done.stdout

    @property
    def db(self) -> Path:
        return self.project / ".omni-cortex" / "cortex.db"

    @property
    def global_db(self) -> Path:
        return self.home / ".omni-cortex" / "global.db"

    @contextmanager
    def holding_lock(self, seconds: float, text: str) -> Iterator[subprocess.Popen[str]]:
        """Omni-Cortex holds its project's write lock for `seconds`, then remembers `text`
        and commits; the block runs while the lock is held."""
        holder = subprocess.Popen(self._command("hold-lock", str(seconds), text), env=self.env,
                                  cwd=self.project, stdout=subprocess.PIPE, text=True)
        try:
            said = holder.stdout.readline() if holder.stdout else ""
            assert said.strip() == "locked"
            yield holder
        finally:
            holder.communicate(timeout=120)


@pytest.fixture
def omni(omni_cortex_python: Path, tmp_path: Path) -> OmniCortex:
    """A project Omni-Cortex has already written one memory into."""
    omni = OmniCortex(omni_cortex_python, tmp_path / "home", tmp_path / "shop")
    omni.project.mkdir()
    omni.run("remember", "We ship the storefront on Fridays after the smoke tests pass.")
    return omni


@pytest.fixture
async def dashboard(omni: OmniCortex, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The dashboard with Omni-Cortex's project registered and its global index."""
    services = Services.build(make_settings(tmp_path / "dash", global_db=omni.global_db))
    app = create_app(services.settings, services)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, timeout=60) as http:
        http.project = services.projects.add(omni.project).id  # type: ignore[attr-defined]
        yield http
    services.close()


def chat(word: str) -> dict[str, object]:
    return {"messages": [{"role": "user", "content": f"What is {word}?"},
                         {"role": "assistant", "content": f"{word} is our release party."}]}


async def total(client: httpx.AsyncClient) -> int:
    response = await client.get("/api/memories", params={"project": client.project})
    return response.json()["total"]


async def save_chat(client: httpx.AsyncClient, word: str) -> httpx.Response:
    return await client.post(f"/api/chat/save-as-memory?project={client.project}",
                             json=chat(word))


async def test_a_memory_omni_cortex_remembered_is_listed(dashboard: httpx.AsyncClient
                                                         ) -> None:
    response = await dashboard.get("/api/memories", params={"project": dashboard.project,
                                                            "q": "storefront"})
    assert response.json()["total"] == 1
    assert response.json()["items"][0]["tags"] == ["omni-cortex"]


async def test_reads_go_on_and_a_save_waits_while_omni_cortex_holds_its_lock(
        dashboard: httpx.AsyncClient, omni: OmniCortex) -> None:
    with omni.holding_lock(1.5, "Written by Omni-Cortex under its lock."):
        started = time.monotonic()
        read_during_lock = await total(dashboard)
        saved = await save_chat(dashboard, "quokkafest")
        waited = time.monotonic() - started
    assert (read_during_lock, saved.status_code, await total(dashboard)) == (1, 200, 3)
    assert waited > 1.0


async def test_a_lock_held_past_the_wait_is_503_and_nothing_is_half_written(
        dashboard: httpx.AsyncClient, omni: OmniCortex,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_module, "WRITE_BUSY_TIMEOUT_S", 0.3, raising=False)
    with omni.holding_lock(2.0, "Written by Omni-Cortex under its lock."):
        saved = await save_chat(dashboard, "quokkafest")
    assert (saved.status_code, saved.json()["error_code"]) == (503, "database_busy")
    assert await total(dashboard) == 2


async def test_omni_cortex_finds_a_saved_chat_with_its_own_tools(
        dashboard: httpx.AsyncClient, omni: OmniCortex) -> None:
    memory_id = (await save_chat(dashboard, "zeppelinfest")).json()["memory_id"]
    found = omni.run("global-search", "zeppelinfest")
    read_back = omni.run("get", memory_id)
    assert f"## Project: {omni.project}\n\n### [reference] {memory_id}" in found
    assert "zeppelinfest is our release party" in read_back
