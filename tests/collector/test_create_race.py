"""Two admins creating the same new school or account at the same moment (SQLite and
PostgreSQL): the first wins, the second gets a 409 with a sentence, never a 500, and one row
remains.

On PostgreSQL the second insert really collides: both find the name free, the second waits on
the first one's uncommitted row (seen in ``pg_stat_activity``) and hits the unique index once
that commits. SQLite queues writers at ``BEGIN IMMEDIATE``, so there the second finds the name
taken by the ordinary check."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from collector.contracts import SchoolCreate, UserCreate
from collector.db.models import School, User
from collector.domain import Role
from collector.errors import ConflictError
from collector.services import tenancy
from tests.collector.conftest import World
from tests.collector.test_central_race import _wait_for_a_lock_wait

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
Create = Callable[[Session], object]


def _new_school(session: Session) -> object:
    return tenancy.create_school(
        session, SchoolCreate(cluster="north", slug="new-school", name="New"), NOW
    )


def _new_user(session: Session) -> object:
    password = SecretStr("a long enough password")
    data = UserCreate(username="sam", password=password, role=Role.TECHNICIAN, cluster="north")
    return tenancy.create_user(session, data, NOW)


def _race(factory: sessionmaker[Session], engine: Engine, create: Create) -> list[Exception]:
    """The first admin's insert stays uncommitted until the second one waits on it."""
    errors: list[Exception] = []

    def second_admin() -> None:
        try:
            with factory.begin() as session:
                create(session)
        except Exception as exc:  # noqa: BLE001 (handed to the test thread)
            errors.append(exc)

    other = threading.Thread(target=second_admin)
    with factory.begin() as session:
        create(session)
        other.start()
        _wait_for_a_lock_wait(engine)
    other.join(timeout=120)
    assert not other.is_alive()
    return errors


CASES = {
    "school": (_new_school, School, "new-school"),
    "user": (_new_user, User, "sam"),
}


def _count(factory: sessionmaker[Session], case: str) -> int:
    _, model, name = CASES[case]
    column = School.slug if model is School else User.username
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model).where(column == name)) or 0


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_second_of_two_interleaved_creates_gets_a_conflict_not_a_server_error(
    factory: sessionmaker[Session], engine: Engine, world: World, case: str
) -> None:
    create, _, name = CASES[case]
    errors = _race(factory, engine, create)
    assert len(errors) == 1, errors
    assert isinstance(errors[0], ConflictError), errors
    assert name in errors[0].message
    assert _count(factory, case) == 1
