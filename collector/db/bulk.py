"""Bulk writes of many rows, no ORM bookkeeping.

``bulk_insert`` (no RETURNING): PostgreSQL ``COPY``, elsewhere Core executemany. COPY runs
inside the session's transaction (same connection), so it commits or rolls back with the rest
of the ingest. ``bulk_update``: one Core executemany per set of changed columns.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum
from typing import Any, cast

from sqlalchemy import JSON, Connection, Dialect, Table, bindparam, insert, text, update
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from collector.db import jsontext
from collector.db.base import Base

ROW_ID = "row_id"  # bind name of the primary key in bulk_update (no table has this column)


def bulk_insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    table = cast(Table, model.__table__)
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), rows)  # Core executemany: no ORM bookkeeping
        return
    columns = list(rows[0])
    convert = [_copy_converter(table.c[column].type) for column in columns]
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row(
                [
                    value if (value := row[column]) is None or fix is None else fix(value)
                    for column, fix in zip(columns, convert, strict=True)
                ]
            )


def insert_unless_exists(
    session: Session, model: type[Base], row: dict[str, Any], unique: str | tuple[str, ...]
) -> int | None:
    """``INSERT … ON CONFLICT (unique) DO NOTHING RETURNING id``: the new row's id, or
    ``None`` when a row with those unique values exists (one round trip, no exception)."""
    table = cast(Table, model.__table__)
    connection = session.connection()
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = dialect_insert(table).on_conflict_do_nothing(
        index_elements=[unique] if isinstance(unique, str) else list(unique)
    )
    new_id: int | None = connection.execute(statement.returning(table.c.id), row).scalar()
    return new_id


def reserve_ids(session: Session, model: type[Base], count: int) -> list[int] | None:
    """PostgreSQL: ``count`` new ids from the table's ``id`` sequence (one query), so rows
    can be sent with COPY and still be known by id. ``None`` elsewhere."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return None
    table = cast(Table, model.__table__)
    query = text(
        "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"
    )
    return list(connection.execute(query, {"table": table.name, "count": count}).scalars())


def bulk_update(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """``UPDATE … WHERE id = …`` for many rows (dicts with ``id`` and the columns to set).

    Rows that set the same columns are written together: on PostgreSQL by one statement that
    joins the table to the ``unnest`` of one array per column, elsewhere by one executemany.
    """
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(name for name in row if name != "id")), []).append(row)
    table = cast(Table, model.__table__)
    connection = session.connection()
    write = _update_from_arrays if connection.dialect.name == "postgresql" else _update_many
    for names, group in groups.items():
        write(connection, table, names, group)


def _update_many(
    connection: Connection, table: Table, names: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    params = [{ROW_ID: row["id"]} | {name: row[name] for name in names} for row in rows]
    connection.execute(update(table).where(table.c.id == bindparam(ROW_ID)), params)


def _update_from_arrays(
    connection: Connection, table: Table, names: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    params: dict[str, Any] = {"ids": [row["id"] for row in rows]}
    for i, name in enumerate(names):
        fix = _copy_converter(table.c[name].type)
        values = [row[name] for row in rows]
        params[f"a{i}"] = values if fix is None else [None if v is None else fix(v) for v in values]
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute(_unnest_update_sql(connection.dialect, table, names), params)


@functools.lru_cache(maxsize=64)
def _unnest_update_sql(dialect: Dialect, table: Table, names: tuple[str, ...]) -> str:
    """``UPDATE t SET c = v.c … FROM unnest(ids, array per column) v WHERE t.id = v.row_id``;
    names and types come from the table's metadata (quoted), values are parameters. Memoised:
    the same few statements are built for every report."""
    quote = dialect.identifier_preparer.quote
    arrays = ", ".join(
        f"%(a{i})s::{table.c[name].type.compile(dialect=dialect)}[]" for i, name in enumerate(names)
    )
    targets = ", ".join(f"{quote(name)} = v.c{i}" for i, name in enumerate(names))
    aliases = ", ".join(f"c{i}" for i in range(len(names)))
    return (
        f"UPDATE {quote(table.name)} AS t SET {targets} "  # noqa: S608
        f"FROM unnest(%(ids)s::integer[], {arrays}) AS v(row_id, {aliases}) "
        "WHERE t.id = v.row_id"
    )


def _copy_converter(column_type: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    """How one column's values are written in COPY text format (``None``: as they are)."""
    if isinstance(column_type, JSON):
        return jsontext.dumps
    if isinstance(column_type, SqlEnum):
        return _enum_value
    return None


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value
