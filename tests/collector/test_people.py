"""The People page's services (``services/people.py`` on top of ``services/accounts.py``): who
belongs where, last sign-in, creating an account (audited, with the API's sentences), a
generated password that works, and the rules every way in shares: an admin cannot disable
themself, the last enabled admin cannot be disabled. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import AuditEntry, User
from collector.errors import BadRequestError, ConflictError, ForbiddenError, NotFoundError
from collector.services import accounts
from collector.services import people as people_svc
from collector.services.credentials import UserPrincipal
from collector.services.login_throttle import ThrottlePolicy
from collector.services.people import AccountAction
from collector.settings import CollectorSettings
from tests.collector.conftest import PASSWORD, World, add_people
from tests.collector.helpers import bearer
from tests.collector.live import collector_cli

LOGIN = "/api/v1/auth/login"


def principal(session: Session, username: str) -> UserPrincipal:
    user = session.scalars(select(User).where(User.username == username)).one()
    return UserPrincipal(user.id, user.username, user.role, user.cluster_id, user.school_id)


def audits(factory: sessionmaker[Session], action: str) -> list[AuditEntry]:
    with factory() as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list(session.scalars(query))


@pytest.fixture
def policy(settings: CollectorSettings) -> ThrottlePolicy:
    return ThrottlePolicy.from_settings(settings)


def test_everyone_is_listed_with_where_they_belong_and_when_they_last_signed_in(
    client: TestClient,
    people: dict[str, str],
    factory: sessionmaker[Session],
    policy: ThrottlePolicy,
) -> None:
    now = datetime.now(UTC)
    with factory() as session:
        listed = {
            p.account.username: p
            for p in people_svc.people(session, principal(session, "admin"), now, policy)
        }
    assert sorted(listed) == ["admin", "head-alpha", "tech-north", "tech-south"]
    head, tech, admin = listed["head-alpha"], listed["tech-north"], listed["admin"]
    assert (head.account.school, head.school_name, head.cluster_name) == ("alpha", "Alpha", "North")
    assert (tech.account.cluster, tech.account.school, tech.cluster_name) == (
        "north",
        None,
        "North",
    )
    assert (admin.account.cluster, admin.timezone) == (None, None)
    assert tech.timezone == "UTC"
    for person in listed.values():  # each signed in through the API in the fixture
        assert person.account.last_sign_in is not None
        assert now - timedelta(minutes=5) < person.account.last_sign_in <= now
    api = client.get("/api/v1/admin/users", headers=bearer(people["admin"])).json()
    assert {a["username"]: a["school"] for a in api}["head-alpha"] == "alpha"


def test_no_sign_in_on_record_is_none(
    world: World, factory: sessionmaker[Session], policy: ThrottlePolicy
) -> None:
    add_people(factory)
    with factory() as session:
        found = people_svc.person(
            session, principal(session, "admin"), "tech-north", datetime.now(UTC), policy
        )
    assert found.account.last_sign_in is None
    assert found.account.active_sessions == 0


@pytest.mark.parametrize("who", ["tech-north", "head-alpha"])
def test_only_admins_may_use_the_people_services(
    world: World, factory: sessionmaker[Session], policy: ThrottlePolicy, who: str
) -> None:
    add_people(factory)
    now = datetime.now(UTC)
    with factory.begin() as session:
        user = principal(session, who)
        with pytest.raises(ForbiddenError):
            people_svc.people(session, user, now, policy)
        with pytest.raises(ForbiddenError):
            people_svc.create(session, user, {"username": "x", "role": "admin"}, now)
        with pytest.raises(ForbiddenError):
            people_svc.act(session, user, AccountAction.DISABLE, "tech-south", now)
        with pytest.raises(ForbiddenError):
            people_svc.set_password(session, user, "tech-south", "", now, None)
    assert audits(factory, "user.disable") == []


def test_creating_an_account_is_audited_and_a_generated_password_works(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    with factory.begin() as session:
        fields = {"username": "tech-two", "role": "technician", "cluster": "south", "password": ""}
        handed = people_svc.create(session, principal(session, "admin"), fields, datetime.now(UTC))
    assert handed.generated
    assert len(handed.password) == 19  # four groups of four, 80 bits
    assert (
        client.post(LOGIN, json={"username": "tech-two", "password": handed.password}).status_code
        == 200
    )
    (entry,) = audits(factory, "user.create")
    assert (entry.actor, entry.detail) == ("admin", {"user": "tech-two", "role": "technician"})
    with factory() as session:
        assert handed.password not in str(session.scalars(select(User.password_hash)).all())


def test_a_typed_password_is_kept_and_not_generated(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    with factory.begin() as session:
        fields = {"username": "head-gamma", "role": "principal", "school": "gamma"}
        handed = people_svc.create(
            session,
            principal(session, "admin"),
            {**fields, "password": "a typed secret"},
            datetime.now(UTC),
        )
    assert (handed.generated, handed.password) == (False, "a typed secret")
    token = client.post(LOGIN, json={"username": "head-gamma", "password": "a typed secret"})
    assert token.status_code == 200
    with factory() as session:
        user = session.scalars(select(User).where(User.username == "head-gamma")).one()
        assert user.school_id is not None
        assert user.cluster_id is not None


BAD_ACCOUNTS = [
    ({"username": "new", "role": "technician"}, BadRequestError, "a technician needs a cluster"),
    ({"username": "new", "role": "principal"}, BadRequestError, "a principal needs a school"),
    (
        {"username": "new", "role": "technician", "cluster": "west"},
        NotFoundError,
        "no cluster 'west'",
    ),
    (
        {"username": "tech-north", "role": "admin"},
        ConflictError,
        "user 'tech-north' already exists",
    ),
    (
        {"username": "new", "role": "admin", "password": "short"},
        BadRequestError,
        "password: a password needs at least 8 characters",
    ),
    (
        {"username": "", "role": "admin"},
        BadRequestError,
        "username: String should have at least 1 character",
    ),
    (
        {"username": "a\tb", "role": "admin"},
        BadRequestError,
        "username: a user name may not contain control characters",
    ),
    (
        {"username": " padded", "role": "admin"},
        BadRequestError,
        "username: a user name may not start or end with a space",
    ),
    ({"username": "new", "role": "owner"}, BadRequestError, "role: Input should be"),
    (
        {"username": "new", "role": "admin", "email": "a@b@c"},
        BadRequestError,
        "email: an e-mail address looks like name@example.org",
    ),
]


@pytest.mark.parametrize(("fields", "error", "sentence"), BAD_ACCOUNTS)
def test_bad_accounts_are_refused_with_the_apis_sentence(  # noqa: PLR0917 (fixtures)
    client: TestClient,
    people: dict[str, str],
    factory: sessionmaker[Session],
    fields: dict[str, str],
    error: type[Exception],
    sentence: str,
) -> None:
    with factory.begin() as session, pytest.raises(error) as raised:
        people_svc.create(session, principal(session, "admin"), fields, datetime.now(UTC))
    assert sentence in str(raised.value)
    body = {"password": PASSWORD, **fields}
    api = client.post("/api/v1/admin/users", json=body, headers=bearer(people["admin"]))
    assert api.status_code in {400, 404, 409, 422}
    if api.status_code != 422:  # FastAPI's own validation answers carry a list instead
        assert sentence in api.json()["detail"]
    assert audits(factory, "user.create") == []


def test_an_admin_cannot_disable_themself_through_the_api_or_the_page(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    with factory.begin() as session:
        fields = {"username": "admin-two", "role": "admin", "password": PASSWORD}
        people_svc.create(session, principal(session, "admin"), fields, datetime.now(UTC))
    refused = client.post("/api/v1/admin/users/admin/disable", headers=bearer(people["admin"]))
    assert refused.status_code == 409
    assert refused.json()["detail"] == accounts.OWN_ACCOUNT
    with factory.begin() as session, pytest.raises(ConflictError, match="your own account"):
        people_svc.act(
            session, principal(session, "admin"), AccountAction.DISABLE, "admin", datetime.now(UTC)
        )
    assert audits(factory, "user.disable") == []
    # another admin may, and then the one left is the last: nobody can disable them
    with factory.begin() as session:
        people_svc.act(
            session,
            principal(session, "admin-two"),
            AccountAction.DISABLE,
            "admin",
            datetime.now(UTC),
        )
    with factory.begin() as session, pytest.raises(ConflictError, match="last enabled admin"):
        accounts.disable(session, "admin-two", datetime.now(UTC), "cli")


def test_the_cli_creates_accounts_with_an_audit_entry(
    database_url: str, world: World, factory: sessionmaker[Session]
) -> None:
    done = collector_cli(
        "user",
        "add",
        "tech-cli",
        "--role",
        "technician",
        "--cluster",
        "north",
        "--password-stdin",
        "--database-url",
        database_url,
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    refused = collector_cli(
        "user",
        "add",
        "tech-cli2",
        "--role",
        "technician",
        "--password-stdin",
        "--database-url",
        database_url,
        stdin=PASSWORD + "\n",
    )
    assert refused.returncode != 0
    assert "a technician needs a cluster" in refused.stderr
    (entry,) = audits(factory, "user.create")
    assert (entry.actor, entry.detail) == ("cli", {"user": "tech-cli", "role": "technician"})


def test_page_actions_write_the_apis_audit_entries(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    now = datetime.now(UTC)
    with factory.begin() as session:
        admin = principal(session, "admin")
        assert people_svc.act(session, admin, AccountAction.DISABLE, "tech-north", now) == 1
        people_svc.act(session, admin, AccountAction.ENABLE, "tech-north", now)
        people_svc.act(session, admin, AccountAction.UNLOCK, "tech-north", now)
        handed = people_svc.set_password(session, admin, "tech-south", "", now, None)
        assert handed.sessions_ended == 1
        assert people_svc.act(session, admin, AccountAction.END_SESSIONS, "head-alpha", now) == 1
        with pytest.raises(BadRequestError, match="at least 8 characters"):
            people_svc.set_password(session, admin, "tech-south", "short", now, None)
        with pytest.raises(NotFoundError):
            people_svc.act(session, admin, AccountAction.ENABLE, "nobody", now)
    done = {
        action: [(e.actor, e.detail["user"]) for e in audits(factory, action)]
        for action in (
            "user.disable",
            "user.enable",
            "user.unlock",
            "user.set_password",
            "user.end_sessions",
        )
    }
    assert done == {
        "user.disable": [("admin", "tech-north")],
        "user.enable": [("admin", "tech-north")],
        "user.unlock": [("admin", "tech-north")],
        "user.set_password": [("admin", "tech-south")],
        "user.end_sessions": [("admin", "head-alpha")],
    }
    login = client.post(LOGIN, json={"username": "tech-south", "password": handed.password})
    assert login.status_code == 200


def test_an_admin_setting_their_own_password_keeps_this_session(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    with factory.begin() as session:
        handed = people_svc.set_password(
            session,
            principal(session, "admin"),
            "admin",
            "another long one",
            datetime.now(UTC),
            people["admin"],
        )
    assert handed.sessions_ended == 0
    assert client.get("/api/v1/admin/users", headers=bearer(people["admin"])).status_code == 200
