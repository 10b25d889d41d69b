"""When the service acts, pure: the nightly slot, and how long to wait before the next check-in
(interval with jitter, longer and longer while the collector is unreachable)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

CATCH_UP = timedelta(hours=6)  # a nightly run missed by more than this waits for tomorrow


def last_slot(now: datetime, nightly: time) -> datetime:
    """The most recent nightly time at or before ``now`` (``now`` is local and aware)."""
    today = now.replace(hour=nightly.hour, minute=nightly.minute, second=0, microsecond=0)
    return today if today <= now else today - timedelta(days=1)


def nightly_due(now: datetime, nightly: time | None, last_done: datetime | None) -> bool:
    """True when tonight's run has not been done and its time passed less than 6 h ago."""
    if nightly is None:
        return False
    slot = last_slot(now, nightly)
    return now - slot < CATCH_UP and (last_done is None or last_done < slot)


def next_delay(
    interval_s: float, jitter_s: float, failures: int, max_backoff_s: float, rng: random.Random
) -> float:
    """Seconds until the next check-in: doubling per consecutive failure, capped, jittered."""
    base = interval_s * 2 ** max(0, failures - 1) if failures else interval_s
    base = min(base, max(max_backoff_s, interval_s))
    return max(1.0, base + rng.uniform(-jitter_s, jitter_s))
