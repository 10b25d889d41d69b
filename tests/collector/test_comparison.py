"""Cluster comparison and baselines through the real ingest and work API (SQLite and
PostgreSQL): two nights five weeks apart, a reported problem, visits; counts computed here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from collector.settings import CollectorSettings
from schemas import Device, DeviceType, Method, Probe
from tests.collector.conftest import World
from tests.collector.helpers import bearer, get_json, post_report
from tests.collector.reports import check, device, metric, report

NIGHT_A, NIGHT_B = 40, 2  # days ago
PUBLIC = Probe(method=Method.SNMP, answered=True, credential="public")
V3 = Probe(method=Method.SNMP, answered=True, credential="school-v3")


@pytest.fixture
def settings(database_url: str) -> CollectorSettings:
    return CollectorSettings(database_url=database_url, replay_max_age_days=60)


def ap(n: int, firmware: str, probe: Probe) -> Device:
    return device(
        n, device_type=DeviceType.ACCESS_POINT, model="UAP-AC-Lite", vendor="Ubiquiti",
        firmware=firmware, probes=[probe], hostname=f"ap-{n}",
    )  # fmt: skip


def ups(n: int, status: str) -> Device:
    battery = check("ups.battery_replace", status, f"Battery replacement {status}")
    return device(
        n, device_type=DeviceType.UPS, model=f"Smart-UPS {n}", firmware=None, vendor="APC",
        hostname=f"ups-{n}", checks=[battery],
    )  # fmt: skip


def projector(n: int, used: float) -> Device:
    status = "critical" if used >= 100 else "warning" if used >= 90 else "ok"
    lamp = check(
        "projector.lamp.1", status, f"Lamp at {used:.0f} %",
        metrics=[metric("lamp_hours", used * 30, "h"), metric("lamp_life_used", used, "%")],
    )  # fmt: skip
    return device(
        n, device_type=DeviceType.PROJECTOR, model=f"EB-X{n}", firmware=None, vendor="Epson",
        hostname=f"projector-{n}", checks=[lamp],
    )  # fmt: skip


def alpha(night: str) -> list[Device]:
    return [
        device(1, hostname="alpha-printer", probes=[PUBLIC]),
        ap(2, "6.4.0" if night == "A" else "6.5.28", V3),
        ups(3, "ok" if night == "A" else "critical"),
        projector(4, 50.0),
    ]


def beta(night: str) -> list[Device]:
    return [
        ap(11, "6.6.55", V3),
        ap(12, "6.6.55", V3),
        ups(13, "ok"),
        projector(14, 90.0 if night == "A" else 104.0),
    ]


def post(client: TestClient, token: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(path, json=body, headers=bearer(token))
    assert response.status_code == 201, response.text
    found: dict[str, Any] = response.json()
    return found


def build(client: TestClient, world: World, people: dict[str, str], now: datetime) -> None:
    for night, days in (("A", NIGHT_A), ("B", NIGHT_B)):
        for slug, devices in (("alpha", alpha(night)), ("beta", beta(night))):
            document = report(slug, devices, started=now - timedelta(days=days))
            assert post_report(client, world.tokens[slug], document).status_code == 202
    post(client, people["head-alpha"], "/api/v1/schools/alpha/incidents", {"title": "Wi-Fi down"})
    tech, today = people["tech-north"], now.date()
    for kind, days, minutes in (("visit", 5, 90), ("remote", 1, 30), ("visit", 120, 60)):
        day = (today - timedelta(days=days)).isoformat()
        body = {"kind": kind, "visited_on": day, "minutes": minutes}
        post(client, tech, "/api/v1/schools/alpha/visits", body)


def test_schools_side_by_side_and_baselines(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    now = datetime.now(UTC)
    build(client, world, people, now)
    found = get_json(client, "/api/v1/clusters/north/comparison", people["tech-north"])
    assert "3 months" in found["period_note"]
    schools = {s["slug"]: s for s in found["schools"]}
    assert set(schools) == {"alpha", "beta"}  # not gamma: another cluster
    a, b = schools["alpha"], schools["beta"]
    # the agent's own PC is a device of its own (a computer)
    assert a["devices_by_type"] == {
        "printer": 1, "access_point": 1, "ups": 1, "projector": 1, "computer": 1,
    }  # fmt: skip
    assert b["devices_by_type"] == {"access_point": 2, "ups": 1, "projector": 1, "computer": 1}
    assert (a["firmware_behind"], b["firmware_behind"]) == (1, 0)
    assert (a["open_alerts"], a["open_reported"], b["open_alerts"]) == (1, 1, 1)
    assert (a["found_by_agent"], a["reported_by_school"]) == (1, 1)
    assert (b["found_by_agent"], b["reported_by_school"]) == (1, 0)
    assert (a["visits"], a["remote_fixes"], a["hours"]) == (1, 1, 2.0)  # 120 days ago: outside
    assert (b["visits"], b["hours"]) == (0, 0.0)
    assert a["failing_checks"] == [["ups.battery_replace", 1]]
    assert b["failing_checks"] == [["projector.lamp", 1]]

    verdicts = {name: (a["baselines"][name]["verdict"], b["baselines"][name]["verdict"])
                for name in a["baselines"]}  # fmt: skip
    assert verdicts == {
        "snmp_public": ("fail", "pass"),
        "firmware_current": ("fail", "pass"),
        "ups_battery": ("fail", "pass"),
        "projector_lamps": ("pass", "fail"),
    }
    assert a["baselines"]["snmp_public"]["failing"] == ["alpha-printer"]
    rows = {row["name"]: row for row in found["baselines"]}
    for name, (mine, theirs) in verdicts.items():
        assert rows[name]["passing"] == [mine, theirs].count("pass")
        assert rows[name]["judged"] == 2

    night_a = now - timedelta(days=NIGHT_A)
    expected_then = {"firmware_current": 1, "ups_battery": 2, "projector_lamps": 2}
    between = [
        p for p in rows["ups_battery"]["trend"][:-1]
        if night_a <= datetime.fromisoformat(p["at"]) < now - timedelta(days=NIGHT_B)
    ]  # fmt: skip
    assert between, "a month start falls between the two nights (40 and 2 days ago)"
    for name, row in rows.items():
        *past, last = row["trend"]
        assert last["label"] == "now"
        assert last["passing"] == row["passing"]
        for point in past:
            at = datetime.fromisoformat(point["at"])
            if name == "snmp_public":
                assert point["passing"] is None  # the collector keeps no history of it
            elif night_a <= at < now - timedelta(days=NIGHT_B):
                assert (point["passing"], point["judged"]) == (expected_then[name], 2)
            elif at < night_a:
                assert point["judged"] == 0


def test_comparison_is_for_the_clusters_staff(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    for user in ("head-alpha", "tech-south"):
        response = client.get("/api/v1/clusters/north/comparison", headers=bearer(people[user]))
        assert response.status_code == 404, user
    assert get_json(client, "/api/v1/clusters/north/comparison", people["admin"])["schools"]
