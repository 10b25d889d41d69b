"""A small record of the agent's last scan or send, kept in the state directory for ``doctor``.

Written atomically at the end of each ``scan`` and ``send``; a missing or damaged record only
means "no run recorded yet" (it never stops a run).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from agent.enroll.atomic import write_atomic

log = logging.getLogger(__name__)
LAST_RUN_FILE = "last-run.json"


class LastRun(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    command: Literal["scan", "send"]
    finished_at: AwareDatetime
    ok: bool
    summary: Annotated[str, Field(max_length=2000)]
    devices: int | None = None
    sent: int = 0
    queued: int = 0
    held: int = 0


def save_last_run(state_dir: Path, record: LastRun) -> None:
    try:
        write_atomic(state_dir / LAST_RUN_FILE, record.model_dump_json(indent=2).encode("utf-8"))
    except OSError as exc:
        log.warning("could not record the last run in %s: %s", state_dir, exc)


def load_last_run(state_dir: Path) -> LastRun | None:
    try:
        return LastRun.model_validate_json((state_dir / LAST_RUN_FILE).read_bytes())
    except FileNotFoundError:
        return None
    except (ValidationError, ValueError, OSError) as exc:
        log.warning("ignoring damaged %s: %s", state_dir / LAST_RUN_FILE, exc)
        return None


def now() -> datetime:
    return datetime.now(UTC)
