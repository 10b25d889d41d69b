"""``lankeeper-agent service``: a light loop that checks in every few minutes and runs a scan
(in a child process, so the loop stays small) when a technician asked or the nightly time came.

Survives collector outages (backs off, keeps the last central settings), re-reads the local
file and the enrollment each round (a bad file is reported, the previous one is kept), and
stops cleanly on SIGTERM/SIGINT: a running scan is asked to stop and waited for.
"""

from __future__ import annotations

import json
import logging
import random
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from agent.central.cache import load_cached, save_cached
from agent.central.client import CheckinError, check_in
from agent.central.merge import merge
from agent.central.schedule import next_delay, nightly_due
from agent.enroll.atomic import write_atomic
from agent.enroll.state import Enrollment, NotEnrolledError, load_enrollment
from agent.settings import Settings, SettingsError, load_settings
from schemas.checkin import CheckinResponse

log = logging.getLogger(__name__)
STATE_FILE = "service-state.json"
STOP_GRACE_S = 30.0


@dataclass
class Service:
    config: Path | None
    state_dir: Path
    stop: threading.Event = field(default_factory=threading.Event)
    rng: random.Random = field(default_factory=random.Random)
    settings: Settings = field(default_factory=Settings)
    failures: int = 0
    scans: int = 0

    def run(self) -> int:
        log.info("service started (state in %s)", self.state_dir)
        while not self.stop.is_set():
            self.round()
            self.stop.wait(self._delay())
        log.info("service stopped after %d scan(s)", self.scans)
        return 0

    def round(self) -> None:
        self._reload()
        enrollment = _enrollment(self.state_dir)
        answer = self._check_in(enrollment) if enrollment else None
        reason = self._reason(answer)
        if reason is not None:
            self._scan(reason)

    def _reload(self) -> None:
        try:
            self.settings = load_settings(self.config)
        except SettingsError as exc:
            log.error("configuration not reloaded, keeping the previous one: %s", exc)

    def _check_in(self, enrollment: Enrollment) -> CheckinResponse | None:
        if not self.settings.checkin.enabled:
            return None
        try:
            answer = check_in(enrollment, "service", timeout_s=self.settings.checkin.timeout_s)
        except CheckinError as exc:
            self.failures += 1
            log.warning("check-in failed (%d in a row): %s", self.failures, exc)
            return None
        self.failures = 0
        try:
            save_cached(self.state_dir, answer)
        except OSError as exc:
            log.warning("could not cache the central settings: %s", exc)
        return answer

    def _reason(self, answer: CheckinResponse | None) -> str | None:
        if answer is not None and answer.scan_requested is not None:
            return f"scan requested at {answer.scan_requested.requested_at:%Y-%m-%d %H:%M} UTC"
        central = answer or load_cached(self.state_dir)
        settings = merge(self.settings, central.settings).settings if central else self.settings
        now = datetime.now().astimezone()
        if nightly_due(now, settings.schedule.nightly_time, self._last_nightly()):
            self._remember_nightly(now)
            return "nightly run"
        return None

    def _scan(self, reason: str) -> None:
        argv = [sys.executable, "-m", "agent.cli", "scan", "--quiet"]
        argv += ["--state-dir", str(self.state_dir)]
        if self.config is not None:
            argv += ["--config", str(self.config)]
        log.info("starting a scan: %s", reason)
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL)
        code = self._wait(child, self.settings.schedule.scan_timeout_s)
        self.scans += 1
        log.info("scan finished (exit code %s)", code)

    def _wait(self, child: subprocess.Popen[bytes], timeout_s: float) -> int | None:
        waited = 0.0
        while child.poll() is None and waited < timeout_s and not self.stop.is_set():
            self.stop.wait(0.5)
            waited += 0.5
        if child.poll() is None:
            why = "stopping" if self.stop.is_set() else f"over its {timeout_s:.0f} s limit"
            log.warning("ending the running scan (%s)", why)
            child.terminate()
            try:
                child.wait(STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        return child.returncode

    def _delay(self) -> float:
        rules = self.settings.checkin
        return next_delay(
            rules.interval_s, rules.jitter_s, self.failures, rules.max_backoff_s, self.rng
        )

    def _last_nightly(self) -> datetime | None:
        try:
            data = json.loads((self.state_dir / STATE_FILE).read_text(encoding="utf-8"))
            return datetime.fromisoformat(data["last_nightly"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _remember_nightly(self, when: datetime) -> None:
        body = json.dumps({"last_nightly": when.isoformat()}).encode("utf-8")
        try:
            write_atomic(self.state_dir / STATE_FILE, body, mode=0o600)
        except OSError as exc:
            log.warning("could not remember the nightly run: %s", exc)


def _enrollment(state_dir: Path) -> Enrollment | None:
    try:
        return load_enrollment(state_dir)
    except NotEnrolledError as exc:
        log.warning("%s", exc)
        return None
