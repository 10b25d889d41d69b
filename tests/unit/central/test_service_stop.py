"""The service asked to stop while its nightly scan runs: the scan (a stand-in child process;
no network here) gets SIGTERM and is abandoned, the loop exits 0, and the nightly run is not
marked done, so it runs again after a restart."""

from __future__ import annotations

import asyncio
import logging
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from agent.central import service as service_module
from agent.central.service import STATE_FILE, Service

ROOT = Path(__file__).resolve().parents[3]

# Stands in for `lankeeper-agent scan`: says it started, writes "stopped" on SIGTERM.
CHILD = """
import pathlib, signal, sys, time
out = pathlib.Path(sys.argv[1])
def stopped(*_):
    (out / "stopped").write_text("SIGTERM")
    sys.exit(130)
signal.signal(signal.SIGTERM, stopped)
(out / "started").write_text("yes")
time.sleep(600)
"""


class StandInScan(Service):
    def _scan_argv(self) -> list[str]:
        return [sys.executable, "-c", CHILD, str(self.state_dir)]


async def _stop_during_the_scan(service: Service) -> int:
    run = asyncio.create_task(service.run())
    for _ in range(1200):  # up to a minute for the child to start on a loaded machine
        if (service.state_dir / "started").exists() or run.done():
            break
        await asyncio.sleep(0.05)
    service.request_stop("test")
    return await asyncio.wait_for(run, 120)


def test_a_stop_during_the_nightly_scan_abandons_it_and_keeps_the_night_due(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    nightly = (datetime.now() - timedelta(minutes=5)).strftime("%H:%M")
    config = tmp_path / "agent.toml"
    config.write_text(f'[schedule]\nnightly_time = "{nightly}"\n[checkin]\nenabled = false\n')
    state = tmp_path / "state"
    state.mkdir()
    service = StandInScan(config=config, state_dir=state)

    assert asyncio.run(_stop_during_the_scan(service)) == 0

    assert (state / "started").exists(), caplog.text
    assert (state / "stopped").read_text() == "SIGTERM", "the scan was asked to stop"
    assert "ending the running scan (the service is stopping" in caplog.text
    assert "the nightly run was abandoned" in caplog.text
    assert not (state / STATE_FILE).exists(), "an abandoned nightly run is not marked done"
    assert "service stopped after 1 scan(s)" in caplog.text


def test_every_wait_fits_in_the_stop_budget_and_the_unit_allows_it() -> None:
    """The check-in deadline and the scan's grace are shorter than the service's stop budget,
    and the packaged unit lets systemd wait longer than that budget before SIGKILL."""
    assert service_module.CHECKIN_DEADLINE_S < service_module.STOP_BUDGET_S
    assert service_module.SCAN_STOP_GRACE_S < service_module.STOP_BUDGET_S
    unit = ROOT / "packaging" / "systemd" / "lankeeper-agent-service.service"
    [line] = [x for x in unit.read_text().splitlines() if x.startswith("TimeoutStopSec=")]
    assert (
        float(line.removeprefix("TimeoutStopSec=").removesuffix("s")) > service_module.STOP_BUDGET_S
    )
