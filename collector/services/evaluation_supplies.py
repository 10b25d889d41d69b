"""Printer supplies over a period: replaced in time, or ran out first.

Definition (the report states it): a supply's history of levels (``supply_history``) is
split at every *replacement*, a rise of ``REPLACED_JUMP`` points or more. A cartridge *ran
out* when one of its readings in the period was at or under ``EMPTY_AT`` % or critical
(the printer's own "empty") before it was replaced (or by the period's end); it was
*replaced in time* when it was replaced in the period without having run out.

Whether the run-out forecast had put the cartridge on the pre-visit sheet ahead of time is
``collector/services/forecast_in_time.py`` (per school: cartridges that ended in the period
and were forecast in time).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.db.models import Device, SupplyHistory
from collector.services.forecast_in_time import forecast_in_time
from schemas import CheckStatus

REPLACED_JUMP = 10.0  # the same threshold the forecast uses for a refill or a new cartridge
EMPTY_AT = 0.5


@dataclass
class SupplyTally:
    in_time: int = 0
    ran_out: int = 0


@dataclass
class SupplyResult:
    schools: dict[int, SupplyTally] = field(default_factory=lambda: defaultdict(SupplyTally))
    forecast_in_time: dict[int, int] | None = None  # school id → cartridges forecast in time


def _empty(level: float | None, status: CheckStatus) -> bool:
    return status is CheckStatus.CRITICAL or (level is not None and level <= EMPTY_AT)


def cartridge_outcomes(readings: Sequence[tuple[float | None, CheckStatus]]) -> SupplyTally:
    """Pure: one supply's readings (oldest first) → replaced in time / ran out."""
    tally = SupplyTally()
    last: float | None = None
    empty = False
    for level, status in readings:
        if level is not None and last is not None and level - last >= REPLACED_JUMP:
            tally.in_time += int(not empty)
            empty = False
        if _empty(level, status) and not empty:
            tally.ran_out += 1
            empty = True
        last = level if level is not None else last
    return tally


def supply_outcomes(
    session: Session, school_ids: Sequence[int], start: datetime, end: datetime
) -> SupplyResult:
    query = (
        select(
            Device.school_id,
            SupplyHistory.device_id,
            SupplyHistory.supply_index,
            SupplyHistory.level_percent,
            SupplyHistory.status,
        )
        .join(Device, Device.id == SupplyHistory.device_id)
        .where(
            Device.school_id.in_(school_ids),
            SupplyHistory.at >= start,
            SupplyHistory.at < end,
        )
        .order_by(SupplyHistory.device_id, SupplyHistory.supply_index, SupplyHistory.at)
    )
    series: dict[tuple[int, int, int], list[tuple[float | None, CheckStatus]]] = defaultdict(list)
    for school_id, device_id, index, level, status in session.execute(query):
        series[(school_id, device_id, index)].append((level, status))
    result = SupplyResult()
    for (school_id, _device, _index), readings in series.items():
        tally = cartridge_outcomes(readings)
        result.schools[school_id].in_time += tally.in_time
        result.schools[school_id].ran_out += tally.ran_out
    result.forecast_in_time = forecast_in_time(session, school_ids, start, end)
    return result
