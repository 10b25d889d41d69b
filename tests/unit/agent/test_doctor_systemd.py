"""The doctor reads the real ``systemctl is-enabled`` about the packaged timer, installed in a
scratch root (``systemctl --root``: no running systemd needed, nothing on this machine touched)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from agent.doctor.model import Status
from agent.doctor.systemd import SERVICE_MODE, TIMER, query_timer

UNITS = Path(__file__).resolve().parents[3] / "packaging" / "systemd"


def _systemctl() -> str:
    found = shutil.which("systemctl")
    assert found, "systemctl (Debian package systemd) is needed for this test"
    return found


def test_the_timer_as_systemctl_reports_it(tmp_path: Path) -> None:
    systemctl = _systemctl()
    assert query_timer(systemctl, tmp_path).status is Status.WARN  # not installed
    units = tmp_path / "etc" / "systemd" / "system"
    units.mkdir(parents=True)
    for name in ("lankeeper-agent.service", TIMER):
        shutil.copy(UNITS / name, units / name)
    disabled = query_timer(systemctl, tmp_path)
    assert disabled.status is Status.FAIL
    assert f"systemctl enable --now {TIMER}" in disabled.sentence()
    root = ["--root", str(tmp_path)]
    subprocess.run([systemctl, *root, "enable", TIMER], check=True, capture_output=True)
    assert query_timer(systemctl, tmp_path).status is Status.OK
    subprocess.run([systemctl, *root, "disable", TIMER], check=True, capture_output=True)
    assert query_timer(systemctl, tmp_path).status is Status.FAIL


def test_the_service_mode_unit_counts_as_scheduled(tmp_path: Path) -> None:
    """The long-running service schedules the nightly scan itself: the timer may stay off."""
    systemctl = _systemctl()
    units = tmp_path / "etc" / "systemd" / "system"
    units.mkdir(parents=True)
    for name in ("lankeeper-agent.service", TIMER, SERVICE_MODE):
        shutil.copy(UNITS / name, units / name)
    assert query_timer(systemctl, tmp_path).status is Status.FAIL  # neither enabled
    root = ["--root", str(tmp_path)]
    subprocess.run([systemctl, *root, "enable", SERVICE_MODE], check=True, capture_output=True)
    found = query_timer(systemctl, tmp_path)
    assert found.status is Status.OK
    assert SERVICE_MODE in found.sentence()
