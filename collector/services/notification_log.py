"""The notification log for admins: what was sent, what is waiting, what failed and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from collector.contracts import Page
from collector.contracts_admin import NotificationPublic
from collector.db.models import Alert, Notification, School
from collector.domain import Channel, DeliveryStatus
from collector.errors import ConflictError, NotFoundError
from collector.services.redact import redact_url


def list_notifications(
    session: Session, status: DeliveryStatus | None, *, limit: int, offset: int
) -> Page[NotificationPublic]:
    """Newest first; the caller has checked that the user is an admin."""
    query = (
        select(Notification, School.slug)
        .join(Alert, Alert.id == Notification.alert_id)
        .join(School, School.id == Alert.school_id)
    )
    counted = select(func.count()).select_from(Notification)
    if status is not None:
        query = query.where(Notification.status == status)
        counted = counted.where(Notification.status == status)
    rows = session.execute(query.order_by(Notification.id.desc()).limit(limit).offset(offset))
    items = [_public(notification, slug) for notification, slug in rows]
    return Page(total=session.scalar(counted) or 0, limit=limit, offset=offset, items=items)


def public(session: Session, row: Notification) -> NotificationPublic:
    slug = session.scalar(
        select(School.slug)
        .join(Alert, Alert.school_id == School.id)
        .where(Alert.id == row.alert_id)
    )
    return _public(row, slug or "")


def _public(row: Notification, school: str) -> NotificationPublic:
    target = redact_url(row.target) if row.channel is Channel.WEBHOOK else row.target
    waiting = row.status is DeliveryStatus.PENDING
    return NotificationPublic(
        id=row.id,
        alert_id=row.alert_id,
        school=school,
        event=row.event,
        channel=row.channel,
        target=target,
        status=row.status,
        attempts=row.attempts,
        last_error=row.last_error,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at if waiting else None,
        sent_at=row.sent_at,
    )


def retry_notification(session: Session, notification_id: int, now: datetime) -> Notification:
    """Put a failed notification back in the queue with a fresh set of attempts."""
    row = session.get(Notification, notification_id)
    if row is None:
        raise NotFoundError(f"no notification {notification_id}")
    if row.status is not DeliveryStatus.FAILED:
        raise ConflictError(f"notification {notification_id} is {row.status.value}, not failed")
    row.status, row.attempts, row.next_attempt_at = DeliveryStatus.PENDING, 0, now
    return row
