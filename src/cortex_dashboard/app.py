"""`create_app(settings)`: the FastAPI application, its routers and the built web UI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from cortex_dashboard import __version__
from cortex_dashboard.api import (
    chat,
    conversations,
    events,
    images,
    memories,
    pictures,
    system,
)
from cortex_dashboard.api.errors import install_error_handlers
from cortex_dashboard.limits import BodyLimit
from cortex_dashboard.security import (
    LOOPBACK_NAMES,
    LocalServerGuard,
    SecurityHeaders,
    url_host,
)
from cortex_dashboard.services import Services
from cortex_dashboard.settings import Settings

WEB_DIR = Path(str(resources.files("cortex_dashboard"))) / "web"
NO_UI_PAGE = """<!doctype html><meta charset="utf-8"><title>cortex-dashboard</title>
<p>The web UI has not been built. Run <code>make run</code>, or see <a href="/docs">/docs</a>
for the HTTP API.</p>"""


def allowed_hosts(settings: Settings) -> frozenset[str]:
    """The Host names this server answers to: loopback names and the address it is bound
    to, as a browser writes it (`127.0.0.2`, `[::1]`); any name on every interface."""
    if settings.host in ("0.0.0.0", "::"):
        return frozenset({"*"})
    return LOOPBACK_NAMES | {url_host(settings.host).lower()}


def create_app(settings: Settings, services: Services | None = None) -> FastAPI:
    """The dashboard; `services` may be given by a caller that owns them (tests, CLI)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or Services.build(settings)
        try:
            yield
        finally:
            await app.state.services.images.drain()
            if owned:
                app.state.services.close()

    app = FastAPI(title="cortex-dashboard", version=__version__, lifespan=lifespan)
    if services is not None:
        app.state.services = services
    install_error_handlers(app)
    for module in (system, memories, events, images, conversations, pictures, chat):
        app.include_router(module.router)
    _mount_web(app)
    token = settings.token.get_secret_value() if settings.token else None
    app.add_middleware(BodyLimit)
    app.add_middleware(LocalServerGuard, allowed_hosts=allowed_hosts(settings), token=token)
    app.add_middleware(SecurityHeaders)
    return app


def _mount_web(app: FastAPI) -> None:
    if (WEB_DIR / "index.html").is_file():
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
        return

    @app.get("/", include_in_schema=False)
    def no_ui() -> HTMLResponse:
        return HTMLResponse(NO_UI_PAGE)
