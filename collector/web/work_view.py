"""The work on a school page and the pre-visit sheet: problems reported, visits, the forms.

Reads through ``services.work_read`` like the API; adds what only a page needs (the device
choices for the report form, the open alerts a visit can name, the visit sheet's "since").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.contracts_ops import IncidentPublic, VisitPublic
from collector.db.models import Alert, Device, School
from collector.domain_ops import IncidentStatus
from collector.services import visits, work_read
from collector.services.credentials import UserPrincipal
from collector.services.devices import is_transient
from collector.web import words

RESOLVED_SHOWN = 10
VISITS_SHOWN = 10
DEFAULT_SINCE_DAYS = 30


@dataclass(frozen=True)
class Choice:
    value: int
    label: str


@dataclass(frozen=True)
class SchoolWork:
    open_incidents: list[IncidentPublic]
    resolved_incidents: list[IncidentPublic]
    visits: list[VisitPublic]
    devices: list[Choice]  # what a problem can be about
    alerts: list[Choice]  # open alerts a visit can name


@dataclass(frozen=True)
class Since:
    """Where the visit sheet's "changes since" date comes from."""

    day: date
    source: str  # "chosen", "last visit", "default"
    last_visit: VisitPublic | None


def school_work(session: Session, user: UserPrincipal, school: School) -> SchoolWork:
    everything = work_read.school_incidents(session, user, school.slug)
    open_ = [i for i in everything if i.status is not IncidentStatus.RESOLVED]
    resolved = [i for i in everything if i.status is IncidentStatus.RESOLVED]
    recent = visits.visits_for_school(session, school.id)[:VISITS_SHOWN]
    return SchoolWork(
        open_incidents=open_,
        resolved_incidents=resolved[:RESOLVED_SHOWN],
        visits=work_read.visit_publics(session, recent, school.slug),
        devices=device_choices(session, school.id),
        alerts=alert_choices(session, school.id),
    )


def device_choices(session: Session, school_id: int) -> list[Choice]:
    rows = session.scalars(select(Device).where(Device.school_id == school_id))
    named = [
        Choice(row.id, f"{words.device_name(row)} ({words.type_label(row.device_type)})")
        for row in rows
        if not is_transient(row)
    ]
    return sorted(named, key=lambda c: c.label.casefold())


def alert_choices(session: Session, school_id: int) -> list[Choice]:
    query = select(Alert).where(Alert.school_id == school_id, Alert.resolved_at.is_(None))
    return [
        Choice(a.id, words.alert_sentence(a.check_id, a.summary))
        for a in session.scalars(query.order_by(Alert.opened_at))
    ]


def since_for_sheet(session: Session, school: School, chosen: date | None, today: date) -> Since:
    """The date a technician asked for, else the last on-site visit, else 30 days back."""
    last = visits.last_visit(session, school.id)
    last_public = work_read.visit_publics(session, [last], school.slug)[0] if last else None
    if chosen is not None:
        return Since(chosen, "chosen", last_public)
    if last is not None:
        return Since(last.visited_on, "last visit", last_public)
    return Since(today - timedelta(days=DEFAULT_SINCE_DAYS), "default", None)
