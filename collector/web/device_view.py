"""What a device page shows: identity and why, checks, supplies with trends, history, changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.contracts import DeviceDetailPublic, HistoryPointPublic, SupplyPublic
from collector.db.models import Cluster, School, SupplyHistory
from collector.domain import EventKind
from collector.services.credentials import UserPrincipal
from collector.services.read import device_detail, visible_device
from collector.services.supply_outlook import SupplyOutlook, device_outlook
from collector.web import words
from collector.web.sparkline import Sparkline, sparkline

SUPPLY_HISTORY_LIMIT = 1000


@dataclass(frozen=True)
class SupplyTrend:
    supply: SupplyPublic
    spark: Sparkline | None


@dataclass(frozen=True)
class CheckTrend:
    metric: str
    unit: str | None
    spark: Sparkline


@dataclass(frozen=True)
class EventRow:
    at: datetime
    sentence: str
    before: str
    after: str


@dataclass(frozen=True)
class DevicePage:
    device: DeviceDetailPublic
    name: str
    school: School
    cluster_name: str
    supplies: list[SupplyTrend]
    trends: dict[str, CheckTrend]  # check id -> its first metric over time
    events: list[EventRow]
    evidence: list[dict[str, Any]]
    probes: list[dict[str, Any]]
    services: list[dict[str, Any]]
    outlook: dict[int, SupplyOutlook]  # supply index -> forecast and part


def device_page(session: Session, user: UserPrincipal, device_id: int, now: datetime) -> DevicePage:
    row = visible_device(session, user, device_id)
    detail = device_detail(session, user, device_id)
    school = session.get_one(School, row.school_id)
    details = detail.details or {}
    name = words.device_name(detail)
    return DevicePage(
        device=detail,
        name=name,
        school=school,
        cluster_name=session.get_one(Cluster, school.cluster_id).name,
        supplies=supply_trends(session, device_id, detail.supplies),
        trends=check_trends(detail.history),
        events=[_event_row(e.kind, e.at, e.before, e.after) for e in detail.events],
        evidence=list(details.get("evidence") or []),
        probes=list(details.get("probes") or []),
        services=list(details.get("mdns_services") or []),
        outlook=device_outlook(session, school, device_id, name, now) if detail.supplies else {},
    )


def _event_row(
    kind: EventKind, at: datetime, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> EventRow:
    return EventRow(
        at=at,
        sentence=words.describe_event(kind, before, after),
        before=words.values_text(before),
        after=words.values_text(after),
    )


def supply_trends(
    session: Session, device_id: int, supplies: Sequence[SupplyPublic]
) -> list[SupplyTrend]:
    query = (
        select(SupplyHistory.supply_index, SupplyHistory.level_percent)
        .where(SupplyHistory.device_id == device_id)
        .order_by(SupplyHistory.at.desc(), SupplyHistory.id.desc())
        .limit(SUPPLY_HISTORY_LIMIT)
    )
    series: dict[int, list[float | None]] = {}
    for index, level in reversed(session.execute(query).all()):
        series.setdefault(index, []).append(level)
    return [SupplyTrend(s, sparkline(series.get(s.supply_index, []), 0, 100)) for s in supplies]


def check_trends(history: Sequence[HistoryPointPublic]) -> dict[str, CheckTrend]:
    """Each check's first metric, oldest first (history arrives newest first)."""
    series: dict[str, list[float | None]] = {}
    meta: dict[str, tuple[str, str | None]] = {}
    for point in reversed(history):
        if point.metrics:
            first = point.metrics[0]
            meta.setdefault(point.check_id, (str(first.get("name")), first.get("unit")))
            value = first.get("value")
            series.setdefault(point.check_id, []).append(
                float(value) if isinstance(value, int | float) else None
            )
    trends = {}
    for check_id, values in series.items():
        spark = sparkline(values)
        if spark is not None:
            trends[check_id] = CheckTrend(*meta[check_id], spark)
    return trends
