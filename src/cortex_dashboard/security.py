"""Safety of a server on localhost, as pure ASGI middleware.

- DNS rebinding: a request whose Host is not a name of this server is refused.
- Cross-site requests: a state-changing request (POST, PUT, PATCH, DELETE) whose Origin
  is another site is refused, so a web page cannot spend the user's money.
- Off loopback, every API request must carry the access token: an
  `Authorization: Bearer` header, a `token` query parameter or the cookie that opening
  the page with `?token=…` sets. Tokens are compared as bytes in constant time, so any
  token (non-ASCII too) works, and the cookie holds a digest of the token, not the token.
- Framing and sniffing: every response says it may not be framed by another site
  (clickjacking a paid "Generate") and carries a Content-Security-Policy.
- The access log never shows a token (`GET /?token=…` is logged as `token=[hidden]`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from urllib.parse import parse_qs, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cortex_dashboard.api.errors import error_body

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TOKEN_COOKIE = "cortex_token"
# Styles may be inline: Google's search suggestions (which must be shown as sent when a
# picture was grounded) carry a <style> block. Scripts may not.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src 'self' data: https://fonts.gstatic.com; img-src 'self' data: "
    "https://fastapi.tiangolo.com https://cdn.redoc.ly; worker-src 'self' blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
"""FastAPI's /docs and /redoc pages load Swagger UI and ReDoc from a CDN with an inline
script; they get this policy of their own (still never framed)."""
DOCS_PATHS = ("/docs", "/redoc")
TOKEN_IN_TEXT = re.compile(r"(token=)[^&\s\"]*", re.IGNORECASE)


def host_name(host_header: str) -> str:
    """`example.com:8765` -> `example.com`; `[::1]:80` -> `[::1]`."""
    if host_header.startswith("["):
        return host_header.split("]")[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def url_host(host: str) -> str:
    """A bound address as it appears in a URL and a Host header (`::1` -> `[::1]`)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def cookie_value(token: str) -> str:
    """What the token cookie holds: a digest of the token, always plain ASCII."""
    return hashlib.sha256(b"cortex-dashboard cookie\x00" + token.encode()).hexdigest()


def _same(offered: bytes | None, expected: bytes) -> bool:
    return offered is not None and hmac.compare_digest(offered, expected)


def _cookies(header: str, name: str) -> list[str]:
    """Every value of cookie `name`, read pair by pair, so another site's malformed
    cookie before ours cannot hide it (as it does from `http.cookies.SimpleCookie`)."""
    pairs = (part.strip().partition("=") for part in header.split(";"))
    return [value.strip().strip('"') for key, _, value in pairs if key.strip() == name]


class LocalServerGuard:
    def __init__(self, app: ASGIApp, *, allowed_hosts: frozenset[str], token: str | None) -> None:
        self.app = app
        self.allowed_hosts = {name.lower() for name in allowed_hosts}
        self.token = token.encode() if token is not None else None
        self.cookie = cookie_value(token) if token is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal:
            await _send_error(send, 403 if refusal[0] != "unauthorized" else 401, *refusal)
            return
        if self.token and self.cookie and _same(self._query_token(scope), self.token):
            send = _with_token_cookie(send, self.cookie)
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[str, str] | None:
        host = host_name(headers.get("host", "")).lower()
        if "*" not in self.allowed_hosts and host not in self.allowed_hosts:
            return ("forbidden_host",
                    f"Host '{host}' is not this server's name; requests must use "
                    f"{' or '.join(sorted(self.allowed_hosts))}.")
        origin = headers.get("origin")
        if scope["method"] in UNSAFE_METHODS and origin and not self._same_site(origin, headers):
            return ("forbidden_origin",
                    f"A {scope['method']} from origin '{origin}' is refused: only pages of "
                    "this dashboard may change data or spend money.")
        if self.token and scope["path"].startswith("/api") and not self._has_token(scope, headers):
            return ("unauthorized",
                    "This dashboard needs its access token: open the address printed at "
                    "start-up, or send 'Authorization: Bearer <token>'.")
        return None

    def _same_site(self, origin: str, headers: dict[str, str]) -> bool:
        origin_host = urlsplit(origin).netloc.lower()
        return origin_host == headers.get("host", "").lower()

    def _query_token(self, scope: Scope) -> bytes | None:
        """The `token` query parameter as the bytes the client sent (percent-decoded)."""
        query = scope.get("query_string", b"").decode("latin-1")
        values = parse_qs(query, encoding="latin-1").get("token")
        return values[0].encode("latin-1") if values else None

    def _has_token(self, scope: Scope, headers: dict[str, str]) -> bool:
        assert self.token is not None and self.cookie is not None
        auth = headers.get("authorization", "")
        bearer = auth[7:].strip().encode("latin-1") if auth.lower().startswith("bearer ") \
            else None
        cookies = _cookies(headers.get("cookie", ""), TOKEN_COOKIE)
        return (_same(self._query_token(scope), self.token) or _same(bearer, self.token)
                or any(_same(c.encode("latin-1"), self.cookie.encode()) for c in cookies))


def _with_token_cookie(send: Send, value: str) -> Send:
    async def send_with_cookie(message: Message) -> None:
        if message["type"] == "http.response.start":
            cookie = f"{TOKEN_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict"
            message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
        await send(message)

    return send_with_cookie


async def _send_error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps(error_body(message, code)).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    policy = DOCS_POLICY if path.startswith(DOCS_PATHS) else CONTENT_SECURITY_POLICY
    return [
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]


class SecurityHeaders:
    """Adds the framing, sniffing, referrer and content-security headers to every
    HTTP response (errors included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def hide_tokens(text: str) -> str:
    return TOKEN_IN_TEXT.sub(r"\1[hidden]", text)


class HideTokenFilter(logging.Filter):
    """Rewrites log records (uvicorn's access log) so that no `token=` value is printed."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(hide_tokens(a) if isinstance(a, str) else a
                                for a in record.args)
        record.msg = hide_tokens(str(record.msg))
        return True
