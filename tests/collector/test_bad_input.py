"""Bad input gets the right status code and changes nothing (on SQLite and PostgreSQL)."""

from __future__ import annotations

import gzip
import json
import zlib
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from collector.services.credentials import revoke_agent_tokens
from collector.settings import MiB
from tests.collector.conftest import World
from tests.collector.databases import row_counts, snapshot
from tests.collector.helpers import post_report
from tests.collector.reports import check, device, nightly, report


def assert_unchanged(engine: Engine, before: dict[str, list[tuple[object, ...]]]) -> None:
    assert snapshot(engine) == before


def test_a_good_report_is_accepted(client: TestClient, world: World, engine: Engine) -> None:
    before = row_counts(engine)
    response = post_report(client, world.tokens["alpha"], report("alpha", [device(1), device(2)]))
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "accepted"
    after = row_counts(engine)
    assert after["reports"] == before["reports"] + 1
    assert after["devices"] == before["devices"] + 3  # two devices and the agent's own PC


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer lka_not-a-real-token", "Basic YWRtaW46YWRtaW4=", "Bearer lks_session-token"],
)
def test_missing_or_wrong_token_is_401(
    client: TestClient, world: World, engine: Engine, authorization: str | None
) -> None:
    before = snapshot(engine)
    headers = {"Authorization": authorization} if authorization else {}
    body = report("alpha", [device(1)]).model_dump_json()
    response = client.post("/api/v1/reports", content=body, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert_unchanged(engine, before)


def test_another_schools_token_is_403(client: TestClient, world: World, engine: Engine) -> None:
    before = snapshot(engine)
    response = post_report(client, world.tokens["beta"], report("alpha", [device(1)]))
    assert response.status_code == 403
    assert "beta" in response.json()["detail"]
    assert_unchanged(engine, before)


def test_revoked_token_is_401(
    client: TestClient, world: World, engine: Engine, factory: sessionmaker[Session]
) -> None:
    with factory.begin() as session:
        assert revoke_agent_tokens(session, world.agents["alpha"], nightly(0), "test") == 1
    before = snapshot(engine)
    response = post_report(client, world.tokens["alpha"], report("alpha", [device(1)]))
    assert response.status_code == 401
    assert "re-enroll" in response.json()["detail"]
    assert_unchanged(engine, before)


def test_oversized_body_is_413(client: TestClient, world: World, engine: Engine) -> None:
    before = snapshot(engine)
    body = b" " * (5 * MiB + 1)
    response = post_report(client, world.tokens["alpha"], body)
    assert response.status_code == 413
    assert_unchanged(engine, before)


def test_gzip_bomb_is_413(client: TestClient, world: World, engine: Engine) -> None:
    before = snapshot(engine)
    bomb = gzip.compress(b"[" + b" " * (200 * MiB) + b"]", compresslevel=9)
    assert len(bomb) < MiB  # small on the wire ...
    headers = {"Content-Encoding": "gzip"}
    response = post_report(client, world.tokens["alpha"], bomb, headers=headers)
    assert response.status_code == 413  # ... refused once inflating passes the limit
    assert "decompressed" in response.json()["detail"]
    assert_unchanged(engine, before)


@pytest.mark.parametrize(
    ("body", "encoding", "status"),
    [
        (b'{"schema_version": "1.1", "report_id": ', None, 400),
        (b"\xff\xfe not utf-8", None, 400),
        (b"not gzip at all", "gzip", 400),
        (zlib.compress(b"{}")[:-4], "gzip", 400),
        (b"{}", "br", 415),
    ],
    ids=["truncated-json", "binary", "bad-gzip", "deflate-not-gzip", "brotli"],
)
def test_malformed_body_is_rejected(  # noqa: PLR0917 (pytest fixtures and parameters)
    client: TestClient,
    world: World,
    engine: Engine,
    body: bytes,
    encoding: str | None,
    status: int,
) -> None:
    before = snapshot(engine)
    headers = {"Content-Encoding": encoding} if encoding else {}
    response = post_report(client, world.tokens["alpha"], body, headers=headers)
    assert response.status_code == status, response.text
    assert_unchanged(engine, before)


def _document_with(path: list[str | int], value: object) -> bytes:
    document = json.loads(report("alpha", [device(1), device(2)]).model_dump_json())
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("path", "value", "field_path"),
    [
        (["devices", 1, "mac"], "not-a-mac", "devices.1.mac"),
        (["devices", 0, "ips", 0], "300.1.2.3", "devices.0.ips.0"),
        (["devices", 1, "device_type"], "toaster", "devices.1.device_type"),
        (["scan"], KeyError, "scan"),
        (["report_id"], "12345", "report_id"),
        (["scan", "started_at"], "2026-11-29T18:00:00", "scan.started_at"),
        (["schema_version"], "2.0", "schema_version"),
        (["devices", 0, "surprise"], "extra", "devices.0.surprise"),
    ],
    ids=["mac", "ip", "type", "missing-scan", "uuid", "naive-time", "version", "extra-field"],
)
def test_schema_violation_is_422_naming_the_field(  # noqa: PLR0917
    client: TestClient,
    world: World,
    engine: Engine,
    path: list[str | int],
    value: object,
    field_path: str,
) -> None:
    before = snapshot(engine)
    response = post_report(client, world.tokens["alpha"], _document_with(path, value), gzip=True)
    assert response.status_code == 422, response.text
    paths = [error["path"] for error in response.json()["errors"]]
    assert field_path in paths
    assert field_path in response.json()["detail"]  # the human message names it too
    assert_unchanged(engine, before)


def test_health_in_a_1_0_report_is_422(client: TestClient, world: World, engine: Engine) -> None:
    before = snapshot(engine)
    document = json.loads(report("alpha", [device(1)]).model_dump_json())
    document["schema_version"] = "1.0"
    document["devices"][0]["checks"] = [check("printer.status").model_dump(mode="json")]
    response = post_report(client, world.tokens["alpha"], json.dumps(document).encode())
    assert response.status_code == 422
    assert "1.0" in response.json()["detail"]
    assert_unchanged(engine, before)


def test_schema_1_0_is_still_accepted(client: TestClient, world: World) -> None:
    document = report("alpha", [device(1)], version="1.0")
    assert post_report(client, world.tokens["alpha"], document).status_code == 202


def test_duplicate_report_is_200_and_changes_nothing(
    client: TestClient, world: World, engine: Engine
) -> None:
    document = report("alpha", [device(1), device(2, device_type="switch")])
    assert post_report(client, world.tokens["alpha"], document).status_code == 202
    before = snapshot(engine)
    again = post_report(client, world.tokens["alpha"], document, gzip=True)
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert_unchanged(engine, before)


def test_replay_of_an_older_report_is_409_and_changes_nothing(
    client: TestClient, world: World, engine: Engine
) -> None:
    newer = report("alpha", [device(1)], started=nightly(1))
    assert post_report(client, world.tokens["alpha"], newer).status_code == 202
    before = snapshot(engine)
    older = report("alpha", [device(1, firmware="OLD"), device(9)], started=nightly(2))
    response = post_report(client, world.tokens["alpha"], older)
    assert response.status_code == 409
    assert "newer scan" in response.json()["detail"]
    assert_unchanged(engine, before)


def test_report_older_than_the_replay_window_is_409(
    client: TestClient, world: World, engine: Engine
) -> None:
    before = snapshot(engine)
    ancient = report("alpha", [device(1)], started=nightly(15))
    response = post_report(client, world.tokens["alpha"], ancient)
    assert response.status_code == 409
    assert "older than 14 days" in response.json()["detail"]
    assert_unchanged(engine, before)


def test_report_from_the_future_is_422(client: TestClient, world: World, engine: Engine) -> None:
    before = snapshot(engine)
    future = report("alpha", [device(1)], started=nightly(0) + timedelta(days=1))
    response = post_report(client, world.tokens["alpha"], future)
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "scan.started_at"
    assert_unchanged(engine, before)
