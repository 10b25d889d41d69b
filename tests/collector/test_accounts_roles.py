"""Changing an account's role and what it looks after (``accounts.change_role``): through the
admin API and ``lankeeper-collector user set-role`` as the real command, on SQLite and
PostgreSQL. The new scope decides what the person sees; their sessions end; audited."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import AuditEntry, User
from collector.domain import Role
from collector.errors import ConflictError
from collector.services import accounts
from tests.collector.conftest import PASSWORD
from tests.collector.helpers import bearer
from tests.collector.live import collector_cli

LOGIN = "/api/v1/auth/login"
ROLE = "/api/v1/admin/users/{}/role"


def role_entries(factory: sessionmaker[Session]) -> list[AuditEntry]:
    with factory() as session:
        found = select(AuditEntry).where(AuditEntry.action == "user.role").order_by(AuditEntry.id)
        return list(session.scalars(found))


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    response = client.post(LOGIN, json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return bearer(response.json()["token"])


def schools_seen(client: TestClient, headers: dict[str, str]) -> set[str]:
    response = client.get("/api/v1/schools", headers=headers)
    assert response.status_code == 200, response.text
    return {school["slug"] for school in response.json()["items"]}


def cli(database_url: str, *args: str) -> str:
    done = collector_cli(*args, "--database-url", database_url)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_technician_promoted_to_admin_is_signed_out_and_signs_in_with_more_rights(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    admin, old = bearer(people["admin"]), bearer(people["tech-north"])
    assert client.get("/api/v1/admin/users", headers=old).status_code == 403
    answer = client.put(ROLE.format("tech-north"), json={"role": "admin"}, headers=admin)
    assert answer.status_code == 200, answer.text
    shown = answer.json()
    assert (shown["role"], shown["cluster"], shown["school"]) == ("admin", None, None)
    assert shown["active_sessions"] == 0
    assert client.get("/api/v1/schools", headers=old).status_code == 401  # session ended
    again = sign_in(client, "tech-north")
    assert client.get("/api/v1/admin/users", headers=again).status_code == 200
    assert schools_seen(client, again) == {"alpha", "beta", "gamma"}
    (entry,) = role_entries(factory)
    assert entry.actor == "admin"
    assert entry.detail == {
        "user": "tech-north",
        "before": {"role": "technician", "cluster": "north", "school": None},
        "after": {"role": "admin", "cluster": None, "school": None},
        "sessions_ended": 1,
    }


def test_a_principal_moved_to_another_school_sees_only_the_new_one(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    admin = bearer(people["admin"])
    assert schools_seen(client, bearer(people["head-alpha"])) == {"alpha"}
    body = {"role": "principal", "school": "gamma"}
    answer = client.put(ROLE.format("head-alpha"), json=body, headers=admin)
    assert answer.status_code == 200, answer.text
    assert (answer.json()["cluster"], answer.json()["school"]) == ("south", "gamma")
    assert client.get("/api/v1/schools", headers=bearer(people["head-alpha"])).status_code == 401
    assert schools_seen(client, sign_in(client, "head-alpha")) == {"gamma"}
    (entry,) = role_entries(factory)
    assert entry.detail["before"] == {"role": "principal", "cluster": "north", "school": "alpha"}
    assert entry.detail["after"] == {"role": "principal", "cluster": "south", "school": "gamma"}


def test_a_principal_becomes_a_technician_of_a_cluster(
    client: TestClient, people: dict[str, str]
) -> None:
    body = {"role": "technician", "cluster": "south", "school": "alpha"}  # school: not used
    answer = client.put(ROLE.format("head-alpha"), json=body, headers=bearer(people["admin"]))
    assert answer.status_code == 200, answer.text
    assert (answer.json()["role"], answer.json()["cluster"], answer.json()["school"]) == (
        "technician",
        "south",
        None,
    )
    assert schools_seen(client, sign_in(client, "head-alpha")) == {"gamma"}


@pytest.mark.parametrize(
    ("body", "status", "sentence"),
    [
        (
            {"role": "technician"},
            400,
            "a technician needs a cluster: the one whose schools they look after",
        ),
        ({"role": "principal", "cluster": "north"}, 400, "a principal needs a school"),
        ({"role": "technician", "cluster": "west"}, 404, "no cluster 'west'"),
        ({"role": "principal", "school": "delta"}, 404, "no school 'delta'"),
    ],
)
def test_a_scope_the_role_needs_is_asked_for_with_a_sentence(  # noqa: PLR0917 (fixtures, parameters)
    client: TestClient,
    people: dict[str, str],
    factory: sessionmaker[Session],
    body: dict[str, str],
    status: int,
    sentence: str,
) -> None:
    admin = bearer(people["admin"])
    answer = client.put(ROLE.format("tech-north"), json=body, headers=admin)
    assert answer.status_code == status
    assert answer.json()["detail"].startswith(sentence)
    kept = client.get("/api/v1/admin/users/tech-north", headers=admin).json()
    assert (kept["role"], kept["cluster"], kept["active_sessions"]) == ("technician", "north", 1)
    assert role_entries(factory) == []


def test_bad_bodies_and_unknown_people_are_refused_not_a_server_error(
    client: TestClient, people: dict[str, str]
) -> None:
    admin = bearer(people["admin"])
    wizard = client.put(ROLE.format("tech-north"), json={"role": "wizard"}, headers=admin)
    assert wizard.status_code == 422
    extra = {"role": "admin", "password": "x"}
    assert client.put(ROLE.format("tech-north"), json=extra, headers=admin).status_code == 422
    missing = client.put(ROLE.format("nobody"), json={"role": "admin"}, headers=admin)
    assert missing.status_code == 404
    assert missing.json()["detail"].startswith("no user 'nobody'")
    for who in ("tech-north", "head-alpha"):
        refused = client.put(
            ROLE.format("tech-south"), json={"role": "admin"}, headers=bearer(people[who])
        )
        assert refused.status_code == 403
    unchanged = client.get("/api/v1/admin/users/tech-south", headers=admin).json()
    assert unchanged["role"] == "technician"


def test_the_last_enabled_admin_keeps_the_role(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    admin = bearer(people["admin"])
    body = {"role": "technician", "cluster": "north"}
    refused = client.put(ROLE.format("admin"), json=body, headers=admin)
    assert refused.status_code == 409
    assert refused.json()["detail"] == "'admin' is the last enabled admin; make another one first"
    with factory.begin() as session, pytest.raises(ConflictError, match="last enabled admin"):
        accounts.change_role(
            session, "admin", Role.PRINCIPAL, None, "alpha", datetime.now(UTC), "cli"
        )
    assert client.get("/api/v1/admin/users", headers=admin).status_code == 200  # still admin
    assert role_entries(factory) == []


def test_an_admin_cannot_change_their_own_role_but_another_admin_can(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    admin = bearer(people["admin"])
    promoted = client.put(ROLE.format("tech-south"), json={"role": "admin"}, headers=admin)
    assert promoted.status_code == 200
    body = {"role": "technician", "cluster": "north"}
    refused = client.put(ROLE.format("admin"), json=body, headers=admin)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "You cannot change your own role; ask another admin to do it."
    )
    assert client.get("/api/v1/admin/users", headers=admin).status_code == 200  # still signed in
    other = sign_in(client, "tech-south")
    demoted = client.put(ROLE.format("admin"), json=body, headers=other)
    assert demoted.status_code == 200, demoted.text
    assert client.get("/api/v1/admin/users", headers=admin).status_code == 401
    assert [entry.actor for entry in role_entries(factory)] == ["admin", "tech-south"]


def test_the_same_role_and_scope_again_changes_nothing(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    body = {"role": "principal", "school": "alpha"}
    same = client.put(ROLE.format("head-alpha"), json=body, headers=bearer(people["admin"]))
    assert same.status_code == 200
    assert same.json()["active_sessions"] == 1
    assert schools_seen(client, bearer(people["head-alpha"])) == {"alpha"}
    assert role_entries(factory) == []


def test_a_disabled_admin_can_be_demoted_and_stays_disabled(
    client: TestClient, people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    admin = bearer(people["admin"])
    assert client.put(ROLE.format("tech-south"), json={"role": "admin"}, headers=admin).is_success
    assert client.post("/api/v1/admin/users/tech-south/disable", headers=admin).is_success
    body = {"role": "technician", "cluster": "south"}
    demoted = client.put(ROLE.format("tech-south"), json=body, headers=admin)
    assert demoted.status_code == 200
    assert (demoted.json()["role"], demoted.json()["disabled"]) == ("technician", True)
    with factory() as session:
        stored = session.scalars(select(User).where(User.username == "tech-south")).one()
        assert (stored.role, stored.school_id) == (Role.TECHNICIAN, None)


# ------------------------------------------------------------------------------ the CLI
def test_set_role_from_the_command_line(
    database_url: str,
    client: TestClient,
    people: dict[str, str],
    factory: sessionmaker[Session],
) -> None:
    said = cli(
        database_url, "user", "set-role", "head-alpha", "--role", "principal", "--school", "beta"
    )
    assert said == (
        "user head-alpha is now principal, school beta (was principal, school alpha); "
        "1 session(s) ended"
    )
    assert client.get("/api/v1/schools", headers=bearer(people["head-alpha"])).status_code == 401
    assert schools_seen(client, sign_in(client, "head-alpha")) == {"beta"}
    again = cli(
        database_url, "user", "set-role", "head-alpha", "--role", "principal", "--school", "beta"
    )
    assert again == "user head-alpha already is principal, school beta; nothing changed"
    promoted = cli(database_url, "user", "set-role", "tech-south", "--role", "admin")
    assert promoted.startswith("user tech-south is now admin, every cluster (was technician, ")
    entries = role_entries(factory)
    assert [(e.actor, e.detail["user"]) for e in entries] == [
        ("cli", "head-alpha"),
        ("cli", "tech-south"),
    ]
    line = next(x for x in cli(database_url, "user", "list").splitlines() if x.startswith("tech-s"))
    assert line.startswith("tech-south  admin  enabled  every cluster  0 session(s)")


def test_set_role_from_the_command_line_explains_what_is_wrong(
    database_url: str, people: dict[str, str]
) -> None:
    cases = [
        (("tech-north", "--role", "technician"), "a technician needs a cluster"),
        (("tech-north", "--role", "wizard"), "role: Input should be 'admin', 'technician' or"),
        (("tech-north", "--role", "technician", "--cluster", "West!"), "cluster: String should"),
        (("nobody", "--role", "admin"), "no user 'nobody'"),
        (("admin", "--role", "technician", "--cluster", "north"), "is the last enabled admin"),
    ]
    for args, sentence in cases:
        done = collector_cli("user", "set-role", *args, "--database-url", database_url)
        assert done.returncode == 1, args
        assert sentence in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_two_admins_demoting_each_other_at_once_leave_one_admin(
    people: dict[str, str], factory: sessionmaker[Session]
) -> None:
    """The second change waits for the first (row locks on PostgreSQL, queued writers on
    SQLite) and then finds the last admin."""
    with factory.begin() as session:
        accounts.change_role(session, "tech-south", Role.ADMIN, None, None, datetime.now(UTC), "t")
    outcome: list[BaseException | accounts.RoleChanged] = []

    def second() -> None:
        try:
            with factory.begin() as other:
                outcome.append(
                    accounts.change_role(
                        other, "admin", Role.TECHNICIAN, "north", None, datetime.now(UTC), "b"
                    )
                )
        except ConflictError as exc:
            outcome.append(exc)

    with factory.begin() as session:
        accounts.change_role(
            session, "tech-south", Role.TECHNICIAN, "south", None, datetime.now(UTC), "a"
        )
        session.flush()
        racer = threading.Thread(target=second)
        racer.start()
        racer.join(timeout=1)  # it waits for this transaction (or has not started yet)
        assert outcome == []
    racer.join(timeout=60)
    assert len(outcome) == 1
    assert isinstance(outcome[0], ConflictError)
    assert "last enabled admin" in str(outcome[0])
    with factory() as session:
        admins = session.scalars(select(User.username).where(User.role == Role.ADMIN)).all()
        assert admins == ["admin"]
