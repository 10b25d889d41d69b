"""Hostile device text and dead receivers never stop notification delivery (issue 9, part 3).

Real receivers (an HTTP server and aiosmtpd), real databases (SQLite and PostgreSQL).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session, sessionmaker

from collector.app import create_app
from collector.db.models import Alert, Notification
from collector.domain import Channel, DeliveryStatus
from collector.services.tick import tick
from collector.settings import CollectorSettings
from tests.collector import receivers
from tests.collector.conftest import World, add_people
from tests.collector.helpers import bearer, post_report
from tests.collector.live import collector_cli
from tests.collector.receivers import MailBox, WebhookReceiver
from tests.collector.reports import check, device, report
from tests.collector.test_notifications import notifications

webhook = receivers.webhook
smtp = receivers.smtp
notify_settings = receivers.notify_settings

INJECTED = "Black Toner\r\nBcc: victim@example.com\r\n\r\nClick http://evil.example/ now"


def raise_alerts(
    settings: CollectorSettings, engine: Engine, world: World, *summaries: str
) -> None:
    """One critical alert per summary (one device each) at school alpha, in that order."""
    checks = [
        device(n, checks=[check("printer.supply.1", "critical", text)])
        for n, text in enumerate(summaries, 1)
    ]
    with TestClient(create_app(settings, engine)) as client:
        response = post_report(client, world.tokens["alpha"], report("alpha", checks))
        assert response.status_code == 202


def parsed(content: bytes) -> EmailMessage:
    message = message_from_bytes(content, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_crlf_in_a_supply_name_reaches_no_header_and_the_batch_goes_on(  # noqa: PLR0917 (fixtures)
    notify_settings: CollectorSettings,
    engine: Engine,
    world: World,
    factory: sessionmaker[Session],
    smtp: tuple[MailBox, int],
    webhook: WebhookReceiver,
) -> None:
    add_people(factory)  # one technician in north: an e-mail per alert
    raise_alerts(notify_settings, engine, world, INJECTED, "Cyan toner low")
    result = tick(factory, notify_settings, datetime.now(UTC))
    assert (result.delivery.sent, result.delivery.failed) == (4, 0)  # 2 webhooks, 2 e-mails
    mailbox, _port = smtp
    assert [recipients for recipients, _ in mailbox.messages] == [["tech@north.example"]] * 2
    hostile = parsed(mailbox.messages[0][1])
    assert hostile["Bcc"] is None
    assert hostile["Subject"] == (
        "[lankeeper] Alpha: Black Toner Bcc: victim@example.com Click http://evil.example/ now "
        "(new)"
    )
    lines = hostile.get_content().splitlines()
    assert not [line for line in lines if line.startswith(("Bcc", "Click"))]
    assert "Summary: Black Toner Bcc: victim@example.com Click http://evil.example/ now" in lines
    assert parsed(mailbox.messages[1][1])["Subject"] == "[lankeeper] Alpha: Cyan toner low (new)"
    summaries = [json.loads(body)["alert"]["summary"] for _headers, body in webhook.received]
    assert summaries[0] == "Black Toner Bcc: victim@example.com Click http://evil.example/ now"
    assert all(n.status is DeliveryStatus.SENT for n in notifications(factory))


def test_a_receiver_that_always_fails_is_recorded_failed_and_others_still_arrive(  # noqa: PLR0917 (fixtures)
    notify_settings: CollectorSettings,
    engine: Engine,
    world: World,
    factory: sessionmaker[Session],
    smtp: tuple[MailBox, int],
    webhook: WebhookReceiver,
) -> None:
    webhook.otherwise = 500
    settings = notify_settings.model_copy(update={"notify_max_attempts": 3})
    add_people(factory)
    raise_alerts(settings, engine, world, "Paper jam in tray 2", "Black toner empty")
    now = datetime.now(UTC)
    results = [tick(factory, settings, now + timedelta(hours=hour)).delivery for hour in range(4)]
    assert [(r.sent, r.retried, r.failed) for r in results] == [
        (2, 2, 0),  # both e-mails go at once; both webhooks answered 500
        (0, 2, 0),
        (0, 0, 2),  # third attempt: given up
        (0, 0, 0),  # and never tried again
    ]
    assert len(webhook.received) == 6
    assert len(smtp[0].messages) == 2
    hooks = [n for n in notifications(factory) if n.channel is Channel.WEBHOOK]
    assert [(n.status, n.attempts, n.last_error) for n in hooks] == [
        (DeliveryStatus.FAILED, 3, "DeliveryError: webhook answered HTTP 500")
    ] * 2


def test_a_payload_that_cannot_be_built_fails_at_once_without_stopping_the_rest(
    notify_settings: CollectorSettings,
    engine: Engine,
    world: World,
    factory: sessionmaker[Session],
    smtp: tuple[MailBox, int],
) -> None:
    add_people(factory)
    raise_alerts(notify_settings, engine, world, "Paper jam", "Toner low")
    with factory.begin() as session:  # a row damaged by hand, or queued by an older version
        first = min(n.id for n in notifications(factory) if n.channel is Channel.EMAIL)
        session.execute(update(Notification).where(Notification.id == first).values(payload={}))
    result = tick(factory, notify_settings, datetime.now(UTC)).delivery
    assert (result.sent, result.failed) == (3, 1)
    broken = next(n for n in notifications(factory) if n.id == first)
    assert (broken.status, broken.attempts) == (DeliveryStatus.FAILED, 1)
    assert broken.last_error == "the message could not be built: KeyError: 'alert'"
    assert len(smtp[0].messages) == 1


def test_a_send_killed_mid_delivery_is_given_up_after_its_attempts(
    notify_settings: CollectorSettings, engine: Engine, world: World, factory: sessionmaker[Session]
) -> None:
    raise_alerts(notify_settings, engine, world, "Paper jam")
    now = datetime.now(UTC)
    with factory.begin() as session:  # claimed max times, never finished, lease run out
        session.execute(update(Notification).values(attempts=notify_settings.notify_max_attempts))
    result = tick(factory, notify_settings, now).delivery
    assert (result.sent, result.failed) == (0, 1)
    (hook,) = notifications(factory)
    assert hook.status is DeliveryStatus.FAILED
    assert "never finished" in (hook.last_error or "")


def test_tick_exits_zero_and_reports_the_failure(  # noqa: PLR0917 (fixtures)
    notify_settings: CollectorSettings,
    engine: Engine,
    world: World,
    factory: sessionmaker[Session],
    smtp: tuple[MailBox, int],
    tmp_path: Path,
) -> None:
    add_people(factory)
    raise_alerts(notify_settings, engine, world, INJECTED, "Toner low")
    with factory.begin() as session:  # the last e-mail cannot be built
        last = max(n.id for n in notifications(factory) if n.channel is Channel.EMAIL)
        session.execute(update(Notification).where(Notification.id == last).values(payload={}))
    config = tmp_path / "collector.toml"
    config.write_text(
        "[collector]\n"
        f'database_url = "{notify_settings.database_url}"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {smtp[1]}\n'
        f'webhook_url = "{notify_settings.webhook_url}"\n'
        "silent_grace_hours = 8760\n",
        encoding="utf-8",
    )
    done = collector_cli("tick", "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert "notifications sent 3, to retry 0, failed 1" in done.stdout
    assert len(smtp[0].messages) == 1


def test_admins_see_failed_notifications_with_the_reason_and_no_secret(  # noqa: PLR0917 (fixtures)
    settings: CollectorSettings,
    engine: Engine,
    world: World,
    factory: sessionmaker[Session],
    client: TestClient,
    people: dict[str, str],
    webhook: WebhookReceiver,
) -> None:
    webhook.otherwise = 403
    secret_path = "/hooks/T000/B000/XXXXsecretXXXX"
    hooked = settings.model_copy(
        update={
            "webhook_url": webhook.url.replace("/hooks/lankeeper", secret_path) + "?token=abc",
            "notify_max_attempts": 1,
            "silent_grace_hours": 24 * 365,
        }
    )
    raise_alerts(hooked, engine, world, "Paper jam")
    tick(factory, hooked, datetime.now(UTC))
    listed = client.get(
        "/api/v1/admin/notifications", params={"status": "failed"}, headers=bearer(people["admin"])
    )
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert page["total"] == 2
    mail, item = page["items"]  # newest first
    assert (mail["channel"], mail["target"]) == ("email", "tech@north.example")
    assert mail["last_error"] == "DeliveryError: no SMTP server configured (smtp_host)"
    assert item["channel"] == "webhook"
    assert item["status"] == "failed"
    assert item["last_error"] == "DeliveryError: webhook answered HTTP 403"
    assert item["target"] == f"http://127.0.0.1:{webhook.url.split(':')[2].split('/')[0]}/…"
    assert "secret" not in listed.text
    assert "token=abc" not in listed.text
    with factory() as session:
        alert_id = session.query(Alert.id).scalar()
    assert item["alert_id"] == alert_id
    for user in ("tech-north", "head-alpha"):
        refused = client.get("/api/v1/admin/notifications", headers=bearer(people[user]))
        assert refused.status_code in {403, 404}
    webhook.otherwise = 204  # the receiver is fixed: send it again
    retry = f"/api/v1/admin/notifications/{item['id']}/retry"
    queued = client.post(retry, headers=bearer(people["admin"]))
    assert (queued.json()["status"], queued.json()["attempts"]) == ("pending", 0)
    assert tick(factory, hooked, datetime.now(UTC)).delivery.sent == 1
    again = client.post(retry, headers=bearer(people["admin"]))
    assert again.status_code == 409
    assert client.post(retry, headers=bearer(people["tech-north"])).status_code in {403, 404}
