"""Uptime with reboot detection, and firmware version — for any SNMP device. Pure."""

from __future__ import annotations

from agent.checks import net_rows as n
from agent.checks.base import metric, result, unknown
from agent.checks.snmp_data import Rows, index_key, number, table, text
from schemas.health import CheckResult, CheckStatus


def uptime_seconds(values: Rows) -> tuple[float, str] | None:
    """(seconds, OID) from the first uptime source that answered."""
    for oid in n.UPTIME_SOURCES:
        ticks = number(values.get(oid))
        if ticks is not None and ticks >= 0:
            return ticks / 100, oid
    return None


def duration(seconds: float) -> str:
    """``3 days 4 h``, ``5 h 12 min``, ``7 min``."""
    minutes = int(seconds // 60)
    days, hours, mins = minutes // 1440, minutes // 60 % 24, minutes % 60
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h"
    return f"{hours} h {mins} min" if hours else f"{mins} min"


def uptime_result(
    values: Rows, previous_s: float | None, prefix: str, *, warn_on_restart: bool = True
) -> CheckResult:
    """``<prefix>.uptime``; warning when the device restarted since the previous run
    (unless restarts are normal for it, as for a PC)."""
    found = uptime_seconds(values)
    if found is None:
        return unknown(f"{prefix}.uptime", "Uptime not reported", "no uptime OID answered")
    seconds, oid = found
    rebooted = previous_s is not None and seconds < previous_s and not _wrapped(previous_s)
    status = CheckStatus.WARNING if rebooted and warn_on_restart else CheckStatus.OK
    summary = (
        f"Restarted since the last check (up {duration(seconds)})"
        if rebooted
        else f"Up {duration(seconds)}"
    )
    evidence = {"oid": oid, "previous_uptime_s": str(previous_s)}
    return result(
        f"{prefix}.uptime",
        status,
        summary,
        metrics=[metric("uptime", seconds, "s")],
        evidence=evidence,
    )


def _wrapped(previous_s: float) -> bool:
    """A 32-bit TimeTicks counter near its 497-day wrap restarting from 0 is not a reboot."""
    return previous_s > 0.95 * n.TICKS_WRAP_S


def firmware_version(values: Rows) -> tuple[str, str] | None:
    """(version, where from): a vendor scalar, else entPhysicalSoftwareRev of the chassis."""
    for oid in n.FIRMWARE_SCALARS:
        version = text(values.get(oid), 128)
        if version:
            return version, oid
    entities = table(values, n.ENT_ENTRY, (5, 10))
    for index in sorted(entities, key=index_key):
        row = entities[index]
        version = text(row.get(10), 128)
        if number(row.get(5)) == n.ENT_CHASSIS and version:
            return version, f"{n.ENT_ENTRY}.10.{index}"
    return None


def firmware_result(values: Rows, prefix: str, known: str | None = None) -> CheckResult | None:
    found = firmware_version(values) or ((known, "discovery") if known else None)
    if found is None:
        return None
    version, source = found
    return result(
        f"{prefix}.firmware", CheckStatus.OK, f"Firmware {version}", evidence={"source": source}
    )
