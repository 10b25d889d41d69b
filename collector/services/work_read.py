"""Read side of visits and incidents: API models with names filled in, scoped per viewer.

The dashboard and the JSON API both read through here, so what a principal may see (their
own school's incidents, no visits' notes of other schools) is decided once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.contracts_ops import DeviceViewPublic, IncidentPublic, VisitPublic
from collector.db.models import CheckState, Device, Incident, School, User, Visit
from collector.domain_ops import IncidentStatus
from collector.services import incidents, visits
from collector.services.access import visible_school
from collector.services.credentials import UserPrincipal
from schemas import CheckStatus

FAILING = (CheckStatus.WARNING, CheckStatus.CRITICAL, CheckStatus.UNKNOWN)
MAX_FAILING = 5


def device_name(row: Device) -> str:
    """The name people know a device by (as the dashboard's ``words.device_name``)."""
    for value in (row.hostname, row.sys_name, row.model, row.ip, row.mac):
        if value:
            return value
    return "unnamed device"


def usernames(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(wanted)))
    return {row.id: row.username for row in rows}


def device_views(session: Session, device_ids: set[int | None]) -> dict[int, DeviceViewPublic]:
    """The agent's current view of these devices: status, last seen, checks not ok."""
    wanted = {i for i in device_ids if i is not None}
    if not wanted:
        return {}
    failing: dict[int, list[str]] = {i: [] for i in wanted}
    query = select(CheckState).where(
        CheckState.device_id.in_(wanted), CheckState.status.in_(FAILING)
    )
    for check in session.scalars(query.order_by(CheckState.check_id)):
        if len(failing[check.device_id]) < MAX_FAILING:
            failing[check.device_id].append(check.summary)
    return {
        row.id: DeviceViewPublic(
            device_id=row.id,
            name=device_name(row),
            status=row.status.value if row.presence.value == "present" else "missing",
            last_seen_at=row.last_seen_at,
            failing_checks=failing[row.id],
        )
        for row in session.scalars(select(Device).where(Device.id.in_(wanted)))
    }


def incident_publics(
    session: Session, rows: Sequence[Incident], slugs: dict[int, str]
) -> list[IncidentPublic]:
    people = usernames(
        session, {i for r in rows for i in (r.opened_by, r.acknowledged_by, r.resolved_by)}
    )
    views = device_views(session, {r.device_id for r in rows})
    return [_incident_public(r, slugs[r.school_id], people, views) for r in rows]


def _incident_public(
    row: Incident, slug: str, people: dict[int, str], views: dict[int, DeviceViewPublic]
) -> IncidentPublic:
    def who(user_id: int | None) -> str | None:
        return people.get(user_id) if user_id is not None else None

    return IncidentPublic(
        id=row.id,
        school=slug,
        origin=row.origin,
        status=row.status,
        title=row.title,
        description=row.description,
        device_id=row.device_id,
        alert_id=row.alert_id,
        opened_at=row.opened_at,
        opened_by=who(row.opened_by),
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=who(row.acknowledged_by),
        resolved_at=row.resolved_at,
        resolved_by=who(row.resolved_by),
        resolution_note=row.resolution_note,
        seconds_to_acknowledge=incidents.seconds_to_acknowledge(row),
        seconds_to_resolve=incidents.seconds_to_resolve(row),
        device=views.get(row.device_id) if row.device_id is not None else None,
    )


def school_incidents(
    session: Session, user: UserPrincipal, slug: str, status: IncidentStatus | None = None
) -> list[IncidentPublic]:
    """A school's incidents, newest first (``status``: only those)."""
    school = visible_school(session, user, slug)
    rows = incidents.incidents_for(session, [school.id], unresolved_only=False)
    if status is not None:
        rows = [r for r in rows if r.status is status]
    return incident_publics(session, rows, {school.id: school.slug})


def incident_public(session: Session, user: UserPrincipal, incident_id: int) -> IncidentPublic:
    row = incidents.get_incident(session, incident_id)
    school = session.get_one(School, row.school_id)
    visible_school(session, user, school.slug)
    return incident_publics(session, [row], {school.id: school.slug})[0]


def visit_publics(session: Session, rows: Sequence[Visit], slug: str) -> list[VisitPublic]:
    people = usernames(session, {r.technician_id for r in rows})
    links = visits.links_of(session, [r.id for r in rows])
    return [
        VisitPublic(
            id=r.id,
            school=slug,
            kind=r.kind,
            visited_on=r.visited_on,
            minutes=r.minutes,
            notes=r.notes,
            technician=people.get(r.technician_id) if r.technician_id is not None else None,
            alert_ids=sorted(k.alert_id for k in links[r.id] if k.alert_id is not None),
            device_ids=sorted(k.device_id for k in links[r.id] if k.device_id is not None),
            created_at=r.created_at,
        )
        for r in rows
    ]


def school_visits(
    session: Session,
    user: UserPrincipal,
    slug: str,
    since: date | None = None,
    until: date | None = None,
) -> list[VisitPublic]:
    school = visible_school(session, user, slug)
    rows = visits.visits_for_school(session, school.id, since, until)
    return visit_publics(session, rows, school.slug)
