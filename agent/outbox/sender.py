"""Send the outbox to the collector, oldest first, gzip-compressed, with a bearer token.

What each answer means for the queued file:

* 2xx (202 accepted, 200 duplicate) — acknowledged: the file is removed;
* 400, 409 (stale replay), 413, 415, 422 — this report will never be accepted: moved to
  ``rejected/`` with the collector's reason (nothing is deleted);
* 401, 403 — the *credential* is wrong (revoked token, enrolled for another school): the
  flush stops and every file stays queued, to be sent once the agent is re-enrolled;
* 408, 425, 429, 5xx, network errors — retried with exponential backoff, honouring
  ``Retry-After``; after ``max_attempts`` the flush stops and the file stays queued.
"""

from __future__ import annotations

import gzip
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from pathlib import Path

import requests

from agent.enroll.state import Enrollment, load_enrollment
from agent.outbox.store import acknowledge, pending, reject

log = logging.getLogger(__name__)
REJECT_STATUSES = frozenset({400, 409, 413, 415, 422})
CREDENTIAL_STATUSES = frozenset({401, 403})
RETRY_STATUSES = frozenset({408, 425, 429})


class Verdict(StrEnum):
    ACKED = "acked"
    REJECTED = "rejected"
    CREDENTIALS = "credentials"
    RETRY = "retry"


@dataclass(frozen=True)
class SendPolicy:
    max_attempts: int = 6
    base_delay_s: float = 2.0
    max_delay_s: float = 300.0
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 60.0


@dataclass
class FlushResult:
    sent: list[Path] = field(default_factory=list)
    duplicates: list[Path] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)
    remaining: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.rejected and self.remaining == 0


@dataclass(frozen=True)
class Answer:
    verdict: Verdict
    message: str
    retry_after_s: float | None = None
    duplicate: bool = False


def classify(status: int) -> Verdict:
    if 200 <= status < 300:
        return Verdict.ACKED
    if status in CREDENTIAL_STATUSES:
        return Verdict.CREDENTIALS
    if status in RETRY_STATUSES or status >= 500:
        return Verdict.RETRY
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


def backoff_s(policy: SendPolicy, attempt: int, retry_after: float | None) -> float:
    """Wait before attempt ``attempt + 1``: Retry-After if given, else exponential; capped."""
    delay = retry_after if retry_after is not None else policy.base_delay_s * 2 ** (attempt - 1)
    return float(min(delay, policy.max_delay_s))


def explain(status: int, detail: str) -> str:
    hints = {
        401: "the agent's token is unknown or revoked: re-enroll with a new code",
        403: "the token belongs to another school than the report: check the school_id",
        409: "the collector already has a newer scan for this school (stale replay)",
        413: "the report is larger than the collector accepts",
        422: "the report does not match the schema the collector expects",
    }
    hint = hints.get(status, "the collector refused the report")
    return f"HTTP {status}: {hint} — {detail}"


def flush(
    state_dir: Path,
    *,
    session: requests.Session | None = None,
    policy: SendPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FlushResult:
    """Send every queued report; see the module docstring for what each answer does."""
    enrollment = load_enrollment(state_dir)
    http = session or requests.Session()
    rules = policy or SendPolicy()
    result = FlushResult()
    queue = pending(state_dir)
    for position, path in enumerate(queue):
        answer = _deliver(http, enrollment, path, rules, sleep)
        if not _record(result, path, answer):
            result.remaining = len(queue) - position
            result.error = answer.message
            break
    return result


def _record(result: FlushResult, path: Path, answer: Answer) -> bool:
    """Apply the answer to the file; False when the flush must stop."""
    if answer.verdict is Verdict.ACKED:
        acknowledge(path)
        (result.duplicates if answer.duplicate else result.sent).append(path)
        return True
    if answer.verdict is Verdict.REJECTED:
        result.rejected.append((reject(path, answer.message), answer.message))
        return True
    log.warning("sending stopped, %s stays queued: %s", path.name, answer.message)
    return False


def _deliver(
    http: requests.Session,
    enrollment: Enrollment,
    path: Path,
    policy: SendPolicy,
    sleep: Callable[[float], None],
) -> Answer:
    body = gzip.compress(path.read_bytes())
    answer = Answer(Verdict.RETRY, "not sent")
    for attempt in range(1, policy.max_attempts + 1):
        answer = _post(http, enrollment, body, policy)
        if answer.verdict is not Verdict.RETRY:
            return answer
        if attempt < policy.max_attempts:
            delay = backoff_s(policy, attempt, answer.retry_after_s)
            log.info("%s: %s; retrying in %.1f s", path.name, answer.message, delay)
            sleep(delay)
    return Answer(Verdict.RETRY, f"gave up after {policy.max_attempts} attempts: {answer.message}")


def _post(
    http: requests.Session, enrollment: Enrollment, body: bytes, policy: SendPolicy
) -> Answer:
    headers = {
        "Authorization": f"Bearer {enrollment.token.get_secret_value()}",
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
    }
    url = f"{enrollment.collector_url}/api/v1/reports"
    timeout = (policy.connect_timeout_s, policy.read_timeout_s)
    try:
        response = http.post(url, data=body, headers=headers, timeout=timeout)
    except requests.RequestException as exc:
        return Answer(Verdict.RETRY, f"collector unreachable at {url}: {type(exc).__name__}")
    return _answer(response)


def _answer(response: requests.Response) -> Answer:
    verdict = classify(response.status_code)
    detail = _detail(response)
    if verdict is Verdict.ACKED:
        return Answer(verdict, detail, duplicate=detail == "duplicate")
    retry_after = retry_after_seconds(response.headers.get("Retry-After"), datetime.now(UTC))
    return Answer(verdict, explain(response.status_code, detail), retry_after)


def _detail(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:300] or str(response.reason)
    if not isinstance(data, dict):
        return str(data)[:300]
    if "status" in data and 200 <= response.status_code < 300:
        return str(data["status"])
    errors = data.get("errors") or []
    paths = ", ".join(
        f"{e.get('path')}: {e.get('message')}" for e in errors[:5] if isinstance(e, dict)
    )
    return paths or str(data.get("detail", ""))[:300]
