"""A school's devices for one ingest: load them in one query, insert new ones in one statement,
write changed columns in one executemany per set of changed columns (SQLAlchemy Core).

No ORM objects: an ingest of 150 devices of which a handful changed loads 150 tuples and
writes a handful of rows.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from collector.db.bulk import bulk_insert, bulk_update, reserve_ids
from collector.db.inventory import Device
from collector.services.device_state import COLUMNS, LOADED, DeviceState

_TABLE = cast(Table, Device.__table__)
_INSERTED = COLUMNS[1:]  # all but ``id``
_LOAD = select(*(_TABLE.c[name] for name in LOADED)).where(
    _TABLE.c.school_id == bindparam("school_id")
)


def load_states(session: Session, school_id: int) -> list[DeviceState]:
    """Every device of the school, with the columns matching and change detection read."""
    rows = session.connection().execute(_LOAD, {"school_id": school_id}).all()
    return [DeviceState(*row) for row in rows]


def insert_states(session: Session, states: list[DeviceState]) -> None:
    """Insert new devices and give each its id.

    PostgreSQL: ids drawn from the table's sequence in one query, rows sent with COPY.
    Elsewhere: one multi-row INSERT … RETURNING.
    """
    if not states:
        return
    rows = [state.column_values(_INSERTED) for state in states]
    for row in rows:
        row["details"] = row["details"] or {}
    ids = reserve_ids(session, Device, len(rows))
    if ids is None:
        statement = insert(_TABLE).returning(_TABLE.c.id, sort_by_parameter_order=True)
        ids = list(session.connection().execute(statement, rows).scalars())
    else:
        numbered = [{"id": new_id} | row for new_id, row in zip(ids, rows, strict=True)]
        bulk_insert(session, Device, numbered)
    for state, new_id in zip(states, ids, strict=True):
        state.id = new_id
        state.changed.clear()


def write_changes(session: Session, states: list[DeviceState]) -> int:
    """Write the changed columns of known devices; returns how many rows were updated."""
    rows = [
        {"id": state.id} | state.column_values(state.changed)
        for state in states
        if state.changed and state.id is not None
    ]
    bulk_update(session, Device, rows)
    for state in states:
        state.changed.clear()
    return len(rows)
