"""Where the agent keeps its state, and the enrollment file (mode 0600: it holds the token)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from agent.enroll.atomic import write_atomic
from agent.enroll.transport import check_collector_url

ENROLLMENT_FILE = "enrollment.json"


class NotEnrolledError(Exception):
    """No usable enrollment file; the message says how to enroll."""


class Enrollment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    collector_url: Annotated[str, Field(pattern=r"^https?://")]
    agent_id: str
    school_id: str
    token: SecretStr
    insecure: bool = False  # plain http:// allowed outside loopback/lab (enroll --insecure)

    @model_validator(mode="after")
    def _safe_transport(self) -> Enrollment:
        check_collector_url(self.collector_url, insecure=self.insecure)
        return self


def default_state_dir() -> Path:
    """``/var/lib/lankeeper`` for root, else ``$XDG_STATE_HOME/lankeeper`` (~/.local/state)."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is not None and geteuid() == 0:
        return Path("/var/lib/lankeeper")
    if os.name == "nt":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "lankeeper"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "lankeeper"


def enrollment_path(state_dir: Path) -> Path:
    return state_dir / ENROLLMENT_FILE


def save_enrollment(state_dir: Path, enrollment: Enrollment) -> Path:
    path = enrollment_path(state_dir)
    document = enrollment.model_dump(mode="json")
    document["token"] = enrollment.token.get_secret_value()
    write_atomic(path, json.dumps(document, indent=2).encode("utf-8"), mode=0o600)
    return path


def load_enrollment(state_dir: Path) -> Enrollment:
    path = enrollment_path(state_dir)
    hint = "run: lankeeper-agent enroll --collector URL --code CODE"
    try:
        return Enrollment.model_validate_json(path.read_bytes())
    except FileNotFoundError as exc:
        raise NotEnrolledError(f"not enrolled ({path} does not exist); {hint}") from exc
    except ValidationError as exc:
        reasons = "; ".join(str(error["msg"]) for error in exc.errors()[:3])
        raise NotEnrolledError(f"{path} cannot be used ({reasons}); {hint}") from exc
