"""The alerts page shows admins the notifications that were given up on, and why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import Alert, Notification
from collector.domain import Channel, DeliveryStatus

AsUser = Callable[[str], TestClient]
REASON = "DeliveryError: webhook answered HTTP 500 <script>alert(9)</script>"


def add_failed(factory: sessionmaker[Session]) -> int:
    now = datetime.now(UTC)
    with factory.begin() as session:
        alert = session.scalars(select(Alert).order_by(Alert.id)).first()
        assert alert is not None
        row = Notification(
            alert_id=alert.id,
            event="alert.opened",
            channel=Channel.WEBHOOK,
            target="https://hooks.example/T0/B0/secret-part",
            payload={},
            status=DeliveryStatus.FAILED,
            attempts=8,
            next_attempt_at=now,
            last_error=REASON,
            created_at=now,
        )
        session.add(row)
        session.flush()
        return row.id


def test_admins_see_undelivered_notifications_with_the_reason(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    notification = add_failed(factory)
    page = as_user("admin").get("/alerts")
    assert page.status_code == 200
    assert "Notifications not delivered" in page.text
    assert f'data-notification="{notification}"' in page.text
    assert "webhook: https://hooks.example/…" in page.text
    assert "secret-part" not in page.text
    assert "&lt;script&gt;alert(9)&lt;/script&gt;" in page.text
    assert "<script>alert(9)" not in page.text
    assert "<title>Alerts · lankeeper</title>" in page.text  # the list is in the page, once
    assert page.text.count('id="undelivered"') == 1


def test_technicians_do_not_see_the_notification_log(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    add_failed(factory)
    page = as_user("tech").get("/alerts")
    assert page.status_code == 200
    assert "Notifications not delivered" not in page.text
