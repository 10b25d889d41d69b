"""The agent's own PC: disks, memory, CPU, battery, days since reboot, clock skew.

``take_snapshot`` reads psutil (blocking; ``run_host_checks`` runs it in a thread); everything
after it is pure: ``evaluate_host(snapshot, settings, ...)`` turns numbers into results.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import psutil

from agent.checks.base import against, metric, result, slug, unknown
from agent.checks.config import HealthSettings
from schemas.health import CheckResult, CheckStatus

SKIPPED_FSTYPES = frozenset({"squashfs", "iso9660", "udf", "tmpfs", "devtmpfs", "overlay", "ramfs"})
SKIPPED_OPTIONS = ("cdrom", "removable")
POWER_SUPPLY = Path("/sys/class/power_supply")
MAX_DISKS = 32


@dataclass(frozen=True)
class DiskUsage:
    mountpoint: str
    device: str
    fstype: str
    total: int
    free: int


@dataclass(frozen=True)
class BatteryState:
    percent: float
    plugged: bool | None
    health_percent: float | None = None  # full capacity now vs. design capacity


@dataclass(frozen=True)
class HostSnapshot:
    disks: tuple[DiskUsage, ...]
    memory_total: int
    memory_available: int
    cpu_percent: float | None
    cpu_count: int
    battery: BatteryState | None
    boot_time: float  # epoch seconds
    taken_at: float  # epoch seconds


def sustained_cpu_percent(load_15min: float, cores: int) -> float:
    """The 15-minute load average as a share of the cores (capped at 100 %).

    A one-off sample taken while the agent itself is scanning says more about the agent
    than about the PC; the 15-minute average says whether the PC is busy."""
    return round(min(100.0, 100.0 * load_15min / max(1, cores)), 1)


def take_snapshot() -> HostSnapshot:
    """Read the PC through psutil. Blocking (psutil bulk reads)."""
    memory = psutil.virtual_memory()
    cores = psutil.cpu_count() or 1
    return HostSnapshot(
        disks=tuple(_disks()),
        memory_total=memory.total,
        memory_available=memory.available,
        cpu_percent=sustained_cpu_percent(psutil.getloadavg()[2], cores),
        cpu_count=cores,
        battery=_battery(),
        boot_time=psutil.boot_time(),
        taken_at=time.time(),
    )


def _disks() -> list[DiskUsage]:
    seen: set[str] = set()
    disks = []
    for part in psutil.disk_partitions(all=False):
        if not fixed_disk(part.fstype, part.opts) or part.device in seen:
            continue
        seen.add(part.device)
        try:
            usage = psutil.disk_usage(part.mountpoint)
        except OSError:
            continue
        disks.append(DiskUsage(part.mountpoint, part.device, part.fstype, usage.total, usage.free))
    return disks[:MAX_DISKS]


def fixed_disk(fstype: str, opts: str) -> bool:
    options = opts.lower()
    return fstype.lower() not in SKIPPED_FSTYPES and not any(o in options for o in SKIPPED_OPTIONS)


def _battery() -> BatteryState | None:
    battery = psutil.sensors_battery() if hasattr(psutil, "sensors_battery") else None
    if battery is None:
        return None
    return BatteryState(float(battery.percent), battery.power_plugged, _linux_battery_health())


def _linux_battery_health() -> float | None:
    for supply in sorted(POWER_SUPPLY.glob("BAT*")) if POWER_SUPPLY.is_dir() else []:
        files = {
            p.name: p.read_text(errors="replace") for p in supply.glob("*_full*") if p.is_file()
        }
        health = battery_health(files)
        if health is not None:
            return health
    return None


def battery_health(files: dict[str, str]) -> float | None:
    """Full capacity now as % of design, from Linux power_supply files (energy_* or charge_*)."""
    for prefix in ("energy", "charge"):
        full, design = files.get(f"{prefix}_full"), files.get(f"{prefix}_full_design")
        if (
            full
            and design
            and full.strip().isdigit()
            and design.strip().isdigit()
            and int(design) > 0
        ):
            return round(100 * int(full) / int(design), 1)
    return None


async def run_host_checks(
    settings: HealthSettings,
    *,
    collector_date: str | None = None,
    received_at: datetime | None = None,
) -> list[CheckResult]:
    """All host results; ``collector_date`` is the collector's HTTP Date header, when known,
    and ``received_at`` the local UTC time that reply arrived."""
    snapshot = await asyncio.to_thread(take_snapshot)
    return evaluate_host(snapshot, settings, collector_date=collector_date, received_at=received_at)


def evaluate_host(
    snapshot: HostSnapshot,
    settings: HealthSettings,
    *,
    collector_date: str | None = None,
    received_at: datetime | None = None,
) -> list[CheckResult]:
    found = [disk_result(d, settings) for d in snapshot.disks]
    found += [
        memory_result(snapshot, settings),
        cpu_result(snapshot, settings),
        uptime_result(snapshot, settings),
    ]
    if snapshot.battery is not None:
        found.append(battery_result(snapshot.battery, settings))
    if collector_date is not None and received_at is not None:
        found.append(clock_skew_result(collector_date, received_at, settings))
    return [r for r in found if r is not None]


def _gb(count: float) -> str:
    return f"{count / 1e9:.1f} GB"


def disk_result(disk: DiskUsage, settings: HealthSettings) -> CheckResult | None:
    if disk.total <= 0:
        return None
    free = 100 * disk.free / disk.total
    summary = f"Disk {disk.mountpoint} {free:.0f} % free ({_gb(disk.free)} of {_gb(disk.total)})"
    metrics = [
        metric("free", round(free, 2), "%"),
        metric("free_bytes", disk.free, "B"),
        metric("size", disk.total, "B"),
    ]
    evidence = {"device": disk.device, "fstype": disk.fstype}
    check_id = f"host.disk.{slug(disk.mountpoint, 'root')}"
    return result(
        check_id,
        against(free, settings.disk_free_percent),
        summary,
        metrics=metrics,
        evidence=evidence,
    )


def memory_result(snapshot: HostSnapshot, settings: HealthSettings) -> CheckResult | None:
    if snapshot.memory_total <= 0:
        return None
    used = 100 * (snapshot.memory_total - snapshot.memory_available) / snapshot.memory_total
    summary = f"Memory {used:.0f} % in use ({_gb(snapshot.memory_total)} installed)"
    metrics = [metric("used", round(used, 2), "%"), metric("size", snapshot.memory_total, "B")]
    return result(
        "host.memory", against(used, settings.memory_used_percent), summary, metrics=metrics
    )


def cpu_result(snapshot: HostSnapshot, settings: HealthSettings) -> CheckResult | None:
    if snapshot.cpu_percent is None:
        return None
    load = snapshot.cpu_percent
    summary = f"CPU {load:.0f} % busy over the last 15 minutes ({snapshot.cpu_count} cores)"
    return result(
        "host.cpu",
        against(load, settings.cpu_load_percent),
        summary,
        metrics=[metric("load", load, "%")],
    )


def uptime_result(snapshot: HostSnapshot, settings: HealthSettings) -> CheckResult:
    days = max(0.0, snapshot.taken_at - snapshot.boot_time) / 86400
    status = against(days, settings.uptime_days)
    summary = (
        f"Last restarted {days:.0f} days ago" if days >= 1 else "Restarted within the last day"
    )
    if status is not CheckStatus.OK:
        summary += " — a restart would apply pending updates"
    return result(
        "host.uptime", status, summary, metrics=[metric("days_since_reboot", round(days, 2), "d")]
    )


def battery_result(battery: BatteryState, settings: HealthSettings) -> CheckResult:
    status = (
        CheckStatus.OK if battery.plugged else against(battery.percent, settings.battery_percent)
    )
    power = "on mains power" if battery.plugged else "on battery"
    summary = f"Battery {battery.percent:.0f} %, {power}"
    metrics = [metric("charge", battery.percent, "%")]
    if battery.health_percent is not None:
        metrics.append(metric("health", battery.health_percent, "%"))
        summary += f"; holds {battery.health_percent:.0f} % of its design capacity"
    return result("host.battery", status, summary, metrics=metrics)


def clock_skew_result(
    collector_date: str, received_at: datetime, settings: HealthSettings
) -> CheckResult:
    """Local clock vs. the collector's ``Date`` header (1 s resolution, so ±1 s is noise)."""
    try:
        remote = parsedate_to_datetime(collector_date)
    except (TypeError, ValueError, IndexError):
        return unknown(
            "host.clock",
            "Clock not compared",
            f"collector Date header unreadable: {collector_date[:64]!r}",
        )
    if remote.tzinfo is None:
        remote = remote.replace(tzinfo=UTC)
    skew = (received_at - remote).total_seconds()
    status = against(abs(skew), settings.clock_skew_s)
    direction = "ahead of" if skew > 0 else "behind"
    summary = (
        f"Clock {abs(skew):.0f} s {direction} the collector"
        if abs(skew) >= 2
        else "Clock in step with the collector"
    )
    return result("host.clock", status, summary, metrics=[metric("skew", round(skew, 1), "s")])
