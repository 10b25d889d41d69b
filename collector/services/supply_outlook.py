"""Supplies ahead of time: each supply's run-out forecast and the part to bring, from the database.

Reads the supply history (``supply_history``: a point per change plus one per reading in a
school's first report of each UTC day), the printer's page counter where it has one (check
``printer.pages``, metric ``pages``) and the school calendar, and hands them to the pure
``forecast``. The part is the one the printer names, else the catalogue's for its model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.contracts_figures import ForecastPublic, SupplyForecastPublic
from collector.db.models import CheckHistory, Device, School, SupplyHistory, SupplyState
from collector.services import catalogue
from collector.services.calendar_db import load_calendar
from collector.services.forecast import Forecast, Outcome, Point, forecast
from collector.web.words import device_name
from schemas import SupplyKind

HISTORY_DAYS = 400
PAGES_CHECK = "printer.pages"
FORECAST_KINDS = (SupplyKind.TONER, SupplyKind.INK, SupplyKind.DRUM)
# Supplies that are not forecast, by the kind the report gives (``schemas.SupplyKind``).
UNFORECAST: dict[SupplyKind | None, tuple[Outcome, str]] = {
    SupplyKind.WASTE: (
        Outcome.FILLS_UP,
        "A waste toner box fills up as the printer prints; only supplies that run out are "
        "forecast, and the printer itself warns when the box is nearly full.",
    ),
}
OTHER_PART = (
    Outcome.NOT_FORECAST,
    "Only toner, ink and drums are forecast; the printer warns when this part needs replacing.",
)
FIXED_SENTENCES = {
    Outcome.EMPTY: "has run out",
    Outcome.NOT_FALLING: "no measurable use yet",
    Outcome.FILLS_UP: "fills up rather than runs out: not forecast — replace it when the "
    "printer says it is nearly full",
    Outcome.NOT_FORECAST: "not forecast — the printer warns when it needs replacing",
}


@dataclass(frozen=True)
class SupplyOutlook:
    device_id: int
    device_name: str
    model: str | None
    supply_index: int
    name: str
    kind: str
    colour: str | None
    level_percent: float | None
    status: str
    part: str | None
    part_source: str | None  # "printer", "catalogue" or "provider catalogue"
    alternatives: list[str]
    forecast: Forecast

    @property
    def sentence(self) -> str:
        return forecast_sentence(self.forecast)

    @property
    def runs_out_soon(self) -> bool:
        return self.forecast.outcome is Outcome.EMPTY or self.forecast.school_days_left is not None


def forecast_sentence(result: Forecast) -> str:
    """What a principal reads: "runs out in about 9 school days"."""
    if result.outcome in FIXED_SENTENCES:
        return FIXED_SENTENCES[result.outcome]
    if result.outcome is Outcome.NOT_ENOUGH_DATA or result.school_days_left is None:
        return "not enough data yet to say when it runs out"
    days = round(result.school_days_left)
    if days < 1:
        return "runs out within a school day"
    return f"runs out in about {days} school day{'s' if days != 1 else ''}"


def device_names(session: Session, school_id: int) -> dict[int, str]:
    """The name people know each of the school's devices by (``words.device_name``)."""
    columns = (Device.id, Device.hostname, Device.sys_name, Device.model, Device.ip, Device.mac)
    rows = session.execute(select(*columns).where(Device.school_id == school_id))
    return {row.id: device_name(row) for row in rows}


def school_outlook(
    session: Session, school: School, names: dict[int, str], now: datetime
) -> list[SupplyOutlook]:
    """Every supply of the school's printers, soonest to run out first."""
    states = _states(session, SupplyState.school_id == school.id)
    return _outlook(session, school, states, names, now)


def device_outlook(
    session: Session, school: School, device_id: int, name: str, now: datetime
) -> dict[int, SupplyOutlook]:
    states = _states(session, SupplyState.device_id == device_id)
    found = _outlook(session, school, states, {device_id: name}, now)
    return {item.supply_index: item for item in found}


def _states(session: Session, where: Any) -> list[Any]:
    query = select(SupplyState, Device.model).join(Device, Device.id == SupplyState.device_id)
    return list(session.execute(query.where(where)).all())


def _outlook(
    session: Session, school: School, states: list[Any], names: dict[int, str], now: datetime
) -> list[SupplyOutlook]:
    if not states:
        return []
    calendar = load_calendar(session, school)
    device_ids = sorted({state.device_id for state, _model in states})
    points = _points(session, device_ids, now - timedelta(days=HISTORY_DAYS))
    provider = catalogue.provider_rows(session)
    found = [
        _one(state, model, names, points.get((state.device_id, state.supply_index), []), provider)
        for state, model in states
    ]
    result = [_with_forecast(item, forecast(pts, now, calendar)) for item, pts in found]
    return sorted(result, key=_soonest)


def _one(
    state: SupplyState,
    model: str | None,
    names: dict[int, str],
    points: list[Point],
    provider: list[Any],
) -> tuple[dict[str, Any], list[Point]]:
    part, source, alternatives = _part(state, model, provider)
    item = {
        "device_id": state.device_id,
        "device_name": names.get(state.device_id, "a printer"),
        "model": model,
        "supply_index": state.supply_index,
        "name": state.name,
        "kind": state.kind,
        "colour": catalogue.colour_of(state.name, state.colour),
        "level_percent": state.level_percent,
        "status": state.status.value,
        "part": part,
        "part_source": source,
        "alternatives": alternatives,
    }
    return item, points


def _with_forecast(item: dict[str, Any], result: Forecast) -> SupplyOutlook:
    kind = _kind(item["kind"])
    if kind not in FORECAST_KINDS:
        outcome, reason = UNFORECAST.get(kind, OTHER_PART)
        result = Forecast(
            outcome, reason, level=result.level, last_reading_at=result.last_reading_at
        )
    return SupplyOutlook(**item, forecast=result)


def _kind(stored: str) -> SupplyKind | None:
    """The stored kind as the contract's enum (None: a kind this collector does not know)."""
    try:
        return SupplyKind(stored)
    except ValueError:
        return None


def _part(
    state: SupplyState, model: str | None, provider: list[Any]
) -> tuple[str | None, str | None, list[str]]:
    reported = catalogue.reported_part(state.name)
    if reported:
        return reported, "printer", []
    colour = catalogue.colour_of(state.name, state.colour)
    try:
        kind = SupplyKind(state.kind)
    except ValueError:
        return None, None, []
    parts = catalogue.parts_for(model, kind, colour, provider)
    if not parts:
        return None, None, []
    source = "provider catalogue" if parts[0].from_provider else "catalogue"
    return parts[0].part, source, [p.part for p in parts[1:]]


def _points(
    session: Session, device_ids: list[int], since: datetime
) -> dict[tuple[int, int], list[Point]]:
    pages = _pages(session, device_ids, since)
    query = (
        select(SupplyHistory.device_id, SupplyHistory.supply_index)
        .add_columns(SupplyHistory.at, SupplyHistory.level_percent)
        .where(SupplyHistory.device_id.in_(device_ids), SupplyHistory.at >= since)
        .order_by(SupplyHistory.at)
    )
    series: dict[tuple[int, int], list[Point]] = defaultdict(list)
    for device_id, index, at, level in session.execute(query):
        series[(device_id, index)].append(Point(at, level, pages.get((device_id, at))))
    return series


def _pages(
    session: Session, device_ids: list[int], since: datetime
) -> dict[tuple[int, datetime], float]:
    query = select(CheckHistory.device_id, CheckHistory.at, CheckHistory.metrics).where(
        CheckHistory.device_id.in_(device_ids),
        CheckHistory.check_id == PAGES_CHECK,
        CheckHistory.at >= since,
    )
    found = {}
    for device_id, at, metrics in session.execute(query):
        for metric in metrics or []:
            value = metric.get("value") if isinstance(metric, dict) else None
            if metric.get("name") == "pages" and isinstance(value, int | float):
                found[(device_id, at)] = float(value)
    return found


def _soonest(item: SupplyOutlook) -> tuple[int, float, str]:
    result = item.forecast
    if result.outcome is Outcome.EMPTY:
        return 0, 0.0, item.device_name
    if result.school_days_left is not None:
        return 1, result.school_days_left, item.device_name
    if result.outcome in {Outcome.FILLS_UP, Outcome.NOT_FORECAST}:
        return 3, 0.0, item.device_name  # last: its level is not a run-out figure
    return 2, item.level_percent if item.level_percent is not None else 101.0, item.device_name


def public(item: SupplyOutlook) -> SupplyForecastPublic:
    result = item.forecast
    low, high = result.school_days_range or (None, None)
    return SupplyForecastPublic(
        device_id=item.device_id,
        device_name=item.device_name,
        supply_index=item.supply_index,
        name=item.name,
        kind=item.kind,
        colour=item.colour,
        part=item.part,
        part_source=item.part_source,
        alternatives=item.alternatives,
        forecast=ForecastPublic(
            outcome=result.outcome.value,
            sentence=item.sentence,
            reason=result.reason,
            level_percent=result.level,
            use_per_school_day=result.use_per_school_day,
            school_days_left=result.school_days_left,
            school_days_low=low,
            school_days_high=high,
            runs_out_on=result.runs_out_on,
            confidence=result.confidence.value if result.confidence else None,
            readings=result.points,
            span_school_days=result.span_school_days,
            cartridge_since=result.segment_started_at,
            pages_left=result.pages_left,
            borrowed_rate=result.borrowed,
        ),
    )
