"""``report_id`` is unique per school: another school's id is no duplicate (migration 0003)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from collector.db.engine import make_engine
from collector.db.migrate import upgrade
from collector.db.models import Report
from tests.collector.conftest import BACKENDS, World
from tests.collector.databases import empty_database
from tests.collector.helpers import post_report
from tests.collector.reports import device, report


def _reports(engine: Engine) -> int:
    with engine.begin() as conn:
        return int(conn.scalar(select(func.count()).select_from(Report)) or 0)


def test_another_schools_report_id_is_stored(
    client: TestClient, world: World, engine: Engine
) -> None:
    shared = uuid.uuid4()
    first = post_report(
        client, world.tokens["alpha"], report("alpha", [device(1)], report_id=shared)
    )
    assert first.status_code == 202
    other = post_report(client, world.tokens["beta"], report("beta", [device(2)], report_id=shared))
    assert other.status_code == 202, other.text
    assert other.json()["status"] == "accepted"
    assert _reports(engine) == 2


def test_a_true_duplicate_is_still_a_duplicate(
    client: TestClient, world: World, engine: Engine
) -> None:
    document = report("beta", [device(2)])
    assert post_report(client, world.tokens["beta"], document).status_code == 202
    again = post_report(client, world.tokens["beta"], document)
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert _reports(engine) == 1


@pytest.fixture(params=BACKENDS)
def at_0001(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for url in empty_database(request.param, tmp_path):
        engine = make_engine(url)
        upgrade(engine, "0001")
        yield engine
        engine.dispose()


def _seed(conn: object, school: int, report_uuid: str) -> None:
    now = datetime.now(UTC)
    row = {
        "report_uuid": report_uuid,
        "school_id": school,
        "agent_id": school,
        "schema_version": "1.1",
        "scan_started_at": now,
        "scan_finished_at": now,
        "received_at": now,
        "device_count": 0,
        "problems": [],
        "methods": [],
    }
    conn.execute(insert(Report.__table__), row)  # type: ignore[attr-defined]


def test_migration_0003_keeps_the_reports_and_scopes_the_key(at_0001: Engine) -> None:
    with at_0001.begin() as conn:
        for n in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO clusters (id, slug, name, timezone, weekend_days, created_at) "
                    "VALUES (:n, :slug, 'C', 'UTC', '[]', CURRENT_TIMESTAMP)"
                ),
                {"n": n, "slug": f"c{n}"},
            )
            conn.execute(
                text(
                    "INSERT INTO schools (id, cluster_id, slug, name, created_at, device_count, "
                    "transient_count, missing_count, status_counts, open_alerts) "
                    "VALUES (:n, :n, :slug, 'S', CURRENT_TIMESTAMP, 0, 0, 0, '{}', 0)"
                ),
                {"n": n, "slug": f"s{n}"},
            )
            conn.execute(
                text(
                    "INSERT INTO agents (id, public_id, school_id, name, hostname, enrolled_at) "
                    "VALUES (:n, :pid, :n, 'a', 'h', CURRENT_TIMESTAMP)"
                ),
                {"n": n, "pid": str(uuid.uuid4())},
            )
        _seed(conn, 1, "11111111-1111-4111-8111-111111111111")
    upgrade(at_0001, "heads")
    assert _reports(at_0001) == 1
    with at_0001.begin() as conn:
        _seed(conn, 2, "11111111-1111-4111-8111-111111111111")  # another school: fine
    with pytest.raises(IntegrityError), at_0001.begin() as conn:
        _seed(conn, 1, "11111111-1111-4111-8111-111111111111")  # same school: refused
