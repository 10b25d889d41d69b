"""The sender's pure rules: what each status means, Retry-After, backoff."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent.outbox.sender import SendPolicy, Verdict, backoff_s, classify, retry_after_seconds

NOW = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (200, Verdict.ACKED),
        (202, Verdict.ACKED),
        (400, Verdict.REJECTED),
        (409, Verdict.REJECTED),
        (413, Verdict.REJECTED),
        (422, Verdict.REJECTED),
        (401, Verdict.CREDENTIALS),
        (403, Verdict.CREDENTIALS),
        (429, Verdict.RETRY),
        (500, Verdict.FAILED),
        (502, Verdict.RETRY),
        (503, Verdict.RETRY),
    ],
)
def test_classify(status: int, verdict: Verdict) -> None:
    assert classify(status) is verdict


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 120 ", 120.0),
        ("Sun, 29 Nov 2026 18:00:30 GMT", 30.0),
        ("Sun, 29 Nov 2026 17:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("-5", None),
    ],
)
def test_retry_after(header: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(header, NOW) == seconds


def test_backoff_doubles_and_is_capped() -> None:
    policy = SendPolicy(base_delay_s=2, max_delay_s=30)
    assert [backoff_s(policy, attempt, None) for attempt in range(1, 6)] == [2, 4, 8, 16, 30]
    assert backoff_s(policy, 1, 7.0) == 7.0
    assert backoff_s(policy, 1, 3600.0) == 30  # a hostile Retry-After cannot stall a night
