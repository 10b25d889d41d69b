"""``lankeeper-collector user disable|enable|set-password|end-sessions|unlock|list``, run as
the real command against SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import AuditEntry
from collector.services.login import LoginTry, TooManyAttemptsError, WrongPasswordError, log_in
from collector.settings import CollectorSettings
from tests.collector.conftest import PASSWORD
from tests.collector.helpers import bearer
from tests.collector.live import collector_cli


def cli(database_url: str, *args: str, stdin: str | None = None) -> str:
    done = collector_cli(*args, "--database-url", database_url, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_disable_and_enable_from_the_command_line(
    database_url: str, client: TestClient, people: dict[str, str]
) -> None:
    token = bearer(people["tech-north"])
    said = cli(database_url, "user", "disable", "tech-north")
    assert said == "user tech-north disabled; 1 session(s) ended"
    assert client.get("/api/v1/schools", headers=token).status_code == 401
    refused = client.post(
        "/api/v1/auth/login", json={"username": "tech-north", "password": PASSWORD}
    )
    assert refused.status_code == 403
    listed = cli(database_url, "user", "list").splitlines()
    line = next(line for line in listed if line.startswith("tech-north "))
    assert line.startswith("tech-north  technician  disabled  cluster ")
    assert "0 session(s)  last sign-in " in line
    assert cli(database_url, "user", "enable", "tech-north") == "user tech-north enabled"
    again = client.post("/api/v1/auth/login", json={"username": "tech-north", "password": PASSWORD})
    assert again.status_code == 200


def test_set_password_end_sessions_and_unlock_from_the_command_line(
    database_url: str,
    settings: CollectorSettings,
    factory: sessionmaker[Session],
    client: TestClient,
    people: dict[str, str],
) -> None:
    said = cli(
        database_url, "user", "set-password", "head-alpha", "--password-stdin", stdin="new pass 1\n"
    )
    assert said == "password of head-alpha set; 1 session(s) ended"
    logged_in = client.post(
        "/api/v1/auth/login", json={"username": "head-alpha", "password": "new pass 1"}
    )
    assert logged_in.status_code == 200
    ended = cli(database_url, "user", "end-sessions", "head-alpha")
    assert ended == "1 session(s) of head-alpha ended"
    now = datetime.now(UTC)
    guess = LoginTry("head-alpha", "guess", "203.0.113.9")
    for _ in range(settings.login_account_failures):
        with pytest.raises(WrongPasswordError):
            log_in(factory, guess, settings, now)
    with pytest.raises(TooManyAttemptsError):
        log_in(factory, LoginTry("head-alpha", "new pass 1", "203.0.113.9"), settings, now)
    assert "locked until" in cli(database_url, "user", "list")
    assert cli(database_url, "user", "unlock", "head-alpha").startswith("user head-alpha unlocked")
    assert log_in(factory, LoginTry("head-alpha", "new pass 1", "203.0.113.9"), settings, now)
    with factory() as session:
        entries = session.execute(select(AuditEntry.actor, AuditEntry.action)).all()
    wanted = {("cli", "user.set_password"), ("cli", "user.end_sessions"), ("cli", "user.unlock")}
    assert wanted <= {tuple(entry) for entry in entries}


def test_bad_requests_are_explained(database_url: str, people: dict[str, str]) -> None:
    short = collector_cli(
        "user",
        "set-password",
        "admin",
        "--password-stdin",
        "--database-url",
        database_url,
        stdin="short\n",
    )
    assert short.returncode == 1
    assert "password: a password needs at least 8 characters" in short.stderr
    unknown = collector_cli("user", "disable", "nobody", "--database-url", database_url)
    assert unknown.returncode == 1
    assert "no user 'nobody'" in unknown.stderr
    last = collector_cli("user", "disable", "admin", "--database-url", database_url)
    assert last.returncode == 1
    assert "last enabled admin" in last.stderr
