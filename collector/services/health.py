"""Ingest step 2: current check results and supply levels, with compact history.

A history row is written only when a check's status or metrics (a supply's level or status)
change, plus one point per reading in the school's first report of each UTC day (so a series
has a daily point while nothing changes; later reports that day write only changes). State
rows are rewritten only when something in them changed. A device's status is the
worst of its checks in this report (kept as it was if the report carries none for it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, select

from collector.db.bulk import bulk_insert, bulk_update
from collector.db.models import CheckHistory, CheckState, SupplyHistory, SupplyState
from collector.domain import STATUS_RANK, DeviceStatus, EventKind
from collector.services.context import IngestContext
from collector.services.device_state import DeviceState, is_transient
from schemas import CheckResult, CheckStatus, Supply


@dataclass(frozen=True)
class HealthInput:
    device: DeviceState
    checks: list[CheckResult]
    supplies: list[Supply]
    is_new: bool


@dataclass(frozen=True)
class CheckSeen:
    device: DeviceState
    check: CheckResult


def apply_health(ctx: IngestContext, items: list[HealthInput]) -> list[CheckSeen]:
    _sync(ctx, CHECKS, [r for item in items for r in _check_readings(ctx, item)])
    _sync(ctx, SUPPLIES, [r for item in items for r in _supply_readings(ctx, item)])
    for item in items:
        _set_status(ctx, item)
    return [CheckSeen(item.device, check) for item in items for check in item.checks]


@dataclass(frozen=True)
class StateTable:
    """A table of current values per (device, key) with its history table."""

    model: type[CheckState] | type[SupplyState]
    history: type[CheckHistory] | type[SupplyHistory]
    key: str
    compared: tuple[str, ...]  # a change in these writes a history point
    names: tuple[str, ...]  # the state columns a reading sets, in ``Reading.state`` order
    current: Select[Any]  # the school's rows: id, device_id, key, *names


def _state_table(
    model: type[CheckState] | type[SupplyState],
    history: type[CheckHistory] | type[SupplyHistory],
    key: str,
    compared: tuple[str, ...],
    names: tuple[str, ...],
) -> StateTable:
    c = cast(Table, model.__table__).c
    query = select(c.id, c.device_id, c[key], *(c[name] for name in names))
    query = query.where(c.school_id == bindparam("school_id"))
    return StateTable(model, history, key, compared, names, query)


CHECKS = _state_table(
    CheckState,
    CheckHistory,
    "check_id",
    ("status", "metrics"),
    ("status", "summary", "reason", "metrics"),
)
SUPPLIES = _state_table(
    SupplyState,
    SupplyHistory,
    "supply_index",
    ("level_percent", "status"),
    ("name", "kind", "colour", "level_percent", "status"),
)


@dataclass(frozen=True)
class Reading:
    """Tonight's value of one state row, and the history point it would write."""

    device_id: int
    key: str | int
    state: dict[str, Any]
    point: dict[str, Any]


def _check_readings(ctx: IngestContext, item: HealthInput) -> list[Reading]:
    device_id, at, readings = _device_id(item), ctx.at, []
    for check in item.checks:
        metrics = [{"name": m.name, "value": m.value, "unit": m.unit} for m in check.metrics]
        status, summary = check.status, check.summary
        state: dict[str, Any] = {"status": status, "summary": summary, "reason": check.reason}
        state["metrics"] = metrics
        point = {"device_id": device_id, "check_id": check.check_id, "at": at, "status": status}
        point |= {"summary": summary, "metrics": metrics}
        readings.append(Reading(device_id, check.check_id, state, point))
    return readings


def _supply_readings(ctx: IngestContext, item: HealthInput) -> list[Reading]:
    device_id, at, readings = _device_id(item), ctx.at, []
    for supply in item.supplies:
        level, status = supply.level_percent, supply.status
        state: dict[str, Any] = {"name": supply.name, "kind": supply.kind.value}
        state["colour"] = supply.colour
        state |= {"level_percent": level, "status": status}
        point = {"device_id": device_id, "supply_index": supply.index, "at": at}
        point |= {"level_percent": level, "status": status}
        readings.append(Reading(device_id, supply.index, state, point))
    return readings


@dataclass
class _Writes:
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)


def _sync(ctx: IngestContext, table: StateTable, readings: list[Reading]) -> None:
    """Compare tonight's readings with the stored state; write the difference in bulk."""
    if not readings:
        return
    rows = ctx.session.connection().execute(table.current, {"school_id": ctx.school.id}).all()
    current = {(row[1], row[2]): tuple(row) for row in rows}
    writes = _Writes()
    for reading in readings:
        _plan(ctx, table, reading, current.get((reading.device_id, reading.key)), writes)
    _write(ctx, table, writes)


def _plan(
    ctx: IngestContext,
    table: StateTable,
    reading: Reading,
    old: tuple[Any, ...] | None,
    writes: _Writes,
) -> None:
    at = ctx.at
    if old is None:
        ids = {"school_id": ctx.school.id, "device_id": reading.device_id, table.key: reading.key}
        writes.inserts.append(ids | reading.state | {"changed_at": at, "updated_at": at})
        writes.points.append(reading.point)
        return
    row_id, _device, _key, *values = old
    before, state = dict(zip(table.names, values, strict=True)), reading.state
    changed = [before[name] for name in table.compared] != [state[name] for name in table.compared]
    if changed or before != state:
        times = {"changed_at": at, "updated_at": at} if changed else {"updated_at": at}
        writes.updates.append({"id": row_id} | reading.state | times)
    if changed or ctx.first_report_of_day:
        writes.points.append(reading.point)


def _write(ctx: IngestContext, table: StateTable, writes: _Writes) -> None:
    session, model = ctx.session, table.model
    bulk_insert(session, model, writes.inserts)
    bulk_update(session, model, writes.updates)
    bulk_insert(session, table.history, writes.points)


def worst_status(statuses: list[CheckStatus]) -> DeviceStatus:
    if not statuses:
        return DeviceStatus.UNCHECKED
    return max((_AS_DEVICE_STATUS[s] for s in statuses), key=STATUS_RANK.__getitem__)


_AS_DEVICE_STATUS = {status: DeviceStatus(status.value) for status in CheckStatus}


def _set_status(ctx: IngestContext, item: HealthInput) -> None:
    if not item.checks:
        return
    before = item.device.status
    after = worst_status([check.status for check in item.checks])
    if before is after:
        return
    item.device.assign("status", after)
    if not item.is_new and not is_transient(item.device):
        ctx.event(_device_id(item), EventKind.STATUS_CHANGED, {"status": before}, {"status": after})


def _device_id(item: HealthInput) -> int:
    if item.device.id is None:
        raise ValueError("health applied to a device not yet stored")
    return item.device.id
