"""Is the nightly timer enabled? ``systemctl is-enabled`` read honestly.

``timer_state`` is the pure reading of its output; ``timer_finding`` runs it only where systemd
is the running init (``/run/systemd/system`` exists), else says it cannot tell;
``query_timer`` can also ask about another root (``systemctl --root``), which the tests use.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from agent.doctor.model import Finding, fail, ok, unknown, warn

TIMER = "lankeeper-agent.timer"
SERVICE_MODE = "lankeeper-agent-service.service"  # the alternative: it schedules scans itself
SYSTEMD_RUNTIME = Path("/run/systemd/system")
ENABLED = frozenset({"enabled", "enabled-runtime", "static", "alias", "indirect", "generated"})
DISABLED = frozenset({"disabled", "masked", "masked-runtime", "linked", "linked-runtime"})
CHECK = "schedule"
ENABLE = f"enable it: sudo systemctl enable --now {TIMER}"


def timer_state(stdout: str, stderr: str = "") -> str:
    """``enabled`` | ``disabled`` | ``missing`` | ``unknown`` from ``is-enabled``'s output."""
    words = stdout.strip().split()
    word = words[0] if words else ""
    if word in ENABLED or word == "transient":
        return "enabled"
    if word in DISABLED:
        return "disabled"
    text = f"{stdout} {stderr}".lower()
    if word == "not-found" or "no such file" in text or "not found" in text:
        return "missing"
    return "unknown"


def finding_for(state: str, detail: str) -> Finding:
    if state == "enabled":
        return ok(CHECK, f"The nightly timer {TIMER} is enabled")
    if state == "disabled":
        return fail(CHECK, f"The nightly timer {TIMER} is {detail}, so no scan runs", ENABLE)
    if state == "missing":
        return warn(
            CHECK,
            f"The nightly timer {TIMER} is not installed here",
            "install the agent's package (it brings the timer) or schedule "
            "`lankeeper-agent scan` another way",
        )
    return unknown(CHECK, f"Cannot tell whether {TIMER} is enabled ({detail or 'no answer'})")


def timer_finding() -> Finding:
    systemctl = shutil.which("systemctl")
    if systemctl is None or not SYSTEMD_RUNTIME.is_dir():
        return unknown(
            CHECK,
            "Cannot tell whether the nightly run is scheduled: systemd is not running here "
            "(check the scheduled task or cron entry by hand)",
        )
    return query_timer(systemctl)


def query_timer(systemctl: str, root: Path | None = None) -> Finding:
    """Ask ``systemctl is-enabled`` (of the system under ``root``, default the running one)."""
    try:
        state, detail = _is_enabled(systemctl, root, TIMER)
        if state != "enabled" and _is_enabled(systemctl, root, SERVICE_MODE)[0] == "enabled":
            return ok(CHECK, f"The agent runs as a service ({SERVICE_MODE}) and schedules scans")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return unknown(CHECK, f"Cannot tell whether {TIMER} is enabled ({exc})")
    return finding_for(state, detail)


def _is_enabled(systemctl: str, root: Path | None, unit: str) -> tuple[str, str]:
    command = [systemctl, *(["--root", str(root)] if root else []), "is-enabled", unit]
    done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    return timer_state(done.stdout, done.stderr), done.stdout.strip()
