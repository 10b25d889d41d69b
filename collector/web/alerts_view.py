"""The alerts page: open, acknowledged and recently resolved alerts of the viewer's schools."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from collector.db.models import Alert, Device, School
from collector.domain import AlertState
from collector.services.access import school_filter, visible_school
from collector.services.alerts import acknowledge
from collector.services.credentials import UserPrincipal
from collector.services.read import visible_alert
from collector.services.tenancy import audit
from collector.web import words

RESOLVED_SHOWN = 50
OPEN_SHOWN = 500


@dataclass(frozen=True)
class AlertRow:
    id: int
    severity: str
    sentence: str
    school_slug: str
    school_name: str
    device_id: int | None
    device_name: str | None
    opened_at: datetime
    resolved_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    ack_note: str | None


@dataclass(frozen=True)
class AlertLists:
    school: School | None  # when the page is for one school
    open: list[AlertRow]
    acknowledged: list[AlertRow]
    resolved: list[AlertRow]


def alert_lists(session: Session, user: UserPrincipal, school_slug: str | None) -> AlertLists:
    school = visible_school(session, user, school_slug) if school_slug else None
    base = (
        select(Alert, School, Device)
        .join(School, School.id == Alert.school_id)
        .outerjoin(Device, Device.id == Alert.device_id)
        .where(school_filter(user))
    )
    if school is not None:
        base = base.where(Alert.school_id == school.id)
    # "critical" sorts before "warning"
    urgent_first = (Alert.severity.asc(), Alert.opened_at.desc(), Alert.id.desc())
    return AlertLists(
        school=school,
        open=_rows(session, base.where(Alert.state == AlertState.OPEN), urgent_first, OPEN_SHOWN),
        acknowledged=_rows(
            session, base.where(Alert.state == AlertState.ACKNOWLEDGED), urgent_first, OPEN_SHOWN
        ),
        resolved=_rows(
            session,
            base.where(Alert.state == AlertState.RESOLVED),
            (Alert.resolved_at.desc(), Alert.id.desc()),
            RESOLVED_SHOWN,
        ),
    )


def _rows(
    session: Session,
    query: Select[Alert, School, Device],
    order: tuple[ColumnElement[Any], ...],
    limit: int,
) -> list[AlertRow]:
    result = session.execute(query.order_by(*order).limit(limit))
    return [_row(alert, school, device) for alert, school, device in result]


def _row(alert: Alert, school: School, device: Device | None) -> AlertRow:
    return AlertRow(
        id=alert.id,
        severity=alert.severity.value,
        sentence=words.alert_sentence(alert.check_id, alert.summary),
        school_slug=school.slug,
        school_name=school.name,
        device_id=alert.device_id,
        device_name=words.device_name(device) if device is not None else None,
        opened_at=alert.opened_at,
        resolved_at=alert.resolved_at,
        acknowledged_at=alert.acknowledged_at,
        acknowledged_by=alert.acknowledged_by,
        ack_note=alert.ack_note,
    )


def acknowledge_alert(
    session: Session, user: UserPrincipal, alert_id: int, note: str, now: datetime
) -> Alert:
    """Acknowledge with a note (the caller has checked the role); audited."""
    visible_alert(session, user, alert_id)
    alert = acknowledge(session, alert_id, user.username, note, now, user_id=user.user_id)
    audit(session, now, user.username, "alert.acknowledge", alert=alert_id)
    return alert
