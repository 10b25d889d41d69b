"""School calendar: which days a school is open, and what follows from it (pure functions).

Precedence for one day: the school's own entries (closed or open) > the cluster's entries >
the cluster's weekend days. Times are judged in the cluster's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from collector.domain import DayKind

MAX_LOOKBACK_DAYS = 400


@dataclass(frozen=True)
class DayRange:
    kind: DayKind
    first_day: date
    last_day: date

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class SchoolCalendar:
    timezone: str = "UTC"
    weekend_days: frozenset[int] = frozenset({5, 6})
    cluster_days: tuple[DayRange, ...] = ()
    school_days: tuple[DayRange, ...] = ()

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(ZoneInfo(self.timezone)).date()

    def day_start(self, day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=ZoneInfo(self.timezone))


def is_school_day(calendar: SchoolCalendar, day: date) -> bool:
    for ranges in (calendar.school_days, calendar.cluster_days):
        kinds = {r.kind for r in ranges if r.covers(day)}
        if kinds:
            return DayKind.OPEN in kinds and DayKind.CLOSED not in kinds
    return day.weekday() not in calendar.weekend_days


def school_days_between(calendar: SchoolCalendar, after: date, until: date) -> int:
    """School days in the half-open range ``(after, until]``."""
    first = max(after + timedelta(days=1), until - timedelta(days=MAX_LOOKBACK_DAYS))
    return sum(1 for day in _days(first, until) if is_school_day(calendar, day))


def first_missed_school_day(
    calendar: SchoolCalendar, last_report: datetime, now: datetime, grace: timedelta
) -> date | None:
    """The first school day after the last report whose nightly report is overdue.

    A school day's report is due by the end of that day (local midnight) plus ``grace``.
    """
    first = calendar.local_date(last_report) + timedelta(days=1)
    first = max(first, calendar.local_date(now) - timedelta(days=MAX_LOOKBACK_DAYS))
    for day in _days(first, calendar.local_date(now)):
        due = calendar.day_start(day + timedelta(days=1)) + grace
        if is_school_day(calendar, day) and due <= now:
            return day
    return None


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
