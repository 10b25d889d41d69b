"""Notification delivery to REAL local receivers: an HTTP server and an aiosmtpd SMTP server."""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from collector.app import create_app
from collector.db.models import Notification
from collector.domain import DeliveryStatus
from collector.services.tick import tick
from collector.settings import CollectorSettings
from tests.collector.conftest import World, add_people
from tests.collector.helpers import free_port, post_report
from tests.collector.reports import check, device, report

SECRET = "webhook-shared-secret"


@dataclass
class WebhookReceiver:
    answers: list[int] = field(default_factory=list)  # status codes to answer, then 204
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            receiver.received.append((dict(self.headers.items()), body))
            self.send_response(receiver.answers.pop(0) if receiver.answers else 204)
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/lankeeper"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


class MailBox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[MailBox, int]]:
    mailbox, port = MailBox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


@pytest.fixture
def notify_settings(
    settings: CollectorSettings, webhook: WebhookReceiver, smtp: tuple[MailBox, int]
) -> CollectorSettings:
    return settings.model_copy(
        update={
            "webhook_url": webhook.url,
            "webhook_secret": SecretStr(SECRET),
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp[1],
            "smtp_from": "alerts@provider.example",
            "silent_grace_hours": 24 * 365,  # no agent-silence alerts in these tests
        }
    )


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
