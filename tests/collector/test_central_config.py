"""Central configuration on both databases: levels and overrides, secrets encrypted at rest and
never shown to people, the authenticated check-in, "scan now", the audit log, start-up checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from collector.app import create_app
from collector.cli import secrets_unreadable
from collector.db.models import AuditEntry
from collector.services.secret_box import generate_key
from collector.settings import CollectorSettings
from tests.collector.conftest import World
from tests.collector.helpers import bearer, post_report
from tests.collector.reports import device, report

KEY = generate_key()
COMMUNITY = "cluster-Community-7f3a"
SCHOOL_COMMUNITY = "school-only-Community-91c2"
DEVICE_PJLINK = "device-pjlink-Pass-55e1"
V3_AUTH, V3_PRIV = "auth-Key-Secret-0a1b", "priv-Key-Secret-2c3d"
SECRETS = (COMMUNITY, SCHOOL_COMMUNITY, DEVICE_PJLINK, V3_AUTH, V3_PRIV)


@pytest.fixture
def settings(database_url: str) -> CollectorSettings:
    return CollectorSettings(database_url=database_url, secret_key=SecretStr(KEY))


@pytest.fixture
def app(settings: CollectorSettings, engine: Engine) -> FastAPI:
    return create_app(settings, engine)


def put(client: TestClient, token: str, path: str, value: Any) -> Any:
    response = client.put(
        f"/api/v1/admin/settings/{path}", json={"value": value}, headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    return response.json()


def checkin(client: TestClient, token: str, mode: str = "scan") -> dict[str, Any]:
    body = {"agent_version": "0.1", "hostname": "office-pc", "mode": mode}
    response = client.post("/api/v1/agent/checkin", json=body, headers=bearer(token))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    found: dict[str, Any] = response.json()
    return found


def configure(client: TestClient, admin: str) -> None:
    put(client, admin, "clusters/north/snmp_v2c", [{"name": "cluster", "community": COMMUNITY}])
    put(client, admin, "clusters/north/subnets", ["192.168.10.0/24"])
    put(client, admin, "clusters/north/threshold.supply", {"warning": 25, "critical": 10})
    put(client, admin, "clusters/north/nightly_time", "02:30")
    put(client, admin, "schools/beta/snmp_v2c", [{"name": "beta", "community": SCHOOL_COMMUNITY}])
    v3 = {"name": "v3", "user": "monitor", "auth_protocol": "sha", "auth_key": V3_AUTH,
          "priv_protocol": "aes", "priv_key": V3_PRIV}  # fmt: skip
    put(client, admin, "schools/alpha/snmp_v3", [v3])
    put(client, admin, "schools/alpha/pjlink_password?device=192.168.10.40", DEVICE_PJLINK)


def test_cluster_school_and_device_levels_resolve_for_each_agent(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    configure(client, people["admin"])
    alpha = checkin(client, world.tokens["alpha"])["settings"]
    assert alpha["snmp_v2c"] == [{"name": "cluster", "community": COMMUNITY}]
    assert alpha["snmp_v3"][0]["auth_key"] == V3_AUTH
    assert alpha["subnets"] == ["192.168.10.0/24"]
    assert alpha["nightly_time"] == "02:30:00"
    assert alpha["thresholds"] == {"supply": {"warning": 25.0, "critical": 10.0}}
    [override] = alpha["devices"]
    assert (override["ip"], override["pjlink_password"]) == ("192.168.10.40", DEVICE_PJLINK)
    beta = checkin(client, world.tokens["beta"])["settings"]
    assert beta["snmp_v2c"] == [{"name": "beta", "community": SCHOOL_COMMUNITY}]
    assert beta["snmp_v3"] is None
    assert beta["devices"] == []
    gamma = checkin(client, world.tokens["gamma"])["settings"]  # the other cluster
    assert gamma["snmp_v2c"] is None
    assert gamma["subnets"] is None


def test_a_cluster_credential_change_reaches_every_school_of_it(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    configure(client, people["admin"])
    before = checkin(client, world.tokens["alpha"])["settings_updated_at"]
    put(
        client,
        people["admin"],
        "clusters/north/snmp_v2c",
        [{"name": "new", "community": "rotated-1"}],
    )
    alpha = checkin(client, world.tokens["alpha"])
    assert alpha["settings"]["snmp_v2c"] == [{"name": "new", "community": "rotated-1"}]
    assert alpha["settings_updated_at"] > before
    # beta keeps its own community: the school level wins over the cluster
    assert checkin(client, world.tokens["beta"])["settings"]["snmp_v2c"][0]["name"] == "beta"
    client.delete("/api/v1/admin/settings/schools/beta/snmp_v2c", headers=bearer(people["admin"]))
    beta = checkin(client, world.tokens["beta"])["settings"]
    assert beta["snmp_v2c"] == [{"name": "new", "community": "rotated-1"}]


def test_secrets_are_encrypted_at_rest_and_never_shown_to_people(
    client: TestClient, world: World, people: dict[str, str], engine: Engine
) -> None:
    configure(client, people["admin"])
    with engine.connect() as connection:
        stored = json.dumps(
            [list(r) for r in connection.execute(text("SELECT * FROM central_settings"))],
            default=str,
        )
        audit = json.dumps(
            [list(r) for r in connection.execute(text("SELECT * FROM audit_log"))], default=str
        )
    for secret in SECRETS:
        assert secret not in stored
        assert secret not in audit
    shown = []
    for who in ("admin", "tech-north"):
        for path in ("clusters/north", "schools/alpha", "schools/alpha?device=192.168.10.40"):
            response = client.get(f"/api/v1/settings/{path}", headers=bearer(people[who]))
            assert response.status_code == 200, response.text
            shown.append(response.text)
    assert not any(secret in page for page in shown for secret in SECRETS)
    admin_view = {
        s["key"]: s
        for s in client.get(
            "/api/v1/settings/schools/alpha", headers=bearer(people["admin"])
        ).json()["settings"]
    }
    assert (admin_view["snmp_v2c"]["set"], admin_view["snmp_v2c"]["level"]) == (True, "cluster")
    assert (admin_view["snmp_v3"]["set"], admin_view["snmp_v3"]["level"]) == (True, "school")
    assert admin_view["snmp_v3"]["value"] is None
    assert admin_view["pjlink_password"]["set"] is False
    tech_keys = {
        s["key"]
        for s in client.get(
            "/api/v1/settings/schools/alpha", headers=bearer(people["tech-north"])
        ).json()["settings"]
    }
    assert "subnets" in tech_keys
    assert "snmp_v2c" not in tech_keys
    actions = [(e["action"], e.get("key")) for e in _audit(engine)]
    assert ("settings.set", "snmp_v2c") in actions


def _audit(engine: Engine) -> list[dict[str, Any]]:
    with Session(engine) as session:
        return [{"action": a.action, **a.detail} for a in session.scalars(select(AuditEntry))]


def test_who_may_read_and_change_settings(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    body = {"value": [{"name": "x", "community": "y"}]}
    for who in ("tech-north", "head-alpha"):
        response = client.put(
            "/api/v1/admin/settings/clusters/north/snmp_v2c", json=body, headers=bearer(people[who])
        )
        assert response.status_code == 403
    assert (
        client.get(
            "/api/v1/settings/clusters/north", headers=bearer(people["tech-south"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/api/v1/settings/schools/alpha", headers=bearer(people["head-alpha"])
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("clusters/north/snmp_v2c", [{"name": "x"}], "snmp_v2c.0.community"),
        ("clusters/north/subnets", ["not-a-net"], "subnets.0"),
        ("clusters/north/threshold.supply", {"warning": 1}, "threshold.supply.critical"),
        ("clusters/north/no_such_key", 1, "unknown setting"),
        (
            "schools/alpha/subnets?device=aa:bb:cc:dd:ee:ff",
            ["198.18.0.0/24"],
            "cannot be set per device",
        ),
        ("schools/alpha/pjlink_password?device=nonsense", "x", "neither a MAC"),
    ],
)
def test_bad_values_are_refused_naming_the_key_and_nothing_is_stored(  # noqa: PLR0917
    client: TestClient,
    world: World,
    people: dict[str, str],
    engine: Engine,
    path: str,
    value: Any,
    words: str,
) -> None:
    response = client.put(
        f"/api/v1/admin/settings/{path}", json={"value": value}, headers=bearer(people["admin"])
    )
    assert response.status_code == 400, response.text
    assert words in response.json()["detail"]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM central_settings")).scalar() == 0


def test_scan_now_is_handed_to_the_service_once_and_done_by_the_next_report(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    assert (
        client.post(
            "/api/v1/schools/alpha/scan-requests", headers=bearer(people["head-alpha"])
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/api/v1/schools/gamma/scan-requests", headers=bearer(people["tech-north"])
        ).status_code
        == 404
    )
    first = client.post("/api/v1/schools/alpha/scan-requests", headers=bearer(people["tech-north"]))
    assert first.status_code == 201, first.text
    again = client.post("/api/v1/schools/alpha/scan-requests", headers=bearer(people["admin"]))
    assert again.json()["request_id"] == first.json()["request_id"]  # one open request
    assert checkin(client, world.tokens["alpha"], "scan")["scan_requested"] is None
    handed = checkin(client, world.tokens["alpha"], "service")["scan_requested"]
    assert handed["request_id"] == first.json()["request_id"]
    assert checkin(client, world.tokens["alpha"], "service")["scan_requested"] is None
    assert checkin(client, world.tokens["beta"], "service")["scan_requested"] is None
    status = client.get(
        "/api/v1/schools/alpha/scan-requests/latest", headers=bearer(people["head-alpha"])
    ).json()
    assert (status["done"], status["delivered_at"] is not None) == (False, True)
    started = datetime.now(UTC) + timedelta(seconds=1)
    assert (
        post_report(
            client,
            world.tokens["alpha"],
            report("alpha", [device(1)], started=started, version="1.2"),
        ).status_code
        == 202
    )
    status = client.get(
        "/api/v1/schools/alpha/scan-requests/latest", headers=bearer(people["tech-north"])
    ).json()
    assert status["done"] is True
    assert status["report_at"] is not None


def test_check_in_needs_a_valid_agent_token(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    body = {"agent_version": "0.1", "hostname": "pc", "mode": "scan"}
    assert client.post("/api/v1/agent/checkin", json=body).status_code == 401
    assert (
        client.post("/api/v1/agent/checkin", json=body, headers=bearer(people["admin"])).status_code
        == 401
    )
    assert (
        client.post("/api/v1/agent/checkin", json=body, headers=bearer("lka_forged")).status_code
        == 401
    )


def test_without_the_key_secrets_cannot_be_set_or_read_and_serve_refuses_to_start(
    database_url: str,
    engine: Engine,
    people: dict[str, str],
    client: TestClient,
) -> None:
    bare = CollectorSettings(database_url=database_url)
    with TestClient(create_app(bare, engine), raise_server_exceptions=False) as keyless:
        refused = keyless.put(
            "/api/v1/admin/settings/clusters/north/pjlink_password",
            json={"value": "pw-12345678"},
            headers=bearer(people["admin"]),
        )
        assert refused.status_code == 503
        assert "LANKEEPER_COLLECTOR_SECRET_KEY" in refused.json()["detail"]
        assert secrets_unreadable(engine, bare) is None  # nothing secret stored yet
    configure(client, people["admin"])
    problem = secrets_unreadable(engine, bare)
    assert problem is not None
    assert "secret-key generate" in problem
    wrong = CollectorSettings(database_url=database_url, secret_key=SecretStr(generate_key()))
    assert "cannot be decrypted" in (secrets_unreadable(engine, wrong) or "")
    rotating = CollectorSettings(
        database_url=database_url, secret_key=SecretStr(f"{generate_key()},{KEY}")
    )
    assert secrets_unreadable(engine, rotating) is None
