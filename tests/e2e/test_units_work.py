"""Pure parts of the work pages: people's time, charts, supply outcomes, the period."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from collector.services.evaluation import month_starts
from collector.services.evaluation_supplies import cartridge_outcomes
from collector.timefmt import TimeFormat, duration, hours_minutes
from collector.web.charts import HEIGHT, WIDTH, bar_chart, line_chart
from collector.web.evaluation import period, school_year_start
from schemas import CheckStatus

OK, CRIT = CheckStatus.OK, CheckStatus.CRITICAL


def test_irish_dates_and_24_hour_times_in_the_zone() -> None:
    dublin = TimeFormat.named("Europe/Dublin")
    summer = datetime(2026, 7, 1, 12, 5, tzinfo=UTC)  # Irish Standard Time, UTC+1
    assert dublin.when(summer) == "01/07/2026 13:05"
    assert dublin.day(summer) == "1 July 2026"
    assert dublin.when_long(summer) == "Wednesday 1 July 2026 at 13:05"
    winter = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # GMT
    assert dublin.when(winter) == "06/12/2026 23:30"
    assert dublin.day(date(2026, 12, 6)) == "6 December 2026"
    assert dublin.day_short(date(2026, 12, 6)) == "06/12/2026"
    assert TimeFormat.named("Asia/Tokyo").day(winter) == "7 December 2026"
    assert TimeFormat.named("Not/AZone").label == "UTC"
    assert dublin.when(None) == "—"


def test_durations_read_naturally() -> None:
    assert duration(None) == "—"
    assert duration(12 * 60) == "12 min"
    assert duration(3 * 3600 + 20 * 60) == "3 h 20 min"
    assert duration(2 * 86400 + 4 * 3600) == "2 days 4 h"
    assert hours_minutes(105) == "1 h 45 min"
    assert hours_minutes(60) == "1 h"


def test_cartridges_replaced_in_time_or_run_out() -> None:
    assert cartridge_outcomes([(40, OK), (20, OK), (0, CRIT), (100, OK)]).ran_out == 1
    early = cartridge_outcomes([(15, OK), (5, OK), (100, OK), (90, OK)])
    assert (early.in_time, early.ran_out) == (1, 0)
    unknown_level = cartridge_outcomes([(None, CRIT), (None, CRIT), (80, OK)])
    assert (unknown_level.in_time, unknown_level.ran_out) == (0, 1)
    assert cartridge_outcomes([(50, OK), (52, OK), (49, OK)]).in_time == 0  # noise, no refill


def test_months_and_default_period() -> None:
    assert month_starts(date(2026, 9, 15), date(2027, 1, 2)) == [
        date(2026, 9, 1),
        date(2026, 10, 1),
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
    ]
    assert school_year_start(date(2026, 12, 6)) == date(2026, 9, 1)
    assert school_year_start(date(2027, 3, 1)) == date(2026, 9, 1)
    assert period(None, None, date(2026, 12, 6)) == (date(2026, 9, 1), date(2026, 12, 6), True)
    assert period("2026-12-01", "2026-11-01", date(2026, 12, 6))[2] is False
    assert period("soon", None, date(2026, 12, 6))[2] is False


@given(st.lists(st.lists(st.floats(0, 1e6), min_size=3, max_size=3), min_size=1, max_size=36))
def test_chart_geometry_stays_in_the_box(rows: list[list[float]]) -> None:
    months = [str(i) for i in range(len(rows))]
    chart = bar_chart("t", months, [("a", [r[0] for r in rows]), ("b", [r[1] for r in rows])])
    for bar in chart.bars:
        assert 0 <= bar.x <= WIDTH
        assert 0 <= bar.y <= HEIGHT
        assert bar.y + bar.height <= HEIGHT
    line = line_chart("u", months, [r[2] for r in rows], 100.0)
    for x, y in line.dots:
        assert 0 <= x <= WIDTH
        assert 0 <= y <= HEIGHT


def test_bars_are_proportional() -> None:
    chart = bar_chart("t", ["a", "b"], [("n", [2, 4])])
    assert chart.bars[1].height == 2 * chart.bars[0].height
