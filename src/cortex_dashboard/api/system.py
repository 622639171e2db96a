"""Health and the list of projects."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from cortex_dashboard import __version__
from cortex_dashboard.api.deps import ServicesDep
from cortex_dashboard.projects import Project

router = APIRouter(tags=["system"])


class Health(BaseModel):
    status: str
    version: str


@router.get("/health")
def health() -> Health:
    return Health(status="ok", version=__version__)


@router.get("/api/projects")
def list_projects(services: ServicesDep) -> list[Project]:
    """Every Omni-Cortex database the dashboard may open."""
    return services.projects.list_projects()
