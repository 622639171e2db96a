"""The local-server guard: DNS rebinding (Host), cross-site writes (Origin), the token."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from cortex_dashboard.app import allowed_hosts, create_app
from cortex_dashboard.security import (
    LOOPBACK_NAMES,
    TOKEN_COOKIE,
    HideTokenFilter,
    LocalServerGuard,
    cookie_value,
    host_name,
)
from cortex_dashboard.services import Services
from tests.conftest import BASE_URL, make_settings

TOKEN = "s3cret-token"


async def echo_app(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


def guarded(*, hosts: frozenset[str] = LOOPBACK_NAMES, token: str | None = None,
            ) -> httpx.AsyncClient:
    guard = LocalServerGuard(echo_app, allowed_hosts=hosts, token=token)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=guard), base_url=BASE_URL)


@pytest.fixture
async def remote_client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the real app bound to every interface, with an access token."""
    settings = make_settings(tmp_path / "home", host="0.0.0.0", token=TOKEN)
    services = Services.build(settings)
    transport = httpx.ASGITransport(app=create_app(settings, services))
    async with httpx.AsyncClient(transport=transport, base_url="http://192.168.1.20:8765") as http:
        yield http
    services.close()


@pytest.mark.parametrize(("header", "name"), [
    ("127.0.0.1", "127.0.0.1"), ("127.0.0.1:8765", "127.0.0.1"), ("localhost:80", "localhost"),
    ("[::1]:8765", "[::1]"), ("[::1]", "[::1]"), ("evil.com", "evil.com"), ("", ""),
])
def test_host_name_drops_the_port(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", LOOPBACK_NAMES),
    ("127.0.0.2", LOOPBACK_NAMES | {"127.0.0.2"}),
    ("::1", LOOPBACK_NAMES),
    ("0.0.0.0", frozenset({"*"})),
    ("192.168.1.20", LOOPBACK_NAMES | {"192.168.1.20"}),
])
def test_allowed_hosts_follow_the_bound_interface(tmp_path: Path, host: str,
                                                  expected: frozenset[str]) -> None:
    assert allowed_hosts(make_settings(tmp_path, host=host)) == expected


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8765", "localhost:8765", "[::1]:8765"])
async def test_loopback_hosts_are_served(host: str) -> None:
    async with guarded() as client:
        response = await client.get("/api/x", headers={"Host": host})
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["evil.com", "evil.com:8765", "127.0.0.1.evil.com", ""])
async def test_a_foreign_host_is_refused(host: str) -> None:
    async with guarded() as client:
        response = await client.get("/", headers={"Host": host})
    assert response.status_code == 403
    assert response.json()["error_code"] == "forbidden_host"


async def test_the_real_app_refuses_dns_rebinding(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/projects", headers={"Host": "evil.com"})
    assert response.status_code == 403
    assert "evil.com" in response.json()["error"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_a_write_from_a_foreign_origin_is_refused(method: str) -> None:
    async with guarded() as client:
        response = await client.request(method, "/api/x",
                                        headers={"Origin": "https://evil.com"})
    assert response.status_code == 403
    assert response.json()["error_code"] == "forbidden_origin"


@pytest.mark.parametrize("origin", ["http://127.0.0.1:3000", "http://localhost", "null"])
async def test_a_write_from_another_port_name_or_an_opaque_origin_is_refused(
        origin: str) -> None:
    async with guarded() as client:
        response = await client.post("/api/x", headers={"Origin": origin})
    assert response.status_code == 403


async def test_a_same_origin_write_is_allowed() -> None:
    async with guarded() as client:
        response = await client.post("/api/x", headers={"Host": "127.0.0.1:8765",
                                                        "Origin": "http://127.0.0.1:8765"})
    assert response.status_code == 200


async def test_a_write_without_origin_is_allowed() -> None:
    async with guarded() as client:
        response = await client.post("/api/x")
    assert response.status_code == 200


async def test_a_read_from_a_foreign_origin_is_allowed() -> None:
    async with guarded() as client:
        response = await client.get("/api/x", headers={"Origin": "https://evil.com"})
    assert response.status_code == 200


async def test_the_real_app_refuses_a_cross_site_post(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/memories", headers={"Origin": "https://evil.com"})
    assert response.status_code == 403
    assert "evil.com" in response.json()["error"]


async def test_off_loopback_an_api_request_without_token_is_401(
        remote_client: httpx.AsyncClient) -> None:
    response = await remote_client.get("/api/projects")
    assert response.status_code == 401
    assert response.json()["error_code"] == "unauthorized"


@pytest.mark.parametrize("auth", ["Bearer wrong", "Basic czNjcmV0LXRva2Vu", f"Bearer{TOKEN}"])
async def test_off_loopback_a_wrong_token_is_401(remote_client: httpx.AsyncClient,
                                                 auth: str) -> None:
    response = await remote_client.get("/api/projects", headers={"Authorization": auth})
    assert response.status_code == 401


async def test_off_loopback_a_bearer_token_is_accepted(remote_client: httpx.AsyncClient) -> None:
    response = await remote_client.get("/api/projects",
                                       headers={"Authorization": f"bearer {TOKEN}"})
    assert response.status_code == 200


async def test_off_loopback_a_query_token_is_accepted_and_sets_the_cookie(
        remote_client: httpx.AsyncClient) -> None:
    response = await remote_client.get("/api/projects", params={"token": TOKEN})
    assert response.status_code == 200
    assert response.headers["set-cookie"].startswith(
        f"{TOKEN_COOKIE}={cookie_value(TOKEN)}; Path=/; HttpOnly")


async def test_off_loopback_the_token_cookie_is_accepted(
        remote_client: httpx.AsyncClient) -> None:
    cookie = {"Cookie": f"{TOKEN_COOKIE}={cookie_value(TOKEN)}"}
    response = await remote_client.get("/api/projects", headers=cookie)
    assert response.status_code == 200


async def test_the_token_itself_is_not_accepted_as_the_cookie(
        remote_client: httpx.AsyncClient) -> None:
    response = await remote_client.get("/api/projects",
                                       headers={"Cookie": f"{TOKEN_COOKIE}={TOKEN}"})
    assert response.status_code == 401


async def test_opening_the_page_with_the_token_lets_later_api_calls_through(
        remote_client: httpx.AsyncClient) -> None:
    await remote_client.get("/", params={"token": TOKEN})
    response = await remote_client.get("/api/projects")
    assert response.status_code == 200


async def test_off_loopback_pages_outside_the_api_need_no_token(
        remote_client: httpx.AsyncClient) -> None:
    response = await remote_client.get("/health")
    assert response.status_code == 200


async def test_a_wrong_query_token_sets_no_cookie() -> None:
    async with guarded(token=TOKEN) as client:
        response = await client.get("/", params={"token": "wrong"})
    assert "set-cookie" not in response.headers


# --- item 16: tokens of any text, cookies among others, the bound address --------------

NON_ASCII_TOKEN = "clé-sécrète-🔑"


async def test_a_non_ascii_token_is_accepted_by_query_and_bearer() -> None:
    async with guarded(token=NON_ASCII_TOKEN) as client:
        by_query = await client.get("/api/x", params={"token": NON_ASCII_TOKEN})
        by_bearer = await client.get("/api/x", headers={
            "Authorization": f"Bearer {NON_ASCII_TOKEN}".encode()})  # type: ignore[dict-item]
    assert (by_query.status_code, by_bearer.status_code) == (200, 200)


async def test_a_wrong_non_ascii_token_is_401_not_500() -> None:
    async with guarded(token=TOKEN) as client:
        response = await client.get("/api/x", params={"token": NON_ASCII_TOKEN})
    assert response.status_code == 401


@pytest.mark.parametrize("before", ["tracker=a b", "flag", 'quoted="unclosed', "x=y\\;z"])
async def test_the_token_cookie_after_another_sites_malformed_cookie_is_accepted(
        before: str) -> None:
    cookies = f"{before}; {TOKEN_COOKIE}={cookie_value(TOKEN)}"
    async with guarded(token=TOKEN) as client:
        response = await client.get("/api/x", headers={"Cookie": cookies})
    assert response.status_code == 200


@pytest.mark.parametrize(("host", "header"), [
    ("127.0.0.2", "127.0.0.2:8765"), ("::1", "[::1]:8765"), ("192.168.1.20", "192.168.1.20")])
async def test_the_bound_address_is_always_an_allowed_host(tmp_path: Path, host: str,
                                                           header: str) -> None:
    hosts = allowed_hosts(make_settings(tmp_path, host=host))
    async with guarded(hosts=hosts) as client:
        response = await client.get("/api/x", headers={"Host": header})
    assert response.status_code == 200


# --- item 15: never framed, a content security policy -------------------------------------

async def test_every_response_forbids_framing_and_sniffing(client: httpx.AsyncClient) -> None:
    for path in ("/", "/api/projects", "/api/nothing-here"):
        headers = (await client.get(path)).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert (headers["x-content-type-options"], headers["x-frame-options"]) == ("nosniff",
                                                                                  "DENY")


async def test_the_ui_policy_allows_no_inline_or_foreign_script(client: httpx.AsyncClient
                                                                ) -> None:
    policy = (await client.get("/")).headers["content-security-policy"]
    script = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script.strip() == "script-src 'self'"
    assert "frame-ancestors 'none'" in policy


async def test_the_docs_page_has_its_own_policy_that_loads_swagger(client: httpx.AsyncClient
                                                                   ) -> None:
    response = await client.get("/docs")
    assert "https://cdn.jsdelivr.net" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_refusals_carry_the_security_headers_too(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/projects", headers={"Host": "evil.com"})
    assert response.status_code == 403
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_built_ui_has_no_inline_script() -> None:
    from cortex_dashboard.app import WEB_DIR

    index = WEB_DIR / "index.html"
    if not index.is_file():
        pytest.skip("the web UI is not built (make web)")
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", index.read_text(), re.S)
    assert scripts
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)


# --- the access log -----------------------------------------------------------------------

def test_tokens_are_hidden_from_access_log_records() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "GET", f"/?token={TOKEN}&x=1", "1.1", 200), None)
    HideTokenFilter().filter(record)
    assert TOKEN not in record.getMessage()
    assert "/?token=[hidden]&x=1" in record.getMessage()
