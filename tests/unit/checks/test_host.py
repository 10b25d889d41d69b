"""The agent's own PC: pure judging of snapshots, and one real psutil snapshot of this machine."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent.checks.config import HealthSettings
from agent.checks.host import (
    BatteryState,
    DiskUsage,
    HostSnapshot,
    battery_health,
    clock_skew_result,
    evaluate_host,
    fixed_disk,
    run_host_checks,
    sustained_cpu_percent,
)
from schemas.health import CheckStatus
from tests.unit.checks.support import run

GB = 10**9
NOW = 1_790_000_000.0


def _snapshot(**changes: object) -> HostSnapshot:
    base: dict[str, object] = {
        "disks": (
            DiskUsage("/", "/dev/sda1", "ext4", 500 * GB, 20 * GB),
            DiskUsage("C:\\", "C:", "NTFS", 100 * GB, 50 * GB),
        ),
        "memory_total": 8 * GB,
        "memory_available": 6 * GB,
        "cpu_percent": 12.0,
        "cpu_count": 4,
        "battery": None,
        "boot_time": NOW - 3 * 86400,
        "taken_at": NOW,
    }
    base.update(changes)
    return HostSnapshot(**base)  # type: ignore[arg-type]


def _by_id(snapshot: HostSnapshot, **kwargs: object) -> dict:
    return {r.check_id: r for r in evaluate_host(snapshot, HealthSettings(), **kwargs)}  # type: ignore[arg-type]


def test_disks_memory_cpu_uptime() -> None:
    checks = _by_id(_snapshot())
    assert (checks["host.disk.root"].status, checks["host.disk.root"].summary) == (
        CheckStatus.CRITICAL,
        "Disk / 4 % free (20.0 GB of 500.0 GB)",
    )
    assert checks["host.disk.c"].status is CheckStatus.OK
    assert checks["host.memory"].summary == "Memory 25 % in use (8.0 GB installed)"
    assert checks["host.cpu"].summary == "CPU 12 % busy over the last 15 minutes (4 cores)"
    assert (checks["host.uptime"].status, checks["host.uptime"].summary) == (
        CheckStatus.OK,
        "Last restarted 3 days ago",
    )
    assert "host.battery" not in checks
    assert "host.clock" not in checks


def test_disk_warning_band_and_long_uptime() -> None:
    snapshot = _snapshot(
        disks=(DiskUsage("/home", "/dev/sdb1", "ext4", 100 * GB, 10 * GB),),
        boot_time=NOW - 45 * 86400,
    )
    checks = _by_id(snapshot)
    assert checks["host.disk.home"].status is CheckStatus.WARNING
    assert checks["host.uptime"].status is CheckStatus.WARNING
    assert (
        checks["host.uptime"].summary
        == "Last restarted 45 days ago — a restart would apply pending updates"
    )


def test_battery_on_battery_and_worn() -> None:
    checks = _by_id(_snapshot(battery=BatteryState(8.0, False, 61.5)))
    battery = checks["host.battery"]
    assert (battery.status, battery.summary) == (
        CheckStatus.CRITICAL,
        "Battery 8 %, on battery; holds 62 % of its design capacity",
    )
    assert (
        _by_id(_snapshot(battery=BatteryState(8.0, True)))["host.battery"].status is CheckStatus.OK
    )


def test_battery_health_from_linux_files() -> None:
    assert battery_health({"energy_full": "41000000\n", "energy_full_design": "50000000\n"}) == 82.0
    assert battery_health({"charge_full": "3000", "charge_full_design": "4000"}) == 75.0
    assert battery_health({"energy_full": "x", "energy_full_design": "0"}) is None


@pytest.mark.parametrize(
    ("header", "status", "summary"),
    [
        ("Sun, 29 Nov 2026 18:00:00 GMT", CheckStatus.OK, "Clock in step with the collector"),
        (
            "Sun, 29 Nov 2026 17:58:00 GMT",
            CheckStatus.WARNING,
            "Clock 120 s ahead of the collector",
        ),
        ("Sun, 29 Nov 2026 18:10:00 GMT", CheckStatus.CRITICAL, "Clock 600 s behind the collector"),
    ],
)
def test_clock_skew_against_the_collector_date(
    header: str, status: CheckStatus, summary: str
) -> None:
    received = datetime(2026, 11, 29, 18, 0, 0, tzinfo=UTC)
    check = clock_skew_result(header, received, HealthSettings())
    assert (check.status, check.summary) == (status, summary)


def test_unreadable_date_header_is_unknown() -> None:
    check = clock_skew_result("yesterday-ish", datetime.now(UTC), HealthSettings())
    assert check.status is CheckStatus.UNKNOWN
    assert check.reason


def test_removable_and_pseudo_filesystems_are_skipped() -> None:
    assert fixed_disk("ext4", "rw,relatime")
    assert not fixed_disk("squashfs", "ro")
    assert not fixed_disk("NTFS", "rw,removable")
    assert not fixed_disk("CDFS", "ro,cdrom")


def test_this_machine() -> None:
    results = run(run_host_checks(HealthSettings()))
    ids = {r.check_id for r in results}
    assert {"host.memory", "host.cpu", "host.uptime"} <= ids
    assert any(i.startswith("host.disk.") for i in ids)
    assert all(r.summary for r in results)


def test_sustained_cpu_is_the_15_minute_load_per_core() -> None:
    assert sustained_cpu_percent(1.0, 4) == 25.0
    assert sustained_cpu_percent(9.0, 2) == 100.0
    assert sustained_cpu_percent(0.5, 0) == 50.0
