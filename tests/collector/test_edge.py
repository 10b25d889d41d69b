"""The edge: integers in URLs, body limits, deep nesting, NUL characters, security headers and
the API docs — each case that answered 500 (or cost a gigabyte) on main, on SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from collector.app import create_app
from collector.settings import CollectorSettings
from collector.web.security import SESSION_COOKIE
from tests.collector.conftest import World
from tests.collector.databases import snapshot
from tests.collector.helpers import bearer, post_report

BIG_IDS = ["9223372036854775808", "2147483648", "99999999999999999999999"]
JSON_HEADERS = {"Content-Type": "application/json"}


API_NUMBERS = [
    ("GET", "/api/v1/devices/{}"),
    ("GET", "/api/v1/alerts/{}"),
    ("POST", "/api/v1/alerts/{}/acknowledge"),
    ("GET", "/api/v1/schools?offset={}"),
    ("GET", "/api/v1/alerts?offset={}"),
    ("GET", "/api/v1/schools/alpha/devices?offset={}"),
]


def test_api_integers_beyond_the_database_are_422(
    client: TestClient, people: dict[str, str]
) -> None:
    for method, template in API_NUMBERS:
        for number in BIG_IDS:
            body = {"note": "on it"} if method == "POST" else None
            url = template.format(number)
            response = client.request(method, url, headers=bearer(people["admin"]), json=body)
            assert response.status_code == 422, (url, response.text)


def test_dashboard_ids_beyond_the_database_are_404(
    client: TestClient, people: dict[str, str]
) -> None:
    client.cookies.set(SESSION_COOKIE, people["tech-north"])
    for number in BIG_IDS:
        response = client.get(f"/devices/{number}", follow_redirects=False)
        assert response.status_code == 404
        assert "no such page" in response.text


def _chunks(size: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    for _ in range(size // chunk):
        yield b" " * chunk


@pytest.mark.parametrize("path", ["/api/v1/auth/login", "/api/v1/enroll", "/login"])
def test_a_big_declared_body_is_413_unread(client: TestClient, path: str) -> None:
    response = client.post(path, content=b" " * (1024 * 1024), headers=JSON_HEADERS)
    assert response.status_code == 413, response.text
    assert "limit" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/auth/login", "/api/v1/enroll", "/api/v1/reports"])
def test_a_big_streamed_body_is_413(client: TestClient, world: World, path: str) -> None:
    """No Content-Length (chunked): counted as it arrives, refused once past the limit."""
    headers = {**JSON_HEADERS, **bearer(world.tokens["alpha"])}
    response = client.post(path, content=_chunks(6 * 1024 * 1024), headers=headers)
    assert response.status_code == 413, response.text


def test_a_normal_login_still_fits(client: TestClient, people: dict[str, str]) -> None:
    assert people["admin"].startswith("lks_")


def _deep(levels: int) -> bytes:
    return b'{"a":' * levels + b"1" + b"}" * levels


@pytest.mark.parametrize("body", [_deep(1000), b"[" * 1000 + b"]" * 1000], ids=["object", "list"])
def test_deeply_nested_json_is_400(
    client: TestClient, world: World, people: dict[str, str], engine: Engine, body: bytes
) -> None:
    before = snapshot(engine)
    assert post_report(client, world.tokens["alpha"], body).status_code == 400
    for path in ("/api/v1/auth/login", "/api/v1/admin/clusters"):
        headers = {**JSON_HEADERS, **bearer(people["admin"])}
        assert client.post(path, content=body, headers=headers).status_code == 400
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/auth/login", {"username": "admin\x00", "password": "x"}),
        ("/api/v1/enroll", {"code": "abcd\x00", "agent_name": "pc", "hostname": "pc"}),
        ("/api/v1/admin/clusters", {"slug": "east", "name": "East\x00"}),
        ("/api/v1/alerts/1/acknowledge", {"note": "on\x00it"}),
    ],
)
def test_nul_in_api_input_is_422_naming_the_field(
    client: TestClient, people: dict[str, str], engine: Engine, path: str, body: dict[str, str]
) -> None:
    before = snapshot(engine)
    response = client.post(path, json=body, headers=bearer(people["admin"]))
    assert response.status_code == 422, response.text
    assert "NUL" in response.text
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    "path", ["/api/v1/schools/al%00pha", "/api/v1/alerts?school=al%00pha", "/schools/a%00"]
)
def test_nul_in_the_url_is_400(client: TestClient, people: dict[str, str], path: str) -> None:
    assert client.get(path, headers=bearer(people["admin"])).status_code == 400


def test_nul_in_a_dashboard_form_is_400(client: TestClient, people: dict[str, str]) -> None:
    form = {"username": "admin\x00", "password": "x", "csrf": "x"}
    assert client.post("/login", data=form).status_code == 400


BASELINE = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


@pytest.mark.parametrize(
    "path", ["/healthz", "/api/v1/schools", "/static/lankeeper.css", "/nowhere", "/openapi.json"]
)
def test_every_response_carries_security_headers(
    client: TestClient, people: dict[str, str], path: str
) -> None:
    response = client.get(path, headers=bearer(people["tech-north"]))
    for name, value in BASELINE.items():
        assert response.headers.get(name) == value, (path, name)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "strict-transport-security" not in response.headers  # plain http, no TLS proxy


def test_the_dashboard_keeps_its_own_policy(client: TestClient, people: dict[str, str]) -> None:
    client.cookies.set(SESSION_COOKIE, people["tech-north"])
    response = client.get("/overview")
    assert response.status_code == 200
    assert "style-src 'self'" in response.headers["content-security-policy"]
    assert "script-src" not in response.headers["content-security-policy"]


def test_hsts_behind_a_tls_proxy(settings: CollectorSettings, engine: Engine) -> None:
    app = create_app(settings.model_copy(update={"public_url": "https://lk.example"}), engine)
    with TestClient(app) as tls_client:
        response = tls_client.get("/healthz")
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_413_and_400_refusals_carry_the_headers_too(client: TestClient) -> None:
    response = client.post("/api/v1/auth/login", content=b" " * (1024 * 1024))
    assert response.status_code == 413
    assert response.headers["x-content-type-options"] == "nosniff"


def test_api_docs_need_a_staff_login(client: TestClient, people: dict[str, str]) -> None:
    assert client.get("/openapi.json").status_code == 401
    assert client.get("/openapi.json", headers=bearer(people["head-alpha"])).status_code == 403
    spec = client.get("/openapi.json", headers=bearer(people["admin"])).json()
    assert "/api/v1/reports" in spec["paths"]
    docs = client.get("/docs", follow_redirects=False)
    assert docs.status_code == 303
    assert docs.headers["location"].startswith("/login")


def test_api_docs_page_is_local(client: TestClient, people: dict[str, str]) -> None:
    client.cookies.set(SESSION_COOKIE, people["tech-north"])
    page = client.get("/docs")
    assert page.status_code == 200
    assert "POST /api/v1/reports" in page.text
    assert "<script" not in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/openapi.json").status_code == 200  # the cookie works there too
    assert client.get("/redoc").status_code == 404
