"""Enrollment codes, agent tokens (hashed, rotated, revoked) and the admin API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from collector.app import create_app
from collector.services.credentials import create_enrollment_code
from collector.settings import CollectorSettings
from tests.collector.conftest import World
from tests.collector.databases import snapshot
from tests.collector.helpers import bearer, post_report
from tests.collector.reports import device, report


def new_code(factory: sessionmaker[Session], school: str = "alpha", *, age_h: float = 0) -> str:
    created = datetime.now(UTC) - timedelta(hours=age_h)
    with factory.begin() as session:
        code, _ = create_enrollment_code(session, school, timedelta(hours=1), created, "test")
    return code


def enroll(client: TestClient, code: str) -> tuple[int, dict[str, str]]:
    response = client.post(
        "/api/v1/enroll", json={"code": code, "agent_name": "office-pc", "hostname": "pc-1"}
    )
    return response.status_code, response.json()


def test_a_code_enrolls_exactly_one_agent(
    client: TestClient, world: World, factory: sessionmaker[Session], engine: Engine
) -> None:
    code = new_code(factory)
    status, body = enroll(client, code.lower().replace("-", " "))  # typed by a person
    assert status == 201
    assert body["school_id"] == "alpha"
    assert body["token"].startswith("lka_")
    assert post_report(client, body["token"], report("alpha", [device(1)])).status_code == 202
    before = snapshot(engine)
    status, again = enroll(client, code)
    assert (status, "already used" in again["detail"]) == (401, True)
    assert snapshot(engine) == before


def test_expired_and_unknown_codes_are_refused(
    client: TestClient, world: World, factory: sessionmaker[Session], engine: Engine
) -> None:
    expired = new_code(factory, age_h=2)
    before = snapshot(engine)
    assert enroll(client, expired)[0] == 401
    assert "expired" in enroll(client, expired)[1]["detail"]
    assert enroll(client, "AAAA-BBBB-CCCC")[0] == 401
    assert snapshot(engine) == before


def test_tokens_and_codes_are_stored_hashed(
    client: TestClient, world: World, factory: sessionmaker[Session], engine: Engine
) -> None:
    code = new_code(factory)
    _, body = enroll(client, code)
    everything = repr(snapshot(engine))
    assert body["token"] not in everything
    assert body["token"][4:] not in everything
    assert code not in everything


def test_rotation_keeps_the_old_token_for_the_grace_only(
    settings: CollectorSettings, engine: Engine, world: World
) -> None:
    strict = settings.model_copy(update={"token_rotation_grace_hours": 0})
    with TestClient(create_app(strict, engine)) as client:
        old = world.tokens["alpha"]
        response = client.post("/api/v1/agent/token", headers=bearer(old))
        assert response.status_code == 200
        new = response.json()["token"]
        assert new != old
        assert post_report(client, old, report("alpha", [device(1)])).status_code == 401
        assert post_report(client, new, report("alpha", [device(1)])).status_code == 202


def test_rotation_grace_lets_a_lost_reply_be_survived(client: TestClient, world: World) -> None:
    old = world.tokens["alpha"]
    assert client.post("/api/v1/agent/token", headers=bearer(old)).status_code == 200
    assert post_report(client, old, report("alpha", [device(1)])).status_code == 202


def test_admin_api_end_to_end(client: TestClient, people: dict[str, str]) -> None:
    admin = bearer(people["admin"])
    steps = [
        ("/api/v1/admin/clusters", {"slug": "east", "name": "East", "timezone": "Europe/Berlin"}),
        ("/api/v1/admin/schools", {"cluster": "east", "slug": "delta", "name": "Delta Primary"}),
        (
            "/api/v1/admin/users",
            {
                "username": "tech-east",
                "password": "long enough",
                "role": "technician",
                "cluster": "east",
                "email": "t@east.example",
            },
        ),
        (
            "/api/v1/admin/calendar",
            {
                "kind": "closed",
                "first_day": "2026-12-21",
                "last_day": "2027-01-04",
                "cluster": "east",
            },
        ),
    ]
    for path, body in steps:
        response = client.post(path, json=body, headers=admin)
        assert response.status_code == 201, (path, response.text)
    response = client.post("/api/v1/admin/schools/delta/enrollment-codes", json={}, headers=admin)
    assert response.status_code == 201
    status, enrolled = enroll(client, response.json()["code"])
    assert (status, enrolled["school_id"]) == (201, "delta")
    revoke = client.post(f"/api/v1/admin/agents/{enrolled['agent_id']}/revoke", headers=admin)
    assert revoke.json() == {"revoked": 1}
    assert post_report(client, enrolled["token"], report("delta", [device(1)])).status_code == 401


def test_admin_api_needs_an_admin(client: TestClient, people: dict[str, str]) -> None:
    body = {"slug": "west", "name": "West"}
    assert client.post("/api/v1/admin/clusters", json=body).status_code == 401
    for user in ("tech-north", "head-alpha"):
        response = client.post("/api/v1/admin/clusters", json=body, headers=bearer(people[user]))
        assert response.status_code == 403
    duplicate = {"slug": "north", "name": "again"}
    response = client.post(
        "/api/v1/admin/clusters", json=duplicate, headers=bearer(people["admin"])
    )
    assert response.status_code == 409


def test_wrong_password_is_401(client: TestClient, people: dict[str, str]) -> None:
    for username in ("admin", "nobody"):
        response = client.post("/api/v1/auth/login", json={"username": username, "password": "x"})
        assert response.status_code == 401


def test_an_agent_can_ask_who_it_is_enrolled_as(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    response = client.get("/api/v1/agents/me", headers=bearer(world.tokens["beta"]))
    assert response.status_code == 200
    assert response.json() == {
        "agent_id": world.agents["beta"],
        "school_id": "beta",
        "school_name": "Beta",
    }
    assert "token" not in response.text
    assert client.get("/api/v1/agents/me", headers=bearer("lk_agent_nope")).status_code == 401
    assert client.get("/api/v1/agents/me").status_code == 401
