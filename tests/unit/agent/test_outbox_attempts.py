"""Per-report attempts: backoff doubling up to its cap, due or not, a damaged file ignored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent.outbox.attempts import (
    attempts_path,
    is_due,
    load_attempts,
    next_failure,
    save_attempts,
)
from agent.outbox.status import scan_time

NOW = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)


def test_backoff_doubles_and_is_capped_and_remembers_the_first_failure() -> None:
    record = None
    delays = []
    for night in range(6):
        now = NOW + timedelta(days=night)
        record = next_failure(record, now=now, status=500, reason="boom", base_s=600, max_s=3600)
        delays.append((record.next_attempt_at - now).total_seconds())
    assert delays == [600, 1200, 2400, 3600, 3600, 3600]
    assert record is not None
    assert (record.failures, record.first_failed_at) == (6, NOW)
    assert not is_due(record, record.last_failed_at)
    assert is_due(record, record.next_attempt_at)
    assert is_due(None, NOW)


def test_attempts_survive_on_disk_and_a_damaged_file_never_blocks(tmp_path: Path) -> None:
    report = tmp_path / "20261206T200000000000Z-abc.json"
    report.write_text("{}")
    record = next_failure(None, now=NOW, status=500, reason="x" * 5000, base_s=1, max_s=2)
    save_attempts(report, record)
    assert load_attempts(report) == record
    assert len(record.last_reason) == 2000
    attempts_path(report).write_bytes(b"\x00not json")
    assert load_attempts(report) is None  # tried again rather than stuck


def test_scan_time_from_the_file_name() -> None:
    assert scan_time(Path("20261206T200000123456Z-abc.json")) == NOW.replace(microsecond=123456)
    assert scan_time(Path("00000000T000000000000Z-broken.json")) is None
    assert scan_time(Path("hand-made.json")) is None
