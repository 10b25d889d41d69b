"""School calendar arithmetic (pure): weekends, holidays, overrides, overdue reports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from collector.domain import DayKind
from collector.services.calendar import (
    DayRange,
    SchoolCalendar,
    first_missed_school_day,
    is_school_day,
    school_days_between,
)

FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)
CAL = SchoolCalendar(timezone="Europe/London")
GRACE = timedelta(hours=6)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_weekends_are_not_school_days() -> None:
    assert is_school_day(CAL, FRIDAY)
    assert not is_school_day(CAL, FRIDAY + timedelta(days=1))
    assert school_days_between(CAL, FRIDAY, MONDAY) == 1


def test_school_entries_override_cluster_entries() -> None:
    holiday = DayRange(DayKind.CLOSED, MONDAY, MONDAY + timedelta(days=4))
    calendar = SchoolCalendar(cluster_days=(holiday,))
    assert school_days_between(calendar, FRIDAY, MONDAY + timedelta(days=6)) == 0
    open_day = DayRange(DayKind.OPEN, MONDAY + timedelta(days=2), MONDAY + timedelta(days=2))
    calendar = SchoolCalendar(cluster_days=(holiday,), school_days=(open_day,))
    assert school_days_between(calendar, FRIDAY, MONDAY + timedelta(days=6)) == 1


def test_friday_report_is_not_overdue_over_the_weekend() -> None:
    last = at(FRIDAY, 19)
    assert first_missed_school_day(CAL, last, at(MONDAY, 9), GRACE) is None
    # Monday's report is due by Tuesday 00:00 London + 6 h
    assert first_missed_school_day(CAL, last, at(MONDAY + timedelta(days=1), 5), GRACE) is None
    assert first_missed_school_day(CAL, last, at(MONDAY + timedelta(days=1), 7), GRACE) == MONDAY


def test_holidays_suppress_silence() -> None:
    holiday = DayRange(DayKind.CLOSED, MONDAY, MONDAY + timedelta(days=20))
    calendar = SchoolCalendar(cluster_days=(holiday,))
    assert (
        first_missed_school_day(calendar, at(FRIDAY, 19), at(MONDAY + timedelta(days=14), 9), GRACE)
        is None
    )


def test_time_zone_decides_the_day() -> None:
    tokyo = SchoolCalendar(timezone="Asia/Tokyo", weekend_days=frozenset())
    # 16:00 UTC Friday is already Saturday 01:00 in Tokyo
    assert tokyo.local_date(at(FRIDAY, 16)) == FRIDAY + timedelta(days=1)
