"""Ingest step 2: current check results and supply levels, with compact history.

A history row is written only when a check's status or metrics (a supply's level or status)
change, plus one point per reading in the school's first report of each UTC day (so a series
has a daily point while nothing changes; later reports that day write only changes). State
rows are rewritten only when something in them changed. A device's status is the
worst of its checks in this report (kept as it was if the report carries none for it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from collector.db.bulk import bulk_insert
from collector.db.models import CheckHistory, CheckState, Device, SupplyHistory, SupplyState
from collector.domain import STATUS_RANK, DeviceStatus, EventKind
from collector.services.context import IngestContext
from schemas import CheckResult, CheckStatus, Supply


@dataclass(frozen=True)
class HealthInput:
    device: Device
    checks: list[CheckResult]
    supplies: list[Supply]
    is_new: bool


@dataclass(frozen=True)
class CheckSeen:
    device: Device
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


CHECKS = StateTable(CheckState, CheckHistory, "check_id", ("status", "metrics"))
SUPPLIES = StateTable(SupplyState, SupplyHistory, "supply_index", ("level_percent", "status"))


@dataclass(frozen=True)
class Reading:
    """Tonight's value of one state row, and the history point it would write."""

    device_id: int
    key: str | int
    state: dict[str, Any]
    point: dict[str, Any]


def _check_readings(ctx: IngestContext, item: HealthInput) -> list[Reading]:
    readings = []
    for check in item.checks:
        metrics = [{"name": m.name, "value": m.value, "unit": m.unit} for m in check.metrics]
        state: dict[str, Any] = {"status": check.status, "summary": check.summary}
        state |= {"reason": check.reason, "metrics": metrics}
        point = {"device_id": item.device.id, "check_id": check.check_id, "at": ctx.at}
        point |= {"status": check.status, "summary": check.summary, "metrics": metrics}
        readings.append(Reading(item.device.id, check.check_id, state, point))
    return readings


def _supply_readings(ctx: IngestContext, item: HealthInput) -> list[Reading]:
    readings = []
    for supply in item.supplies:
        state: dict[str, Any] = {"name": supply.name, "kind": supply.kind.value}
        state["colour"] = supply.colour
        state |= {"level_percent": supply.level_percent, "status": supply.status}
        point = {"device_id": item.device.id, "supply_index": supply.index, "at": ctx.at}
        point |= {"level_percent": supply.level_percent, "status": supply.status}
        readings.append(Reading(item.device.id, supply.index, state, point))
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
    names = list(readings[0].state)
    model = table.model
    key_column = getattr(model, table.key)
    query = select(model.id, model.device_id, key_column, model.changed_at)
    query = query.add_columns(*(getattr(model, name) for name in names))
    rows = ctx.session.execute(query.where(model.school_id == ctx.school.id)).all()
    current = {(row[1], row[2]): tuple(row) for row in rows}
    writes = _Writes()
    for reading in readings:
        _plan(ctx, table, reading, current.get((reading.device_id, reading.key)), names, writes)
    _write(ctx, table, writes)


def _plan(  # noqa: PLR0917 (one caller, in a loop)
    ctx: IngestContext,
    table: StateTable,
    reading: Reading,
    old: tuple[Any, ...] | None,
    names: list[str],
    writes: _Writes,
) -> None:
    at = ctx.at
    if old is None:
        ids = {"school_id": ctx.school.id, "device_id": reading.device_id, table.key: reading.key}
        writes.inserts.append(ids | reading.state | {"changed_at": at, "updated_at": at})
        writes.points.append(reading.point)
        return
    row_id, _device, _key, changed_at, *values = old
    before = dict(zip(names, values, strict=True))
    changed = any(before[name] != reading.state[name] for name in table.compared)
    if changed or before != reading.state:
        times = {"changed_at": at if changed else changed_at, "updated_at": at}
        writes.updates.append({"id": row_id} | reading.state | times)
    if changed or ctx.first_report_of_day:
        writes.points.append(reading.point)


def _write(ctx: IngestContext, table: StateTable, writes: _Writes) -> None:
    session, model = ctx.session, table.model
    bulk_insert(session, model, writes.inserts)
    if writes.updates:
        session.execute(update(model), writes.updates)
    bulk_insert(session, table.history, writes.points)


def worst_status(statuses: list[CheckStatus]) -> DeviceStatus:
    if not statuses:
        return DeviceStatus.UNCHECKED
    return max((DeviceStatus(s.value) for s in statuses), key=STATUS_RANK.__getitem__)


def _set_status(ctx: IngestContext, item: HealthInput) -> None:
    if not item.checks:
        return
    before = item.device.status
    after = worst_status([check.status for check in item.checks])
    if before is after:
        return
    item.device.status = after
    if not item.is_new and not (item.device.randomised or item.device.transient):
        ctx.event(item.device.id, EventKind.STATUS_CHANGED, {"status": before}, {"status": after})
