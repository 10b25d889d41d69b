""" "Scan now": a technician asks, the school's agent picks it up at its next check-in.

A request is *done* once the school has a scan that started after it (nothing to write at
ingest); it is handed to an agent once, and again only if no report came within
``scan_request_retry_minutes`` (the agent may have died mid-scan).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.db.models import ScanRequest, School
from collector.domain import Role
from collector.services.access import require_role, visible_school
from collector.services.credentials import AgentPrincipal, UserPrincipal
from collector.services.tenancy import audit


@dataclass(frozen=True)
class ScanRequestStatus:
    request_id: int
    requested_at: datetime
    requested_by: str
    delivered_at: datetime | None
    done: bool
    report_at: datetime | None  # the school's latest report once done


def request_scan(session: Session, user: UserPrincipal, slug: str, now: datetime) -> ScanRequest:
    """Ask for a scan (technicians and admins); an open request is reused, not duplicated."""
    require_role(user, Role.ADMIN, Role.TECHNICIAN)
    school = visible_school(session, user, slug)
    open_request = _open(session, school)
    if open_request is not None:
        return open_request
    row = ScanRequest(school_id=school.id, requested_at=now, requested_by=user.username)
    session.add(row)
    session.flush()
    audit(session, now, user.username, "scan.request", school=school.slug, request=row.id)
    return row


def _open(session: Session, school: School) -> ScanRequest | None:
    query = select(ScanRequest).where(ScanRequest.school_id == school.id)
    if school.last_scan_started_at is not None:
        query = query.where(ScanRequest.requested_at > school.last_scan_started_at)
    return session.scalar(query.order_by(ScanRequest.requested_at).limit(1))


def latest_status(session: Session, school: School) -> ScanRequestStatus | None:
    query = select(ScanRequest).where(ScanRequest.school_id == school.id)
    row = session.scalar(query.order_by(ScanRequest.requested_at.desc()).limit(1))
    if row is None:
        return None
    started = school.last_scan_started_at
    done = started is not None and started >= row.requested_at
    return ScanRequestStatus(
        row.id,
        row.requested_at,
        row.requested_by,
        row.delivered_at,
        done,
        school.last_report_at if done else None,
    )


def claim_for_agent(
    session: Session, agent: AgentPrincipal, now: datetime, retry_after: timedelta
) -> ScanRequest | None:
    """The open request this agent should act on now, marked as handed over."""
    school = session.get_one(School, agent.school_id, with_for_update=True)
    row = _open(session, school)
    if row is None:
        return None
    if row.delivered_at is not None and now - row.delivered_at < retry_after:
        return None
    row.delivered_at, row.delivered_to = now, agent.public_id
    return row
