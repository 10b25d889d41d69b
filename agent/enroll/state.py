"""Where the agent keeps its state, and the enrollment file (mode 0600: it holds the token)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
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
    """This process's state directory (see ``state_dir_for``)."""
    geteuid = getattr(os, "geteuid", None)
    return state_dir_for(
        os.environ, euid=geteuid() if geteuid else None, windows=os.name == "nt", home=Path.home()
    )


def state_dir_for(env: Mapping[str, str], *, euid: int | None, windows: bool, home: Path) -> Path:
    """The one rule for where the agent keeps enrollment, outbox and memory:

    1. ``STATE_DIRECTORY`` (set by systemd's ``StateDirectory=``; the first of several);
    2. Windows: ``%ProgramData%\\lankeeper`` (the scheduled task runs as SYSTEM);
    3. root: ``/var/lib/lankeeper`` (what the service gets as ``STATE_DIRECTORY``);
    4. anyone else: ``$XDG_STATE_HOME/lankeeper``, default ``~/.local/state/lankeeper``.
    """
    first = env.get("STATE_DIRECTORY", "").split(":")[0]
    if first:
        return Path(first)
    if windows:
        return Path(env.get("PROGRAMDATA") or r"C:\ProgramData") / "lankeeper"
    if euid == 0:
        return Path("/var/lib/lankeeper")
    return Path(env.get("XDG_STATE_HOME") or home / ".local" / "state") / "lankeeper"


def enrollment_path(state_dir: Path) -> Path:
    return state_dir / ENROLLMENT_FILE


def save_enrollment(state_dir: Path, enrollment: Enrollment) -> Path:
    path = enrollment_path(state_dir)
    document = enrollment.model_dump(mode="json")
    document["token"] = enrollment.token.get_secret_value()
    write_atomic(path, json.dumps(document, indent=2).encode("utf-8"), mode=0o600)
    return path


def enroll_hint(state_dir: Path) -> str:
    """What to run; as root where root's default is the service's state directory."""
    who = " as root" if state_dir == Path("/var/lib/lankeeper") else ""
    return f"enroll once{who}: lankeeper-agent enroll --collector URL --code CODE"


def load_enrollment(state_dir: Path) -> Enrollment:
    path = enrollment_path(state_dir)
    hint = enroll_hint(state_dir)
    try:
        return Enrollment.model_validate_json(path.read_bytes())
    except FileNotFoundError as exc:
        raise NotEnrolledError(f"not enrolled ({path} does not exist); {hint}") from exc
    except ValidationError as exc:
        reasons = "; ".join(str(error["msg"]) for error in exc.errors()[:3])
        raise NotEnrolledError(f"{path} cannot be used ({reasons}); {hint}") from exc
