"""Incidents: one problem's lifecycle (open → acknowledged → resolved) with its origin.

Agent incidents follow alerts (``open_from_alert`` / ``close_from_alert``, called by the
alert book in the ingest transaction); school incidents are reported by someone at the
school (``report_by_school``). Technicians acknowledge and resolve either kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.db.models import Alert, Device, Incident
from collector.domain_ops import IncidentOrigin, IncidentStatus
from collector.errors import BadRequestError, ConflictError, NotFoundError

TITLE_MAX = 300


def open_from_alert(session: Session, alert: Alert) -> Incident:
    """The agent found a problem: one incident per alert, opened when the alert opened."""
    existing = session.scalars(select(Incident).where(Incident.alert_id == alert.id)).first()
    if existing is not None:
        return existing
    incident = _from_alert(alert)
    session.add(incident)
    return incident


def _from_alert(alert: Alert) -> Incident:
    return Incident(
        school_id=alert.school_id,
        device_id=alert.device_id,
        alert_id=alert.id,
        origin=IncidentOrigin.AGENT,
        title=alert.summary[:TITLE_MAX],
        description="",
        status=IncidentStatus.OPEN,
        opened_at=alert.opened_at,
    )


def follow_alerts(
    session: Session, opened: Sequence[Alert], resolved: Sequence[Alert], now: datetime
) -> None:
    """Mirror one transaction's alert changes (alerts already flushed, so they have ids)."""
    session.add_all(_from_alert(alert) for alert in opened)
    ids = [alert.id for alert in resolved]
    if ids:
        query = select(Incident).where(
            Incident.alert_id.in_(ids), Incident.status != IncidentStatus.RESOLVED
        )
        for incident in session.scalars(query):
            incident.status, incident.resolved_at = IncidentStatus.RESOLVED, now


def close_from_alert(session: Session, alert: Alert, now: datetime) -> Incident | None:
    """The alert's check is ok again: resolve its incident (``resolved_by`` NULL = the agent)."""
    incident = session.scalars(select(Incident).where(Incident.alert_id == alert.id)).first()
    if incident is not None and incident.status is not IncidentStatus.RESOLVED:
        incident.status, incident.resolved_at = IncidentStatus.RESOLVED, now
    return incident


def acknowledge_from_alert(
    session: Session, alert: Alert, user_id: int | None, now: datetime
) -> None:
    """Someone acknowledged the alert on the alerts page: the incident is acknowledged too."""
    incident = session.scalars(select(Incident).where(Incident.alert_id == alert.id)).first()
    if incident is not None and incident.acknowledged_at is None:
        _acknowledge(incident, user_id, now)


def report_by_school(
    session: Session,
    *,
    school_id: int,
    user_id: int | None,
    title: str,
    description: str,
    device_id: int | None,
    now: datetime,
) -> Incident:
    """Someone at the school reports a problem (free text, optionally one of its devices)."""
    title = title.strip()
    if not title:
        raise BadRequestError("say in a few words what the problem is")
    if device_id is not None:
        device = session.get(Device, device_id)
        if device is None or device.school_id != school_id:
            raise NotFoundError(f"no device {device_id} at this school")
    incident = Incident(
        school_id=school_id,
        device_id=device_id,
        origin=IncidentOrigin.SCHOOL,
        title=title[:TITLE_MAX],
        description=description.strip(),
        status=IncidentStatus.OPEN,
        opened_at=now,
        opened_by=user_id,
    )
    session.add(incident)
    session.flush()
    return incident


def get_incident(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFoundError(f"no incident {incident_id}")
    return incident


def acknowledge(session: Session, incident_id: int, user_id: int | None, now: datetime) -> Incident:
    incident = get_incident(session, incident_id)
    if incident.status is IncidentStatus.RESOLVED:
        raise ConflictError(f"incident {incident_id} is already resolved")
    if incident.acknowledged_at is None:
        _acknowledge(incident, user_id, now)
    return incident


def _acknowledge(incident: Incident, user_id: int | None, now: datetime) -> None:
    incident.acknowledged_at, incident.acknowledged_by = now, user_id
    if incident.status is IncidentStatus.OPEN:
        incident.status = IncidentStatus.ACKNOWLEDGED


def resolve(
    session: Session, incident_id: int, user_id: int | None, now: datetime, note: str = ""
) -> Incident:
    """A technician resolves it (an agent incident whose check still fails stays resolved)."""
    incident = get_incident(session, incident_id)
    if incident.status is IncidentStatus.RESOLVED:
        raise ConflictError(f"incident {incident_id} is already resolved")
    if incident.acknowledged_at is None:
        _acknowledge(incident, user_id, now)
    incident.status, incident.resolved_at, incident.resolved_by = (
        IncidentStatus.RESOLVED,
        now,
        user_id,
    )
    incident.resolution_note = note.strip() or None
    return incident


def incidents_for(
    session: Session,
    school_ids: Sequence[int],
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    unresolved_only: bool = False,
) -> list[Incident]:
    """Incidents of these schools opened in ``[since, until)`` (both optional), newest first."""
    query = select(Incident).where(Incident.school_id.in_(school_ids))
    if since is not None:
        query = query.where(Incident.opened_at >= since)
    if until is not None:
        query = query.where(Incident.opened_at < until)
    if unresolved_only:
        query = query.where(Incident.status != IncidentStatus.RESOLVED)
    return list(session.scalars(query.order_by(Incident.opened_at.desc(), Incident.id.desc())))


def seconds_to_acknowledge(incident: Incident) -> float | None:
    if incident.acknowledged_at is None:
        return None
    return (incident.acknowledged_at - incident.opened_at).total_seconds()


def seconds_to_resolve(incident: Incident) -> float | None:
    if incident.resolved_at is None:
        return None
    return (incident.resolved_at - incident.opened_at).total_seconds()
