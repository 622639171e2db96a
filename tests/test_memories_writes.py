"""A saved memory is written the way Omni-Cortex's `cortex_remember` writes one: its
project's folder as `project_path`, and a copy in the global index unless Omni-Cortex's
config turns global sync off. (The real package checks the same in
test_omni_cortex_writer.py.)"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from cortex_dashboard.memories import NewMemory
from cortex_dashboard.memories import db as db_module
from cortex_dashboard.memories.writes import create_memory, global_sync_enabled
from cortex_dashboard.services import Services
from tests.conftest import build_memory_db, make_settings


@pytest.fixture
def services_with_global(tmp_path: Path) -> Iterator[Services]:
    """A dashboard whose global index is `<tmp>/omni/global.db` (not created yet)."""
    built = Services.build(make_settings(tmp_path / "home",
                                         global_db=tmp_path / "omni" / "global.db"))
    yield built
    built.close()


def project_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "code" / "shop"
    build_memory_db(folder / ".omni-cortex" / "cortex.db")
    return folder


def saved_in(services: Services, folder: Path, content: str) -> str:
    ref = services.projects.add(folder)
    return create_memory(services.projects.open_ref(ref), NewMemory(content=content))


def column(path: Path, name: str, memory_id: str) -> object:
    conn = sqlite3.connect(path)
    row = conn.execute(f"SELECT {name} FROM memories WHERE id = ?", [memory_id]).fetchone()
    conn.close()
    return row[0] if row else None


def test_a_saved_memory_records_its_projects_folder(services_with_global: Services,
                                                    tmp_path: Path) -> None:
    folder = project_folder(tmp_path)
    memory_id = saved_in(services_with_global, folder, "Kept from the dashboard")
    assert column(folder / ".omni-cortex" / "cortex.db", "project_path", memory_id) == \
        str(folder.resolve())


def test_a_saved_memory_is_added_to_the_global_index(services_with_global: Services,
                                                     tmp_path: Path) -> None:
    folder = project_folder(tmp_path)
    memory_id = saved_in(services_with_global, folder, "Quokkafest planning notes")
    global_db = tmp_path / "omni" / "global.db"
    assert column(global_db, "project_path", memory_id) == str(folder.resolve())
    found = sqlite3.connect(global_db).execute(
        "SELECT m.id FROM memories_fts f JOIN memories m ON m.rowid = f.rowid "
        "WHERE memories_fts MATCH 'quokkafest'").fetchall()
    assert [r[0] for r in found] == [memory_id]


def test_global_sync_turned_off_in_omni_cortex_config_is_respected(
        services_with_global: Services, tmp_path: Path) -> None:
    folder = project_folder(tmp_path)
    (folder / ".omni-cortex" / "config.yaml").write_text("global_sync_enabled: false\n")
    saved_in(services_with_global, folder, "Stays in its project")
    assert not (tmp_path / "omni" / "global.db").exists()


@pytest.mark.parametrize(("global_yaml", "project_yaml", "enabled"), [
    (None, None, True), ("global_sync_enabled: false", None, False),
    ("global_sync_enabled: false", "global_sync_enabled: true", True),
    ("{not: yaml: at all", None, True),
])
def test_global_sync_setting_follows_project_over_global_config(
        tmp_path: Path, global_yaml: str | None, project_yaml: str | None,
        enabled: bool) -> None:
    (tmp_path / "omni").mkdir()
    (tmp_path / "p" / ".omni-cortex").mkdir(parents=True)
    if global_yaml:
        (tmp_path / "omni" / "config.yaml").write_text(global_yaml)
    if project_yaml:
        (tmp_path / "p" / ".omni-cortex" / "config.yaml").write_text(project_yaml)
    assert global_sync_enabled(tmp_path / "omni", str(tmp_path / "p")) is enabled


def test_a_locked_global_index_does_not_lose_the_saved_memory(
        services_with_global: Services, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_module, "WRITE_BUSY_TIMEOUT_S", 0.2)
    global_db = build_memory_db(tmp_path / "omni" / "global.db")
    holder = sqlite3.connect(global_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    folder = project_folder(tmp_path)
    memory_id = saved_in(services_with_global, folder, "Saved while global.db was locked")
    holder.execute("ROLLBACK")
    assert column(folder / ".omni-cortex" / "cortex.db", "id", memory_id) == memory_id
    assert column(global_db, "id", memory_id) is None


def test_memories_saved_into_the_demo_stay_out_of_the_global_index(
        services_with_global: Services, tmp_path: Path) -> None:
    create_memory(services_with_global.projects.open("demo"), NewMemory(content="Demo note"))
    assert not (tmp_path / "omni" / "global.db").exists()
