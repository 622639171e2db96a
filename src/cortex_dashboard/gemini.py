"""The google-genai client as the dashboard uses it, and its errors translated.

One place builds the async client (key, base URL, timeout, retries through the SDK's
own options) and one function maps the SDK's exceptions to the dashboard's, so the
image and chat features fail the same way.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any, TypeVar

from google import genai
from google.genai import errors as genai_errors
from google.genai import types

from cortex_dashboard.errors import (
    DashboardError,
    InvalidApiKey,
    ModelNotFound,
    NoApiKey,
    RateLimited,
    UpstreamError,
    UpstreamTimeout,
)
from cortex_dashboard.images.providers.base import Usage
from cortex_dashboard.settings import Settings

T = TypeVar("T")
RETRIED_STATUSES = [408, 429, 500, 502, 503, 504]
_END = object()
NO_KEY_MESSAGE = ("No Gemini API key is set. Add GEMINI_API_KEY to the environment or .env "
                  "and restart, or use the offline renderer (provider 'local').")


def make_client(settings: Settings) -> genai.Client:
    if settings.gemini_api_key is None:
        raise NoApiKey(NO_KEY_MESSAGE)
    options = types.HttpOptions(
        base_url=settings.gemini_base_url,
        timeout=int(settings.gemini_timeout_s * 1000),
        retry_options=types.HttpRetryOptions(
            attempts=settings.gemini_attempts, initial_delay=1.0, max_delay=20.0,
            http_status_codes=RETRIED_STATUSES,
        ),
    )
    return genai.Client(api_key=settings.gemini_api_key.get_secret_value(), http_options=options)


def usage_from_metadata(metadata: types.GenerateContentResponseUsageMetadata | None
                        ) -> Usage:
    """The tokens an answer's `usageMetadata` counts (zeros when it has none)."""
    if metadata is None:
        return Usage()
    return Usage(
        prompt_tokens=metadata.prompt_token_count or 0,
        output_tokens=metadata.candidates_token_count or 0,
        thoughts_tokens=metadata.thoughts_token_count or 0,
        total_tokens=metadata.total_token_count or 0,
    )


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
        return RateLimited("Gemini is rate-limiting this key (429 after retries). Wait a "
                           "minute and try again.")
    if code == 404:
        return ModelNotFound(f"Gemini does not know the model '{model}': {message}")
    if code in (401, 403) or "API key" in message:
        return InvalidApiKey(f"Gemini refused the API key: {message} Check GEMINI_API_KEY.")
    if code in (504, 408):
        return UpstreamTimeout(f"Gemini timed out ({message}). Try again, or a smaller size.")
    if code >= 500:
        return UpstreamError(f"Gemini is unavailable right now ({code} {exc.status}). Try "
                             "again in a moment.")
    return UpstreamError(f"Gemini refused the request ({code} {exc.status}): {message}",
                         detail={"upstream_code": code, "upstream_status": exc.status})


class GeminiRunner:
    """The async client, run on an event loop of its own in a worker thread.

    Reading and parsing a multi-megabyte image answer (JSON, base64, pydantic) is CPU work
    inside the SDK; on the server's own loop it would stall every other request for tens
    of milliseconds per image. Here the server's loop only awaits the result.
    """

    def __init__(self, client: genai.Client) -> None:
        self.client = client
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="gemini",
                                        daemon=True)
        self._thread.start()

    async def call(self, work: Callable[[genai.Client], Coroutine[Any, Any, T]]) -> T:
        future = asyncio.run_coroutine_threadsafe(work(self.client), self._loop)
        return await asyncio.wrap_future(future)

    async def stream(self, work: Callable[[genai.Client], AsyncIterator[T]]
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

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error
