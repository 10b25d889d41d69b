"""Send the outbox to the collector, oldest first, gzip-compressed, with a bearer token.

What each answer means for the queued file (rules in ``agent.outbox.answers``):

* acknowledged (2xx) — the file is removed;
* refused for good (4xx but 401/403) — moved to ``rejected/`` at once with the reason;
* the credential is wrong (401, 403) — the flush stops, every file stays queued: the agent
  must be re-enrolled, and the caller says so;
* collector busy or unreachable (network errors, 408, 425, 429, 502, 503, 504) — retried with
  exponential backoff, honouring ``Retry-After``; after ``max_attempts`` the flush stops and
  the files stay queued for the next run (nothing is counted against the reports);
* the collector failed on this report (500 …) — counted against the report, which waits
  (backoff from ``retry_base_s``) while the flush goes on with the newer ones; after
  ``hold_after`` failures, once the collector has accepted another report since the first
  failure (so it is the report, not an outage), it moves to ``held/`` with the reason.

Only one process sends at a time (``agent.outbox.lock``).
"""

from __future__ import annotations

import gzip
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests

from agent.enroll.state import Enrollment, load_enrollment
from agent.outbox import attempts as tries
from agent.outbox.answers import Answer, Verdict, answer_of, classify, retry_after_seconds
from agent.outbox.lock import OutboxBusyError, outbox_lock
from agent.outbox.store import (
    acknowledge,
    forget_orphan_attempts,
    hold,
    last_delivery,
    outbox_dir,
    pending,
    reject,
    save_last_delivery,
)

__all__ = ["FlushResult", "SendPolicy", "Verdict", "backoff_s", "classify", "flush"]
__all__ += ["retry_after_seconds"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendPolicy:
    max_attempts: int = 6
    base_delay_s: float = 2.0
    max_delay_s: float = 300.0
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 60.0
    hold_after: int = 5
    retry_base_s: float = 600.0
    retry_max_s: float = 6 * 3600.0
    lock_wait_s: float = 120.0


@dataclass
class FlushResult:
    sent: list[Path] = field(default_factory=list)
    duplicates: list[Path] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)
    held: list[tuple[Path, str]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)
    remaining: int = 0
    error: str | None = None
    credentials: bool = False

    @property
    def ok(self) -> bool:
        aside = self.rejected or self.held or self.failed
        return self.error is None and not aside and self.remaining == 0


def backoff_s(policy: SendPolicy, attempt: int, retry_after: float | None) -> float:
    """Wait before attempt ``attempt + 1``: Retry-After if given, else exponential; capped."""
    delay = retry_after if retry_after is not None else policy.base_delay_s * 2 ** (attempt - 1)
    return float(min(delay, policy.max_delay_s))


def flush(
    state_dir: Path,
    *,
    session: requests.Session | None = None,
    policy: SendPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FlushResult:
    """Send every queued report that is due; see the module docstring for each answer."""
    enrollment = load_enrollment(state_dir)
    rules = policy or SendPolicy()
    try:
        with outbox_lock(outbox_dir(state_dir), rules.lock_wait_s):
            run = _Flush(state_dir, session or requests.Session(), enrollment, rules, sleep)
            return run.all()
    except OutboxBusyError as exc:
        return FlushResult(remaining=len(pending(state_dir)), error=str(exc))


@dataclass
class _Flush:
    state_dir: Path
    http: requests.Session
    enrollment: Enrollment
    policy: SendPolicy
    sleep: Callable[[float], None]
    result: FlushResult = field(default_factory=FlushResult)
    delivered_at: datetime | None = None

    def all(self) -> FlushResult:
        forget_orphan_attempts(self.state_dir)
        self.delivered_at = last_delivery(self.state_dir)
        previous = self.delivered_at
        for path in pending(self.state_dir):
            if not self.one(path):
                break
        if self.delivered_at is not None and self.delivered_at != previous:
            save_last_delivery(self.state_dir, self.delivered_at)
        self.result.remaining = len(pending(self.state_dir))
        return self.result

    def one(self, path: Path) -> bool:
        """Deliver one report; False when the flush must stop."""
        now = datetime.now(UTC)
        record = tries.load_attempts(path)
        if not tries.is_due(record, now):
            self.result.waiting.append(path)
            return True
        try:
            body = gzip.compress(path.read_bytes())
        except FileNotFoundError:
            return True
        answer = self._post_retrying(body, path)
        if answer.verdict is not Verdict.ACKED:
            self.http.close()  # a server that failed may have closed it: no stale keep-alive
        return self._apply(path, answer, record)

    def _apply(self, path: Path, answer: Answer, record: tries.Attempts | None) -> bool:
        if answer.verdict is Verdict.ACKED:
            acknowledge(path)
            (self.result.duplicates if answer.duplicate else self.result.sent).append(path)
            self.delivered_at = datetime.now(UTC)
        elif answer.verdict is Verdict.REJECTED:
            self.result.rejected.append((reject(path, answer.message), answer.message))
        elif answer.verdict is Verdict.FAILED:
            self._failed(path, answer, record)
        else:
            self.result.credentials = answer.verdict is Verdict.CREDENTIALS
            self.result.error = answer.message
            log.warning("sending stopped, %s stays queued: %s", path.name, answer.message)
            return False
        return True

    def _failed(self, path: Path, answer: Answer, record: tries.Attempts | None) -> None:
        rules = self.policy
        updated = tries.next_failure(
            record,
            now=datetime.now(UTC),
            status=answer.status,
            reason=answer.message,
            base_s=rules.retry_base_s,
            max_s=rules.retry_max_s,
        )
        tries.save_attempts(path, updated)
        accepted_since = self.delivered_at is not None and self.delivered_at > (
            updated.first_failed_at
        )
        if updated.failures >= rules.hold_after and accepted_since:
            reason = f"held after {updated.failures} failures: {tries.describe(updated)}"
            self.result.held.append((hold(path, reason), reason))
            return
        message = f"{answer.message} (failure {updated.failures}; next try after "
        message += f"{updated.next_attempt_at:%Y-%m-%d %H:%M} UTC)"
        log.warning("%s: %s", path.name, message)
        self.result.failed.append((path, message))

    def _post_retrying(self, body: bytes, path: Path) -> Answer:
        answer = Answer(Verdict.RETRY, "not sent")
        for attempt in range(1, self.policy.max_attempts + 1):
            answer = self._post(body)
            if answer.verdict is not Verdict.RETRY:
                return answer
            if attempt < self.policy.max_attempts:
                delay = backoff_s(self.policy, attempt, answer.retry_after_s)
                log.info("%s: %s; retrying in %.1f s", path.name, answer.message, delay)
                self.sleep(delay)
        attempts = self.policy.max_attempts
        return Answer(Verdict.RETRY, f"gave up after {attempts} attempts: {answer.message}")

    def _post(self, body: bytes) -> Answer:
        headers = {
            "Authorization": f"Bearer {self.enrollment.token.get_secret_value()}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        }
        url = f"{self.enrollment.collector_url}/api/v1/reports"
        timeout = (self.policy.connect_timeout_s, self.policy.read_timeout_s)
        try:
            response = self.http.post(url, data=body, headers=headers, timeout=timeout)
        except requests.RequestException as exc:
            return Answer(Verdict.RETRY, f"collector unreachable at {url}: {type(exc).__name__}")
        return answer_of(response)
