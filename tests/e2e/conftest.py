"""Dashboard fixtures: the collector test databases (SQLite and PostgreSQL), a seeded
provider, logged-in TestClients, and for the browser tests a real ``lankeeper-collector
serve`` process driven by Debian's chromium through Playwright."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import upgrade
from collector.settings import CollectorSettings
from schemas import Report
from tests.collector import conftest as collector_fixtures
from tests.collector.helpers import bearer, post_report
from tests.collector.live import collector_process
from tests.e2e.helpers import login, seed
from tests.e2e.world import World

# the collector suite's fixtures: every TestClient test here runs on SQLite and PostgreSQL
pg_url = collector_fixtures.pg_url
sqlite_template_path = collector_fixtures.sqlite_template_path
database_url = collector_fixtures.database_url
engine = collector_fixtures.engine
factory = collector_fixtures.factory
settings = collector_fixtures.settings
app = collector_fixtures.app
client = collector_fixtures.client

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def world(factory: sessionmaker[Session], settings: CollectorSettings, client: TestClient) -> World:
    return seed(factory, settings, lambda token, doc: post_report(client, token, doc).status_code)


@pytest.fixture
def as_user(app: FastAPI, world: World) -> Callable[[str], TestClient]:
    """A TestClient logged in as one of the world's people (cookies kept per client)."""
    return lambda username: login(app, username)


# ------------------------------------------------------------------ browser tests
@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's chromium: skipped where it is missing, a failure under CI=true."""
    if not os.access(CHROMIUM, os.X_OK):
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " — CI must run the browser tests", pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium_path: Path) -> Iterator[Any]:
    """Module-scoped on purpose: Playwright's sync API keeps an event loop running in the main
    thread while it is alive, and every later ``asyncio.run`` in the session would fail."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``lankeeper-collector serve`` on a temp SQLite file, seeded through its HTTP API."""
    url = f"sqlite:///{tmp_path_factory.mktemp('dashboard') / 'collector.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    try:
        with collector_process(url) as base:

            def post(token: str, document: Report) -> int:
                body = document.model_dump_json().encode()
                headers = {**bearer(token), "Content-Type": "application/json"}
                return requests.post(
                    f"{base}/api/v1/reports", data=body, headers=headers, timeout=30
                ).status_code

            seed(factory, CollectorSettings(database_url=url), post)
            yield base
    finally:
        engine.dispose()
