"""The last central settings received, kept in the state directory for offline runs.

Stored in clear JSON with mode 0600, next to the enrollment token (same owner, same mode):
encrypting it with a key kept on the same disk would add nothing. A damaged file is ignored
(the run uses the local file alone) and replaced at the next successful check-in.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import ValidationError

from agent.enroll.atomic import write_atomic
from schemas.checkin import CheckinResponse, reveal

log = logging.getLogger(__name__)
CACHE_FILE = "central-settings.json"


def cache_path(state_dir: Path) -> Path:
    return state_dir / CACHE_FILE


def save_cached(state_dir: Path, answer: CheckinResponse) -> None:
    write_atomic(cache_path(state_dir), reveal(answer).encode("utf-8"), mode=0o600)


def load_cached(state_dir: Path) -> CheckinResponse | None:
    path = cache_path(state_dir)
    try:
        return CheckinResponse.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValidationError) as exc:
        log.warning("ignoring the cached central settings in %s: %s", path, type(exc).__name__)
        return None
