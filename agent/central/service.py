"""``lankeeper-agent service``: a light loop that checks in every few minutes and runs a scan
(in a child process, so the loop stays small) when a technician asked or the nightly time came.

Survives collector outages (backs off, keeps the last central settings), re-reads the local
file and the enrollment each round (a bad file is reported, the previous one is kept).

Stopping (SIGTERM/SIGINT, see ``agent.commands.service``) is prompt wherever the loop is: the
signal sets an ``asyncio.Event`` from the event loop (never a lock taken inside a signal
handler); the wait between check-ins ends on it; a check-in in flight is cancelled (its
thread abandoned, see ``agent.central.offthread``); a running scan is abandoned: it gets
SIGTERM, which it treats like Ctrl+C, so it queues no report unless one was already written
whole (the outbox writes are atomic), then SIGKILL after ``SCAN_STOP_GRACE_S``. An abandoned
nightly run is not marked done, so it runs again after a restart (within its catch-up window);
an abandoned "scan now" request is handed out again by the collector.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import sys
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from agent.central.cache import load_cached, save_cached
from agent.central.client import CheckinError, check_in
from agent.central.merge import merge
from agent.central.offthread import in_daemon_thread
from agent.central.schedule import next_delay, nightly_due
from agent.enroll.atomic import write_atomic
from agent.enroll.state import Enrollment, NotEnrolledError, load_enrollment
from agent.settings import Settings, SettingsError, load_settings
from schemas.checkin import CheckinResponse

log = logging.getLogger(__name__)
T = TypeVar("T")
STATE_FILE = "service-state.json"
# The packaged unit gives 60 s (TimeoutStopSec); everything below fits in STOP_BUDGET_S.
STOP_BUDGET_S = 45.0
SCAN_STOP_GRACE_S = 20.0  # a scan asked to stop gets this long, then SIGKILL
CHECKIN_DEADLINE_S = 20.0  # the whole check-in (connect + answer), whatever the config says


@dataclass(frozen=True)
class ScanReason:
    text: str
    nightly: datetime | None = None  # set for the nightly run: remembered once it ran


@dataclass
class Service:
    config: Path | None
    state_dir: Path
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    rng: random.Random = field(default_factory=random.Random)
    settings: Settings = field(default_factory=Settings)
    failures: int = 0
    scans: int = 0

    def request_stop(self, why: str) -> None:
        """Called from the event loop (a signal handler registered with it)."""
        if not self.stop.is_set():
            log.info("stop requested (%s)", why)
        self.stop.set()

    async def run(self) -> int:
        log.info("service started (state in %s)", self.state_dir)
        while not self.stop.is_set():
            await self.round()
            await self._pause(self._delay())
        log.info("service stopped after %d scan(s)", self.scans)
        return 0

    async def round(self) -> None:
        self._reload()
        enrollment = _enrollment(self.state_dir)
        answer = await self._check_in(enrollment) if enrollment else None
        reason = self._reason(answer)
        if reason is not None and not self.stop.is_set():
            await self._scan(reason)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop.wait(), seconds)

    async def _until_stopped(self, work: Awaitable[T]) -> tuple[bool, T | None]:
        """``(True, result)`` of ``work``, or ``(False, None)`` when a stop came first (``work``
        is then cancelled). Exceptions of ``work`` propagate."""
        task = asyncio.ensure_future(work)
        stopper = asyncio.ensure_future(self.stop.wait())
        try:
            await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
        if task.done():
            return True, task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return False, None

    def _reload(self) -> None:
        try:
            self.settings = load_settings(self.config)
        except SettingsError as exc:
            log.error("configuration not reloaded, keeping the previous one: %s", exc)

    async def _check_in(self, enrollment: Enrollment) -> CheckinResponse | None:
        if not self.settings.checkin.enabled:
            return None
        try:
            done, answer = await self._until_stopped(self._ask(enrollment))
        except CheckinError as exc:
            self.failures += 1
            log.warning("check-in failed (%d in a row): %s", self.failures, exc)
            return None
        if not done or answer is None:
            log.info("check-in cancelled: the service is stopping")
            return None
        self.failures = 0
        try:
            save_cached(self.state_dir, answer)
        except OSError as exc:
            log.warning("could not cache the central settings: %s", exc)
        return answer

    async def _ask(self, enrollment: Enrollment) -> CheckinResponse:
        """One check-in, bounded as a whole by ``CHECKIN_DEADLINE_S`` (``requests`` bounds each
        socket operation only, so a collector that answers byte by byte is cut off here)."""
        limit = min(self.settings.checkin.timeout_s, CHECKIN_DEADLINE_S)

        def call() -> CheckinResponse:
            return check_in(enrollment, "service", timeout_s=limit)

        try:
            async with asyncio.timeout(limit):
                return await in_daemon_thread(call, name="lankeeper-checkin")
        except TimeoutError:
            url = enrollment.collector_url
            raise CheckinError(
                f"the collector at {url} did not answer within {limit:.0f} s"
            ) from None

    def _reason(self, answer: CheckinResponse | None) -> ScanReason | None:
        if answer is not None and answer.scan_requested is not None:
            at = answer.scan_requested.requested_at
            return ScanReason(f"scan requested at {at:%Y-%m-%d %H:%M} UTC")
        central = answer or load_cached(self.state_dir)
        settings = merge(self.settings, central.settings).settings if central else self.settings
        now = datetime.now().astimezone()
        if nightly_due(now, settings.schedule.nightly_time, self._last_nightly()):
            return ScanReason("nightly run", nightly=now)
        return None

    async def _scan(self, reason: ScanReason) -> None:
        log.info("starting a scan: %s", reason.text)
        child = await asyncio.create_subprocess_exec(
            *self._scan_argv(), stdin=asyncio.subprocess.DEVNULL
        )
        finished = await self._wait(child, self.settings.schedule.scan_timeout_s)
        self.scans += 1
        log.info("scan finished (exit code %s)", child.returncode)
        if finished and reason.nightly is not None:
            self._remember_nightly(reason.nightly)
        elif reason.nightly is not None:
            log.info("the nightly run was abandoned: it runs again once the service is back")

    def _scan_argv(self) -> list[str]:
        argv = [sys.executable, "-m", "agent.cli", "scan", "--quiet"]
        argv += ["--state-dir", str(self.state_dir)]
        if self.config is not None:
            argv += ["--config", str(self.config)]
        return argv

    async def _wait(self, child: asyncio.subprocess.Process, timeout_s: float) -> bool:
        """Wait for the scan; False when the service is stopping and the scan was abandoned."""
        try:
            done, _ = await self._until_stopped(asyncio.wait_for(child.wait(), timeout_s))
        except TimeoutError:
            await _end(child, f"over its {timeout_s:.0f} s limit")
            return True
        if not done:
            await _end(
                child,
                "the service is stopping: no report from this scan unless it was queued whole",
            )
        return done

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


async def _end(child: asyncio.subprocess.Process, why: str) -> None:
    """SIGTERM (the scan stops as on Ctrl+C), then SIGKILL after ``SCAN_STOP_GRACE_S``."""
    log.warning("ending the running scan (%s)", why)
    with contextlib.suppress(ProcessLookupError):
        child.terminate()
    try:
        await asyncio.wait_for(child.wait(), SCAN_STOP_GRACE_S)
    except TimeoutError:
        log.warning("the scan did not stop within %.0f s: killing it", SCAN_STOP_GRACE_S)
        with contextlib.suppress(ProcessLookupError):
            child.kill()
        await child.wait()


def _enrollment(state_dir: Path) -> Enrollment | None:
    try:
        return load_enrollment(state_dir)
    except NotEnrolledError as exc:
        log.warning("%s", exc)
        return None
