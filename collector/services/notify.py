"""Queue notifications for an alert change: one webhook call, one e-mail per technician.

Rows go into the ``notifications`` table in the caller's transaction; ``delivery.py`` sends
them later (``lankeeper-collector tick``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.db.models import Alert, Cluster, Notification, School, User
from collector.domain import Channel, DeliveryStatus, Role
from collector.settings import CollectorSettings


def alert_payload(
    settings: CollectorSettings, school: School, cluster: Cluster, alert: Alert, event: str
) -> dict[str, Any]:
    return {
        "event": event,
        "alert": {
            "id": alert.id,
            "check_id": alert.check_id,
            "device_id": alert.device_id,
            "severity": alert.severity.value,
            "state": alert.state.value,
            "summary": alert.summary,
            "opened_at": alert.opened_at.isoformat(),
            "resolved_at": alert.resolved_at.isoformat() if alert.resolved_at else None,
        },
        "school": {"slug": school.slug, "name": school.name},
        "cluster": {"slug": cluster.slug, "name": cluster.name},
        "url": f"{settings.public_url.rstrip('/')}/api/v1/alerts/{alert.id}",
    }


def technician_emails(session: Session, cluster_id: int) -> list[str]:
    query = select(User.email).where(
        User.cluster_id == cluster_id,
        User.role == Role.TECHNICIAN,
        User.disabled.is_(False),
        User.email.is_not(None),
    )
    return sorted({email for email in session.scalars(query) if email})


@dataclass(frozen=True)
class Recipients:
    """Who hears about one school's alerts: the webhook and the cluster's technicians."""

    cluster: Cluster
    targets: list[tuple[Channel, str]]


def recipients(session: Session, settings: CollectorSettings, school: School) -> Recipients:
    cluster = session.get_one(Cluster, school.cluster_id)
    targets = [(Channel.EMAIL, email) for email in technician_emails(session, cluster.id)]
    if settings.webhook_url:
        targets.insert(0, (Channel.WEBHOOK, settings.webhook_url))
    return Recipients(cluster, targets)


def queue_notifications(
    *,
    session: Session,
    settings: CollectorSettings,
    school: School,
    to: Recipients,
    alert: Alert,
    event: str,
    now: datetime,
) -> int:
    payload = alert_payload(settings, school, to.cluster, alert, event)
    session.add_all(
        Notification(
            alert_id=alert.id,
            event=event,
            channel=channel,
            target=target,
            payload=payload,
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        for channel, target in to.targets
    )
    return len(to.targets)
