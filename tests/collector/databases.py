"""Real databases for the collector tests: a SQLite file and a fresh PostgreSQL database.

PostgreSQL: one database per test session on the local server (unix socket), migrated once
and truncated before each test; dropped at the end. Without a reachable server the
PostgreSQL half is skipped locally and FAILS under ``CI=true``.

Set ``LANKEEPER_TEST_PG_ADMIN_URL`` to point somewhere else (a URL of a database the user
may ``CREATE DATABASE`` from).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from collector.db.engine import make_engine
from collector.db.migrate import upgrade
from collector.db.models import Base

PG_ADMIN_CANDIDATES = (
    "postgresql+psycopg://postgres@/postgres?host=/var/run/postgresql",
    "postgresql+psycopg:///postgres?host=/var/run/postgresql",
)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def find_pg_admin() -> tuple[str | None, str]:
    """An admin URL that connects, or None with the reason."""
    configured = os.environ.get("LANKEEPER_TEST_PG_ADMIN_URL")
    reasons = []
    for url in (configured,) if configured else PG_ADMIN_CANDIDATES:
        try:
            with psycopg.connect(_libpq(url), connect_timeout=3):
                return url, ""
        except psycopg.Error as exc:
            reasons.append(f"{url}: {str(exc).strip().splitlines()[0]}")
    return None, "; ".join(reasons)


def unavailable(reason: str) -> None:
    message = f"PostgreSQL not available ({reason})"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " — CI must run the collector suite on PostgreSQL", pytrace=False)
    pytest.skip(message)


class PgDatabase:
    """A throw-away database on the server behind ``admin_url``."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.name = f"lkc_test_{os.getpid()}_{secrets.token_hex(3)}"
        self.url = str(make_url(admin_url).set(database=self.name).render_as_string(False))

    def create(self) -> None:
        with psycopg.connect(_libpq(self.admin_url), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        with psycopg.connect(_libpq(self.admin_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def pg_session_database() -> Iterator[str]:
    admin, reason = find_pg_admin()
    if admin is None:
        unavailable(reason)
        return
    database = PgDatabase(admin)
    database.create()
    try:
        engine = make_engine(database.url)
        upgrade(engine)
        engine.dispose()
        yield database.url
    finally:
        database.drop()


def sqlite_template(directory: Path) -> Path:
    path = directory / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def fresh_sqlite(template: Path, directory: Path) -> str:
    target = directory / "collector.sqlite3"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE TABLE {tables} RESTART IDENTITY CASCADE"))


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table: compare before/after to prove a request changed nothing."""
    names = set(inspect(engine).get_table_names())
    counts = {}
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in names:
                counts[table.name] = int(conn.scalar(select(func.count()).select_from(table)) or 0)
    return counts


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, ordered by primary key: equal snapshots, unchanged database."""
    state = {}
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            rows = conn.execute(select(table).order_by(*order)).all()
            state[table.name] = [tuple(row) for row in rows]
    return state


def empty_database(backend: str, directory: Path) -> Iterator[str]:
    """A database with no tables at all, on ``backend`` ("sqlite" or "postgresql"); dropped
    afterwards. Skips (fails under CI=true) when PostgreSQL is unreachable."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'fresh.sqlite3'}"
        return
    admin, reason = find_pg_admin()
    if admin is None:
        unavailable(reason)
        return
    database = PgDatabase(admin)
    database.create()
    try:
        yield database.url
    finally:
        database.drop()
