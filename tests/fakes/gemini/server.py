"""The emulator's HTTP server and the controls tests drive it with."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import socket
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from types import TracebackType
from typing import Any, Generic, TypeVar

import uvicorn
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .answers import SHAPES, Composer, Outcome, Plan
from .call import parse_call
from .catalogue import MODELS, ModelSpec
from .checks import check_call, payload_too_large
from .errors import (
    BAD_KEY_DETAILS,
    BAD_KEY_MESSAGE,
    DEFAULT_MESSAGES,
    MISSING_KEY_MESSAGE,
    STATUS_NAMES,
    ApiError,
    credits_depleted,
    free_tier_zero,
    invalid,
    not_found,
    rate_limited,
)
from .fixtures import Fixture, load_fixture
from .signatures import SignatureBook
from .wire import ReceivedRequest

__all__ = ["BAD_KEY", "GeminiEmulator"]

BAD_KEY = "bad-key"
GENERATE = "generateContent"
STREAM = "streamGenerateContent"
API_VERSIONS = frozenset({"v1", "v1beta", "v1alpha"})
QUOTA_KINDS = ("rate", "free_tier_zero", "credits")
REFUSALS = ("quota", "not_found")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
DEFAULT_RETRY_DELAY = 23.390996104  # seconds; RetryInfo says "23s"
MAX_REQUEST_BYTES = 100 * 1024 * 1024  # blog.google, "Increased file size limits", Jan 2026

T = TypeVar("T")
ErrorMaker = Callable[[str], ApiError]


class _Schedule(Generic[T]):
    """Items each handed out to the next N takers, or to every taker (N is None)."""

    def __init__(self) -> None:
        self._entries: deque[list[Any]] = deque()
        self._lock = threading.Lock()

    def add(self, item: T, times: int | None) -> None:
        if times is not None and times < 1:
            raise ValueError(f"times must be a positive count or None (always); got {times}")
        with self._lock:
            self._entries.append([item, times])

    def take(self) -> T | None:
        with self._lock:
            if not self._entries:
                return None
            entry = self._entries[0]
            if entry[1] is not None:
                entry[1] -= 1
                if entry[1] == 0:
                    self._entries.popleft()
            return entry[0]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _api_key(request: Request) -> str | None:
    return request.headers.get("x-goog-api-key") or request.query_params.get("key")


def _check_key(key: str | None) -> None:
    if not key:
        raise ApiError(403, MISSING_KEY_MESSAGE)
    if key == BAD_KEY:
        raise ApiError(400, BAD_KEY_MESSAGE, BAD_KEY_DETAILS)


def _load_json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _sse(chunks: Iterable[bytes]) -> list[bytes]:
    return [b"data: " + chunk + b"\r\n\r\n" for chunk in chunks]


def _page_token(index: int) -> str:
    return base64.urlsafe_b64encode(f"page:{index}".encode()).decode()


def _page_start(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(base64.urlsafe_b64decode(token.encode()).decode().removeprefix("page:"))
    except ValueError as error:
        raise invalid("Invalid page token.") from error


def _page_size(raw: str | None) -> int:
    try:
        size = int(raw) if raw else DEFAULT_PAGE_SIZE
    except ValueError as error:
        raise invalid(f"Invalid value at 'page_size' (TYPE_INT32), \"{raw}\"") from error
    return min(size, MAX_PAGE_SIZE) if size > 0 else DEFAULT_PAGE_SIZE


class GeminiEmulator:
    """The Gemini REST API, served by uvicorn on 127.0.0.1 in a background thread.

    Controls apply to the next request(s) that reach a generate route; each takes
    ``times`` (default 1; ``None`` means every request until ``reset()``).

    Attributes tests may set (``reset()`` restores them):
        latency           seconds before any generate answer
        chunk_delay       seconds between streamed chunks
        signature_bytes   size of each issued thought signature (real ones: 0.6-1.1 MB)
        usage_only_chunk  image-model streams end with a chunk holding only usageMetadata
        max_request_bytes the request payload limit (100 MB)
    """

    def __init__(self) -> None:
        self.base_url = ""
        self.requests: list[ReceivedRequest] = []
        self.model_requests: list[ReceivedRequest] = []
        self._book = SignatureBook()
        self._composer = Composer(self._book)
        self._serial = itertools.count(1)
        self._lock = threading.Lock()
        self._failures: _Schedule[ErrorMaker] = _Schedule()
        self._outcomes: _Schedule[Outcome] = _Schedule()
        self._shapes: _Schedule[str] = _Schedule()
        self._sourceless: _Schedule[bool] = _Schedule()
        self._fixtures: _Schedule[Fixture] = _Schedule()
        self._limit: tuple[frozenset[str], str] | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._set_defaults()
        self._app = Starlette(routes=[
            Route("/{version}/models", self._list_models, methods=["GET"]),
            Route("/{version}/models/{target:path}", self._get_model, methods=["GET"]),
            Route("/{version}/models/{target:path}", self._generate, methods=["POST"]),
        ])

    def _set_defaults(self) -> None:
        self.latency = 0.0
        self.chunk_delay = 0.0
        self.signature_bytes = 750_000
        self.usage_only_chunk = True
        self.max_request_bytes = MAX_REQUEST_BYTES

    # lifecycle

    def start(self) -> None:
        """Starts serving on a free port; base_url is set when this returns."""
        if self._server is not None:
            raise RuntimeError("the emulator is already running; call stop() first")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(
            self._app, log_level="warning", access_log=False, lifespan="off",
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="gemini-emulator", daemon=True
        )
        thread.start()
        _wait_until_started(server, thread)
        self._server, self._thread, self._socket = server, thread, sock
        self.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> GeminiEmulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # controls

    def fail_next(self, status: int, *, times: int | None = 1, message: str | None = None) -> None:
        """Answers the next `times` requests with this HTTP error (429, 500, 503, 504, 403...).

        A 429 carries QuotaFailure and RetryInfo details, as the real one does.
        """
        if status not in STATUS_NAMES:
            raise ValueError(f"status must be one of {sorted(STATUS_NAMES)}; got {status}")

        def make(model: str) -> ApiError:
            if status != 429:
                return ApiError(status, message or DEFAULT_MESSAGES[status])
            quota = rate_limited(model, DEFAULT_RETRY_DELAY)
            return ApiError(429, message or quota.message, quota.details)

        self._failures.add(make, times)

    def quota_exhausted_next(
        self, kind: str = "rate", *, retry_delay: float = DEFAULT_RETRY_DELAY, times: int | None = 1
    ) -> None:
        """429 RESOURCE_EXHAUSTED as the real API words it.

        kind: "rate" (per-minute quota; QuotaFailure limit 500 and RetryInfo),
        "free_tier_zero" (a key without billing: limit 0, retrying cannot help) or
        "credits" (prepaid credits depleted; no details).
        """
        makers: dict[str, ErrorMaker] = {
            "rate": lambda model: rate_limited(model, retry_delay),
            "free_tier_zero": lambda model: free_tier_zero(model, retry_delay),
            "credits": lambda model: credits_depleted(),
        }
        if kind not in makers:
            raise ValueError(f"kind must be one of {QUOTA_KINDS}; got {kind!r}")
        self._failures.add(makers[kind], times)

    def block_next_prompt(self, reason: str = "SAFETY", *, times: int | None = 1) -> None:
        """promptFeedback.blockReason and no candidates."""
        self._outcomes.add(Outcome("block", reason), times)

    def withhold_next_image(
        self,
        finish_reason: str = "IMAGE_SAFETY",
        text: str | None = None,
        *,
        message: str | None = None,
        times: int | None = 1,
    ) -> None:
        """No image: ``content: {}`` (or only `text`, if given), this finishReason and the
        real finishMessage for it (IMAGE_SAFETY, IMAGE_OTHER, [IMAGE_]PROHIBITED_CONTENT;
        none for RECITATION and NO_IMAGE, as captured) unless `message` replaces it."""
        self._outcomes.add(Outcome("withhold", finish_reason, text, message), times)

    def no_image_next(self, *, times: int | None = 1) -> None:
        """A STOP answer with text only (the model described instead of drawing)."""
        text = "I described the picture instead of drawing it: a clean layout of the request."
        self._outcomes.add(Outcome("text_only", "STOP", text), times)

    def answer_shape(self, shape: str, *, times: int | None = 1) -> None:
        """The form of the next image answers: "jpeg" (default: one signed JPEG part),
        "text_then_image" (signed text, then the image), "png", "webp", "two_images"
        (two signed JPEGs, both billed) or "no_image" (NO_IMAGE with ``content: {}``)."""
        if shape not in SHAPES:
            raise ValueError(f"shape must be one of {SHAPES}; got {shape!r}")
        if shape == "no_image":
            self.withhold_next_image("NO_IMAGE", times=times)
        else:
            self._shapes.add(shape, times)

    def grounding_without_sources(self, *, times: int | None = 1) -> None:
        """A searched answer whose groundingMetadata has no groundingChunks."""
        self._sourceless.add(True, times)

    def limit_models(self, ids: Iterable[str], *, refusal: str = "quota") -> None:
        """Lists only these models, for every key; a call to another model is refused as a
        key that cannot use it is: "quota" (429, free-tier limit 0, as for Pro on a key
        without billing) or "not_found" (404)."""
        if refusal not in REFUSALS:
            raise ValueError(f"refusal must be one of {REFUSALS}; got {refusal!r}")
        unknown = sorted(set(ids) - set(MODELS))
        if unknown:
            raise ValueError(f"not models of today: {unknown}; choose from {sorted(MODELS)}")
        self._limit = (frozenset(ids), refusal)

    def serve_fixture(self, name: str, *, times: int | None = 1) -> None:
        """Answers the next generate request(s) with a captured answer, verbatim (merged
        for generateContent if it is a stream capture); its signatures become valid for
        their parts, so a follow-up turn sending them back is accepted."""
        self._fixtures.add(load_fixture(name), times)

    def wait_idle(self, timeout: float = 30.0, quiet: float = 0.1) -> None:
        """Waits until no request is being answered and none arrived for `quiet` seconds,
        so a request left over from an earlier test cannot take the next test's controls."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                log = list(self.requests)
            busy = any(r.finished_at is None for r in log)
            recent = max((r.started_at for r in log), default=0.0)
            if not busy and time.monotonic() - recent >= quiet:
                return
            time.sleep(0.02)

    def reset(self) -> None:
        """Forgets controls, settings and the log; issued signatures stay valid."""
        for schedule in (self._failures, self._outcomes, self._shapes, self._sourceless,
                         self._fixtures):
            schedule.clear()
        self._limit = None
        self._set_defaults()
        with self._lock:
            self.requests.clear()
            self.model_requests.clear()

    # model discovery

    def _visible(self) -> list[ModelSpec]:
        allowed = self._limit[0] if self._limit else frozenset(MODELS)
        return [spec for spec in MODELS.values() if spec.id in allowed]

    def _log_model_request(self, request: Request, model: str, method: str) -> ReceivedRequest:
        record = ReceivedRequest(model, method, time.monotonic(), api_key=_api_key(request),
                                 http_method="GET")
        with self._lock:
            self.model_requests.append(record)
        return record

    async def _list_models(self, request: Request) -> Response:
        record = self._log_model_request(request, "", "list")
        try:
            _check_key(record.api_key)
            if request.path_params["version"] not in API_VERSIONS:
                raise ApiError(404, DEFAULT_MESSAGES[404])
            body = self._models_page(request.query_params.get("pageSize"),
                                     request.query_params.get("pageToken"))
        except ApiError as error:
            return self._finish(record, error.response())
        return self._finish(record, JSONResponse(body))

    def _models_page(self, size_text: str | None, token: str | None) -> dict[str, Any]:
        size, start = _page_size(size_text), _page_start(token)
        visible = self._visible()
        body: dict[str, Any] = {"models": [spec.entry() for spec in visible[start:start + size]]}
        if start + size < len(visible):
            body["nextPageToken"] = _page_token(start + size)
        return body

    async def _get_model(self, request: Request) -> Response:
        model = request.path_params["target"]
        record = self._log_model_request(request, model, "get")
        version = request.path_params["version"]
        try:
            _check_key(record.api_key)
            spec = next((s for s in self._visible() if s.id == model), None)
            if spec is None or version not in API_VERSIONS:
                raise not_found(model, version, "get")
        except ApiError as error:
            return self._finish(record, error.response())
        return self._finish(record, JSONResponse(spec.entry()))

    # generating

    async def _generate(self, request: Request) -> Response:
        model, _, method = request.path_params["target"].rpartition(":")
        record = ReceivedRequest(model, method, time.monotonic(), api_key=_api_key(request))
        with self._lock:
            self.requests.append(record)
        raw = await request.body()
        record.size_bytes = len(raw)
        if record.size_bytes <= self.max_request_bytes:
            record.body = await asyncio.to_thread(_load_json, raw)
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        stream = method == STREAM
        try:
            spec = self._admit(request.path_params["version"], model, method, record)
            status, chunks, record.answer_usage = await asyncio.to_thread(
                self._answer, spec, record.body, stream)
        except ApiError as error:
            return self._finish(record, error.response())
        return self._finish(record, self._response(status, chunks, stream, request))

    def _admit(self, version: str, model: str, method: str, record: ReceivedRequest) -> ModelSpec:
        if record.size_bytes > self.max_request_bytes:
            raise payload_too_large(self.max_request_bytes)
        _check_key(record.api_key)
        spec = MODELS.get(model)
        if version not in API_VERSIONS or method not in (GENERATE, STREAM) or spec is None:
            raise not_found(model, version, method)
        self._check_limit(model, version, method)
        failure = self._failures.take()
        if failure is not None:
            raise failure(model)
        return spec

    def _check_limit(self, model: str, version: str, method: str) -> None:
        if self._limit is None or model in self._limit[0]:
            return
        if self._limit[1] == "not_found":
            raise not_found(model, version, method)
        raise free_tier_zero(model, DEFAULT_RETRY_DELAY)

    def _answer(self, spec: ModelSpec, body: object, stream: bool
                ) -> tuple[int, list[bytes], dict[str, Any] | None]:
        if body is None:
            raise invalid("Invalid JSON payload received. Unexpected token.")
        call = parse_call(spec, body)
        check_call(self._book, call)
        fixture = self._fixtures.take()
        if fixture is not None:
            fixture.register_signatures(self._book)
            return fixture.status, list(fixture.chunks) if stream else [fixture.whole()], None
        reply = self._composer.compose(call, self._plan(), next(self._serial), stream=stream)
        return 200, reply.pieces() if stream else [reply.whole()], reply.usage or None

    def _plan(self) -> Plan:
        return Plan(
            outcome=self._outcomes.take(),
            shape=self._shapes.take() or "jpeg",
            sources=not self._sourceless.take(),
            signature_bytes=self.signature_bytes,
            usage_chunk=self.usage_only_chunk,
        )

    def _response(self, status: int, chunks: list[bytes], stream: bool,
                  request: Request) -> Response:
        if status != 200 or not stream:
            return Response(chunks[0], status_code=status, media_type="application/json")
        if request.query_params.get("alt") == "sse":
            return StreamingResponse(self._drip(_sse(chunks)), media_type="text/event-stream")
        return Response(b"[" + b",\r\n".join(chunks) + b"]", media_type="application/json")

    async def _drip(self, chunks: list[bytes]) -> AsyncIterator[bytes]:
        for index, chunk in enumerate(chunks):
            if index:
                await asyncio.sleep(self.chunk_delay)
            yield chunk

    def _finish(self, record: ReceivedRequest, response: Response) -> Response:
        # Marked now, so a client that has its answer always sees the record complete;
        # marked again once the body has gone out.
        _mark_finished(record, response.status_code)
        response.background = BackgroundTask(_mark_finished, record, response.status_code)
        return response


def _mark_finished(record: ReceivedRequest, status: int) -> None:
    record.status = status
    record.finished_at = time.monotonic()


def _wait_until_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the Gemini emulator did not start")
        time.sleep(0.002)
