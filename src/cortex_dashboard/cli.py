"""The `cortex-dashboard` command: serve, projects, demo, generate, mcp, render-gallery."""

from __future__ import annotations

import asyncio
import copy
import errno
import secrets
import socket
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import typer
from pydantic import SecretStr, ValidationError

from cortex_dashboard.errors import DashboardError, InvalidInput
from cortex_dashboard.images.store import MIME_TYPES, convert, write_atomically
from cortex_dashboard.security import HideTokenFilter, url_host
from cortex_dashboard.services import Services
from cortex_dashboard.settings import Settings

app = typer.Typer(help="A dashboard for Omni-Cortex memories: pictures and answers.",
                  no_args_is_help=True, add_completion=False)
projects_app = typer.Typer(help="Which Omni-Cortex databases the dashboard may open.",
                           no_args_is_help=True)
app.add_typer(projects_app, name="projects")

OUTPUT_FORMATS: dict[str, Any] = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg",
                                  ".webp": "webp"}
HomeOption = Annotated[Path | None, typer.Option(
    "--home", help="Data directory (CORTEX_DASHBOARD_HOME).", show_default=False)]


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and .env, with the command line's flags on top; a bad
    value ends the command with a sentence naming the setting."""
    given = {name: value for name, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        raise fail("Invalid settings: " + "; ".join(_setting_error(e) for e in exc.errors())
                   ) from None


def _setting_error(error: Any) -> str:
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    location = ".".join(str(part) for part in error.get("loc", ()))
    return message if location and location.upper() in message.upper() else \
        f"{location}: {message}"


def fail(message: str) -> typer.Exit:
    typer.secho(message, fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


@contextmanager
def open_services(**overrides: Any) -> Iterator[Services]:
    """The services for one command; a dashboard error ends it with its sentence."""
    services = Services.build(load_settings(**overrides))
    try:
        yield services
    except DashboardError as exc:
        raise fail(f"error ({exc.code}): {exc.message}") from exc
    finally:
        services.close()


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
        settings = settings.model_copy(update={"token": SecretStr(secrets.token_urlsafe(24))})
    check_port_free(settings)
    address = start_address(settings)
    typer.echo(f"cortex-dashboard on {address}")
    for line in startup_lines(settings):
        typer.echo(line)
    if open_browser:
        webbrowser.open(address)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level="info", timeout_graceful_shutdown=5, log_config=log_config())


def check_port_free(settings: Settings) -> None:
    """End with a sentence, not a traceback, when the port is taken."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((settings.host, settings.port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise fail(f"Cannot listen on {settings.host}:{settings.port}: "
                           f"{exc.strerror}.") from None
            raise fail(f"Port {settings.port} on {settings.host} is already in use (is the "
                       "dashboard running already?). Stop that program, or choose another "
                       f"port: cortex-dashboard serve --port {settings.port + 1}, or "
                       f"CORTEX_DASHBOARD_PORT={settings.port + 1} make run.") from None


def start_address(settings: Settings) -> str:
    """The address to open: IPv6 in brackets, the token (URL-encoded) when one is set."""
    address = f"http://{url_host(settings.host)}:{settings.port}/"
    if settings.token is not None:
        address += "?" + urlencode({"token": settings.token.get_secret_value()})
    return address


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with the access log's `?token=` values hidden."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["hide_token"] = {"()": HideTokenFilter}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("hide_token")
    return config


def startup_lines(settings: Settings) -> list[str]:
    """Which provider and model pictures will use, and what changed in the settings."""
    from cortex_dashboard.providers import build_providers

    providers = build_providers(settings)
    try:
        image = providers.image()
        chosen = image.image_model(None)
        problems = providers.problems()
    finally:
        providers.close()
    lines = [f"pictures: {image.name} ({chosen.model.name}, {chosen.model.id})"]
    lines += [f"  {label}: {problem}" for label, problem in problems]
    return lines + [f"notice: {n}" for n in settings.model_notices()]


@projects_app.command("list")
def projects_list(home: HomeOption = None) -> None:
    """List every project the dashboard may open."""
    with open_services(home=home) as services:
        for project in services.projects.list_projects():
            typer.echo(f"{project.id}\t{project.kind}\t{project.memory_count}\t"
                       f"{project.name}\t{project.path}")


@projects_app.command("add")
def projects_add(
    path: Annotated[Path, typer.Argument(help="A project folder or its .omni-cortex/cortex.db")],
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    home: HomeOption = None,
) -> None:
    """Register an Omni-Cortex database."""
    with open_services(home=home, demo=False) as services:
        ref = services.projects.add(path, name)
    typer.echo(f"added {ref.id}\t{ref.name}\t{ref.path}")


@projects_app.command("remove")
def projects_remove(
    project: Annotated[str, typer.Argument(help="The id shown by `projects list`.")],
    home: HomeOption = None,
) -> None:
    """Forget a registered database (the file itself is left alone)."""
    with open_services(home=home, demo=False) as services:
        ref = services.projects.remove(project)
    typer.echo(f"removed {ref.id}\t{ref.path}")


@app.command()
def demo(
    reset: Annotated[bool, typer.Option(help="Recreate it even if it exists.")] = False,
    home: HomeOption = None,
) -> None:
    """Create (or reset) the demo project."""
    with open_services(home=home, demo=False) as services:
        path = services.projects.ensure_demo(reset=reset)
    typer.echo(f"demo project at {path}")


async def _generate(services: Services, command: Any, out: Path
                    ) -> tuple[str, float, Path, list[str]]:
    result = await services.images.generate(command)
    turn = result.turns[0].turn
    data = await asyncio.to_thread(services.image_store.read, turn.image_id, turn.mime_type)
    fmt = OUTPUT_FORMATS.get(out.suffix.lower(), "png")
    if MIME_TYPES[fmt] != turn.mime_type:
        data = convert(data, fmt)
    await asyncio.to_thread(write_atomically, out, data)
    return result.turns[0].conversation_id, turn.cost_usd, out, result.turns[0].notices


@app.command()
def generate(
    prompt: Annotated[str, typer.Option(help="What to draw, or how to change the last picture.")],
    out: Annotated[Path, typer.Option(help="Where to write it (.png, .jpg or .webp).")],
    project: Annotated[str | None, typer.Option(help="Project id (`projects list`).")] = None,
    memory: Annotated[list[str] | None, typer.Option(help="A memory id; repeat for more.")
                      ] = None,
    ratio: Annotated[str | None, typer.Option(help="Aspect ratio, e.g. 16:9.")] = None,
    size: Annotated[str, typer.Option(help="512, 1K, 2K or 4K, as the model offers "
                                            "(default: 2K where it makes it).")] = "auto",
    preset: Annotated[str, typer.Option(help="infographic, timeline, …")] = "infographic",
    continue_: Annotated[str | None, typer.Option("--continue",
                                                  help="Refine this conversation.")] = None,
    provider: Annotated[str | None, typer.Option(help="local or gemini.")] = None,
    model: Annotated[str | None, typer.Option(
        help="Image model, e.g. gemini-3-pro-image or gemini-3.1-flash-image.")] = None,
    home: HomeOption = None,
) -> None:
    """Generate or refine a picture without the server (for scripts and cron)."""
    with open_services(home=home) as services:
        command = _generate_command(services, prompt, project, memory or [], ratio, size,
                                    preset, continue_, provider, model)
        conversation_id, cost, path, notices = asyncio.run(_generate(services, command, out))
    for notice in notices:
        typer.echo(f"notice: {notice}")
    typer.echo(f"conversation {conversation_id}\ncost ${cost:.4f}\nwrote {path}")


def _generate_command(services: Services, prompt: str, project: str | None,
                      memory_ids: list[str], ratio: str | None, size: str, preset: str,
                      conversation_id: str | None, provider: str | None, model: str | None,
                      ) -> Any:
    from cortex_dashboard.images.options import PRESETS
    from cortex_dashboard.images.service import GenerateCommand
    from cortex_dashboard.providers.base import ImageSettings

    if preset not in PRESETS:
        raise InvalidInput("preset", f"Unknown preset '{preset}': use {', '.join(PRESETS)}.")
    ref = services.projects.resolve(project)
    settings = ImageSettings(aspect_ratio=ratio or PRESETS[preset].aspect_ratio,
                             image_size=size, preset=preset)
    return GenerateCommand(
        prompt=prompt, settings=settings, model=model, memory_ids=tuple(memory_ids),
        project_id=ref.id,
        database=services.projects.open_ref(ref), conversation_id=conversation_id,
        provider=provider, source="cli",
    )


MCP_HELP = (
    "Serve Claude Code over MCP (stdio): search memories, make, refine, list and show "
    "pictures, on the same data directory as `serve` (the web UI's History shows them)."
    "\n\nRegister it once: claude mcp add cortex-dashboard -- cortex-dashboard mcp "
    "(for Gemini, put --env GEMINI_API_KEY=... before the name; without a key the offline "
    "renderer draws). The project is the one of the folder Claude Code runs in when the "
    "dashboard knows it, else the demo.")


@app.command(help=MCP_HELP)
def mcp(home: HomeOption = None) -> None:
    """Serve Claude Code over MCP (stdio)."""
    from cortex_dashboard.mcp_server import serve_stdio

    serve_stdio(load_settings(home=home), Path.cwd())


@app.command("render-gallery")
def render_gallery_command(
    directory: Annotated[Path, typer.Argument(help="Where to write the PNGs.")],
    home: HomeOption = None,
) -> None:
    """Draw every preset from the demo project with the offline renderer."""
    from cortex_dashboard.images.render import render_gallery
    from cortex_dashboard.memories.queries import list_memories

    with open_services(home=home, demo=True) as services:
        database = services.projects.open("demo")
        with database.reader() as conn:
            memories = list_memories(conn, database.capabilities, limit=200).items
    for path in render_gallery(directory, memories):
        typer.echo(str(path))
