"""Insert a row that may collide with one a concurrent request just committed.

Services check that a name or (scope, key) is free and then insert; another request doing
the same at the same moment commits first, and on PostgreSQL this insert waits for it and
hits the unique index. Inside a savepoint the collision leaves the surrounding transaction
usable, so the caller decides what it means (a 409 with a sentence, or "update theirs").
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from collector.db.base import Base


def insert_in_savepoint(session: Session, row: Base) -> IntegrityError | None:
    """Add and flush ``row`` in a savepoint; the unique-index error when it collided."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:
        return exc
    return None
