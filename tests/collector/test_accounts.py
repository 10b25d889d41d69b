"""Accounts (issue 9, part 4): login throttling and lockout counted in the database, admin
actions on accounts with audit entries, sessions ending when they must. SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from collector.app import create_app
from collector.db.models import AuditEntry, LoginAttempt, UserSession
from collector.domain import LoginOutcome
from collector.services.login import LoginTry as Attempt
from collector.services.login import TooManyAttemptsError, WrongPasswordError, log_in
from collector.services.tick import tick
from collector.settings import CollectorSettings
from tests.collector.conftest import PASSWORD, add_people
from tests.collector.helpers import bearer

LOGIN = "/api/v1/auth/login"
THROTTLED = "Too many failed attempts; try again in 15 minutes."
LOCKED = (
    "This account is locked after too many failed attempts; try again in 60 minutes "
    "or ask your administrator to unlock it."
)


def strict(settings: CollectorSettings, **limits: int) -> CollectorSettings:
    return settings.model_copy(update=limits)


@pytest.fixture
def strict_client(settings: CollectorSettings, engine: Engine) -> Iterator[TestClient]:
    """Throttle after 3 failures of an account, lock after 6, 10 per address."""
    limits = {"login_account_failures": 3, "login_lockout_failures": 6}
    app = create_app(strict(settings, login_address_failures=10, **limits), engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def login(client: TestClient, username: str, password: str = PASSWORD) -> tuple[int, str, str]:
    response = client.post(LOGIN, json={"username": username, "password": password})
    return (
        response.status_code,
        response.json().get("detail", ""),
        response.headers.get("Retry-After", ""),
    )


def audits(factory: sessionmaker[Session], action: str) -> list[AuditEntry]:
    with factory() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_an_account_is_throttled_after_failures_and_says_for_how_long(
    strict_client: TestClient, people: dict[str, str]
) -> None:
    for _ in range(3):
        assert login(strict_client, "tech-north", "guess")[0] == 401
    status, detail, retry_after = login(strict_client, "tech-north")  # even the right password
    assert (status, detail) == (429, THROTTLED)
    assert 14 * 60 < int(retry_after) <= 15 * 60
    assert login(strict_client, "tech-south")[0] == 200  # other accounts are not affected


def test_an_unknown_user_name_is_answered_exactly_like_a_real_one(
    strict_client: TestClient, people: dict[str, str]
) -> None:
    real = [login(strict_client, "tech-north", "guess")[:2] for _ in range(4)]
    unknown = [login(strict_client, "no-such-user", "guess")[:2] for _ in range(4)]
    assert real == unknown
    assert real[-1] == (429, THROTTLED)


def test_one_address_is_throttled_whatever_the_user_names(
    strict_client: TestClient, people: dict[str, str]
) -> None:
    for n in range(10):
        assert login(strict_client, f"someone-{n}", "guess")[0] == 401
    status, detail, retry_after = login(strict_client, "tech-north")
    assert (status, detail) == (429, THROTTLED)
    assert int(retry_after) > 0


def test_lockout_after_repeated_failures_until_an_admin_unlocks(
    settings: CollectorSettings,
    engine: Engine,
    factory: sessionmaker[Session],
    people: dict[str, str],
) -> None:
    locking = strict(settings, login_account_failures=50, login_lockout_failures=4)
    with TestClient(create_app(locking, engine)) as attacker:
        for _ in range(4):
            assert login(attacker, "head-alpha", "guess")[0] == 401
        status, detail, retry_after = login(attacker, "head-alpha")
        assert (status, detail) == (429, LOCKED)
        assert 59 * 60 < int(retry_after) <= 60 * 60
        admin = bearer(people["admin"])
        seen = attacker.get("/api/v1/admin/users/head-alpha", headers=admin).json()
        assert seen["locked_until"] is not None
        assert seen["disabled"] is False
        unlocked = attacker.post("/api/v1/admin/users/head-alpha/unlock", headers=admin)
        assert unlocked.status_code == 200, unlocked.text
        assert unlocked.json()["locked_until"] is None
        assert login(attacker, "head-alpha")[0] == 200
    (entry,) = audits(factory, "user.unlock")
    assert (entry.actor, entry.detail) == ("admin", {"user": "head-alpha"})


def test_a_lockout_ends_by_itself_and_a_further_failure_locks_again(
    settings: CollectorSettings, factory: sessionmaker[Session], people: dict[str, str]
) -> None:
    locking = strict(settings, login_account_failures=50, login_lockout_failures=3)
    t0 = datetime.now(UTC)

    def attempt(password: str, at: datetime) -> str:
        try:
            log_in(factory, Attempt("tech-north", password, "198.51.100.7"), locking, at)
        except TooManyAttemptsError as exc:
            return f"429 {exc.retry_after_s}"
        except WrongPasswordError:
            return "401"
        return "200"

    assert [attempt("guess", t0 + timedelta(minutes=m)) for m in range(4)] == [
        "401",
        "401",
        "401",
        "429 3540",  # locked 60 minutes after the last failure (at minute 2)
    ]
    assert attempt(PASSWORD, t0 + timedelta(minutes=61)) == "429 60"
    assert attempt("guess", t0 + timedelta(minutes=63)) == "401"  # lock over; this one fails
    assert attempt(PASSWORD, t0 + timedelta(minutes=64)) == "429 3540"  # and locks again
    assert attempt(PASSWORD, t0 + timedelta(minutes=124)) == "200"
    assert attempt("guess", t0 + timedelta(minutes=125)) == "401"  # a success starts afresh


def test_a_throttle_lets_go_when_the_window_has_passed(
    settings: CollectorSettings, factory: sessionmaker[Session], people: dict[str, str]
) -> None:
    t0 = datetime.now(UTC)
    attempt = Attempt("tech-north", "guess", "198.51.100.7")
    for minute in range(5):
        with pytest.raises(WrongPasswordError):
            log_in(factory, attempt, settings, t0 + timedelta(minutes=minute))
    with pytest.raises(TooManyAttemptsError) as refused:
        log_in(factory, attempt, settings, t0 + timedelta(minutes=6))
    assert refused.value.retry_after_s == 9 * 60  # the first failure leaves the window at 15
    right = Attempt("tech-north", PASSWORD, "198.51.100.7")
    assert log_in(factory, right, settings, t0 + timedelta(minutes=15, seconds=1)).token


def test_disabling_ends_sessions_at_once_and_refuses_login_with_a_sentence(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    admin, tech = bearer(people["admin"]), bearer(people["tech-north"])
    assert client.get("/api/v1/schools", headers=tech).status_code == 200
    disabled = client.post("/api/v1/admin/users/tech-north/disable", headers=admin)
    assert disabled.status_code == 200, disabled.text
    assert disabled.json()["disabled"] is True
    assert disabled.json()["active_sessions"] == 0
    assert client.get("/api/v1/schools", headers=tech).status_code == 401
    assert login(client, "tech-north")[:2] == (
        403,
        "This account has been disabled; ask your administrator to enable it.",
    )
    assert login(client, "tech-north", "guess")[:2] == (401, "wrong user name or password")
    (entry,) = audits(factory, "user.disable")
    assert (entry.actor, entry.detail) == ("admin", {"user": "tech-north", "sessions_ended": 1})
    assert client.post("/api/v1/admin/users/tech-north/enable", headers=admin).status_code == 200
    assert login(client, "tech-north")[0] == 200
    assert len(audits(factory, "user.enable")) == 1


def test_the_last_enabled_admin_cannot_be_disabled(
    client: TestClient, people: dict[str, str]
) -> None:
    refused = client.post("/api/v1/admin/users/admin/disable", headers=bearer(people["admin"]))
    assert refused.status_code == 409
    assert "last enabled admin" in refused.json()["detail"]


def test_set_password_by_an_admin_ends_the_users_sessions(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    admin = bearer(people["admin"])
    second = client.post(LOGIN, json={"username": "tech-north", "password": PASSWORD}).json()
    changed = client.post(
        "/api/v1/admin/users/tech-north/password",
        json={"password": "a brand new secret"},
        headers=admin,
    )
    assert changed.json() == {"username": "tech-north", "ended": 2}
    for token in (people["tech-north"], second["token"]):
        assert client.get("/api/v1/schools", headers=bearer(token)).status_code == 401
    assert login(client, "tech-north")[0] == 401
    assert login(client, "tech-north", "a brand new secret")[0] == 200
    (entry,) = audits(factory, "user.set_password")
    assert entry.detail == {"user": "tech-north", "sessions_ended": 2}
    assert "secret" not in str(entry.detail)
    short = client.post(
        "/api/v1/admin/users/tech-north/password", json={"password": "short"}, headers=admin
    )
    assert short.status_code == 422


def test_changing_your_own_password_ends_your_other_sessions(
    client: TestClient, people: dict[str, str]
) -> None:
    other = client.post(LOGIN, json={"username": "head-alpha", "password": PASSWORD}).json()
    mine = bearer(people["head-alpha"])
    wrong = client.post(
        "/api/v1/auth/password",
        json={"current_password": "guess", "new_password": "another long one"},
        headers=mine,
    )
    assert wrong.status_code == 401
    changed = client.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "another long one"},
        headers=mine,
    )
    assert changed.json() == {"username": "head-alpha", "ended": 1}
    assert client.get("/api/v1/schools/alpha", headers=mine).status_code == 200
    assert client.get("/api/v1/schools/alpha", headers=bearer(other["token"])).status_code == 401


def test_end_sessions_logs_a_user_out_everywhere(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    ended = client.post(
        "/api/v1/admin/users/tech-south/end-sessions", headers=bearer(people["admin"])
    )
    assert ended.json() == {"username": "tech-south", "ended": 1}
    assert client.get("/api/v1/schools", headers=bearer(people["tech-south"])).status_code == 401
    assert login(client, "tech-south")[0] == 200  # the account itself is fine
    assert len(audits(factory, "user.end_sessions")) == 1


def test_only_admins_manage_accounts(client: TestClient, people: dict[str, str]) -> None:
    for user in ("tech-north", "head-alpha"):
        for method, path in (
            ("GET", "/api/v1/admin/users"),
            ("POST", "/api/v1/admin/users/admin/disable"),
            ("POST", "/api/v1/admin/users/tech-north/unlock"),
        ):
            answer = client.request(method, path, headers=bearer(people[user]))
            assert answer.status_code in {403, 404}
    listed = client.get("/api/v1/admin/users", headers=bearer(people["admin"])).json()
    assert [a["username"] for a in listed] == ["admin", "head-alpha", "tech-north", "tech-south"]
    assert all("password" not in str(a) for a in listed)
    missing = client.post("/api/v1/admin/users/nobody/disable", headers=bearer(people["admin"]))
    assert missing.status_code == 404


def test_tick_deletes_expired_sessions_and_old_login_attempts(
    settings: CollectorSettings, factory: sessionmaker[Session], world: object
) -> None:
    add_people(factory)
    now = datetime.now(UTC)
    week_ago = now - timedelta(days=7)
    long_ago = now - timedelta(days=settings.login_attempts_keep_days + 1)
    for at in (long_ago, week_ago, now):  # a session from each moment (12 h each)
        log_in(factory, Attempt("tech-north", PASSWORD, "198.51.100.7"), settings, at)
    with pytest.raises(WrongPasswordError):
        log_in(factory, Attempt("tech-north", "guess", "198.51.100.7"), settings, long_ago)
    result = tick(factory, settings, now)
    assert (result.housekeeping.sessions_deleted, result.housekeeping.attempts_deleted) == (2, 2)
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(UserSession)) == 1
        kept = session.execute(select(LoginAttempt.at, LoginAttempt.outcome)).all()
    assert sorted(outcome for _at, outcome in kept) == [LoginOutcome.SUCCESS] * 2
    again = tick(factory, settings, now)
    assert (again.housekeeping.sessions_deleted, again.housekeeping.attempts_deleted) == (0, 0)


def test_an_unknown_user_typing_the_timing_dummys_password_is_just_wrong(
    settings: CollectorSettings, factory: sessionmaker[Session]
) -> None:
    dummy = Attempt("nobody", "timing equaliser for unknown users", "198.51.100.7")
    with pytest.raises(WrongPasswordError):
        log_in(factory, dummy, settings, datetime.now(UTC))


def test_a_nul_in_a_user_name_is_an_answer_not_a_server_error(
    client: TestClient, people: dict[str, str]
) -> None:
    # the edge refuses NUL in any API input, naming the field (never a database error)
    refused = client.post(LOGIN, json={"username": "admin\x00", "password": PASSWORD})
    assert refused.status_code == 422, refused.text
    assert "username" in refused.text
    listed = client.post("/api/v1/admin/users/ad%00min/unlock", headers=bearer(people["admin"]))
    assert listed.status_code == 400  # the edge: a NUL in the URL
    assert "NUL" in listed.json()["detail"]
