"""Ingest semantics: identity across IP changes, merges, change events, history, atomicity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import CheckHistory, Device, DeviceEvent, IdentityMerge, School
from collector.domain import EventKind, MatchReason, Presence
from collector.services.devices import effective_last_seen
from schemas import Report
from tests.collector.conftest import World
from tests.collector.databases import snapshot
from tests.collector.helpers import post_report
from tests.collector.reports import check, device, ip_for, mac_for, metric, phone, report


def night(days_ago: int, hour: int = 1) -> datetime:
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(days=days_ago) + timedelta(hours=hour)


def send(client: TestClient, world: World, document: Report, school: str = "alpha") -> None:
    response = post_report(client, world.tokens[school], document)
    assert response.status_code == 202, response.text


def devices_of(factory: sessionmaker[Session], school: str = "alpha") -> list[Device]:
    with factory() as session:
        query = (
            select(Device)
            .join(School)
            .where(School.slug == school, Device.agent_id.is_(None))
            .order_by(Device.id)
        )
        return list(session.scalars(query))


def events_of(factory: sessionmaker[Session], device_id: int) -> list[DeviceEvent]:
    with factory() as session:
        query = select(DeviceEvent).where(DeviceEvent.device_id == device_id)
        return list(session.scalars(query.order_by(DeviceEvent.id)))


def test_ip_change_updates_the_device_never_duplicates(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    send(client, world, report("alpha", [device(1)], started=night(3)))
    send(client, world, report("alpha", [device(1, ips=[ip_for(77)])], started=night(2)))
    (printer,) = devices_of(factory)
    assert printer.ip == str(ip_for(77))
    kinds = [(e.kind, e.before, e.after) for e in events_of(factory, printer.id)]
    assert kinds == [
        (EventKind.NEW, None, pytest.approx(kinds[0][2])),
        (EventKind.IP_CHANGED, {"ips": [str(ip_for(1))]}, {"ips": [str(ip_for(77))]}),
    ]


def test_new_mac_same_serial_is_merged_and_logged(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    send(client, world, report("alpha", [device(1)], started=night(3)))
    send(client, world, report("alpha", [device(1, mac=mac_for(900))], started=night(2)))
    (printer,) = devices_of(factory)
    assert printer.mac == mac_for(900)
    with factory() as session:
        (merge,) = session.scalars(select(IdentityMerge)).all()
    assert (merge.device_id, merge.reason) == (printer.id, MatchReason.SERIAL_VENDOR)
    assert merge.incoming["mac"] == mac_for(900)
    assert "without its MAC" in merge.note


def test_firmware_change_event_has_before_and_after(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    send(client, world, report("alpha", [device(1)], started=night(3)))
    send(client, world, report("alpha", [device(1, firmware="2501_001")], started=night(2)))
    (printer,) = devices_of(factory)
    (event,) = [e for e in events_of(factory, printer.id) if e.kind is EventKind.FIRMWARE_CHANGED]
    assert (event.before, event.after) == ({"firmware": "2409081_000000"}, {"firmware": "2501_001"})


def test_a_probe_that_failed_tonight_does_not_erase_facts(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    send(client, world, report("alpha", [device(1)], started=night(3)))
    send(client, world, report("alpha", [device(1, model=None, serial=None)], started=night(2)))
    (printer,) = devices_of(factory)
    assert (printer.model, printer.serial) == ("LaserJet M404", "PHB0000001")


def test_missing_after_n_reports_then_back(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    send(client, world, report("alpha", [device(1), device(2)], started=night(5)))
    send(client, world, report("alpha", [device(1)], started=night(4)))
    assert devices_of(factory)[1].presence is Presence.PRESENT  # one miss: not yet (N = 2)
    send(client, world, report("alpha", [device(1)], started=night(3)))
    gone = devices_of(factory)[1]
    assert (gone.presence, gone.missed_reports) == (Presence.MISSING, 2)
    send(client, world, report("alpha", [device(1)], started=night(2)))  # stays missing, once
    send(client, world, report("alpha", [device(1), device(2)], started=night(1)))
    kinds = [e.kind for e in events_of(factory, gone.id)]
    assert kinds == [EventKind.NEW, EventKind.MISSING, EventKind.BACK]
    with factory() as session:
        school = session.scalars(select(School).where(School.slug == "alpha")).one()
        assert (school.device_count, school.missing_count) == (3, 0)  # with the agent PC


def test_randomised_devices_are_counted_apart_and_make_no_events(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    send(client, world, report("alpha", [device(1), phone(1), phone(2)], started=night(4)))
    for days in (3, 2, 1):
        send(client, world, report("alpha", [device(1)], started=night(days)))
    _printer, *phones = devices_of(factory)
    assert len(phones) == 2
    assert all(p.presence is Presence.PRESENT for p in phones)  # never "missing"
    assert all(events_of(factory, p.id) == [] for p in phones)
    with factory() as session:
        school = session.scalars(select(School).where(School.slug == "alpha")).one()
        assert (school.device_count, school.transient_count) == (2, 2)  # printer + agent PC


def test_two_entries_for_one_device_in_a_report_are_merged(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    wired, wifi = device(1), device(1, mac=mac_for(901), ips=[ip_for(91)])
    send(client, world, report("alpha", [wired, wifi], started=night(2)))
    (printer,) = devices_of(factory)
    with factory() as session:
        (merge,) = session.scalars(select(IdentityMerge)).all()
    assert merge.device_id == printer.id
    assert "seen twice" in merge.note


def test_history_is_compact_a_row_on_change_and_one_a_day(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    def toner_check(level: float, status: str = "ok") -> list[object]:
        return [check("printer.supply.1", status, metrics=[metric("level", level, "%")])]

    plan = [(3, 1, 50.0, "ok"), (3, 2, 50.0, "ok"), (3, 3, 40.0, "ok"), (3, 4, 40.0, "ok")]
    plan += [(2, 1, 40.0, "ok"), (2, 2, 8.0, "warning"), (1, 1, 8.0, "warning")]
    for days, hour, level, status in plan:
        checks = toner_check(level, status)
        send(client, world, report("alpha", [device(1, checks=checks)], started=night(days, hour)))
    with factory() as session:
        points = session.scalars(select(CheckHistory).order_by(CheckHistory.at)).all()
    got = [(p.at, p.metrics[0]["value"], p.status.value) for p in points]
    assert got == [
        (night(3, 1), 50.0, "ok"),  # first
        (night(3, 3), 40.0, "ok"),  # changed
        (night(2, 1), 40.0, "ok"),  # daily point
        (night(2, 2), 8.0, "warning"),  # changed
        (night(1, 1), 8.0, "warning"),  # daily point
    ]


def test_status_change_event(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    send(
        client,
        world,
        report("alpha", [device(1, checks=[check("printer.status")])], started=night(3)),
    )
    bad = [check("printer.status", "critical", "Paper jam")]
    send(client, world, report("alpha", [device(1, checks=bad)], started=night(2)))
    (printer,) = devices_of(factory)
    assert printer.status.value == "critical"
    (event,) = [e for e in events_of(factory, printer.id) if e.kind is EventKind.STATUS_CHANGED]
    assert (event.before, event.after) == ({"status": "ok"}, {"status": "critical"})


def _install_failing_trigger(engine: Engine) -> None:
    """A real database error on the history row of the last device: late, after devices."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    "CREATE TRIGGER boom BEFORE INSERT ON check_history "
                    "WHEN NEW.check_id = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END"
                )
            )
            return
        conn.execute(
            text(
                "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.check_id = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; "
                "RETURN NEW; END $$"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER boom BEFORE INSERT ON check_history "
                "FOR EACH ROW EXECUTE FUNCTION boom()"
            )
        )


def _drop_failing_trigger(engine: Engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER boom"))
        else:
            conn.execute(text("DROP TRIGGER boom ON check_history"))
            conn.execute(text("DROP FUNCTION boom()"))


def test_a_failure_mid_ingest_leaves_nothing_written(
    client: TestClient, world: World, engine: Engine, factory: sessionmaker[Session]
) -> None:
    send(client, world, report("alpha", [device(1)], started=night(3)))
    devices = [device(n, checks=[check("printer.status", "warning")]) for n in range(1, 40)]
    devices.append(device(40, checks=[check("boom")]))
    document = report(
        "alpha", devices, started=night(2), host_checks=[check("host.disk.root", "critical")]
    )
    _install_failing_trigger(engine)
    try:
        before = snapshot(engine)
        response = post_report(client, world.tokens["alpha"], document)
        assert response.status_code in {500, 503}  # a server-side failure, retryable
        assert snapshot(engine) == before  # no device, event, alert, report row: nothing
    finally:
        _drop_failing_trigger(engine)
    retry = post_report(client, world.tokens["alpha"], document)
    assert retry.status_code == 202  # not mistaken for a duplicate: the first never happened
    assert len(devices_of(factory)) == 40


def test_an_unchanged_night_rewrites_no_device_row_yet_last_seen_moves(
    client: TestClient, world: World, engine: Engine, factory: sessionmaker[Session]
) -> None:
    send(client, world, report("alpha", [device(1), device(2)], started=night(3)))
    send(client, world, report("alpha", [device(1), device(2)], started=night(2, 2)))
    devices_before = snapshot(engine)["devices"]
    send(client, world, report("alpha", [device(1), device(2)], started=night(2, 5)))
    assert snapshot(engine)["devices"] == devices_before  # nothing to say, nothing written
    send(client, world, report("alpha", [device(1)], started=night(1)))
    with factory() as session:
        school = session.scalars(select(School).where(School.slug == "alpha")).one()
        last_scan = school.last_scan_started_at
    first, second = devices_of(factory)
    assert effective_last_seen(first, last_scan) == night(1)
    assert effective_last_seen(second, last_scan) == night(2, 5)  # its last report
