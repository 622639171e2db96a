"""The command line: projects add / list / remove and the demo, with --home in tmp."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from cortex_dashboard.cli import app
from tests.conftest import build_memory_db


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def run(home: Path, *args: str) -> Result:
    """The command with only this test's environment (no real global.db, no key)."""
    env = {"CORTEX_DASHBOARD_GLOBAL_DB": str(home / "no-global.db"), "GEMINI_API_KEY": None,
           "GOOGLE_API_KEY": None, "CORTEX_DASHBOARD_SCAN_DIRS": None,
           "CORTEX_DASHBOARD_HOME": None}
    return CliRunner().invoke(app, [*args, "--home", str(home)], env=env)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return build_memory_db(tmp_path / "shop" / ".omni-cortex" / "cortex.db")


def listed(home: Path) -> list[list[str]]:
    result = run(home, "projects", "list")
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.stdout.splitlines()]


def test_projects_add_registers_a_project_folder(home: Path, project: Path) -> None:
    result = run(home, "projects", "add", str(project.parent.parent))
    assert result.exit_code == 0
    assert result.stdout.startswith("added ")
    assert result.stdout.rstrip().endswith(f"\tshop\t{project}")


def test_projects_list_shows_kind_count_name_and_path(home: Path, project: Path) -> None:
    run(home, "projects", "add", str(project), "--name", "Shop")
    rows = listed(home)
    assert [row[1:] for row in rows if row[1] == "registered"] == [
        ["registered", "5", "Shop", str(project)]]
    assert [row[1] for row in rows] == ["demo", "registered"]


def test_projects_add_refuses_a_file_that_is_no_database(home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just notes")
    result = run(home, "projects", "add", str(notes))
    assert result.exit_code == 1
    assert "notes.txt is not a SQLite database" in result.stderr


def test_projects_add_refuses_a_missing_path(home: Path, tmp_path: Path) -> None:
    result = run(home, "projects", "add", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "is not a file" in result.stderr


def test_projects_remove_forgets_the_project_but_keeps_the_file(home: Path,
                                                                project: Path) -> None:
    run(home, "projects", "add", str(project))
    project_id = next(row[0] for row in listed(home) if row[1] == "registered")
    result = run(home, "projects", "remove", project_id)
    assert (result.exit_code, project.exists()) == (0, True)
    assert [row[1] for row in listed(home)] == ["demo"]


def test_projects_remove_of_an_unknown_id_fails_with_a_message(home: Path) -> None:
    result = run(home, "projects", "remove", "0123456789ab")
    assert result.exit_code == 1
    assert "No project with id '0123456789ab'" in result.stderr


def test_demo_creates_the_demo_database(home: Path) -> None:
    result = run(home, "demo")
    path = Path(result.stdout.removeprefix("demo project at ").strip())
    assert result.exit_code == 0
    assert (path.is_file(), path.is_relative_to(home)) == (True, True)


def test_demo_reset_restores_deleted_memories(home: Path) -> None:
    path = Path(run(home, "demo").stdout.removeprefix("demo project at ").strip())
    conn = sqlite3.connect(path)
    with conn:
        count = conn.execute("SELECT count(*) FROM memories").fetchone()[0]
        conn.execute("DELETE FROM memories")
    conn.close()
    run(home, "demo")
    assert _count(path) == 0
    run(home, "demo", "--reset")
    assert _count(path) == count


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM memories").fetchone()[0]
    finally:
        conn.close()
