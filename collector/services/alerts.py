"""Alerts: open on warning/critical, one per (device, check), resolved when ok again.

``AlertBook`` works on one school inside one transaction: it loads the unresolved alerts
once, raises and clears by key, and queues notifications in the same transaction (the
notification outbox), so an alert and its messages commit or vanish together.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from collector.db.models import Alert, School
from collector.domain import AlertState, Severity
from collector.errors import NotFoundError
from collector.services.incidents import acknowledge_from_alert, follow_alerts
from collector.services.notify import queue_notifications, recipients
from collector.settings import CollectorSettings
from schemas import CheckStatus

log = logging.getLogger(__name__)
SCHOOL_SCOPE = "school"
_UNRESOLVED = select(Alert).where(
    Alert.school_id == bindparam("school_row"), Alert.resolved_at.is_(None)
)


def dedup_key(device_id: int | None, check_id: str) -> str:
    return f"{device_id if device_id is not None else SCHOOL_SCOPE}:{check_id}"


@dataclass
class AlertBook:
    session: Session
    settings: CollectorSettings
    school: School
    now: datetime
    unresolved: dict[str, Alert] = field(default_factory=dict)
    changed: list[tuple[Alert, str]] = field(default_factory=list)

    @classmethod
    def load(
        cls, session: Session, settings: CollectorSettings, school: School, now: datetime
    ) -> AlertBook:
        alerts = session.scalars(_UNRESOLVED, {"school_row": school.id})
        return cls(session, settings, school, now, {a.dedup_key: a for a in alerts})

    def apply_check(
        self, device_id: int | None, check_id: str, status: CheckStatus, summary: str
    ) -> None:
        if status in (CheckStatus.WARNING, CheckStatus.CRITICAL):
            self.raise_alert(device_id, check_id, Severity(status.value), summary)
        elif status is CheckStatus.OK:
            self.clear(device_id, check_id)

    def raise_alert(
        self, device_id: int | None, check_id: str, severity: Severity, summary: str
    ) -> None:
        key = dedup_key(device_id, check_id)
        alert = self.unresolved.get(key)
        if alert is None:
            alert = Alert(
                school_id=self.school.id,
                device_id=device_id,
                check_id=check_id,
                dedup_key=key,
                severity=severity,
                state=AlertState.OPEN,
                summary=summary,
                opened_at=self.now,
                updated_at=self.now,
            )
            self.session.add(alert)
            self.unresolved[key] = alert
            self.changed.append((alert, "alert.opened"))
        elif (alert.severity, alert.summary) != (severity, summary):
            escalated = alert.severity is Severity.WARNING and severity is Severity.CRITICAL
            alert.severity, alert.summary, alert.updated_at = severity, summary, self.now
            if escalated:
                self.changed.append((alert, "alert.escalated"))

    def clear(self, device_id: int | None, check_id: str) -> None:
        alert = self.unresolved.pop(dedup_key(device_id, check_id), None)
        if alert is not None:
            alert.state, alert.resolved_at, alert.updated_at = (
                AlertState.RESOLVED,
                self.now,
                self.now,
            )
            self.changed.append((alert, "alert.resolved"))

    def is_open(self, device_id: int | None, check_id: str) -> bool:
        return dedup_key(device_id, check_id) in self.unresolved

    def finish(self) -> None:
        """Flush, queue notifications for what changed, and update the school's counter."""
        self.session.flush()
        if self.changed:
            self._follow_incidents()
            self._notify()
        self.school.open_alerts = len(self.unresolved)
        self.changed = []

    def _follow_incidents(self) -> None:
        opened = [alert for alert, event in self.changed if event == "alert.opened"]
        resolved = [alert for alert, event in self.changed if event == "alert.resolved"]
        follow_alerts(self.session, opened, resolved, self.now)

    def _notify(self) -> None:
        to = recipients(self.session, self.settings, self.school)
        for alert, event in self.changed:
            log.info("%s %s school=%s: %s", event, alert.dedup_key, self.school.slug, alert.summary)
            queue_notifications(
                session=self.session,
                settings=self.settings,
                school=self.school,
                to=to,
                alert=alert,
                event=event,
                now=self.now,
            )


def acknowledge(
    session: Session,
    alert_id: int,
    user: str,
    note: str,
    now: datetime,
    *,
    user_id: int | None = None,
) -> Alert:
    """Acknowledge the alert and its incident (``user_id``: who, for the incident)."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFoundError(f"no alert {alert_id}")
    if alert.state is AlertState.OPEN:
        alert.state = AlertState.ACKNOWLEDGED
    alert.acknowledged_at, alert.acknowledged_by, alert.ack_note = now, user, note
    alert.updated_at = now
    acknowledge_from_alert(session, alert, user_id, now)
    return alert


def count_unresolved(session: Session, school_id: int) -> int:
    query = select(func.count()).where(Alert.school_id == school_id, Alert.resolved_at.is_(None))
    return int(session.scalar(query) or 0)
