"""SNMP rows as checks read them: pivot walked rows into tables, coerce values. Pure,
except ``fetch``, which walks and gets through an ``SnmpSource`` with bounded rows."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping

from agent.snmp.errors import SnmpError
from agent.snmp.source import SnmpSource
from agent.snmp.values import Value, as_text

Rows = Mapping[str, Value]
Table = dict[str, dict[int, Value]]


def table(values: Rows, entry: str, columns: Iterable[int] | None = None) -> Table:
    """Rows under ``entry`` (a table's ``…Entry`` OID) keyed by index suffix, then column."""
    wanted = set(columns) if columns is not None else None
    head = entry + "."
    rows: Table = {}
    for oid, value in values.items():
        if not oid.startswith(head):
            continue
        column, _, index = oid[len(head) :].partition(".")
        if index and column.isdigit() and (wanted is None or int(column) in wanted):
            rows.setdefault(index, {})[int(column)] = value
    return rows


def number(value: Value | None) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def text(value: Value | None, limit: int = 256) -> str | None:
    return as_text(value, limit)


def octets(value: Value | None) -> bytes | None:
    if isinstance(value, bytes):
        return value
    return value.encode("latin-1", "replace") if isinstance(value, str) else None


def index_key(index: str) -> tuple[int, ...]:
    """Sort key for a dotted index (``1.10`` after ``1.9``)."""
    return tuple(int(part) for part in index.split(".") if part.isdigit())


async def fetch(
    snmp: SnmpSource, walks: Iterable[str], gets: Iterable[str] = (), max_rows: int = 2000
) -> dict[str, Value]:
    """Walk every prefix and get every scalar concurrently; merge what answered.

    Raises the first ``SnmpError`` only when nothing at all answered (a dead or silent agent);
    an agent that answers some requests gives partial data.
    """
    wanted = list(gets)
    jobs = [_walk(snmp, prefix, max_rows) for prefix in walks]
    if wanted:
        jobs.append(_get(snmp, wanted))
    outcomes = await asyncio.gather(*jobs, return_exceptions=True)
    merged: dict[str, Value] = {}
    errors: list[SnmpError] = []
    for outcome in outcomes:
        if isinstance(outcome, SnmpError):
            errors.append(outcome)
        elif isinstance(outcome, BaseException):
            raise outcome
        else:
            merged.update(outcome)
    if errors and len(errors) == len(outcomes):
        raise errors[0]
    return merged


async def _walk(snmp: SnmpSource, prefix: str, max_rows: int) -> dict[str, Value]:
    return dict(await snmp.walk(prefix, max_rows))


async def _get(snmp: SnmpSource, oids: list[str]) -> dict[str, Value]:
    return await snmp.get(oids)
