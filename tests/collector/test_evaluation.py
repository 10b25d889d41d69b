"""The evaluation report over eight simulated nights: every figure against a count the test
makes itself from the schedule it sent (not from the collector's own tables)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from statistics import median

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import School
from collector.services import incidents
from schemas import DeviceType
from tests.collector.conftest import World
from tests.collector.helpers import bearer, get_json
from tests.collector.reports import check, device, report, toner
from tests.collector.test_ingest import night, send

NIGHTS = 8
PRINTER_DOWN = {2, 3}  # nights (0 = oldest) the printer's status check is critical
SWITCH_ABSENT = {5}  # nights the switch is not in the report
AP_WARNING = {1}  # nights the AP's check warns (still up)
TONER_1 = [40, 30, 20, 0, 100, 90, 80, 70]  # runs out, then replaced
TONER_2 = [15, 10, 5, 100, 95, 90, 85, 80]  # replaced in time


def _alpha_night(index: int) -> list:  # type: ignore[type-arg]
    printer_status = "critical" if index in PRINTER_DOWN else "ok"
    level_1, level_2 = TONER_1[index], TONER_2[index]
    printer = device(
        1,
        checks=[check("printer.status", printer_status, f"printer {printer_status}")],
        supplies=[toner(1, level_1, "critical" if level_1 == 0 else "ok"), toner(2, level_2)],
    )
    ap_status = "warning" if index in AP_WARNING else "ok"
    ap = device(
        3,
        device_type=DeviceType.ACCESS_POINT,
        hostname="ap-hall",
        checks=[check("ap.clients", ap_status, f"clients {ap_status}")],
    )
    switch = device(
        2, device_type=DeviceType.SWITCH, hostname="sw-core", checks=[check("if.ports", "ok")]
    )
    return [printer, ap] if index in SWITCH_ABSENT else [printer, ap, switch]


def _send_nights(client: TestClient, world: World) -> list[datetime]:
    times = [night(NIGHTS - index) for index in range(NIGHTS)]
    for index, at in enumerate(times):
        send(client, world, report("alpha", _alpha_night(index), started=at))
        beta_printer = device(9, checks=[check("printer.status", "ok")])
        send(client, world, report("beta", [beta_printer], started=at), school="beta")
    return times


def _expected_uptime() -> tuple[int, int]:
    printer_up = NIGHTS - len(PRINTER_DOWN)
    switch_up = NIGHTS - len(SWITCH_ABSENT)
    ap_up = NIGHTS  # a warning is not critical
    return printer_up + switch_up + ap_up, 3 * NIGHTS


def test_evaluation_numbers_match_what_was_sent(
    client: TestClient, world: World, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    times = _send_nights(client, world)
    opened = times[0] + timedelta(hours=10)
    with factory.begin() as session:
        alpha = session.scalars(select(School).where(School.slug == "alpha")).one()
        reported = incidents.report_by_school(
            session,
            school_id=alpha.id,
            user_id=None,
            title="Projector in room 2 is dark",
            description="",
            device_id=None,
            now=opened,
        )
        incidents.acknowledge(session, reported.id, None, opened + timedelta(hours=1))
        incidents.resolve(session, reported.id, None, opened + timedelta(hours=5))
    tech = people["tech-north"]
    for day, minutes, kind in ((times[3].date(), 90, "visit"), (times[5].date(), 30, "remote")):
        body = {"kind": kind, "visited_on": day.isoformat(), "minutes": minutes, "notes": "n"}
        response = client.post("/api/v1/schools/alpha/visits", json=body, headers=bearer(tech))
        assert response.status_code == 201, response.text

    since, until = times[0].date(), datetime.now(UTC).date()
    data = get_json(
        client,
        "/api/v1/clusters/north/evaluation",
        tech,
        since=since.isoformat(),
        until=until.isoformat(),
    )
    rows = {row["school"]: row for row in data["schools"]}
    alpha_row, beta_row, total = rows["alpha"], rows["beta"], data["total"]

    # incidents: printer critical (nights 2→4) and AP warning (1→2) from the agent, one reported
    day = 24.0
    printer_hours = (len(PRINTER_DOWN)) * day
    ap_hours = len(AP_WARNING) * day
    assert (alpha_row["incidents_agent"], alpha_row["incidents_school"]) == (2, 1)
    assert alpha_row["median_hours_to_resolve"] == median([printer_hours, ap_hours, 5.0])
    assert alpha_row["median_hours_to_acknowledge"] == 1.0
    assert beta_row["incidents_agent"] == 0
    # visits
    assert (alpha_row["visits"], alpha_row["hours_on_site"]) == (1, 1.5)
    assert (alpha_row["remote_fixes"], alpha_row["hours_remote"]) == (1, 0.5)
    # devices and uptime
    # what was sent, plus the PC the agent runs on (it reports its own health)
    assert (alpha_row["devices_covered"], beta_row["devices_covered"]) == (3 + 1, 1 + 1)
    up, nights = _expected_uptime()
    assert (alpha_row["key_device_up_nights"], alpha_row["key_device_nights"]) == (up, nights)
    assert alpha_row["uptime_percent"] == round(100 * up / nights, 1)
    assert beta_row["uptime_percent"] == 100.0
    assert total["uptime_percent"] == round(100 * (up + NIGHTS) / (nights + NIGHTS), 1)
    # supplies: toner 1 ran out before its replacement, toner 2 was replaced in time
    assert (alpha_row["supplies_ran_out"], alpha_row["supplies_replaced_in_time"]) == (1, 1)
    # forecast in time: exact counts are tested in test_supply_forecast; here it is wired in
    # and bounded by the cartridges that ended
    assert data["forecast_available"] is True
    assert 0 <= alpha_row["supplies_forecast_in_time"] <= 2
    assert beta_row["supplies_forecast_in_time"] == 0
    # totals and months add up
    assert total["incidents_agent"] == 2
    assert total["visits"] == 1
    assert sum(m["incidents_agent"] + m["incidents_school"] for m in data["months"]) == 3
    assert sum(m["hours"] for m in data["months"]) == 2.0
    assert {d["figure"] for d in data["definitions"]} >= {"Uptime of key devices"}

    text = client.get(
        "/api/v1/clusters/north/evaluation.csv",
        headers=bearer(tech),
        params={"since": since.isoformat(), "until": until.isoformat()},
    ).text
    csv_rows = {r["school"]: r for r in csv.DictReader(io.StringIO(text))}
    assert csv_rows["alpha"]["uptime_percent"] == str(alpha_row["uptime_percent"])
    assert csv_rows["total"]["hours_on_site"] == "1.5"


def test_evaluation_is_for_staff_of_the_cluster_only(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    params = {"since": "2026-09-01", "until": "2026-12-01"}
    south = client.get(
        "/api/v1/clusters/north/evaluation", headers=bearer(people["tech-south"]), params=params
    )
    assert south.status_code == 404
    head = client.get(
        "/api/v1/clusters/north/evaluation", headers=bearer(people["head-alpha"]), params=params
    )
    assert head.status_code == 403
    backwards = {"since": "2026-12-01", "until": "2026-09-01"}
    bad = client.get(
        "/api/v1/clusters/north/evaluation", headers=bearer(people["admin"]), params=backwards
    )
    assert bad.status_code == 400
    assert "period" in bad.json()["detail"] or "period" in bad.text
