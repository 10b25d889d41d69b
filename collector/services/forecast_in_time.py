"""Was each cartridge that ended named ahead of time? (for the year-end evaluation)

Definition: a cartridge *ends* when it is replaced (the next segment starts, see
``forecast.split_at_refills``) or reads empty. It was *forecast in time* when the forecast made
from the readings known ``LEAD_SCHOOL_DAYS`` school days before its end said it would run out
within ``LOOKAHEAD_SCHOOL_DAYS`` school days (so the pre-visit sheet listed it by then) or
already read empty. ``named_in_time`` is pure; ``forecast_in_time`` reads the database and
fills the evaluation report's hook (``SupplyResult.forecast_in_time``: school id -> count).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.db.models import Device, School, SupplyHistory
from collector.services.calendar import SchoolCalendar, is_school_day
from collector.services.calendar_db import load_calendar
from collector.services.forecast import EMPTY_AT, Outcome, Point, forecast, split_at_refills

LEAD_SCHOOL_DAYS = 5
LOOKAHEAD_SCHOOL_DAYS = 30  # as the pre-visit sheet


def cartridge_ends(points: Sequence[Point]) -> list[datetime]:
    """When each cartridge ended: the first reading of its replacement, or its first empty one."""
    clean = sorted((p for p in points if p.level is not None), key=lambda p: p.at)
    if not clean:
        return []
    segments = split_at_refills(clean)
    ends = []
    for n, segment in enumerate(segments):
        empty = next((p.at for p in segment if (p.level or 0) <= EMPTY_AT), None)
        if empty is not None:
            ends.append(empty)
        elif n + 1 < len(segments):
            ends.append(segments[n + 1][0].at)
    return ends


def _school_days_before(end: datetime, count: int, calendar: SchoolCalendar | None) -> datetime:
    moment = end
    while count > 0:
        moment -= timedelta(days=1)
        day = calendar.local_date(moment) if calendar else moment.date()
        count -= 1 if calendar is None or is_school_day(calendar, day) else 0
    return moment


def named_in_time(
    points: Sequence[Point], calendar: SchoolCalendar | None, since: datetime | None = None
) -> int:
    """How many cartridges ending at or after ``since`` were forecast in time."""
    named = 0
    for end in cartridge_ends(points):
        if since is not None and end < since:
            continue
        cutoff = _school_days_before(end, LEAD_SCHOOL_DAYS, calendar)
        known = [p for p in points if p.at <= cutoff]
        result = forecast(known, cutoff, calendar)
        left = result.school_days_left
        soon = left is not None and left <= LOOKAHEAD_SCHOOL_DAYS
        named += result.outcome is Outcome.EMPTY or (result.outcome is Outcome.FORECAST and soon)
    return named


def forecast_in_time(
    session: Session, school_ids: Sequence[int], start: datetime, end: datetime
) -> dict[int, int]:
    """School id -> cartridges that ended in [start, end) and were forecast in time."""
    history_from = start - timedelta(days=120)  # readings before the period feed the forecast
    query = (
        select(Device.school_id, SupplyHistory.device_id, SupplyHistory.supply_index)
        .add_columns(SupplyHistory.at, SupplyHistory.level_percent)
        .join(Device, Device.id == SupplyHistory.device_id)
        .where(
            Device.school_id.in_(school_ids),
            SupplyHistory.at >= history_from,
            SupplyHistory.at < end,
        )
        .order_by(SupplyHistory.at)
    )
    series: dict[tuple[int, int, int], list[Point]] = defaultdict(list)
    for school_id, device_id, index, at, level in session.execute(query):
        series[(school_id, device_id, index)].append(Point(at, level))
    calendars = {i: load_calendar(session, session.get_one(School, i)) for i in school_ids}
    counts = dict.fromkeys(school_ids, 0)
    for (school_id, _device, _index), points in series.items():
        counts[school_id] += named_in_time(points, calendars[school_id], since=start)
    return counts
