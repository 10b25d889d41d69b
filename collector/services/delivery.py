"""Send queued notifications: webhook (JSON POST, HMAC-SHA256 signed) and SMTP e-mail.

Each notification is *claimed* by a conditional UPDATE that pushes its ``next_attempt_at``
a lease into the future, committed before anything is sent, so several collector replicas
never send the same message at once and a crash mid-send only delays it to the lease's end
(at-least-once; receivers de-duplicate on ``X-Lankeeper-Delivery``). Failures are retried
with exponential backoff up to ``notify_max_attempts``, then marked ``failed`` with the
reason in ``last_error``; a message that cannot even be built (``messages.py`` refused the
payload) fails at once. One bad notification never stops the rest of the batch.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from functools import partial
from typing import Any

import requests
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import Notification
from collector.domain import Channel, DeliveryStatus
from collector.services.messages import render_email, webhook_body
from collector.services.redact import describe_error
from collector.settings import CollectorSettings

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
SIGNATURE_HEADER = "X-Lankeeper-Signature"
BATCH = 100
TRANSIENT = (OSError, requests.RequestException, smtplib.SMTPException)
STOPPED_MID_SEND = "the last attempt never finished (the sending process stopped mid-delivery)"


class DeliveryError(Exception):
    """The receiver did not take the message; the text says why."""


@dataclass(frozen=True)
class DeliveryResult:
    sent: int
    retried: int
    failed: int


@dataclass(frozen=True)
class Failure:
    reason: str
    permanent: bool  # retrying cannot help (the message itself is unusable)


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
    failed = _give_up_on_stuck(factory, settings, now)
    sent = retried = 0
    for notification_id in _due_ids(factory, settings, now):
        claimed = _claim(factory, settings, notification_id, now)
        if claimed is None:
            continue
        outcome = _finish(factory, settings, notification_id, attempt(settings, claimed, now), now)
        sent += outcome == DeliveryStatus.SENT
        failed += outcome == DeliveryStatus.FAILED
        retried += outcome == DeliveryStatus.PENDING
    return DeliveryResult(sent, retried, failed)


def _give_up_on_stuck(
    factory: sessionmaker[Session], settings: CollectorSettings, now: datetime
) -> int:
    """Claimed as often as allowed but never finished (killed mid-send): failed, with why."""
    with factory.begin() as session:
        result = session.execute(
            update(Notification)
            .where(Notification.status == DeliveryStatus.PENDING)
            .where(Notification.next_attempt_at <= now)
            .where(Notification.attempts >= settings.notify_max_attempts)
            .values(status=DeliveryStatus.FAILED, last_error=STOPPED_MID_SEND)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def _due_ids(
    factory: sessionmaker[Session], settings: CollectorSettings, now: datetime
) -> list[int]:
    with factory.begin() as session:
        query = (
            select(Notification.id)
            .where(Notification.status == DeliveryStatus.PENDING)
            .where(Notification.next_attempt_at <= now)
            .where(Notification.attempts < settings.notify_max_attempts)
            .order_by(Notification.id)
            .limit(BATCH)
        )
        return list(session.scalars(query))


def _claim(
    factory: sessionmaker[Session],
    settings: CollectorSettings,
    notification_id: int,
    now: datetime,
) -> Notification | None:
    with factory.begin() as session:
        result = session.execute(
            update(Notification)
            .where(Notification.id == notification_id)
            .where(Notification.status == DeliveryStatus.PENDING)
            .where(Notification.next_attempt_at <= now)
            .where(Notification.attempts < settings.notify_max_attempts)
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
    failure: Failure | None,
    now: datetime,
) -> DeliveryStatus:
    with factory.begin() as session:
        row = session.get_one(Notification, notification_id)
        if failure is None:
            row.status, row.sent_at, row.last_error = DeliveryStatus.SENT, now, None
        elif failure.permanent or row.attempts >= settings.notify_max_attempts:
            row.status, row.last_error = DeliveryStatus.FAILED, failure.reason
            log.warning("giving up on notification %s: %s", row.id, failure.reason)
        else:
            row.next_attempt_at, row.last_error = now + backoff(row.attempts), failure.reason
            log.info("notification %s will be retried: %s", row.id, failure.reason)
        return row.status


def attempt(
    settings: CollectorSettings, notification: Notification, now: datetime
) -> Failure | None:
    """Build and send one message; ``None`` when the receiver took it.

    The per-item boundary of the delivery loop: whatever goes wrong with one notification
    becomes its recorded failure, never an exception that stops the batch (or ``tick``).
    """
    secret_url = notification.target if notification.channel is Channel.WEBHOOK else None
    try:
        send = _prepare(settings, notification, now)
    except Exception as exc:  # one unusable message must not stop the batch
        log.exception("notification %s cannot be built", notification.id)
        return Failure(f"the message could not be built: {describe_error(exc, None)}", True)
    try:
        send()
    except (DeliveryError, *TRANSIENT) as exc:
        return Failure(describe_error(exc, secret_url), False)
    except Exception as exc:  # likewise
        log.exception("notification %s failed unexpectedly", notification.id)
        return Failure(describe_error(exc, secret_url), False)
    return None


def _prepare(
    settings: CollectorSettings, notification: Notification, now: datetime
) -> Callable[[], None]:
    """The message, built and ready to go (building is where a hostile payload is refused)."""
    payload: dict[str, Any] = notification.payload
    if notification.channel is Channel.EMAIL:
        return partial(
            send_email, settings, render_email(settings.smtp_from, notification.target, payload)
        )
    body = webhook_body(payload)
    headers = {"Content-Type": "application/json", "X-Lankeeper-Delivery": str(notification.id)}
    if settings.webhook_secret is not None:
        timestamp = str(int(now.timestamp()))
        headers[SIGNATURE_HEADER] = sign(
            settings.webhook_secret.get_secret_value(), timestamp, body
        )
    return partial(post_webhook, settings, notification.target, body, headers)


def post_webhook(
    settings: CollectorSettings, url: str, body: bytes, headers: dict[str, str]
) -> None:
    response = requests.post(
        url, data=body, headers=headers, timeout=settings.notify_timeout_s, allow_redirects=False
    )
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"webhook answered HTTP {response.status_code}")


def send_email(settings: CollectorSettings, message: EmailMessage) -> None:
    if not settings.smtp_host:
        raise DeliveryError("no SMTP server configured (smtp_host)")
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.notify_timeout_s
    ) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(message)
