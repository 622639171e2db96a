"""The `cortex-dashboard` command: serve, projects, demo, generate, render-gallery."""

from __future__ import annotations

import secrets
import webbrowser
from pathlib import Path
from typing import Annotated, Any

import typer

from cortex_dashboard.errors import DashboardError
from cortex_dashboard.services import Services
from cortex_dashboard.settings import Settings

app = typer.Typer(help="A dashboard for Omni-Cortex memories: pictures and answers.",
                  no_args_is_help=True, add_completion=False)
projects_app = typer.Typer(help="Which Omni-Cortex databases the dashboard may open.",
                           no_args_is_help=True)
app.add_typer(projects_app, name="projects")

HomeOption = Annotated[Path | None, typer.Option(
    "--home", help="Data directory (CORTEX_DASHBOARD_HOME).", show_default=False)]


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and .env, with the command line's flags on top."""
    given = {name: value for name, value in overrides.items() if value is not None}
    return Settings(**given)


def fail(message: str) -> typer.Exit:
    typer.secho(message, fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (CORTEX_DASHBOARD_HOST).",
                                             show_default=False)] = None,
    port: Annotated[int | None, typer.Option(help="Port (CORTEX_DASHBOARD_PORT).",
                                             show_default=False)] = None,
    home: HomeOption = None,
    open_browser: Annotated[bool, typer.Option("--open/--no-browser",
                                               help="Open the dashboard in a browser.")] = False,
) -> None:
    """Start the dashboard (the demo project is created on first run)."""
    import uvicorn

    from cortex_dashboard.app import create_app

    settings = load_settings(host=host, port=port, home=home)
    if not settings.is_loopback and settings.token is None:
        settings = settings.model_copy(update={"token": secrets.token_urlsafe(24)})
    address = f"http://{'localhost' if settings.is_loopback else settings.host}:{settings.port}/"
    if settings.token is not None:
        address += f"?token={settings.token.get_secret_value()}"
    typer.echo(f"cortex-dashboard on {address}")
    typer.echo("image provider: " + ("gemini" if settings.has_gemini_key else
                                     "local (offline renderer; set GEMINI_API_KEY for Gemini)"))
    if open_browser:
        webbrowser.open(address)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level="info", timeout_graceful_shutdown=5)


@projects_app.command("list")
def projects_list(home: HomeOption = None) -> None:
    """List every project the dashboard may open."""
    services = Services.build(load_settings(home=home))
    try:
        for project in services.projects.list_projects():
            typer.echo(f"{project.id}\t{project.kind}\t{project.memory_count}\t"
                       f"{project.name}\t{project.path}")
    finally:
        services.close()


@projects_app.command("add")
def projects_add(
    path: Annotated[Path, typer.Argument(help="A project folder or its .omni-cortex/cortex.db")],
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    home: HomeOption = None,
) -> None:
    """Register an Omni-Cortex database."""
    services = Services.build(load_settings(home=home, demo=False))
    try:
        ref = services.projects.add(path, name)
    except DashboardError as exc:
        raise fail(exc.message) from exc
    finally:
        services.close()
    typer.echo(f"added {ref.id}\t{ref.name}\t{ref.path}")


@projects_app.command("remove")
def projects_remove(
    project: Annotated[str, typer.Argument(help="The id shown by `projects list`.")],
    home: HomeOption = None,
) -> None:
    """Forget a registered database (the file itself is left alone)."""
    services = Services.build(load_settings(home=home, demo=False))
    try:
        ref = services.projects.remove(project)
    except DashboardError as exc:
        raise fail(exc.message) from exc
    finally:
        services.close()
    typer.echo(f"removed {ref.id}\t{ref.path}")


@app.command()
def demo(
    reset: Annotated[bool, typer.Option(help="Recreate it even if it exists.")] = False,
    home: HomeOption = None,
) -> None:
    """Create (or reset) the demo project."""
    services = Services.build(load_settings(home=home, demo=False))
    try:
        path = services.projects.ensure_demo(reset=reset)
    finally:
        services.close()
    typer.echo(f"demo project at {path}")
