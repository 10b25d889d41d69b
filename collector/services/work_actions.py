"""What people do about the work: record a visit, report a problem, acknowledge, resolve.

Each function checks the role and the school's visibility, acts, and writes the audit log,
so the dashboard's forms and the JSON API behave the same.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from collector.contracts_ops import IncidentCreate, VisitCreate
from collector.db.models import Incident, School, Visit
from collector.domain import Role
from collector.services import incidents, visits
from collector.services.access import require_role, visible_school
from collector.services.credentials import UserPrincipal
from collector.services.tenancy import audit

STAFF = (Role.ADMIN, Role.TECHNICIAN)


def record_visit(
    session: Session, user: UserPrincipal, slug: str, data: VisitCreate, now: datetime
) -> Visit:
    require_role(user, *STAFF)
    school = visible_school(session, user, slug)
    entry = visits.VisitInput(
        school_id=school.id,
        technician_id=user.user_id,
        kind=data.kind,
        visited_on=data.visited_on,
        minutes=data.minutes,
        notes=data.notes.strip(),
        alert_ids=data.alert_ids,
        device_ids=data.device_ids,
    )
    visit = visits.record_visit(session, entry, now)
    audit(session, now, user.username, f"{data.kind.value}.record", school=slug, visit=visit.id)
    return visit


def report_problem(
    session: Session, user: UserPrincipal, slug: str, data: IncidentCreate, now: datetime
) -> Incident:
    """Anyone who sees the school may report (principals only ever see their own)."""
    school = visible_school(session, user, slug)
    incident = incidents.report_by_school(
        session,
        school_id=school.id,
        user_id=user.user_id,
        title=data.title,
        description=data.description,
        device_id=data.device_id,
        now=now,
    )
    audit(session, now, user.username, "incident.report", school=slug, incident=incident.id)
    return incident


def _visible_incident(session: Session, user: UserPrincipal, incident_id: int) -> Incident:
    incident = incidents.get_incident(session, incident_id)
    visible_school(session, user, session.get_one(School, incident.school_id).slug)
    return incident


def acknowledge(session: Session, user: UserPrincipal, incident_id: int, now: datetime) -> Incident:
    _visible_incident(session, user, incident_id)
    require_role(user, *STAFF)
    incident = incidents.acknowledge(session, incident_id, user.user_id, now)
    audit(session, now, user.username, "incident.acknowledge", incident=incident_id)
    return incident


def resolve(
    session: Session, user: UserPrincipal, incident_id: int, note: str, now: datetime
) -> Incident:
    _visible_incident(session, user, incident_id)
    require_role(user, *STAFF)
    incident = incidents.resolve(session, incident_id, user.user_id, now, note)
    audit(session, now, user.username, "incident.resolve", incident=incident_id)
    return incident
