"""Pure: device text flattened for messages, e-mails that no text can inject into, and the
throttle's decision over failure times. Recorded cases plus hypothesis on garbage."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from collector.services.login_throttle import (
    Refusal,
    RefusalKind,
    ThrottlePolicy,
    address_key,
    decide,
)
from collector.services.messages import render_email, webhook_body
from collector.services.redact import describe_error, redact_url
from collector.services.untrusted import one_line

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = ThrottlePolicy(
    window=timedelta(minutes=15),
    account_failures=5,
    address_failures=30,
    lockout_failures=10,
    lockout=timedelta(minutes=60),
)


def payload(summary: str, school: str = "St Mary's") -> dict[str, Any]:
    return {
        "event": "alert.opened",
        "alert": {
            "id": 1,
            "check_id": "printer.supply.1",
            "device_id": 7,
            "severity": "critical",
            "state": "open",
            "summary": summary,
            "opened_at": "2026-03-02T08:00:00+00:00",
            "resolved_at": None,
        },
        "school": {"slug": "stmarys", "name": school},
        "cluster": {"slug": "north", "name": "North"},
        "url": "https://collector.example/api/v1/alerts/1",
    }


def test_one_line_flattens_what_could_forge_lines_or_fool_a_reader() -> None:
    assert one_line("Black\r\nBcc: x@y\u2028Cc: z\x00\x1b[31m", 100) == "Black Bcc: x@y Cc: z [31m"
    assert one_line("abc\u202edcba", 100) == "abcdcba"  # a right-to-left override is dropped
    assert one_line("lone \ud800 surrogate", 100) == "lone \ufffd surrogate"
    assert one_line("x" * 50, 10) == "x" * 9 + "…"


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_one_line_is_one_bounded_printable_line(text: str, limit: int) -> None:
    line = one_line(text, limit)
    assert len(line) <= limit
    assert line == line.strip()
    for char in line:
        assert unicodedata.category(char) not in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


@settings(max_examples=200)
@given(st.text(), st.text())
def test_no_device_text_adds_a_header_or_a_body_line(summary: str, school: str) -> None:
    to = "tech@school.example"
    message = render_email("alerts@provider.example", to, payload(summary, school))
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert sorted(parsed.keys()) == sorted(
        ["From", "To", "Subject", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"]
    )
    assert parsed["To"] == "tech@school.example"
    lines = parsed.get_content().splitlines()  # type: ignore[attr-defined]
    assert [line.split(":", 1)[0] for line in lines] == [
        "School",
        "Alert",
        "Summary",
        "Opened",
        "Details",
    ]


@given(st.text())
def test_webhook_body_is_json_with_flattened_text(summary: str) -> None:
    body = json.loads(webhook_body(payload(summary)))
    assert body["alert"]["summary"] == one_line(summary, 1000)
    assert body["url"] == "https://collector.example/api/v1/alerts/1"


def test_webhook_secrets_stay_out_of_reasons_and_listings() -> None:
    url = "https://hooks.example:8443/services/T0/B0/XYZsecret?token=abc"
    assert redact_url(url) == "https://hooks.example:8443/…"
    error = ConnectionError("Max retries exceeded with url: /services/T0/B0/XYZsecret?token=abc")
    reason = describe_error(error, url)
    assert "secret" not in reason
    assert "token" not in reason
    assert reason.startswith("ConnectionError: Max retries exceeded with url: /…")
    answer = OSError("550 no\x00such\r\nmailbox " + "x" * 600)  # stored in a text column
    assert describe_error(answer, None) == ("OSError: 550 no such mailbox " + "x" * 600)[:499] + "…"


def minutes_ago(*minutes: float) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


def test_throttle_decisions() -> None:
    assert decide(minutes_ago(1, 2, 3, 4), [], NOW, POLICY) is None
    assert decide(minutes_ago(1, 2, 3, 4, 10), [], NOW, POLICY) == Refusal(
        RefusalKind.THROTTLED, timedelta(minutes=5)
    )
    assert decide(minutes_ago(1, 2, 3, 4, 16), [], NOW, POLICY) is None  # one left the window
    address = minutes_ago(*(n / 2 for n in range(30)))  # 30 in the last 14.5 minutes
    by_address = decide([], address, NOW, POLICY)
    assert by_address == Refusal(RefusalKind.THROTTLED, timedelta(seconds=30))
    assert decide([], address[:29], NOW, POLICY) is None
    locked = decide(minutes_ago(*range(20, 120, 10)), [], NOW, POLICY)
    assert locked == Refusal(RefusalKind.LOCKED, timedelta(minutes=40))
    assert locked.message.startswith("This account is locked after too many failed attempts;")
    assert "try again in 40 minutes" in locked.message
    assert decide(minutes_ago(*range(61, 160, 10)), [], NOW, POLICY) is None  # lock is over


def test_refusal_wording_rounds_up_to_whole_minutes() -> None:
    assert Refusal(RefusalKind.THROTTLED, timedelta(seconds=61)).message == (
        "Too many failed attempts; try again in 2 minutes."
    )
    assert Refusal(RefusalKind.THROTTLED, timedelta(seconds=5)).message == (
        "Too many failed attempts; try again in 1 minute."
    )
    assert Refusal(RefusalKind.THROTTLED, timedelta(seconds=5)).retry_after_s == 5


@given(
    st.lists(st.floats(min_value=0, max_value=24 * 60), max_size=40),
    st.lists(st.floats(min_value=0, max_value=15), max_size=40),
)
def test_a_refusal_always_ends_in_the_future_and_within_the_lock(
    account: list[float], address: list[float]
) -> None:
    refusal = decide(minutes_ago(*sorted(account)), minutes_ago(*sorted(address)), NOW, POLICY)
    if refusal is not None:
        assert timedelta(0) < refusal.retry_after <= POLICY.lockout


def test_addresses_are_counted_per_ipv4_host_and_per_ipv6_slash_64() -> None:
    assert address_key("198.51.100.7") == "198.51.100.7"
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9")
    assert address_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert address_key("::ffff:198.51.100.7") == "198.51.100.7"
    assert address_key(None) == "unknown"
    assert address_key("testclient") == "testclient"
