"""Admin API: the notification log (what failed and why) and sending a failed one again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from collector.api.deps import AdminDep, SessionDep, utcnow
from collector.contracts import Page
from collector.contracts_admin import NotificationPublic
from collector.domain import DeliveryStatus
from collector.services import notification_log
from collector.services.tenancy import audit

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]
NotificationId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/notifications", response_model=Page[NotificationPublic])
def list_notifications(
    *,
    admin: AdminDep,
    session: SessionDep,
    status: DeliveryStatus | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[NotificationPublic]:
    """Webhook calls and e-mails, newest first; ``status=failed`` lists what never arrived."""
    return notification_log.list_notifications(session, status, limit=limit, offset=offset)


@router.post("/notifications/{notification_id}/retry", response_model=NotificationPublic)
def retry_notification(
    notification_id: NotificationId, admin: AdminDep, session: SessionDep
) -> NotificationPublic:
    """Queue a failed notification again (after fixing the SMTP or webhook settings)."""
    row = notification_log.retry_notification(session, notification_id, utcnow())
    audit(session, utcnow(), admin.username, "notification.retry", notification=notification_id)
    return notification_log.public(session, row)
