"""The doctor's pure rules on recorded answers: ``systemctl is-enabled``, SNMP counts, the
collector's certificate and Date header, which collector addresses may be plain HTTP."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from agent.doctor.collector import certificate_finding, skew_finding
from agent.doctor.model import Status
from agent.doctor.snmp import credential_finding
from agent.doctor.systemd import finding_for, timer_state
from agent.enroll.transport import InsecureCollectorError, check_collector_url

NOW = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)

# (stdout, stderr) of `systemctl is-enabled lankeeper-agent.timer` on Debian 12 (systemd 252)
RECORDED = [
    ("enabled\n", "", "enabled"),
    ("enabled-runtime\n", "", "enabled"),
    ("static\n", "", "enabled"),
    ("disabled\n", "", "disabled"),
    ("masked\n", "", "disabled"),
    ("linked\n", "", "disabled"),
    ("not-found\n", "", "missing"),
    ("", "Failed to get unit file state for lankeeper-agent.timer: No such file or directory\n",
     "missing"),
    ("", "System has not been booted with systemd as init system (PID 1). Can't operate.\n"
     "Failed to connect to bus: Host is down\n", "unknown"),
]  # fmt: skip


@pytest.mark.parametrize(("stdout", "stderr", "state"), RECORDED)
def test_systemctl_is_enabled_output(stdout: str, stderr: str, state: str) -> None:
    assert timer_state(stdout, stderr) == state


def test_a_disabled_timer_fails_with_the_enable_command() -> None:
    finding = finding_for("disabled", "disabled")
    assert finding.status is Status.FAIL
    assert "systemctl enable --now lankeeper-agent.timer" in finding.sentence()
    assert finding_for("enabled", "enabled").status is Status.OK
    assert finding_for("missing", "").status is Status.WARN
    assert finding_for("unknown", "").status is Status.UNKNOWN


@given(st.text(max_size=200), st.text(max_size=200))
def test_any_systemctl_output_reads_as_a_known_state(stdout: str, stderr: str) -> None:
    assert timer_state(stdout, stderr) in {"enabled", "disabled", "missing", "unknown"}


def test_snmp_counts_per_credential() -> None:
    names = ["public", "school", "v3"]
    good = credential_finding(names, 30, Counter({"public": 5, "school": 1, "v3": 1}))
    assert (good.status, good.message) == (
        Status.OK,
        "SNMP answered on 7 of 30 live hosts ('public' on 5, 'school' on 1, 'v3' on 1)",
    )
    wrong = credential_finding(["school"], 30, Counter())
    assert wrong.status is Status.WARN
    assert "None of the 30 live hosts" in wrong.message
    one_silent = credential_finding(names, 30, Counter({"public": 5}))
    assert one_silent.status is Status.WARN
    assert "'school', 'v3'" in (one_silent.fix or "")
    assert credential_finding(names, 0, Counter()).status is Status.UNKNOWN


def test_certificate_expiry() -> None:
    soon = {"notAfter": "Dec 10 12:00:00 2026 GMT"}
    later = {"notAfter": "Dec 10 12:00:00 2027 GMT"}
    assert certificate_finding(soon, NOW).status is Status.WARN
    assert "expires in 3 day(s)" in certificate_finding(soon, NOW).message
    assert certificate_finding(later, NOW).status is Status.OK


def _dated(when: datetime | None, raw: str | None = None) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    if when is not None:
        response.headers["Date"] = format_datetime(when, usegmt=True)
    if raw is not None:
        response.headers["Date"] = raw
    return response


def test_clock_skew_from_the_date_header() -> None:
    assert skew_finding(_dated(NOW - timedelta(seconds=20)), NOW).status is Status.OK
    ahead = skew_finding(_dated(NOW - timedelta(minutes=42)), NOW)
    assert ahead.status is Status.WARN
    assert "42 minutes ahead of" in ahead.message
    behind = skew_finding(_dated(NOW + timedelta(hours=2)), NOW)
    assert "120 minutes behind" in behind.message
    assert skew_finding(_dated(None), NOW).status is Status.UNKNOWN
    assert skew_finding(_dated(None, raw="yesterday-ish"), NOW).status is Status.UNKNOWN


@pytest.mark.parametrize(
    "url",
    [
        "https://collector.example",
        "http://127.0.0.1:8600",
        "http://localhost:8600",
        "http://[::1]:8600",
        "http://198.18.0.5:8600",
        "http://198.19.255.1",
    ],
)
def test_allowed_collector_addresses(url: str) -> None:
    check_collector_url(url, insecure=False)


@pytest.mark.parametrize(
    "url",
    ["http://collector.example", "http://192.0.2.5:8600", "http://8.8.8.8", "ftp://x.example"],
)
def test_plain_http_elsewhere_needs_insecure(url: str) -> None:
    with pytest.raises(InsecureCollectorError, match="https://"):
        check_collector_url(url, insecure=False)
    if url.startswith("http://"):
        check_collector_url(url, insecure=True)


@given(st.text(max_size=100))
def test_any_address_is_either_allowed_or_refused_clearly(url: str) -> None:
    error: InsecureCollectorError | None = None
    try:
        check_collector_url("http://" + url, insecure=False)
    except InsecureCollectorError as exc:
        error = exc
    assert error is None or "https://" in str(error)
