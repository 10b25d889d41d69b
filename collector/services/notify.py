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
from collector.settings import ClusterRoute, CollectorSettings


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


def route_of(settings: CollectorSettings, cluster: Cluster) -> ClusterRoute:
    """The cluster's routing (``cluster_routes``), or the defaults: global webhook, technicians."""
    return settings.cluster_routes.get(cluster.slug, ClusterRoute())


def people_emails(session: Session, route: ClusterRoute, cluster: Cluster) -> list[str]:
    """Who gets e-mail for a cluster: its technicians (unless turned off) and the route's list."""
    found = technician_emails(session, cluster.id) if route.technicians else []
    return sorted(set(found) | set(route.emails))


def recipients(session: Session, settings: CollectorSettings, school: School) -> Recipients:
    """Immediate messages for one school's alert changes, routed by its cluster: the cluster's
    webhook (else the global one) and, unless the cluster takes a daily digest, e-mails."""
    cluster = session.get_one(Cluster, school.cluster_id)
    route = route_of(settings, cluster)
    emails = [] if route.digest == "daily" else people_emails(session, route, cluster)
    targets = [(Channel.EMAIL, email) for email in emails]
    webhook = route.webhook_url or settings.webhook_url
    if webhook:
        targets.insert(0, (Channel.WEBHOOK, webhook))
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
