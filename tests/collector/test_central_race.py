"""Two admins creating the same new central setting at the same moment (SQLite and PostgreSQL):
neither gets an error, the later write wins as it would a second later, one row remains and
both changes are audited.

On PostgreSQL the second insert really collides: it waits on the first one's uncommitted row
(seen in ``pg_stat_activity``) and fails on the unique (scope, key) once that commits. SQLite
queues writers at ``BEGIN IMMEDIATE``, so there the second simply finds the row."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from pydantic import SecretStr
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import AuditEntry, CentralSetting
from collector.services import central_settings as central
from collector.services.secret_box import SecretBox, generate_key
from collector.settings import CollectorSettings
from tests.collector.conftest import World
from tests.collector.helpers import bearer
from tests.collector.live import collector_thread

KEY = "subnets"
FIRST, SECOND = ["198.18.0.0/24"], ["198.18.1.0/24"]  # documentation-lab ranges: nothing is sent


@pytest.fixture
def settings(database_url: str) -> CollectorSettings:
    return CollectorSettings(database_url=database_url, secret_key=SecretStr(generate_key()))


def _rows(factory: sessionmaker[Session]) -> list[CentralSetting]:
    with factory() as session:
        query = select(CentralSetting).where(CentralSetting.key == KEY)
        return list(session.scalars(query))


def _audited(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        query = select(func.count()).select_from(AuditEntry)
        return session.scalar(query.where(AuditEntry.action == "settings.set")) or 0


def _wait_for_a_lock_wait(engine: Engine) -> None:
    """PostgreSQL: until some session of this database waits on a lock (the second insert)."""
    if engine.dialect.name != "postgresql":
        return  # SQLite: the second writer queues at BEGIN IMMEDIATE, whenever it gets there
    query = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 60
    with engine.connect() as connection:
        while not connection.execute(query).scalar() and time.monotonic() < deadline:
            time.sleep(0.02)
            connection.rollback()
        assert connection.execute(query).scalar(), "the second insert never waited"


def test_the_second_of_two_interleaved_creates_updates_the_row_the_first_committed(
    factory: sessionmaker[Session], engine: Engine, world: World, settings: CollectorSettings
) -> None:
    box, now = SecretBox(settings.secret_key), datetime.now(UTC)
    errors: list[Exception] = []

    def second_admin() -> None:
        try:
            with factory.begin() as session:
                scope = central.cluster_scope(session, "north")
                central.set_setting(session, box, scope, KEY, SECOND, "admin-b", now)
        except Exception as exc:  # noqa: BLE001 (handed to the test thread)
            errors.append(exc)

    other = threading.Thread(target=second_admin)
    with factory.begin() as session:  # the first admin: row inserted, not yet committed
        scope = central.cluster_scope(session, "north")
        central.set_setting(session, box, scope, KEY, FIRST, "admin-a", now)
        other.start()
        _wait_for_a_lock_wait(engine)
    other.join(timeout=120)
    assert not other.is_alive()
    assert errors == []
    [row] = _rows(factory)
    assert (row.value, row.updated_by) == (SECOND, "admin-b")  # the later write wins
    assert _audited(factory) == 2


def test_two_admins_putting_the_same_new_key_at_once_get_no_server_error(
    factory: sessionmaker[Session],
    engine: Engine,
    world: World,
    people: dict[str, str],
    settings: CollectorSettings,
) -> None:
    barrier = threading.Barrier(2)
    answers: list[Any] = []
    with collector_thread(settings, engine) as url:

        def put(value: list[str]) -> None:
            path = f"{url}/api/v1/admin/settings/clusters/north/{KEY}"
            barrier.wait(timeout=60)
            answer = requests.put(
                path, json={"value": value}, headers=bearer(people["admin"]), timeout=60
            )
            answers.append((answer.status_code, answer.text))

        admins = [threading.Thread(target=put, args=(v,)) for v in (FIRST, SECOND)]
        for admin in admins:
            admin.start()
        for admin in admins:
            admin.join(timeout=120)
    assert sorted(code for code, _ in answers) == [200, 200], answers
    [row] = _rows(factory)
    assert row.value in (FIRST, SECOND)
    assert _audited(factory) == 2
