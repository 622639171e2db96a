"""The google-genai client as the dashboard uses it: one runner for images and chat.

One place builds the async client (key, base URL, timeout, the SDK's own retries for
408 and 5xx), runs every call and stream on an event loop of its own, translates the
SDK's exceptions into the dashboard's, and asks the API which models this key may use.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any, TypeVar

from google import genai
from google.genai import errors as genai_errors
from google.genai import types

from cortex_dashboard.catalogue import RETIRED, Kind, models
from cortex_dashboard.errors import (
    DashboardError,
    InvalidApiKey,
    InvalidInput,
    ModelNotFound,
    QuotaUnavailable,
    RateLimited,
    UpstreamError,
    UpstreamTimeout,
)
from cortex_dashboard.settings import Settings

T = TypeVar("T")
log = logging.getLogger(__name__)
RETRIED_STATUSES = [408, 500, 502, 503, 504]
"""429 is not among them: a quota of 0 never clears, and other 429s say when to retry."""
DIRECTORY_TTL_S = 600.0
_END = object()
NO_KEY_MESSAGE = ("No Gemini API key is set. Add GEMINI_API_KEY to the environment or .env "
                  "and restart, or use the offline renderer (provider 'local').")


def make_client(settings: Settings) -> genai.Client:
    assert settings.gemini_api_key is not None
    options = types.HttpOptions(
        base_url=settings.gemini_base_url,
        timeout=int(settings.gemini_timeout_s * 1000),
        retry_options=types.HttpRetryOptions(
            attempts=settings.gemini_attempts, initial_delay=1.0, max_delay=20.0,
            http_status_codes=RETRIED_STATUSES,
        ),
    )
    return genai.Client(api_key=settings.gemini_api_key.get_secret_value(), http_options=options)


class ModelDirectory:
    """Which models this key may use, from `models.list()`, cached for ten minutes.

    None means "not known" (never asked, or the listing failed): callers then assume the
    catalogue's models are usable and learn otherwise from a 404."""

    def __init__(self, runner: GeminiRunner) -> None:
        self._runner = runner
        self._names: frozenset[str] | None = None
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    @property
    def known(self) -> frozenset[str] | None:
        return self._names

    async def names(self, *, refresh: bool = False) -> frozenset[str] | None:
        async with self._lock:
            stale = time.monotonic() - self._fetched_at > DIRECTORY_TTL_S
            if refresh or self._names is None or stale:
                self._names = await self._fetch()
                self._fetched_at = time.monotonic()
            return self._names

    async def _fetch(self) -> frozenset[str] | None:
        async def listing(client: genai.Client) -> list[str]:
            pager = await client.aio.models.list(config={"page_size": 100})
            return [model.name or "" async for model in pager]

        try:
            names = await self._runner.call(listing)
        except Exception as exc:
            log.warning("could not list the models this key may use (%s: %s); keeping what "
                        "was known", type(exc).__name__, exc)
            return self._names
        return frozenset(name.removeprefix("models/") for name in names if name)

    def usable(self, model_id: str) -> bool | None:
        return None if self._names is None else model_id in self._names

    def best(self, kind: Kind, *, besides: str = "") -> str | None:
        """The best catalogue model of this kind the key may use (other than `besides`)."""
        for model in models(kind):
            if model.id != besides and self.usable(model.id) is not False:
                return model.id
        return None


class GeminiRunner:
    """The async client, run on an event loop of its own in a worker thread.

    Reading and parsing a multi-megabyte image answer (JSON, base64, pydantic) is CPU work
    inside the SDK; on the server's own loop it would stall every other request for tens
    of milliseconds per image. Here the server's loop only awaits the result.
    """

    def __init__(self, client: genai.Client) -> None:
        self.client = client
        self.directory = ModelDirectory(self)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="gemini",
                                        daemon=True)
        self._thread.start()

    async def call(self, work: Callable[[genai.Client], Coroutine[Any, Any, T]]) -> T:
        future = asyncio.run_coroutine_threadsafe(work(self.client), self._loop)
        return await asyncio.wrap_future(future)

    async def _items(self, work: Callable[[genai.Client], AsyncIterator[T]]
                     ) -> AsyncIterator[T]:
        """Items of an async iterator that runs on the worker loop, as they come."""
        here = asyncio.get_running_loop()
        queue: asyncio.Queue[Any] = asyncio.Queue()

        async def pump() -> None:
            try:
                async for item in work(self.client):
                    here.call_soon_threadsafe(queue.put_nowait, item)
            except BaseException as exc:
                here.call_soon_threadsafe(queue.put_nowait, _Failure(exc))
                raise
            finally:
                here.call_soon_threadsafe(queue.put_nowait, _END)

        future = asyncio.run_coroutine_threadsafe(pump(), self._loop)
        try:
            while (item := await queue.get()) is not _END:
                if isinstance(item, _Failure):
                    raise item.error
                yield item
        finally:
            future.cancel()

    async def generate(self, model: str, kind: Kind, contents: list[types.Content],
                       config: types.GenerateContentConfig
                       ) -> types.GenerateContentResponse:
        """One whole answer; the SDK's exceptions come out as the dashboard's."""
        try:
            return await self.call(lambda client: client.aio.models.generate_content(
                model=model, contents=contents, config=config))
        except Exception as exc:
            raise await self._translated(exc, model, kind) from exc

    async def stream(self, model: str, kind: Kind, contents: list[types.Content],
                     config: types.GenerateContentConfig
                     ) -> AsyncIterator[types.GenerateContentResponse]:
        """The answer's chunks as they come; errors translated as in `generate`."""
        async def chunks(client: genai.Client) -> AsyncIterator[types.GenerateContentResponse]:
            stream = await client.aio.models.generate_content_stream(
                model=model, contents=contents, config=config)
            async for chunk in stream:
                yield chunk

        try:
            async for chunk in self._items(chunks):
                yield chunk
        except Exception as exc:
            raise await self._translated(exc, model, kind) from exc

    async def _translated(self, exc: BaseException, model: str, kind: Kind) -> DashboardError:
        if isinstance(exc, DashboardError):
            return exc
        if isinstance(exc, genai_errors.APIError) and exc.code == 404:
            await self.directory.names(refresh=True)
            return model_not_found(model, self.directory.best(kind, besides=model))
        return translate_error(exc, model)

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def model_not_found(model: str, alternative: str | None) -> ModelNotFound:
    retired = RETIRED.get(model)
    if retired is not None:
        alternative = retired.successor
    advice = (f"Use {alternative} instead." if alternative else
              "Check which models your key may use at https://aistudio.google.com.")
    return ModelNotFound(f"Gemini has no model '{model}' for this key (it may have been "
                         f"retired or renamed). {advice}",
                         detail={"model": model, "alternative": alternative})


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, TimeoutError) or type(exc).__name__ in (
        "TimeoutException", "ReadTimeout", "ConnectTimeout", "WriteTimeout", "PoolTimeout",
        "ServerTimeoutError",
    )


def _is_connection_error(exc: BaseException) -> bool:
    return isinstance(exc, ConnectionError) or type(exc).__name__ in (
        "ConnectError", "RemoteProtocolError", "ReadError", "ClientConnectorError",
    )


def translate_error(exc: BaseException, model: str) -> DashboardError:
    """The dashboard's error for an exception raised by the SDK or its transport."""
    if isinstance(exc, genai_errors.APIError):
        return _translate_api_error(exc, model)
    if _is_timeout(exc):
        return UpstreamTimeout("Gemini did not answer in time. Try again, or a smaller size.")
    if _is_connection_error(exc):
        return UpstreamError(f"Could not reach Gemini ({type(exc).__name__}). Check the "
                             "network or GEMINI_BASE_URL and try again.")
    return UpstreamError(f"Gemini call failed: {exc}")


def _translate_api_error(exc: genai_errors.APIError, model: str) -> DashboardError:
    message = exc.message or str(exc)
    code = exc.code
    if code == 429:
        return _rate_limited(exc, model)
    if code == 404:
        return model_not_found(model, None)
    if code in (401, 403) or "API key" in message:
        return InvalidApiKey(f"Gemini refused the API key: {message} Check GEMINI_API_KEY.")
    if code in (504, 408):
        return UpstreamTimeout(f"Gemini timed out ({message}). Try again, or a smaller size.")
    if code >= 500:
        return UpstreamError(f"Gemini is unavailable right now ({code} {exc.status}). Try "
                             "again in a moment.")
    if code == 400 and _is_request_error(message):
        return InvalidInput("conversation_history", f"Gemini refused the conversation sent "
                            f"with this request: {message}", code="invalid_history")
    return UpstreamError(f"Gemini refused the request ({code} {exc.status}): {message}",
                         detail={"upstream_code": code, "upstream_status": exc.status})


_REQUEST_ERRORS = re.compile(r"thought_signature|thought signature|empty text parameter",
                             re.IGNORECASE)


def _is_request_error(message: str) -> bool:
    return bool(_REQUEST_ERRORS.search(message))


def _error_details(exc: genai_errors.APIError) -> list[dict[str, Any]]:
    body = exc.details if isinstance(exc.details, dict) else {}
    details = body.get("error", body).get("details") or []
    return [d for d in details if isinstance(d, dict)]


def _retry_after_s(details: list[dict[str, Any]]) -> float | None:
    for detail in details:
        delay = detail.get("retryDelay")
        if isinstance(delay, str) and delay.endswith("s"):
            try:
                return float(delay[:-1])
            except ValueError:
                return None
    return None


def _quota_is_zero(message: str, details: list[dict[str, Any]]) -> bool:
    values = [str(v.get("quotaValue")) for d in details for v in d.get("violations") or ()
              if isinstance(v, dict) and "quotaValue" in v]
    return "0" in values or "limit: 0" in message


def _rate_limited(exc: genai_errors.APIError, model: str) -> DashboardError:
    message = exc.message or ""
    details = _error_details(exc)
    if _quota_is_zero(message, details):
        return QuotaUnavailable(
            f"This API key has no quota for {model} (its limit is 0), so retrying cannot "
            "help. Check the plan and billing details of the key's Google Cloud project, "
            "or choose another model or the offline renderer.", detail={"model": model})
    retry_after = _retry_after_s(details)
    wait = f"in {retry_after:.0f} s" if retry_after is not None else "in a minute"
    return RateLimited(f"Gemini is rate-limiting this key. Try again {wait}.",
                       detail={"retry_after_s": retry_after})
