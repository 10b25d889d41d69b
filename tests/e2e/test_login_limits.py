"""The login page under throttling and lockout: the sentence a person reads, with the right
status and Retry-After; in TestClient on SQLite and PostgreSQL, and in real Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from collector.app import create_app
from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import upgrade
from collector.db.models import LoginAttempt
from collector.domain import LoginOutcome
from collector.services import accounts
from collector.settings import CollectorSettings
from tests.collector.live import collector_cli, collector_process
from tests.e2e.browser import browser_log_in
from tests.e2e.helpers import csrf_of
from tests.e2e.world import PASSWORD, World, build_tenancy

THROTTLED = "Too many failed attempts; try again in 15 minutes."
DISABLED = "This account has been disabled; ask your administrator to enable it."
LOCKED = re.compile(
    r"This account is locked after too many failed attempts; try again in (\d+) minutes "
    r"or ask your administrator to unlock it\."
)
Page = Any  # playwright.sync_api.Page


def post_login(browser: TestClient, username: str, password: str) -> Any:
    form = browser.get("/login")
    return browser.post(
        "/login", data={"username": username, "password": password, "csrf": csrf_of(form.text)}
    )


def test_the_login_page_says_when_to_try_again(
    settings: CollectorSettings, engine: Engine, world: World
) -> None:
    strict = settings.model_copy(update={"login_account_failures": 2})
    browser = TestClient(create_app(strict, engine), follow_redirects=False)
    assert [post_login(browser, "tech", "guess").status_code for _ in range(2)] == [401, 401]
    refused = post_login(browser, "tech", PASSWORD)
    assert refused.status_code == 429
    assert 14 * 60 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert f'<p class="error" role="alert">{THROTTLED}</p>' in refused.text
    assert "lankeeper_session" not in refused.headers.get("set-cookie", "")


def test_a_disabled_account_is_told_so_on_the_login_page(
    app: Any, factory: sessionmaker[Session], world: World
) -> None:
    with factory.begin() as session:
        accounts.disable(session, "head", datetime.now(UTC), "test")
    browser = TestClient(app, follow_redirects=False)
    refused = post_login(browser, "head", PASSWORD)
    assert refused.status_code == 403
    assert DISABLED in refused.text
    assert "Wrong user name" in post_login(browser, "head", "guess").text  # no hint without it


# ------------------------------------------------------------------ in Chromium
@pytest.fixture(scope="module")
def strict_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """``lankeeper-collector serve`` throttling after 3 failures, locking after 5."""
    url = f"sqlite:///{tmp_path_factory.mktemp('limits') / 'collector.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    build_tenancy(make_session_factory(engine))
    limits = {"LANKEEPER_COLLECTOR_LOGIN_ACCOUNT_FAILURES": "3"}
    limits["LANKEEPER_COLLECTOR_LOGIN_LOCKOUT_FAILURES"] = "5"
    try:
        with collector_process(url, limits) as base:
            yield base, url
    finally:
        engine.dispose()


@pytest.fixture
def page(browser: Any, strict_live: tuple[str, str]) -> Iterator[Page]:
    context = browser.new_context(base_url=strict_live[0])
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_browser_shows_the_throttle_sentence(page: Page) -> None:
    wrong = "Wrong user name or password. Check both and try again."
    assert [browser_log_in(page, "tech", "guess") for _ in range(3)] == [wrong] * 3
    assert browser_log_in(page, "tech", PASSWORD) == THROTTLED
    assert page.get_by_label("User name").input_value() == "tech"
    assert "/login" in page.url


def test_browser_shows_the_lockout_until_an_admin_unlocks(
    page: Page, strict_live: tuple[str, str]
) -> None:
    _base, url = strict_live
    engine = make_engine(url)
    now = datetime.now(UTC)
    with make_session_factory(engine).begin() as session:  # an hour of guessing, spread out
        session.add_all(
            LoginAttempt(
                at=now - timedelta(minutes=minutes),
                username="head",
                address="203.0.113.50",
                outcome=LoginOutcome.FAILURE,
            )
            for minutes in (56, 46, 36, 26, 16)
        )
    engine.dispose()
    said = LOCKED.fullmatch(browser_log_in(page, "head", PASSWORD))
    assert said is not None
    assert int(said.group(1)) in {43, 44}  # 60 minutes after the last failure, 16 ago
    done = collector_cli("user", "unlock", "head", "--database-url", url)
    assert done.returncode == 0, done.stderr
    assert browser_log_in(page, "head", PASSWORD) == ""
    page.wait_for_url("**/schools/stmarys")
    assert Path(page.url).name == "stmarys"
