"""Dependencies shared by the routers: the services and the chosen memory database."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from cortex_dashboard.memories import MemoryDatabase
from cortex_dashboard.projects import ProjectRef
from cortex_dashboard.services import Services


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
ProjectQuery = Annotated[str | None, Query(max_length=200,
                                           description="A project id from /api/projects")]
DbPathQuery = Annotated[str | None, Query(max_length=4096,
                                          description="The path of a known project's database")]


def get_project(services: ServicesDep, project: ProjectQuery = None,
                db_path: DbPathQuery = None) -> ProjectRef:
    return services.projects.resolve(project, db_path)


ProjectDep = Annotated[ProjectRef, Depends(get_project)]


def get_memory_db(services: ServicesDep, ref: ProjectDep) -> MemoryDatabase:
    return services.projects.open_ref(ref)


MemoryDbDep = Annotated[MemoryDatabase, Depends(get_memory_db)]
