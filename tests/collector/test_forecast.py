"""The supply run-out forecast (pure): constructed histories with known answers, and garbage."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collector.domain import DayKind
from collector.services.calendar import DayRange, SchoolCalendar
from collector.services.forecast import Confidence, Outcome, Point, forecast, split_at_refills
from collector.services.forecast_in_time import cartridge_ends, named_in_time

MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # a Monday, 02:00 (a nightly scan)
WEEKDAYS = SchoolCalendar(timezone="UTC", weekend_days=frozenset({5, 6}))


def daily(levels: list[float | None], start: datetime = MONDAY) -> list[Point]:
    return [Point(start + timedelta(days=n), level) for n, level in enumerate(levels)]


def school_days_after(start: date, count: int, calendar: SchoolCalendar) -> date:
    """Walk the calendar by hand (weekends and the closed ranges), independently of the code."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        closed = any(r.covers(day) for r in calendar.cluster_days)
        if day.weekday() not in calendar.weekend_days and not closed:
            count -= 1
    return day


def test_steady_use_every_day_counts() -> None:
    points = daily([80 - 2 * n for n in range(21)])  # 80 → 40 over 20 days
    now = points[-1].at
    result = forecast(points, now)
    assert result.outcome is Outcome.FORECAST
    assert result.use_per_school_day == pytest.approx(2.0)
    assert result.school_days_left == pytest.approx(20.0)
    assert result.runs_out_on == now.date() + timedelta(days=20)
    assert result.confidence is Confidence.HIGH
    assert result.points == 21


def test_school_days_skip_weekends_and_holidays() -> None:
    holiday = DayRange(DayKind.CLOSED, date(2026, 3, 16), date(2026, 3, 20))  # a week off
    calendar = SchoolCalendar(
        timezone="UTC", weekend_days=frozenset({5, 6}), cluster_days=(holiday,)
    )
    level, levels = 90.0, []
    for n in range(35):  # each night's reading: 3 points less per school day gone by
        day = (MONDAY + timedelta(days=n)).date()
        previous = day - timedelta(days=1)
        is_open = previous.weekday() < 5 and not holiday.covers(previous)
        level -= 3.0 if n and is_open else 0.0
        levels.append(level)
    points = daily(levels)
    now = points[-1].at
    result = forecast(points, now, calendar)
    assert result.outcome is Outcome.FORECAST
    assert result.use_per_school_day == pytest.approx(3.0, rel=0.05)
    expected_left = levels[-1] / 3.0
    assert result.school_days_left == pytest.approx(expected_left, rel=0.05)
    assert result.runs_out_on == school_days_after(
        now.date(), math.ceil(result.school_days_left or 0), calendar
    )
    # a calendar-day fit would have said fewer than 3 points a day: the calendar matters
    assert forecast(points, now).use_per_school_day == pytest.approx(
        (levels[0] - levels[-1]) / 34, rel=0.15
    )


def test_refill_starts_a_new_segment() -> None:
    levels = [50 - 4 * n for n in range(10)] + [100 - 2 * n for n in range(8)]
    points = daily(levels)
    assert [len(s) for s in split_at_refills(points)] == [10, 8]
    result = forecast(points, points[-1].at)
    assert result.outcome is Outcome.FORECAST
    assert result.use_per_school_day == pytest.approx(2.0)
    assert result.school_days_left == pytest.approx(86 / 2)
    assert result.segment_started_at == points[10].at
    assert not result.borrowed


def test_fresh_cartridge_borrows_the_previous_rate_with_low_confidence() -> None:
    levels = [60 - 3 * n for n in range(12)] + [100.0, 97.0]
    points = daily(levels)
    result = forecast(points, points[-1].at)
    assert result.outcome is Outcome.FORECAST
    assert result.borrowed
    assert result.confidence is Confidence.LOW
    assert result.use_per_school_day == pytest.approx(3.0)
    assert result.school_days_left == pytest.approx(97 / 3)
    assert "previous cartridge" in result.reason


def test_one_glitched_low_reading_is_not_a_refill_and_does_not_bend_the_line() -> None:
    levels: list[float | None] = [80 - 1.5 * n for n in range(20)]
    levels[8] = 3.0
    points = daily(levels)
    assert len(split_at_refills(points)) == 1
    result = forecast(points, points[-1].at)
    assert result.use_per_school_day == pytest.approx(1.5, rel=0.02)


def test_flat_line_is_not_falling() -> None:
    points = daily([70.0] * 25)
    result = forecast(points, points[-1].at)
    assert result.outcome is Outcome.NOT_FALLING
    assert result.school_days_left is None
    assert result.runs_out_on is None


def test_noise_keeps_the_rate_and_the_range_holds_the_truth() -> None:
    rng = random.Random(7)
    points = daily([90 - 1.0 * n + rng.gauss(0, 2.5) for n in range(40)])
    result = forecast(points, points[-1].at)
    assert result.outcome is Outcome.FORECAST
    assert result.use_per_school_day == pytest.approx(1.0, rel=0.15)
    low, high = result.school_days_range or (0.0, 0.0)
    truth = (points[-1].level or 0) / 1.0
    assert low <= truth <= (high if high is not None else math.inf)
    assert low <= (result.school_days_left or 0) <= (high if high is not None else math.inf)


def test_heavy_noise_on_few_readings_is_low_confidence() -> None:
    rng = random.Random(11)
    points = daily([90 - 1.0 * n + rng.gauss(0, 6) for n in range(8)])
    result = forecast(points, points[-1].at)
    assert result.outcome in {Outcome.FORECAST, Outcome.NOT_FALLING}
    if result.outcome is Outcome.FORECAST:
        assert result.confidence is Confidence.LOW


def test_too_few_readings_say_so() -> None:
    result = forecast(daily([40.0, 38.0]), MONDAY + timedelta(days=1))
    assert result.outcome is Outcome.NOT_ENOUGH_DATA
    assert "2 readings" in result.reason
    assert forecast([], MONDAY).outcome is Outcome.NOT_ENOUGH_DATA
    assert forecast(daily([None, None, None]), MONDAY).outcome is Outcome.NOT_ENOUGH_DATA


def test_empty_now() -> None:
    result = forecast(daily([6.0, 4.0, 2.0, 0.0]), MONDAY + timedelta(days=3))
    assert result.outcome is Outcome.EMPTY


def test_time_since_the_last_reading_is_taken_off() -> None:
    points = daily([80 - 2 * n for n in range(21)])
    later = forecast(points, points[-1].at + timedelta(days=5))
    assert later.school_days_left == pytest.approx(15.0)


def test_pages_left_from_the_page_counter() -> None:
    points = [
        Point(MONDAY + timedelta(days=n), 80.0 - 2 * n, pages=10_000 + 100 * n) for n in range(11)
    ]
    result = forecast(points, points[-1].at)
    assert result.pages_left == pytest.approx(60 * 50)  # 100 pages per 2 points


levels = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=100),
)
moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.builds(Point, moments, levels, st.one_of(st.none(), st.floats())), max_size=40),
    moments,
)
def test_garbage_never_breaks_it(points: list[Point], now: datetime) -> None:
    result = forecast(points, now, WEEKDAYS)
    assert result.outcome in Outcome
    assert result.reason
    for value in (result.school_days_left, result.use_per_school_day, result.pages_left):
        assert value is None or (math.isfinite(value) and value >= 0)
    if result.outcome is Outcome.FORECAST:
        assert result.runs_out_on is not None
        assert result.confidence is not None


def test_a_page_counter_of_absurd_size_gives_no_pages_left() -> None:
    """Found by the garbage test: counters whose difference overflows to infinity."""
    points = daily([80 - 3 * n for n in range(10)])
    huge = [replace(p, pages=(-1e308 if i == 0 else 1e308)) for i, p in enumerate(points)]
    result = forecast(huge, huge[-1].at, WEEKDAYS)
    assert result.outcome is Outcome.FORECAST
    assert result.pages_left is None


def test_cartridges_named_in_time() -> None:
    # steady use: the forecast five days before the replacement said "within 30 days"
    steady = daily([80 - 3 * n for n in range(25)] + [100.0, 97.0])
    assert cartridge_ends(steady) == [steady[25].at]
    assert named_in_time(steady, None) == 1
    # a cartridge swapped while nothing could be forecast (two readings): not named
    sudden = daily([70.0, 69.0, 100.0])
    assert cartridge_ends(sudden) == [sudden[2].at]
    assert named_in_time(sudden, None) == 0
    # ran out, and was on the sheet in time; the period filter leaves out older ends
    empty = daily([40 - 4 * n for n in range(11)])
    assert cartridge_ends(empty) == [empty[10].at]
    assert named_in_time(empty, WEEKDAYS) == 1
    assert named_in_time(empty, WEEKDAYS, since=empty[10].at + timedelta(days=1)) == 0
