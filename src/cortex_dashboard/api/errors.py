"""One JSON shape for every error: `{success: false, error, error_code, detail?}`."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from cortex_dashboard.errors import DashboardError

log = logging.getLogger(__name__)

HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "too_large"}
ROUTING_SENTENCES = {404: "There is nothing at {path}; /docs lists the API.",
                     405: "{method} is not allowed on {path}; /docs lists the API."}


def error_body(message: str, code: str, detail: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"success": False, "error": message, "error_code": code}
    if detail is not None:
        body["detail"] = detail
    return body


def _field_message(error: dict[str, Any]) -> str:
    location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    return f"{location}: {error.get('msg', 'invalid')}"


async def _dashboard_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DashboardError)
    return JSONResponse(error_body(exc.message, exc.code, exc.detail), exc.status_code,
                        headers=_retry_after(exc.detail))


def _retry_after(detail: Any) -> dict[str, str] | None:
    seconds = detail.get("retry_after_s") if isinstance(detail, dict) else None
    return {"Retry-After": str(max(1, round(seconds)))} if seconds is not None else None


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    message = "Invalid request: " + "; ".join(_field_message(e) for e in errors)
    return JSONResponse(error_body(message, "validation_error", errors), 422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, "http_error")
    message = str(exc.detail)
    if exc.status_code in ROUTING_SENTENCES and message == HTTPStatus(exc.status_code).phrase:
        # Starlette's bare "Not Found" for an unknown route becomes a sentence.
        message = ROUTING_SENTENCES[exc.status_code].format(path=request.url.path,
                                                            method=request.method)
    return JSONResponse(error_body(message, code), exc.status_code, headers=exc.headers)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    message = "Something went wrong inside the dashboard; the server log has the details."
    return JSONResponse(error_body(message, "internal_error"), 500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DashboardError, _dashboard_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
