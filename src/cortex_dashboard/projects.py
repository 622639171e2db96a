"""Which Omni-Cortex databases the dashboard may open: an allow-list.

Known projects are the demo, `~/.omni-cortex/global.db` if present, the ones registered
by the user (kept in the state database) and `*/.omni-cortex/cortex.db` found under the
configured scan directories. Nothing else is ever opened: a `db_path` from a request is
honoured only when it is the path of one of these.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from cortex_dashboard.demo import write_demo_database
from cortex_dashboard.demo_data import DEMO_PROJECT_NAME
from cortex_dashboard.errors import (
    DashboardError,
    DatabaseBusy,
    Forbidden,
    NotAMemoryDatabase,
    NotFound,
    QueryTimeout,
)
from cortex_dashboard.memories import MemoryDatabase, check_is_memory_database
from cortex_dashboard.memories.queries import memory_count
from cortex_dashboard.settings import Settings
from cortex_dashboard.state import StateDatabase

ProjectKind = Literal["demo", "global", "registered", "scanned"]
ProjectStatus = Literal["ok", "busy", "timed_out", "unreadable"]
log = logging.getLogger(__name__)
DB_RELATIVE = Path(".omni-cortex") / "cortex.db"
SCAN_INTERVAL_S = 5.0


@dataclass(frozen=True, slots=True)
class ProjectRef:
    id: str
    name: str
    path: Path
    kind: ProjectKind


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    name: str
    path: str
    kind: ProjectKind
    memory_count: int
    last_modified: str
    status: ProjectStatus = "ok"
    problem: str | None = None
    """Why the database could not be read just now (status other than "ok")."""


def project_id(path: Path) -> str:
    """A stable id for a database path (the same path always gets the same id)."""
    return hashlib.sha256(str(path).encode()).hexdigest()[:12]


def database_file(path: Path) -> Path:
    """The database for a path given by a user: a project folder or the file itself."""
    try:
        path = path.expanduser().resolve()
        return path / DB_RELATIVE if path.is_dir() else path
    except (OSError, ValueError, RuntimeError) as exc:  # too long, NUL byte, ~unknown-user
        raise NotAMemoryDatabase(f"'{str(path)[:200]}' is not a usable path: {exc}.") from exc


def project_name(db_path: Path) -> str:
    if db_path.parent.name == ".omni-cortex":
        return db_path.parent.parent.name
    return db_path.stem


def project_folder(ref: ProjectRef) -> str | None:
    """What Omni-Cortex records as a memory's `project_path`: the folder holding
    `.omni-cortex/` (none for the global index, which holds every project's)."""
    if ref.kind == "global" or ref.path.parent.name != ".omni-cortex":
        return None
    return str(ref.path.parent.parent)


def problem_status(exc: Exception) -> ProjectStatus:
    if isinstance(exc, DatabaseBusy):
        return "busy"
    return "timed_out" if isinstance(exc, QueryTimeout) else "unreadable"


def last_modified(db_path: Path) -> str:
    stamps = [p.stat().st_mtime for p in (db_path, Path(f"{db_path}-wal")) if p.exists()]
    return datetime.fromtimestamp(max(stamps, default=0), UTC).isoformat(timespec="seconds")


class ProjectRegistry:
    def __init__(self, settings: Settings, state: StateDatabase) -> None:
        self.settings = settings
        self.state = state
        self._open: dict[Path, MemoryDatabase] = {}
        self._scan_cache: tuple[float, list[ProjectRef]] = (float("-inf"), [])
        self._lock = threading.Lock()

    def ensure_demo(self, *, reset: bool = False) -> Path:
        path = self.settings.demo_db
        if reset or not path.exists():
            write_demo_database(path)
            self._forget(path)
        return path

    def refs(self) -> list[ProjectRef]:
        """Every known project, each path once (the first kind that names it wins)."""
        found: dict[Path, ProjectRef] = {}
        for ref in self._candidates():
            found.setdefault(ref.path, ref)
        return list(found.values())

    def _candidates(self) -> list[ProjectRef]:
        refs: list[ProjectRef] = []
        if self.settings.demo and self.settings.demo_db.exists():
            refs.append(ProjectRef("demo", DEMO_PROJECT_NAME, self.settings.demo_db.resolve(),
                                   "demo"))
        global_db = self.settings.global_db
        if global_db.is_file():
            refs.append(ProjectRef("global", "Global memories", global_db.resolve(), "global"))
        for row in self.state.fetch_all("SELECT path, name FROM registered_projects ORDER BY name"):
            path = Path(row["path"])
            refs.append(ProjectRef(project_id(path), row["name"], path, "registered"))
        return refs + self._scanned()

    def _scanned(self) -> list[ProjectRef]:
        """Databases under the scan directories, looked for again at most every few
        seconds: every request resolves its project, and globbing folders each time
        would put directory reads on the hot path."""
        now = time.monotonic()
        if now - self._scan_cache[0] > SCAN_INTERVAL_S:
            found = []
            for scan_dir in self.settings.scan_dirs:
                for path in sorted(scan_dir.expanduser().glob(f"*/{DB_RELATIVE}")):
                    path = path.resolve()
                    found.append(ProjectRef(project_id(path), project_name(path), path,
                                            "scanned"))
            self._scan_cache = (now, found)
        return self._scan_cache[1]

    def list_projects(self) -> list[Project]:
        """Every known project; one that cannot be read now is listed with the reason."""
        return [self._listed(ref) for ref in self.refs()]

    def _listed(self, ref: ProjectRef) -> Project:
        try:
            count = self.open_ref(ref).query(memory_count)
        except (DashboardError, OSError) as exc:
            problem = exc.message if isinstance(exc, DashboardError) else str(exc)
            log.warning("project %s (%s) cannot be read: %s", ref.id, ref.path, problem)
            return Project(ref.id, ref.name, str(ref.path), ref.kind, 0,
                           last_modified(ref.path), problem_status(exc), problem)
        return Project(ref.id, ref.name, str(ref.path), ref.kind, count,
                       last_modified(ref.path))

    def get(self, project: str) -> ProjectRef:
        for ref in self.refs():
            if ref.id == project:
                return ref
        raise NotFound(f"No project with id '{project}'. GET /api/projects lists them.")

    def by_path(self, db_path: str) -> ProjectRef:
        try:
            wanted: Path | None = database_file(Path(db_path))
        except NotAMemoryDatabase:
            wanted = None
        for ref in self.refs():
            if ref.path == wanted:
                return ref
        raise Forbidden(
            f"db_path '{db_path[:200]}' is not a known project. Only databases listed by "
            "GET /api/projects may be opened; add one with `cortex-dashboard projects add`."
        )

    def resolve(self, project: str | None = None, db_path: str | None = None) -> ProjectRef:
        """The project a request names (by id or by path), or the first one known."""
        if project:
            return self.get(project)
        if db_path:
            return self.by_path(db_path)
        refs = self.refs()
        if not refs:
            raise NotFound("No projects yet: add one with `cortex-dashboard projects add PATH`.")
        return refs[0]

    def open_ref(self, ref: ProjectRef) -> MemoryDatabase:
        """The project's database, opened once. Opening happens outside the registry's
        lock, so a file that is locked or slow to open never holds up the others."""
        with self._lock:
            db = self._open.get(ref.path)
        if db is not None:
            return db
        opened = MemoryDatabase(ref.path, project_path=project_folder(ref),
                                global_db=self._global_index_for(ref))
        with self._lock:
            db = self._open.setdefault(ref.path, opened)
        if db is not opened:
            opened.close()
        return db

    def _global_index_for(self, ref: ProjectRef) -> Path | None:
        """Where a memory saved into this project is also indexed: the global database for
        the user's own projects; never for the global one itself or the demo."""
        return self.settings.global_db if ref.kind in ("registered", "scanned") else None

    def open(self, project: str | None = None, db_path: str | None = None) -> MemoryDatabase:
        return self.open_ref(self.resolve(project, db_path))

    def add(self, path: Path, name: str | None = None) -> ProjectRef:
        db_file = database_file(path)
        check_is_memory_database(db_file)
        ref = ProjectRef(project_id(db_file), name or project_name(db_file), db_file,
                         "registered")
        self.state.execute(
            "INSERT INTO registered_projects (path, name, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET name = excluded.name",
            [str(db_file), ref.name, datetime.now(UTC).isoformat(timespec="seconds")],
        )
        return ref

    def remove(self, project: str) -> ProjectRef:
        ref = self.get(project)
        if ref.kind != "registered":
            raise NotFound(f"Project '{project}' is {ref.kind}, not registered: nothing to remove.")
        self.state.execute("DELETE FROM registered_projects WHERE path = ?", [str(ref.path)])
        self._forget(ref.path)
        return ref

    def _forget(self, path: Path) -> None:
        with self._lock:
            db = self._open.pop(path.resolve(), None)
        if db is not None:
            db.close()

    def close(self) -> None:
        with self._lock:
            for db in self._open.values():
                db.close()
            self._open.clear()
