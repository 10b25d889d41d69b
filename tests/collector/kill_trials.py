"""Kill -9 trials: SIGKILL the agent's ``send`` or the collector mid-ingest, restart, resend,
then count every report in the outbox and in the collector (0 lost, 0 duplicated).

Used by ``tests/collector/test_kill_trials.py`` (a few trials) and ``benchmarks/kill_trials.py``
(≥ 100 trials on SQLite and PostgreSQL). Everything is real: ``lankeeper-collector serve`` and
``lankeeper-agent send`` run as their own processes, the database is a real one.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agent.outbox import SendPolicy, enqueue, flush, held, pending, rejected
from collector.db.inventory import Report as ReportRow
from tests.collector.helpers import free_port
from tests.collector.live import ROOT, wait_healthy
from tests.collector.reports import device, report

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@dataclass
class Counts:
    trials: int = 0
    runs: int = 0
    send_killed: int = 0
    collector_killed: int = 0
    reports: int = 0
    in_collector: int = 0
    in_outbox: int = 0
    lost: int = 0
    stored_but_queued: int = 0  # send kills after the collector stored a report, before unlink
    duplicated: int = 0

    def line(self, label: str) -> str:
        return (
            f"{label}: {self.trials} kill trials in {self.runs} sends ({self.send_killed} "
            f"sends, {self.collector_killed} collectors killed mid-run); {self.reports} reports: "
            f"{self.in_collector} in the collector, {self.in_outbox} still in the outbox, "
            f"{self.lost} lost, {self.duplicated} duplicated; {self.stored_but_queued} send "
            "kills landed after the collector stored a report and before the agent removed it"
        )


class Collector:
    """``lankeeper-collector serve`` as its own process group, restartable on one port."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "collector", "serve", "--database-url"]
        command += [self.database_url, "--port", str(self.port)]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_healthy(self.base, self.process)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


def start_send(state: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "agent.cli", "send", "--state-dir", str(state)]
    return subprocess.Popen(
        [*command, "--max-attempts", "1"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@dataclass
class Trials:
    collector: Collector
    state: Path
    factory: sessionmaker[Session]
    school: str
    rng: random.Random
    counts: Counts
    queued: list[str]
    send_s: float = 1.0  # running estimate of an uninterrupted send's duration

    def run(self, trials: int) -> Counts:
        """``trials`` kills (sends that finished before their kill do not count), then count."""
        for _ in range(4 * trials):
            if self.counts.trials >= trials:
                break
            self.one()
        return self.finish()

    def one(self) -> None:
        """Queue 1-3 reports, start a send, SIGKILL it or (every other kill) the collector
        after a random part of the time a send takes."""
        self.counts.runs += 1
        for _ in range(self.rng.randint(1, 3)):
            started = datetime.now(UTC) - timedelta(minutes=1)
            devices = [device(n) for n in range(self.rng.randint(100, 600))]
            document = report(self.school, devices, started=started)
            enqueue(document, self.state)
            self.queued.append(str(document.report_id))
        sender, clock = start_send(self.state), time.monotonic()
        try:
            sender.wait(timeout=self.rng.uniform(0.4, 1.0) * self.send_s)
        except subprocess.TimeoutExpired:
            self._kill_one(sender)
            self.counts.trials += 1
        else:  # finished before the kill: learn how long a send takes, aim better next time
            self.send_s = 0.5 * self.send_s + 0.5 * (time.monotonic() - clock)
        sender.wait()

    def _kill_one(self, sender: subprocess.Popen[bytes]) -> None:
        if self.counts.trials % 2 == 0:
            sender.send_signal(signal.SIGKILL)
            sender.wait()
            self.counts.send_killed += 1
            queued = {self._id_of(path) for path in pending(self.state)}
            self.counts.stored_but_queued += bool(queued & set(self._stored()))
            return
        self.collector.kill()
        self.counts.collector_killed += 1
        sender.wait(timeout=60)
        self.collector.start()

    def finish(self) -> Counts:
        """Resend what is left (as the next run would), then count."""
        for _ in range(5):
            if not pending(self.state):
                break
            flush(self.state, policy=SendPolicy(max_attempts=3, retry_base_s=0.0))
        stored = self._stored()
        outbox = [self._id_of(p) for p in pending(self.state)]
        outbox += [self._id_of(p) for p, _ in held(self.state) + rejected(self.state)]
        counts = self.counts
        counts.reports = len(self.queued)
        counts.in_collector = len(set(stored) & set(self.queued))
        counts.in_outbox = len(set(outbox) - set(stored))
        counts.lost = len(set(self.queued) - set(stored) - set(outbox))
        counts.duplicated = sum(n - 1 for n in Counter(stored).values() if n > 1)
        counts.duplicated += len(set(stored) - set(self.queued))  # stored but never queued
        return counts

    def _stored(self) -> list[str]:
        with self.factory() as session:
            return [str(u) for u in session.scalars(select(ReportRow.report_uuid))]

    @staticmethod
    def _id_of(path: Path) -> str:
        return path.name.split("-", 1)[1].removesuffix(".json")
