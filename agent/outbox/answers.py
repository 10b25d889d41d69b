"""What the collector's answer to one POSTed report means (pure rules, no I/O).

* 2xx (202 accepted, 200 duplicate) — acknowledged;
* 400, 409 (stale replay), 413, 415, 422 and other 4xx — this report will never be accepted;
* 401, 403 — the *credential* is wrong (revoked token, enrolled for another school);
* 408, 425, 429, 502, 503, 504 and network errors — the collector is busy or unreachable:
  nothing wrong with the report, retry soon;
* any other 5xx (500…) — the collector failed on *this* report: it may be the report
  (a "poisoned" one), so it is retried on later runs with backoff but never blocks newer ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum

import requests

CREDENTIAL_STATUSES = frozenset({401, 403})
RETRY_STATUSES = frozenset({408, 425, 429, 502, 503, 504})
EXCERPT_CHARS = 300


class Verdict(StrEnum):
    ACKED = "acked"
    REJECTED = "rejected"
    CREDENTIALS = "credentials"
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True)
class Answer:
    verdict: Verdict
    message: str
    status: int | None = None
    retry_after_s: float | None = None
    duplicate: bool = False


def classify(status: int) -> Verdict:
    if 200 <= status < 300:
        return Verdict.ACKED
    if status in CREDENTIAL_STATUSES:
        return Verdict.CREDENTIALS
    if status in RETRY_STATUSES:
        return Verdict.RETRY
    if status >= 500:
        return Verdict.FAILED
    return Verdict.REJECTED


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def explain(status: int, detail: str) -> str:
    hints = {
        401: "the agent's token is unknown or revoked: re-enroll with a new code",
        403: "the token belongs to another school than the report: check the school_id",
        409: "the collector already has a newer scan for this school (stale replay)",
        413: "the report is larger than the collector accepts",
        422: "the report does not match the schema the collector expects",
    }
    if status in RETRY_STATUSES:
        hint = "the collector is busy or unavailable, nothing wrong with the report"
    elif status >= 500:
        hint = "the collector failed on this report"
    else:
        hint = hints.get(status, "the collector refused the report")
    return f"HTTP {status}: {hint} — {detail}"


def answer_of(response: requests.Response) -> Answer:
    status = response.status_code
    verdict = classify(status)
    detail = detail_of(response)
    if verdict is Verdict.ACKED:
        return Answer(verdict, detail, status, duplicate=detail == "duplicate")
    retry_after = retry_after_seconds(response.headers.get("Retry-After"), datetime.now(UTC))
    return Answer(verdict, explain(status, detail), status, retry_after)


def detail_of(response: requests.Response) -> str:
    """The collector's reason, short: field errors, ``detail`` or a body excerpt."""
    try:
        data = response.json()
    except ValueError:
        return _excerpt(response.text) or str(response.reason)
    if not isinstance(data, dict):
        return _excerpt(str(data))
    if "status" in data and 200 <= response.status_code < 300:
        return str(data["status"])
    errors = data.get("errors") or []
    paths = ", ".join(
        f"{e.get('path')}: {e.get('message')}" for e in errors[:5] if isinstance(e, dict)
    )
    return paths or _excerpt(str(data.get("detail", "")))


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"
