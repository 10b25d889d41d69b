"""Incidents follow alerts (origin agent) or come from the school; visits record work done."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import Alert, Device, Incident, School, User, VisitLink
from collector.domain_ops import IncidentOrigin, IncidentStatus, VisitKind
from collector.errors import BadRequestError, ConflictError, NotFoundError
from collector.services import incidents, visits
from collector.services.alerts import acknowledge
from tests.collector.conftest import World
from tests.collector.reports import check, device, report
from tests.collector.test_ingest import night, send


def _incidents(factory: sessionmaker[Session]) -> list[Incident]:
    with factory() as session:
        return list(session.scalars(select(Incident).order_by(Incident.id)))


def test_agent_incident_opens_and_resolves_with_its_alert(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    toner = check("printer.supply.1", "warning", "Black toner low")
    send(client, world, report("alpha", [device(1, checks=[toner])], started=night(3)))
    (incident,) = _incidents(factory)
    assert (incident.origin, incident.status) == (IncidentOrigin.AGENT, IncidentStatus.OPEN)
    assert incident.opened_at == night(3)
    assert incident.title == "Black toner low"
    ok = check("printer.supply.1", "ok", "Black toner fine")
    send(client, world, report("alpha", [device(1, checks=[ok])], started=night(1)))
    (incident,) = _incidents(factory)
    assert incident.status is IncidentStatus.RESOLVED
    assert incident.resolved_at == night(1)
    assert incident.resolved_by is None
    assert incidents.seconds_to_resolve(incident) == timedelta(days=2).total_seconds()


def test_acknowledging_the_alert_acknowledges_the_incident(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    toner = check("printer.supply.1", "critical", "Black toner empty")
    send(client, world, report("alpha", [device(1, checks=[toner])], started=night(2)))
    now = night(1)
    with factory.begin() as session:
        alert = session.scalars(select(Alert)).one()
        acknowledge(session, alert.id, "someone", "on it", now, user_id=None)
    (incident,) = _incidents(factory)
    assert incident.status is IncidentStatus.ACKNOWLEDGED
    assert incidents.seconds_to_acknowledge(incident) == timedelta(days=1).total_seconds()


def test_school_report_lifecycle(world: World, factory: sessionmaker[Session]) -> None:
    opened = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with factory.begin() as session:
        alpha = session.scalars(select(School).where(School.slug == "alpha")).one()
        incident = incidents.report_by_school(
            session,
            school_id=alpha.id,
            user_id=None,
            title="  Printer in room 4 jams  ",
            description="every morning",
            device_id=None,
            now=opened,
        )
        incident_id = incident.id
    with factory.begin() as session:
        incidents.acknowledge(session, incident_id, None, opened + timedelta(minutes=30))
        done = incidents.resolve(session, incident_id, None, opened + timedelta(hours=5), "fixed")
        assert done.title == "Printer in room 4 jams"
        assert incidents.seconds_to_acknowledge(done) == 1800
        assert incidents.seconds_to_resolve(done) == 5 * 3600
    with factory.begin() as session, pytest.raises(ConflictError):
        incidents.resolve(session, incident_id, None, opened + timedelta(hours=6))
    with factory() as session:
        found = incidents.incidents_for(session, [alpha.id], opened, opened + timedelta(days=1))
        assert [i.id for i in found] == [incident_id]
        assert incidents.incidents_for(session, [alpha.id], opened + timedelta(seconds=1)) == []


def test_school_report_refuses_empty_text_and_foreign_devices(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    send(client, world, report("beta", [device(7)], started=night(1)), school="beta")
    with factory() as session:
        alpha = session.scalars(select(School).where(School.slug == "alpha")).one()
        beta_device = session.scalars(select(Device)).first()
        assert beta_device is not None
        with pytest.raises(BadRequestError, match="what the problem is"):
            incidents.report_by_school(
                session,
                school_id=alpha.id,
                user_id=None,
                title=" ",
                description="",
                device_id=None,
                now=night(0),
            )
        with pytest.raises(NotFoundError):
            incidents.report_by_school(
                session,
                school_id=alpha.id,
                user_id=None,
                title="x",
                description="",
                device_id=beta_device.id,
                now=night(0),
            )


def test_visits_record_links_and_last_visit(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    toner = check("printer.supply.1", "warning", "Black toner low")
    send(client, world, report("alpha", [device(1, checks=[toner])], started=night(2)))
    with factory.begin() as session:
        alpha = session.scalars(select(School).where(School.slug == "alpha")).one()
        alert = session.scalars(select(Alert)).one()
        base = visits.VisitInput(
            school_id=alpha.id,
            technician_id=None,
            kind=VisitKind.VISIT,
            visited_on=date(2026, 11, 3),
            minutes=90,
            notes="toner",
            alert_ids=[alert.id],
            device_ids=[alert.device_id or 0],
        )
        first = visits.record_visit(session, base, night(0))
        remote = visits.VisitInput(
            school_id=alpha.id,
            technician_id=None,
            kind=VisitKind.REMOTE,
            visited_on=date(2026, 11, 9),
            minutes=15,
        )
        visits.record_visit(session, remote, night(0))
        assert len(session.scalars(select(VisitLink)).all()) == 2
        last = visits.last_visit(session, alpha.id)
        assert last is not None
        assert last.id == first.id
        newest = visits.last_visit(session, alpha.id, kind=None)
        assert newest is not None
        assert newest.kind is VisitKind.REMOTE
        assert len(visits.visits_for_school(session, alpha.id, date(2026, 11, 4))) == 1
        with pytest.raises(BadRequestError, match="minutes"):
            visits.record_visit(
                session, remote.__class__(**{**remote.__dict__, "minutes": -5}), night(0)
            )
        beta = session.scalars(select(School).where(School.slug == "beta")).one()
        with pytest.raises(NotFoundError):
            visits.record_visit(
                session, remote.__class__(**{**base.__dict__, "school_id": beta.id}), night(0)
            )
        assert session.scalars(select(User)).all() == []
