"""Visits and remote fixes: record one (with the alerts and devices it touched), list, last.

Callers check who may do this (routes); this module checks that what a visit names belongs
to the visit's school, so a visit can never link another school's alert or device.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.db.models import Alert, Device, Visit, VisitLink
from collector.domain_ops import VisitKind
from collector.errors import BadRequestError, NotFoundError

MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class VisitInput:
    """What a technician records; ``visited_on`` is the school-local date."""

    school_id: int
    technician_id: int | None
    kind: VisitKind
    visited_on: date
    minutes: int
    notes: str = ""
    alert_ids: Sequence[int] = field(default_factory=tuple)
    device_ids: Sequence[int] = field(default_factory=tuple)


def record_visit(session: Session, visit: VisitInput, now: datetime) -> Visit:
    """Store a visit and its links; raises ``BadRequestError`` / ``NotFoundError`` on bad input."""
    if not 0 <= visit.minutes <= MAX_MINUTES:
        raise BadRequestError(f"minutes must be between 0 and {MAX_MINUTES}, not {visit.minutes}")
    _check_belongs(session, Alert, visit.alert_ids, visit.school_id, "alert")
    _check_belongs(session, Device, visit.device_ids, visit.school_id, "device")
    row = Visit(
        school_id=visit.school_id,
        technician_id=visit.technician_id,
        kind=visit.kind,
        visited_on=visit.visited_on,
        minutes=visit.minutes,
        notes=visit.notes,
        created_at=now,
    )
    session.add(row)
    session.flush()
    session.add_all(VisitLink(visit_id=row.id, alert_id=a) for a in sorted(set(visit.alert_ids)))
    session.add_all(VisitLink(visit_id=row.id, device_id=d) for d in sorted(set(visit.device_ids)))
    session.flush()
    return row


def _check_belongs(
    session: Session,
    model: type[Alert] | type[Device],
    ids: Sequence[int],
    school_id: int,
    what: str,
) -> None:
    if not ids:
        return
    found = set(
        session.scalars(select(model.id).where(model.id.in_(ids), model.school_id == school_id))
    )
    missing = sorted(set(ids) - found)
    if missing:
        raise NotFoundError(f"no {what} {missing[0]} at this school")


def visits_for_school(
    session: Session, school_id: int, since: date | None = None, until: date | None = None
) -> list[Visit]:
    """Visits and remote fixes with ``since <= visited_on <= until`` (each optional)."""
    return visits_for_schools(session, [school_id], since, until)


def visits_for_schools(
    session: Session, school_ids: Sequence[int], since: date | None, until: date | None
) -> list[Visit]:
    query = select(Visit).where(Visit.school_id.in_(school_ids))
    if since is not None:
        query = query.where(Visit.visited_on >= since)
    if until is not None:
        query = query.where(Visit.visited_on <= until)
    return list(session.scalars(query.order_by(Visit.visited_on.desc(), Visit.id.desc())))


def last_visit(
    session: Session, school_id: int, kind: VisitKind | None = VisitKind.VISIT
) -> Visit | None:
    """The school's latest visit of ``kind`` (on site by default; ``None``: either kind)."""
    query = select(Visit).where(Visit.school_id == school_id)
    if kind is not None:
        query = query.where(Visit.kind == kind)
    return session.scalars(
        query.order_by(Visit.visited_on.desc(), Visit.id.desc()).limit(1)
    ).first()


def links_of(session: Session, visit_ids: Sequence[int]) -> dict[int, list[VisitLink]]:
    """The links of several visits, by visit id."""
    out: dict[int, list[VisitLink]] = {v: [] for v in visit_ids}
    if visit_ids:
        for link in session.scalars(select(VisitLink).where(VisitLink.visit_id.in_(visit_ids))):
            out[link.visit_id].append(link)
    return out
