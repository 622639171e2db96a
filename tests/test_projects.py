"""The allow-list of databases: known projects only, discovery, registration, refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from cortex_dashboard.errors import Forbidden, NotAMemoryDatabase, NotFound
from cortex_dashboard.projects import Project, ProjectRegistry, project_id, project_name
from cortex_dashboard.services import Services
from tests.conftest import build_memory_db, make_settings


def project_db(root: Path, name: str) -> Path:
    return build_memory_db(root / name / ".omni-cortex" / "cortex.db")


@pytest.fixture
def registry(services: Services) -> ProjectRegistry:
    return services.projects


# --- refusals over HTTP -------------------------------------------------------------

async def test_unknown_project_id_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/memories", params={"project": "0123456789ab"})
    assert response.status_code == 404
    assert "0123456789ab" in response.json()["error"]


async def test_a_db_path_that_is_no_known_project_is_403_naming_it(
        client: httpx.AsyncClient, tmp_path: Path) -> None:
    foreign = project_db(tmp_path, "foreign")
    response = await client.get("/api/memories", params={"db_path": str(foreign)})
    assert response.status_code == 403
    assert str(foreign) in response.json()["error"]


@pytest.mark.parametrize("db_path", [
    "../../etc/passwd", "/etc/passwd", "~/.ssh/id_rsa", "..%2F..%2Fetc%2Fpasswd",
    "/tmp/\x00.db", "x" * 4000, "~no-such-user-here/x.db", "",
])
async def test_traversal_and_unusable_db_paths_are_403(client: httpx.AsyncClient,
                                                       db_path: str) -> None:
    response = await client.get("/api/types", params={"db_path": db_path or " "})
    assert response.status_code == 403
    assert response.json()["error_code"] == "forbidden"


@pytest.mark.parametrize("project", ["../x", "../../etc/passwd", "demo/../global", "%00"])
async def test_traversal_in_a_project_id_is_404(client: httpx.AsyncClient,
                                                project: str) -> None:
    response = await client.get("/api/types", params={"project": project})
    assert response.status_code == 404


async def test_a_known_projects_db_path_by_symlink_is_accepted(
        client: httpx.AsyncClient, registry: ProjectRegistry, tmp_path: Path) -> None:
    path = project_db(tmp_path, "real")
    registry.add(path)
    link = tmp_path / "link"
    link.symlink_to(path.parent.parent)
    response = await client.get("/api/types", params={"db_path": str(link)})
    assert response.status_code == 200


async def test_projects_are_listed_with_their_counts(client: httpx.AsyncClient,
                                                     registry: ProjectRegistry,
                                                     tmp_path: Path) -> None:
    registry.add(project_db(tmp_path, "shop"))
    body = (await client.get("/api/projects")).json()
    assert [(p["kind"], p["name"]) for p in body][-1] == ("registered", "shop")
    assert body[-1]["memory_count"] == 5


# --- registration -------------------------------------------------------------------

def test_adding_a_project_folder_registers_its_database(registry: ProjectRegistry,
                                                        tmp_path: Path) -> None:
    path = project_db(tmp_path, "billing")
    ref = registry.add(path.parent.parent)
    assert (ref.path, ref.name, ref.kind) == (path, "billing", "registered")
    assert registry.get(ref.id) == ref


@pytest.mark.parametrize(("content", "message"), [
    (b"hello, not sqlite", "is not a SQLite database"),
    (b"SQLite format 3\x00" + b"\x00" * 84, "could not be read as SQLite"),
    (None, "is not a file"),
])
def test_adding_a_file_that_is_no_database_says_why(registry: ProjectRegistry,
                                                    tmp_path: Path, content: bytes | None,
                                                    message: str) -> None:
    path = tmp_path / "notes.db"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(NotAMemoryDatabase, match=message) as caught:
        registry.add(path)
    assert caught.value.status_code == 422


def test_adding_a_sqlite_database_without_memories_says_so(registry: ProjectRegistry,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    conn.close()
    with pytest.raises(NotAMemoryDatabase, match="has no Omni-Cortex memories table"):
        registry.add(path)


def test_adding_a_folder_without_omni_cortex_names_the_missing_file(
        registry: ProjectRegistry, tmp_path: Path) -> None:
    with pytest.raises(NotAMemoryDatabase, match=r"cortex\.db is not a file"):
        registry.add(tmp_path)


def test_registered_projects_survive_a_restart(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "home")
    first = Services.build(settings)
    ref = first.projects.add(project_db(tmp_path, "kept"), name="Kept project")
    first.close()
    second = Services.build(settings)
    assert second.projects.get(ref.id).name == "Kept project"
    second.close()


def test_removing_forgets_only_registered_projects(registry: ProjectRegistry,
                                                   tmp_path: Path) -> None:
    ref = registry.add(project_db(tmp_path, "gone"))
    registry.remove(ref.id)
    assert ref.id not in [r.id for r in registry.refs()]
    with pytest.raises(NotFound, match="demo, not registered"):
        registry.remove("demo")


def test_a_registered_database_deleted_later_is_listed_as_unreadable(
        registry: ProjectRegistry, tmp_path: Path) -> None:
    path = project_db(tmp_path, "deleted")
    ref = registry.add(path)
    path.unlink()
    listed = {p.id: p for p in registry.list_projects()}[ref.id]
    assert (listed.status, listed.problem) == ("unreadable", "cortex.db is not a file.")


# --- discovery ----------------------------------------------------------------------

def test_scan_dirs_find_each_projects_database(tmp_path: Path) -> None:
    code = tmp_path / "code"
    found = [project_db(code, "alpha"), project_db(code, "beta")]
    project_db(code / "deeper", "nested")
    services = Services.build(make_settings(tmp_path / "home", scan_dirs=[code], demo=False))
    refs = services.projects.refs()
    assert [(r.name, r.kind, r.path) for r in refs] == [
        ("alpha", "scanned", found[0]), ("beta", "scanned", found[1])]
    services.close()


def test_a_project_both_registered_and_scanned_is_listed_once(tmp_path: Path) -> None:
    code = tmp_path / "code"
    path = project_db(code, "alpha")
    services = Services.build(make_settings(tmp_path / "home", scan_dirs=[code], demo=False))
    services.projects.add(path)
    assert [r.kind for r in services.projects.refs()] == ["registered"]
    services.close()


def test_the_global_database_is_a_project_when_present(tmp_path: Path) -> None:
    global_db = build_memory_db(tmp_path / "omni" / "global.db")
    services = Services.build(make_settings(tmp_path / "home", global_db=global_db))
    refs = services.projects.refs()
    assert [(r.id, r.kind) for r in refs] == [("demo", "demo"), ("global", "global")]
    assert services.projects.open("global").path == global_db
    services.close()


def test_without_the_demo_and_projects_the_default_is_a_helpful_404(tmp_path: Path) -> None:
    services = Services.build(make_settings(tmp_path / "home", demo=False))
    with pytest.raises(NotFound, match="projects add"):
        services.projects.resolve()
    services.close()


def test_the_demo_is_the_default_project(registry: ProjectRegistry) -> None:
    ref = registry.resolve()
    assert (ref.id, ref.kind) == ("demo", "demo")


def test_a_db_path_outside_the_list_is_forbidden(registry: ProjectRegistry,
                                                 tmp_path: Path) -> None:
    with pytest.raises(Forbidden, match="not a known project"):
        registry.resolve(db_path=str(project_db(tmp_path, "stranger")))


# --- naming -------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "name"), [
    ("/code/shop/.omni-cortex/cortex.db", "shop"),
    ("/home/me/.omni-cortex/global.db", "me"),
    ("/data/archive.db", "archive"),
])
def test_project_name_is_the_folder_that_holds_omni_cortex(path: str, name: str) -> None:
    assert project_name(Path(path)) == name


def test_project_id_is_stable_and_short() -> None:
    path = Path("/code/shop/.omni-cortex/cortex.db")
    assert project_id(path) == project_id(Path(str(path)))
    assert len(project_id(path)) == 12


# --- files that cannot be read are listed with the reason ---------------------------

def listed_in_scan(tmp_path: Path, scan: Path) -> dict[str, Project]:
    services = Services.build(make_settings(tmp_path / "home", scan_dirs=[scan], demo=False))
    listed = {p.name: p for p in services.projects.list_projects()}
    services.close()
    return listed


def cortex_db_file(scan: Path, name: str) -> Path:
    path = scan / name / ".omni-cortex" / "cortex.db"
    path.parent.mkdir(parents=True)
    return path


def test_an_empty_cortex_db_in_a_scan_folder_is_listed_with_the_reason(tmp_path: Path) -> None:
    scan = tmp_path / "code"
    project_db(scan, "good")
    cortex_db_file(scan, "empty").touch()
    listed = listed_in_scan(tmp_path, scan)
    assert (listed["good"].status, listed["empty"].status) == ("ok", "unreadable")
    assert "empty (0 bytes)" in (listed["empty"].problem or "")


def test_a_file_that_is_no_database_in_a_scan_folder_is_listed_as_such(tmp_path: Path) -> None:
    scan = tmp_path / "code"
    cortex_db_file(scan, "junk").write_text("not sqlite")
    listed = listed_in_scan(tmp_path, scan)
    assert listed["junk"].status == "unreadable"
    assert listed["junk"].problem == "cortex.db is not a SQLite database."
