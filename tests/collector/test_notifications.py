"""Notification delivery to REAL local receivers: an HTTP server and an aiosmtpd SMTP server."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from email import message_from_bytes

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from collector.app import create_app
from collector.db.models import Notification
from collector.domain import DeliveryStatus
from collector.services.tick import tick
from collector.settings import CollectorSettings
from tests.collector import receivers
from tests.collector.conftest import World, add_people
from tests.collector.helpers import free_port, post_report
from tests.collector.receivers import SECRET, MailBox, WebhookReceiver
from tests.collector.reports import check, device, report

webhook = receivers.webhook
smtp = receivers.smtp
notify_settings = receivers.notify_settings


def raise_alert(notify_settings: CollectorSettings, engine: Engine, world: World) -> None:
    with TestClient(create_app(notify_settings, engine)) as client:
        jam = check("printer.status", "critical", "Paper jam in tray 2")
        response = post_report(
            client, world.tokens["alpha"], report("alpha", [device(1, checks=[jam])])
        )
        assert response.status_code == 202


def notifications(factory: sessionmaker[Session]) -> list[Notification]:
    with factory() as session:
        return list(session.scalars(select(Notification).order_by(Notification.id)))


def test_webhook_is_signed_and_retried_until_delivered(
    notify_settings: CollectorSettings,
    engine: Engine,
    world: World,
    factory: sessionmaker[Session],
    webhook: WebhookReceiver,
) -> None:
    webhook.answers = [500]
    raise_alert(notify_settings, engine, world)
    now = datetime.now(UTC)
    first = tick(factory, notify_settings, now)
    assert (first.delivery.sent, first.delivery.retried) == (0, 1)
    assert tick(factory, notify_settings, now + timedelta(seconds=5)).delivery.sent == 0  # backoff
    assert tick(factory, notify_settings, now + timedelta(seconds=31)).delivery.sent == 1
    assert len(webhook.received) == 2
    headers, body = webhook.received[-1]
    timestamp, signature = (
        part.split("=", 1)[1] for part in headers["X-Lankeeper-Signature"].split(",")
    )
    expected = hmac.new(
        SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(signature, expected)
    assert b'"summary": "Paper jam in tray 2"' in body
    (hook,) = [n for n in notifications(factory) if n.channel.value == "webhook"]
    assert (hook.status, hook.attempts) == (DeliveryStatus.SENT, 2)
    assert tick(factory, notify_settings, now + timedelta(hours=1)).delivery.sent == 0  # once


def test_email_goes_to_the_clusters_technicians(
    notify_settings: CollectorSettings,
    engine: Engine,
    world: World,
    factory: sessionmaker[Session],
    smtp: tuple[MailBox, int],
) -> None:
    add_people(factory)
    raise_alert(notify_settings, engine, world)
    result = tick(factory, notify_settings, datetime.now(UTC))
    assert result.delivery.sent == 2  # the webhook and one technician
    mailbox, _port = smtp
    ((recipients, content),) = mailbox.messages
    assert recipients == ["tech@north.example"]
    message = message_from_bytes(content)
    assert message["Subject"] == "[lankeeper] Alpha: Paper jam in tray 2 (new)"
    assert "printer.status" in message.get_payload()


def test_unreachable_receivers_give_up_after_max_attempts(
    settings: CollectorSettings, engine: Engine, world: World, factory: sessionmaker[Session]
) -> None:
    dead = settings.model_copy(
        update={
            "webhook_url": f"http://127.0.0.1:{free_port()}/",
            "notify_max_attempts": 2,
            "silent_grace_hours": 24 * 365,
        }
    )
    raise_alert(dead, engine, world)
    now = datetime.now(UTC)
    tick(factory, dead, now)
    tick(factory, dead, now + timedelta(hours=2))
    (hook,) = notifications(factory)
    assert (hook.status, hook.attempts) == (DeliveryStatus.FAILED, 2)
    assert "ConnectionError" in (hook.last_error or "")
