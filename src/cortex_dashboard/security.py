"""Safety of a server on localhost, as pure ASGI middleware.

- DNS rebinding: a request whose Host is not a name of this server is refused.
- Cross-site requests: a state-changing request (POST, PUT, PATCH, DELETE) whose Origin
  is another site is refused, so a web page cannot spend the user's money.
- Off loopback, every API request must carry the access token: an
  `Authorization: Bearer` header, a `token` query parameter or the cookie that opening
  the page with `?token=…` sets.
"""

from __future__ import annotations

import hmac
import json
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cortex_dashboard.api.errors import error_body

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TOKEN_COOKIE = "cortex_token"


def host_name(host_header: str) -> str:
    """`example.com:8765` -> `example.com`; `[::1]:80` -> `[::1]`."""
    if host_header.startswith("["):
        return host_header.split("]")[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class LocalServerGuard:
    def __init__(self, app: ASGIApp, *, allowed_hosts: frozenset[str], token: str | None) -> None:
        self.app = app
        self.allowed_hosts = {name.lower() for name in allowed_hosts}
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal:
            await _send_error(send, 403 if refusal[0] != "unauthorized" else 401, *refusal)
            return
        offered = self._query_token(scope)
        if self.token and offered and hmac.compare_digest(offered, self.token):
            send = _with_token_cookie(send, self.token)
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

    def _query_token(self, scope: Scope) -> str | None:
        values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        return values[0] if values else None

    def _has_token(self, scope: Scope, headers: dict[str, str]) -> bool:
        assert self.token is not None
        offered = [self._query_token(scope)]
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            offered.append(auth[7:].strip())
        cookie = SimpleCookie(headers.get("cookie", "")).get(TOKEN_COOKIE)
        offered.append(cookie.value if cookie else None)
        return any(o and hmac.compare_digest(o, self.token) for o in offered)


def _with_token_cookie(send: Send, token: str) -> Send:
    async def send_with_cookie(message: Message) -> None:
        if message["type"] == "http.response.start":
            cookie = f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
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
