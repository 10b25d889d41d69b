"""The bulk writes ingest relies on, on SQLite and PostgreSQL: new devices get their own ids,
only columns that changed are written (grouped by column set), a known report id is refused
without an error, and a state that did not change is never marked for writing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from collector.db.bulk import insert_unless_exists
from collector.db.device_store import insert_states, load_states, write_changes
from collector.db.models import Agent, Device, Report, School
from collector.domain import DeviceStatus, Presence
from collector.services.device_state import DeviceState
from schemas import DeviceType
from tests.collector.conftest import World
from tests.collector.databases import snapshot
from tests.collector.reports import mac_for

NOW = datetime.now(UTC).replace(microsecond=0)


def school_id(session: Session, slug: str = "alpha") -> int:
    return session.scalars(select(School.id).where(School.slug == slug)).one()


def new_state(school: int, n: int) -> DeviceState:
    return DeviceState(
        id=None,
        school_id=school,
        device_type=DeviceType.PRINTER,
        type_reason="Printer-MIB answered",
        status=DeviceStatus.OK,
        presence=Presence.PRESENT,
        first_seen_at=NOW,
        last_seen_at=NOW,
        mac=mac_for(n),
        hostname=f"printer-{n}",
        ips=[f"198.18.0.{n + 10}"],
        details={"n": n},
    )


def test_new_devices_get_their_own_ids(world: World, factory: sessionmaker[Session]) -> None:
    with factory.begin() as session:
        states = [new_state(school_id(session), n) for n in range(1, 8)]
        insert_states(session, states)
    assert all(state.id is not None and not state.changed for state in states)
    with factory() as session:
        stored = {row.id: row for row in session.scalars(select(Device))}
    for n, state in enumerate(states, 1):
        row = stored[state.id]  # type: ignore[index]
        assert (row.mac, row.hostname, row.details, row.ips) == (
            mac_for(n),
            f"printer-{n}",
            {"n": n},
            [f"198.18.0.{n + 10}"],
        )


def test_only_changed_columns_are_written_and_others_left_alone(
    world: World, engine: Engine, factory: sessionmaker[Session]
) -> None:
    with factory.begin() as session:
        insert_states(session, [new_state(school_id(session), n) for n in range(1, 5)])
    before = snapshot(engine)["devices"]
    later = NOW + timedelta(hours=1)
    with factory.begin() as session:
        first, second, third, fourth = sorted(load_states(session, school_id(session)), key=_id)
        first.assign("hostname", "printer-1")  # the same value: nothing to write
        second.assign("status", DeviceStatus.CRITICAL)
        second.assign("last_seen_at", later)
        third.assign("status", DeviceStatus.WARNING)
        third.assign("last_seen_at", later)
        fourth.assign("ips", ["198.18.0.99"])
        fourth.assign("serial", None)  # already None: unchanged
        fourth.assign("firmware", "2501_001")
        assert not first.changed
        assert fourth.changed == {"ips", "firmware"}
        assert write_changes(session, [first, second, third, fourth]) == 3
    after = {row[0]: row for row in snapshot(engine)["devices"]}
    unchanged = {row[0]: row for row in before}
    assert after[first.id] == unchanged[first.id]
    with factory() as session:
        rows = {row.id: row for row in session.scalars(select(Device))}
    assert (rows[_id(second)].status, rows[_id(second)].last_seen_at) == (
        DeviceStatus.CRITICAL,
        later,
    )
    assert rows[_id(third)].status is DeviceStatus.WARNING
    assert (rows[_id(fourth)].ips, rows[_id(fourth)].firmware) == (["198.18.0.99"], "2501_001")
    assert rows[_id(fourth)].details == {"n": 4}  # not among the changes: kept


def test_a_known_report_id_is_not_inserted_twice(
    world: World, factory: sessionmaker[Session]
) -> None:
    with factory.begin() as session:
        row = _report_row(session)
        first = insert_unless_exists(session, Report, row, ("school_id", "report_uuid"))
        again = insert_unless_exists(session, Report, row, ("school_id", "report_uuid"))
    assert first is not None
    assert again is None
    with factory() as session:
        assert len(session.scalars(select(Report)).all()) == 1


def test_assign_marks_only_real_changes() -> None:
    state = new_state(1, 1)
    for name, value in (("ips", ["198.18.0.11"]), ("mac", mac_for(1)), ("model", None)):
        state.assign(name, value)
    assert not state.changed
    state.assign("model", "LaserJet M404")
    state.assign("ips", ["198.18.0.12"])
    assert state.changed == {"model", "ips"}


def _id(state: DeviceState) -> int:
    assert state.id is not None
    return state.id


def _report_row(session: Session) -> dict[str, object]:
    agent = session.scalars(select(Agent).where(Agent.school_id == school_id(session))).one()
    return {
        "report_uuid": str(uuid.uuid4()),
        "school_id": agent.school_id,
        "agent_id": agent.id,
        "schema_version": "1.1",
        "scan_started_at": NOW,
        "scan_finished_at": NOW,
        "received_at": NOW,
        "device_count": 0,
        "problems": [],
        "methods": [],
    }
