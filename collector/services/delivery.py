"""Send queued notifications: webhook (JSON POST, HMAC-SHA256 signed) and SMTP e-mail.

Each notification is *claimed* by a conditional UPDATE that pushes its ``next_attempt_at``
a lease into the future, committed before anything is sent, so several collector replicas
never send the same message at once and a crash mid-send only delays it to the lease's end
(at-least-once; receivers de-duplicate on ``X-Lankeeper-Delivery``). Failures are retried
with exponential backoff up to ``notify_max_attempts``, then marked ``failed``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import requests
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import Notification
from collector.domain import Channel, DeliveryStatus
from collector.services.digest import DIGEST_EVENT, render_digest
from collector.settings import CollectorSettings

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
SIGNATURE_HEADER = "X-Lankeeper-Signature"
BATCH = 100


class DeliveryError(Exception):
    """The receiver did not take the message; the text says why."""


@dataclass(frozen=True)
class DeliveryResult:
    sent: int
    retried: int
    failed: int


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def backoff(attempts: int) -> timedelta:
    doublings = min(max(attempts - 1, 0), 16)
    return min(BACKOFF_BASE * (1 << doublings), BACKOFF_CAP)


def deliver_due(
    factory: sessionmaker[Session], settings: CollectorSettings, now: datetime
) -> DeliveryResult:
    sent = retried = failed = 0
    for notification_id in _due_ids(factory, now):
        claimed = _claim(factory, notification_id, now)
        if claimed is None:
            continue
        error = _send(settings, claimed, now)
        outcome = _finish(factory, settings, notification_id, error, now)
        sent += outcome == DeliveryStatus.SENT
        failed += outcome == DeliveryStatus.FAILED
        retried += outcome == DeliveryStatus.PENDING
    return DeliveryResult(sent, retried, failed)


def _due_ids(factory: sessionmaker[Session], now: datetime) -> list[int]:
    with factory.begin() as session:
        query = (
            select(Notification.id)
            .where(Notification.status == DeliveryStatus.PENDING)
            .where(Notification.next_attempt_at <= now)
            .order_by(Notification.id)
            .limit(BATCH)
        )
        return list(session.scalars(query))


def _claim(
    factory: sessionmaker[Session], notification_id: int, now: datetime
) -> Notification | None:
    with factory.begin() as session:
        result = session.execute(
            update(Notification)
            .where(Notification.id == notification_id)
            .where(Notification.status == DeliveryStatus.PENDING)
            .where(Notification.next_attempt_at <= now)
            .values(next_attempt_at=now + LEASE, attempts=Notification.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        notification = session.get_one(Notification, notification_id)
        session.expunge(notification)
        return notification


def _finish(
    factory: sessionmaker[Session],
    settings: CollectorSettings,
    notification_id: int,
    error: str | None,
    now: datetime,
) -> DeliveryStatus:
    with factory.begin() as session:
        row = session.get_one(Notification, notification_id)
        if error is None:
            row.status, row.sent_at, row.last_error = DeliveryStatus.SENT, now, None
        elif row.attempts >= settings.notify_max_attempts:
            row.status, row.last_error = DeliveryStatus.FAILED, error
            log.warning("giving up on notification %s to %s: %s", row.id, row.target, error)
        else:
            row.next_attempt_at, row.last_error = now + backoff(row.attempts), error
            log.info("notification %s to %s will be retried: %s", row.id, row.target, error)
        return row.status


def _send(settings: CollectorSettings, notification: Notification, now: datetime) -> str | None:
    try:
        if notification.channel is Channel.WEBHOOK:
            send_webhook(settings, notification.target, notification.id, notification.payload, now)
        else:
            send_email(settings, notification.target, notification.payload)
    except (DeliveryError, OSError, requests.RequestException, smtplib.SMTPException) as exc:
        return f"{type(exc).__name__}: {exc}"[:500]
    return None


def send_webhook(
    settings: CollectorSettings,
    url: str,
    delivery_id: int,
    payload: dict[str, Any],
    now: datetime,
) -> None:
    body = json.dumps(payload, sort_keys=True).encode("utf-8")
    headers = {"Content-Type": "application/json", "X-Lankeeper-Delivery": str(delivery_id)}
    if settings.webhook_secret is not None:
        timestamp = str(int(now.timestamp()))
        headers[SIGNATURE_HEADER] = sign(
            settings.webhook_secret.get_secret_value(), timestamp, body
        )
    response = requests.post(url, data=body, headers=headers, timeout=settings.notify_timeout_s)
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"webhook answered HTTP {response.status_code}")


def send_email(settings: CollectorSettings, to: str, payload: dict[str, Any]) -> None:
    if not settings.smtp_host:
        raise DeliveryError("no SMTP server configured (smtp_host)")
    message = render_email(settings.smtp_from, to, payload)
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.notify_timeout_s
    ) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(message)


def render_email(sender: str, to: str, payload: dict[str, Any]) -> EmailMessage:
    if payload.get("event") == DIGEST_EVENT:
        return render_digest(sender, to, payload)
    alert, school = payload["alert"], payload["school"]
    verb = {"alert.resolved": "resolved", "alert.escalated": "escalated"}.get(
        payload["event"], "new"
    )
    message = EmailMessage()
    message["From"], message["To"] = sender, to
    message["Subject"] = f"[lankeeper] {school['name']}: {alert['summary']} ({verb})"
    message.set_content(
        f"School: {school['name']} ({school['slug']})\n"
        f"Alert: {alert['check_id']} — {alert['severity']}, {alert['state']}\n"
        f"Summary: {alert['summary']}\nOpened: {alert['opened_at']}\n"
        f"Details: {payload['url']}\n"
    )
    return message
