"""Notifications routed per cluster (its own webhook and e-mail list) and the daily digest,
delivered to REAL local receivers (an HTTP server and an aiosmtpd SMTP server)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from email import message_from_bytes
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from collector.app import create_app
from collector.db.models import Cluster, DigestRun, Notification
from collector.services.tick import tick
from collector.settings import ClusterRoute, CollectorSettings, SettingsError, build_settings
from tests.collector.conftest import World, add_people
from tests.collector.helpers import post_report
from tests.collector.reports import check, device, report
from tests.collector.test_notifications import MailBox, WebhookReceiver, smtp, webhook

__all__ = ["smtp", "webhook"]  # fixtures
DIGEST_HOUR = 7


def _routed(
    settings: CollectorSettings, hook: WebhookReceiver, port: int, digest: str
) -> CollectorSettings:
    north = ClusterRoute(
        webhook_url=hook.url + "/north",
        emails=["office@north.example"],
        digest=digest,  # type: ignore[arg-type]
        digest_hour=DIGEST_HOUR,
    )
    return settings.model_copy(
        update={
            "webhook_url": hook.url + "/global",
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "silent_grace_hours": 24 * 365,
            "cluster_routes": {"north": north},
        }
    )


def _jam(routed: CollectorSettings, engine: Engine, world: World, school: str) -> None:
    with TestClient(create_app(routed, engine)) as client:
        jam = check("printer.status", "critical", f"Paper jam at {school}")
        doc = report(school, [device(1, checks=[jam])])
        assert post_report(client, world.tokens[school], doc).status_code == 202


def _next_local(after: datetime, zone: ZoneInfo, hour: int, minute: int) -> datetime:
    """The first ``hour:minute`` in ``zone`` after ``after``."""
    local = after.astimezone(zone)
    moment = datetime.combine(local.date(), time(hour, minute), tzinfo=zone)
    return moment if moment > after else moment + timedelta(days=1)


def _targets(factory: sessionmaker[Session]) -> list[tuple[str, str]]:
    with factory() as session:
        rows = session.scalars(select(Notification).order_by(Notification.id))
        return [(n.channel.value, n.target) for n in rows]


def test_each_cluster_has_its_own_webhook_and_people(  # noqa: PLR0917 (fixtures)
    settings: CollectorSettings,
    engine: Engine,
    world: World,
    factory: sessionmaker[Session],
    webhook: WebhookReceiver,
    smtp: tuple[MailBox, int],
) -> None:
    add_people(factory)
    routed = _routed(settings, webhook, smtp[1], "off")
    _jam(routed, engine, world, "alpha")  # north
    _jam(routed, engine, world, "gamma")  # south: no route, the global settings
    assert _targets(factory) == [
        ("webhook", webhook.url + "/north"),
        ("email", "office@north.example"),
        ("email", "tech@north.example"),
        ("webhook", webhook.url + "/global"),
        ("email", "tech@south.example"),
    ]
    assert tick(factory, routed, datetime.now(UTC)).delivery.sent == 5
    assert len(webhook.received) == 2
    mailbox, _ = smtp
    assert sorted(r for rcpts, _ in mailbox.messages for r in rcpts) == [
        "office@north.example",
        "tech@north.example",
        "tech@south.example",
    ]


def test_daily_digest_once_a_day_at_the_clusters_hour(  # noqa: PLR0917 (fixtures)
    settings: CollectorSettings,
    engine: Engine,
    world: World,
    factory: sessionmaker[Session],
    webhook: WebhookReceiver,
    smtp: tuple[MailBox, int],
) -> None:
    add_people(factory)
    with factory.begin() as session:
        session.execute(
            update(Cluster).where(Cluster.slug == "north").values(timezone="Asia/Tokyo")
        )
    routed = _routed(settings, webhook, smtp[1], "daily")
    _jam(routed, engine, world, "alpha")
    # digest mode: the webhook stays immediate, people wait for the digest
    assert [t for t in _targets(factory) if t[0] == "email"] == []
    due = _next_local(datetime.now(UTC), ZoneInfo("Asia/Tokyo"), DIGEST_HOUR, 30)
    tick(factory, routed, due - timedelta(hours=1))  # 06:30 in Tokyo: not yet
    with factory() as session:
        assert session.scalars(select(DigestRun)).all() == []
    tick(factory, routed, due)
    tick(factory, routed, due + timedelta(minutes=5))  # a second tick (or replica): no repeat
    with factory() as session:
        (run,) = session.scalars(select(DigestRun)).all()
    assert run.recipients == 2
    mailbox, _ = smtp
    digests = [m for m in mailbox.messages if b"daily digest" in m[1]]
    assert sorted(r for rcpts, _ in digests for r in rcpts) == [
        "office@north.example",
        "tech@north.example",
    ]
    body = message_from_bytes(digests[0][1]).get_payload()
    assert "Alpha" in body
    assert "[critical] Paper jam at alpha" in body
    tomorrow = due + timedelta(days=1)
    tick(factory, routed, tomorrow)
    with factory() as session:
        runs = session.scalars(select(DigestRun).order_by(DigestRun.id)).all()
    assert len(runs) == 2
    assert runs[1].covers_from == runs[0].covers_to  # the next digest starts where one ended


def test_routes_come_from_the_config_file_with_clear_errors(
    tmp_path: pytest.TempPathFactory,
) -> None:
    good = tmp_path / "good.toml"  # type: ignore[operator]
    good.write_text(
        '[collector.cluster_routes.north]\nwebhook_url = "https://hooks.example/north"\n'
        'emails = ["office@north.example"]\ndigest = "daily"\ndigest_hour = 8\n'
    )
    loaded = build_settings(good, environ={})
    assert loaded.cluster_routes["north"].digest_hour == 8
    bad = tmp_path / "bad.toml"  # type: ignore[operator]
    bad.write_text('[collector.cluster_routes.north]\ndigest = "weekly"\n')
    with pytest.raises(SettingsError, match=r"cluster_routes\.north\.digest"):
        build_settings(bad, environ={})
