"""Per-report delivery attempts, kept durably next to the report as ``<report>.attempts``.

Only failures the collector had *on this report* are counted (an HTTP 500 …), never an
unreachable or busy collector: a report is not to blame for a network outage. The file says
how many times it failed, since when, and when it may be tried again (exponential backoff),
so one report the collector keeps failing on waits its turn without blocking newer ones.
A damaged attempts file is ignored (the report is simply tried again): it never blocks.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from agent.enroll.atomic import write_atomic

log = logging.getLogger(__name__)
SUFFIX = ".attempts"


class Attempts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    failures: Annotated[int, Field(ge=1)]
    first_failed_at: AwareDatetime
    last_failed_at: AwareDatetime
    next_attempt_at: AwareDatetime
    last_status: int | None = None
    last_reason: Annotated[str, Field(max_length=2000)] = ""


def attempts_path(report: Path) -> Path:
    return report.with_name(report.name + SUFFIX)


def load_attempts(report: Path) -> Attempts | None:
    path = attempts_path(report)
    try:
        return Attempts.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return None
    except (ValidationError, ValueError, OSError) as exc:
        log.warning("ignoring damaged %s (%s); the report will be tried again", path, exc)
        return None


def next_failure(
    previous: Attempts | None,
    *,
    now: datetime,
    status: int | None,
    reason: str,
    base_s: float,
    max_s: float,
) -> Attempts:
    """The record after one more failure: backoff doubles from ``base_s`` up to ``max_s``."""
    failures = previous.failures + 1 if previous else 1
    delay = min(base_s * 2 ** (failures - 1), max_s)
    return Attempts(
        failures=failures,
        first_failed_at=previous.first_failed_at if previous else now,
        last_failed_at=now,
        next_attempt_at=now + timedelta(seconds=delay),
        last_status=status,
        last_reason=reason[:2000],
    )


def save_attempts(report: Path, attempts: Attempts) -> None:
    write_atomic(attempts_path(report), attempts.model_dump_json().encode("utf-8"))


def is_due(attempts: Attempts | None, now: datetime) -> bool:
    return attempts is None or attempts.next_attempt_at <= now


def describe(attempts: Attempts) -> str:
    return (
        f"failed {attempts.failures} time(s) since {attempts.first_failed_at:%Y-%m-%d %H:%M} UTC, "
        f"last: {attempts.last_reason}"
    )
