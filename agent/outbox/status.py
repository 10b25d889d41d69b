"""What is in the outbox right now, for ``doctor`` and for the report's problems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from agent.outbox.attempts import load_attempts
from agent.outbox.store import held, pending, rejected
from schemas import Problem

TIME_FORMAT = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class OutboxStatus:
    queued: int
    oldest: datetime | None
    failing: int
    held: int
    rejected: int
    held_reasons: tuple[str, ...] = ()


def outbox_status(state_dir: Path) -> OutboxStatus:
    queue = pending(state_dir)
    aside_held, aside_rejected = held(state_dir), rejected(state_dir)
    return OutboxStatus(
        queued=len(queue),
        oldest=scan_time(queue[0]) if queue else None,
        failing=sum(1 for path in queue if load_attempts(path) is not None),
        held=len(aside_held),
        rejected=len(aside_rejected),
        held_reasons=tuple(reason for _path, reason in aside_held + aside_rejected),
    )


def scan_time(path: Path) -> datetime | None:
    """The scan time a queued file is named after (None for a foreign name)."""
    stamp = path.name.split("-", 1)[0]
    try:
        return datetime.strptime(stamp, TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def outbox_problems(status: OutboxStatus) -> list[Problem]:
    """Typed problems for the report: reports held aside, refused or failing to send."""
    problems = []
    if status.held:
        problems.append(
            _problem(
                "outbox.held",
                f"{status.held} earlier report(s) held aside on this PC: the collector failed "
                "on them repeatedly",
            )
        )
    if status.rejected:
        problems.append(
            _problem(
                "outbox.rejected",
                f"{status.rejected} earlier report(s) refused by the collector, kept on this PC",
            )
        )
    if status.failing:
        problems.append(
            _problem(
                "outbox.failing",
                f"{status.failing} earlier report(s) the collector failed on, retried later",
            )
        )
    return problems


def _problem(code: str, message: str) -> Problem:
    return Problem(code=code, message=message)
