"""What every tool call shares: the services, and the folder Claude Code started us in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from cortex_dashboard.api.image_views import image_url
from cortex_dashboard.projects import DB_RELATIVE, ProjectRef, ProjectRegistry
from cortex_dashboard.services import Services
from cortex_dashboard.settings import Settings


def nearest_database(folder: Path) -> Path | None:
    """The `.omni-cortex/cortex.db` of this folder or of the nearest folder above it."""
    for candidate in (folder, *folder.parents):
        path = candidate / DB_RELATIVE
        if path.is_file():
            return path.resolve()
    return None


def fallback_project(projects: ProjectRegistry) -> ProjectRef:
    """The demo when there is one, else the first project known."""
    refs = projects.refs()
    return next((ref for ref in refs if ref.kind == "demo"), None) or projects.resolve()


@dataclass(slots=True)
class Dashboard:
    services: Services
    cwd: Path

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def address(self) -> str:
        return f"http://{self.settings.host}:{self.settings.port}"

    def conversation_url(self, conversation_id: str, turn: int | None = None) -> str:
        """The web UI opened on this conversation (and turn): it keeps its place in the
        address's fragment, which never reaches a server."""
        fragment = urlencode({"conversation": conversation_id, **({"turn": turn} if turn else {})})
        return f"{self.address}/#{fragment}"

    def image_url(self, image_id: str) -> str:
        return self.address + image_url(image_id)

    def project_ref(self, requested: str | None) -> tuple[ProjectRef, list[str]]:
        """The project a tool names (an id, or a folder or database path), else the one of
        the working folder when the dashboard knows it, else the demo; with a notice when
        the working folder has memories the dashboard may not open."""
        projects = self.services.projects
        if requested:
            by_path = "/" in requested or requested.startswith(("~", "."))
            return (projects.by_path(requested) if by_path else projects.get(requested)), []
        found = nearest_database(self.cwd)
        known = {ref.path: ref for ref in projects.refs()}
        if found is not None and found in known:
            return known[found], []
        chosen = fallback_project(projects)
        if found is None:
            return chosen, []
        return chosen, [f"This folder's memories ({found}) are not a project the dashboard "
                        f"knows, so '{chosen.name}' was used: `cortex-dashboard projects add "
                        f"{found.parent.parent}` lets it open them."]
