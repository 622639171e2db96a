"""The long-lived objects one running dashboard shares, built once from its settings."""

from __future__ import annotations

from dataclasses import dataclass

from cortex_dashboard.projects import ProjectRegistry
from cortex_dashboard.settings import Settings
from cortex_dashboard.state import StateDatabase


@dataclass(slots=True)
class Services:
    settings: Settings
    state: StateDatabase
    projects: ProjectRegistry

    @classmethod
    def build(cls, settings: Settings) -> Services:
        settings.home.mkdir(parents=True, exist_ok=True)
        state = StateDatabase(settings.state_db)
        projects = ProjectRegistry(settings, state)
        if settings.demo:
            projects.ensure_demo()
        return cls(settings=settings, state=state, projects=projects)

    def close(self) -> None:
        self.projects.close()
        self.state.close()
