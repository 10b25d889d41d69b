"""Real local receivers for notification tests: an HTTP webhook server and an aiosmtpd server."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from pydantic import SecretStr

from collector.settings import CollectorSettings
from tests.collector.helpers import free_port

SECRET = "webhook-shared-secret"


@dataclass
class WebhookReceiver:
    answers: list[int] = field(default_factory=list)  # status codes to answer, then `otherwise`
    otherwise: int = 204
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            receiver.received.append((dict(self.headers.items()), body))
            self.send_response(receiver.answers.pop(0) if receiver.answers else receiver.otherwise)
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
    # aiosmtpd's server thread logs connection chatter after a test's captured stream has
    # closed ("Logging error ... I/O operation on closed file"): not what these tests read
    logging.getLogger("mail.log").propagate = False
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
