"""Alerts: open, de-duplicate, escalate, resolve, offline-for-school-days, agent silence, ack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.contracts import CalendarEntryCreate
from collector.db.models import Alert, Device, Notification, School
from collector.domain import AGENT_SILENT_CHECK, DEVICE_OFFLINE_CHECK, AlertState, DayKind
from collector.services.tenancy import add_calendar_entry
from collector.services.tick import tick
from collector.settings import CollectorSettings
from tests.collector.conftest import World
from tests.collector.helpers import bearer, get_json, post_report
from tests.collector.reports import check, device, report
from tests.collector.test_ingest import night, send


def alerts(factory: sessionmaker[Session], check_id: str | None = None) -> list[Alert]:
    with factory() as session:
        query = select(Alert).order_by(Alert.id)
        if check_id:
            query = query.where(Alert.check_id == check_id)
        return list(session.scalars(query))


def test_alert_lifecycle_dedup_escalate_resolve(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    def night_with(status: str, days: int) -> None:
        toner = check("printer.supply.1", status, f"Black toner {status}")
        send(client, world, report("alpha", [device(1, checks=[toner])], started=night(days)))

    night_with("warning", 6)
    night_with("warning", 5)
    (alert,) = alerts(factory)
    assert (alert.state, alert.severity.value) == (AlertState.OPEN, "warning")
    night_with("critical", 4)
    (alert,) = alerts(factory)
    assert alert.severity.value == "critical"
    night_with("unknown", 3)  # unknown neither opens nor resolves
    assert alerts(factory)[0].state is AlertState.OPEN
    night_with("ok", 2)
    (alert,) = alerts(factory)
    assert alert.state is AlertState.RESOLVED
    assert alert.resolved_at == night(2)
    night_with("warning", 1)
    assert [a.state for a in alerts(factory)] == [AlertState.RESOLVED, AlertState.OPEN]
    with factory() as session:
        assert session.scalars(select(School.open_alerts).where(School.slug == "alpha")).one() == 1


def test_host_checks_raise_alerts_on_the_agents_pc(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    disk = check("host.disk.root", "warning", "Disk C: 93 % full")
    send(client, world, report("alpha", [device(1)], host_checks=[disk], started=night(1)))
    (alert,) = alerts(factory)
    with factory() as session:
        host = session.get_one(Device, alert.device_id)
    assert host.agent_id is not None
    assert alert.summary == "Disk C: 93 % full"


def test_offline_for_n_school_days(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    send(client, world, report("alpha", [device(1), device(2)], started=night(4)))
    send(client, world, report("alpha", [device(1)], started=night(3)))
    assert alerts(factory, DEVICE_OFFLINE_CHECK) == []  # one school day: not yet
    send(client, world, report("alpha", [device(1)], started=night(2)))
    (alert,) = alerts(factory, DEVICE_OFFLINE_CHECK)
    assert alert.summary.startswith("offline for 2 school days")
    send(client, world, report("alpha", [device(1), device(2)], started=night(1)))
    assert alerts(factory, DEVICE_OFFLINE_CHECK)[0].state is AlertState.RESOLVED


def test_holidays_do_not_count_as_offline_days(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    with factory.begin() as session:
        holiday = CalendarEntryCreate(
            kind=DayKind.CLOSED,
            first_day=night(3).date(),
            last_day=night(1).date(),
            label="half term",
            cluster="north",
        )
        add_calendar_entry(session, holiday)
    send(client, world, report("alpha", [device(1), device(2)], started=night(4)))
    for days in (3, 2, 1):
        send(client, world, report("alpha", [device(1)], started=night(days)))
    assert alerts(factory, DEVICE_OFFLINE_CHECK) == []


def test_agent_silence_is_raised_by_tick_and_cleared_by_a_report(
    client: TestClient, world: World, factory: sessionmaker[Session], settings: CollectorSettings
) -> None:
    send(client, world, report("alpha", [device(1)], started=night(3)))
    send(client, world, report("beta", [device(1)], started=night(0, 0)), school="beta")
    now = datetime.now(UTC)
    first = tick(factory, settings, now)
    second = tick(factory, settings, now + timedelta(minutes=5))
    assert first.silent_schools >= 1
    assert second.silent_schools >= 1
    silent = alerts(factory, AGENT_SILENT_CHECK)
    with factory() as session:
        schools = {session.get_one(School, a.school_id).slug for a in silent}
    assert "alpha" in schools
    assert "beta" not in schools
    assert len([a for a in silent if a.state is not AlertState.RESOLVED]) == len(schools)
    send(client, world, report("alpha", [device(1)], started=night(0, 0)))
    alpha = [a for a in alerts(factory, AGENT_SILENT_CHECK) if a.dedup_key == "school:agent.silent"]
    assert any(a.state is AlertState.RESOLVED for a in alpha)


def test_agent_silence_respects_the_calendar(
    client: TestClient, world: World, factory: sessionmaker[Session], settings: CollectorSettings
) -> None:
    with factory.begin() as session:
        add_calendar_entry(
            session,
            CalendarEntryCreate(
                kind=DayKind.CLOSED,
                first_day=night(4).date(),
                last_day=night(-2).date(),
                cluster="north",
            ),
        )
    send(client, world, report("alpha", [device(1)], started=night(4)))
    tick(factory, settings, datetime.now(UTC))
    with factory() as session:
        alpha = session.scalars(select(School).where(School.slug == "alpha")).one()
        query = select(Alert).where(Alert.school_id == alpha.id)
        assert session.scalars(query).all() == []


def test_acknowledge_with_a_note(
    client: TestClient, world: World, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    bad = check("projector.lamp", "warning", "Lamp at 2,900 of 3,000 hours")
    send(client, world, report("alpha", [device(1, checks=[bad])], started=night(1)))
    (alert,) = alerts(factory)
    path = f"/api/v1/alerts/{alert.id}/acknowledge"
    note = {"note": "new lamp ordered, fitting on Thursday"}
    assert client.post(path, json=note, headers=bearer(people["head-alpha"])).status_code == 403
    assert client.post(path, json=note, headers=bearer(people["tech-south"])).status_code == 404
    response = client.post(path, json=note, headers=bearer(people["tech-north"]))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["state"], body["ack_note"], body["acknowledged_by"]) == (
        "acknowledged",
        note["note"],
        "tech-north",
    )
    listed = get_json(client, "/api/v1/alerts", people["tech-north"], state="acknowledged")
    assert [a["id"] for a in listed["items"]] == [alert.id]


def test_notifications_are_queued_with_the_alert(
    client: TestClient, world: World, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    bad = check("printer.status", "critical", "Paper jam in tray 2")
    assert (
        post_report(
            client, world.tokens["alpha"], report("alpha", [device(1, checks=[bad])])
        ).status_code
        == 202
    )
    with factory() as session:
        queued = session.scalars(select(Notification)).all()
    assert [(n.channel.value, n.target, n.event) for n in queued] == [
        ("email", "tech@north.example", "alert.opened")  # north's technician only
    ]
