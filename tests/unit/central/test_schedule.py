"""The service's timing rules: nightly slot and catch-up, back-off while the collector is down."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.central.schedule import last_slot, next_delay, nightly_due

NIGHT = time(2, 30)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def test_nightly_runs_once_after_its_time_and_catches_up_for_six_hours() -> None:
    assert not nightly_due(at(7, 2, 29), NIGHT, None)
    assert nightly_due(at(7, 2, 30), NIGHT, None)
    assert nightly_due(at(7, 8, 0), NIGHT, at(6, 2, 31))  # the PC was off at 02:30
    assert not nightly_due(at(7, 9, 0), NIGHT, at(6, 2, 31))  # too late: tomorrow
    assert not nightly_due(at(7, 3, 0), NIGHT, at(7, 2, 31))  # done tonight
    assert not nightly_due(at(7, 3, 0), None, None)


def test_a_slot_before_midnight_carries_over_into_the_next_day() -> None:
    late = time(23, 30)
    assert last_slot(at(8, 1, 0), late) == at(7, 23, 30)
    assert nightly_due(at(8, 1, 0), late, at(6, 23, 31))


def test_backoff_doubles_per_failure_up_to_the_cap() -> None:
    rng = random.Random(1)
    assert next_delay(120, 0, 0, 900, rng) == 120
    assert next_delay(120, 0, 1, 900, rng) == 120
    assert next_delay(120, 0, 2, 900, rng) == 240
    assert next_delay(120, 0, 3, 900, rng) == 480
    assert next_delay(120, 0, 10, 900, rng) == 900


@given(
    st.floats(1, 3600),
    st.floats(0, 600),
    st.integers(0, 60),
    st.floats(1, 86_400),
    st.integers(0, 2**32),
)
def test_the_delay_is_always_positive_and_bounded(
    interval: float, jitter: float, failures: int, cap: float, seed: int
) -> None:
    delay = next_delay(interval, jitter, failures, cap, random.Random(seed))
    assert 1.0 <= delay <= max(cap, interval) + jitter


def test_last_slot_is_never_in_the_future() -> None:
    now = at(7, 12, 0)
    for minutes in range(0, 24 * 60, 37):
        slot = last_slot(now, time(minutes // 60, minutes % 60))
        assert timedelta(0) <= now - slot < timedelta(days=1)
