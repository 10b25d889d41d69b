"""Bulk INSERT of many rows without RETURNING: PostgreSQL ``COPY``, elsewhere executemany.

COPY runs inside the session's transaction (same connection), so it commits or rolls back
with the rest of the ingest.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from collector.db.base import Base


def bulk_insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    table = cast(Table, model.__table__)
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), rows)  # Core executemany: no ORM bookkeeping
        return
    columns = list(rows[0])
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row([_copy_value(row[column]) for column in columns])


def _copy_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value
