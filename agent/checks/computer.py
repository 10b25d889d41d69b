"""LAN computers: up/down and response time from discovery; disks, memory, CPU and uptime
from HOST-RESOURCES-MIB when the computer answers SNMP."""

from __future__ import annotations

from agent.checks import computer_rows as c
from agent.checks.base import (
    CheckOutput,
    DeviceSources,
    Reachability,
    against,
    metric,
    result,
    slug,
)
from agent.checks.config import HealthSettings, Threshold
from agent.checks.snmp_data import Rows, fetch, index_key, number, table, text
from agent.checks.system import uptime_result
from agent.snmp.errors import SnmpError
from agent.snmp.values import Value, as_oid
from schemas.health import CheckResult, CheckStatus
from schemas.report import Device, DeviceType

NAME = "computer"
APPLIES_TO = frozenset({DeviceType.COMPUTER, DeviceType.NAS})
PRIMARY_CHECK = "computer.reachable"


async def run(device: Device, sources: DeviceSources, settings: HealthSettings) -> CheckOutput:
    reach = reachable_result(sources.seen)
    if sources.snmp is None:
        return CheckOutput((reach,))
    try:
        values = await fetch(sources.snmp, c.WALKS, c.SCALARS, settings.max_walk_rows)
    except SnmpError:
        return CheckOutput((reach,))  # SNMP is optional for a computer; discovery saw it
    return CheckOutput((reach,)) + evaluate_host_resources(
        values, settings, sources.previous_uptime_s
    )


def reachable_result(seen: Reachability | None) -> CheckResult:
    check_id = f"{NAME}.reachable"
    if seen is None:
        return result(check_id, CheckStatus.OK, "Seen on the network this run")
    evidence = {"method": seen.method}
    if not seen.answered:
        why = "no answer this run (switched off or asleep)"
        summary = "Not answering — probably switched off"
        return result(check_id, CheckStatus.UNKNOWN, summary, reason=why, evidence=evidence)
    if seen.rtt_ms is None:
        return result(check_id, CheckStatus.OK, "Responding", evidence=evidence)
    metrics = [metric("rtt", seen.rtt_ms, "ms")]
    summary = f"Responding in {seen.rtt_ms:.1f} ms"
    return result(check_id, CheckStatus.OK, summary, metrics=metrics, evidence=evidence)


def evaluate_host_resources(
    values: Rows, settings: HealthSettings, previous_uptime_s: float | None = None
) -> CheckOutput:
    storage = table(values, c.STORAGE_ENTRY, c.STORAGE_COLUMNS)
    rows = [(i, storage[i]) for i in sorted(storage, key=index_key)]
    disks = [
        _disk(i, row, settings.disk_free_percent) for i, row in rows if _kind(row) == c.FIXED_DISK
    ]
    memory = [_memory(row, settings.memory_used_percent) for _, row in rows if _kind(row) == c.RAM][
        :1
    ]
    found = [*disks[: c.MAX_DISKS], *memory, _cpu(values, settings.cpu_load_percent)]
    if any(oid in values for oid in c.SCALARS):
        found.append(uptime_result(values, previous_uptime_s, NAME, warn_on_restart=False))
    return CheckOutput(tuple(r for r in found if r is not None))


def _kind(row: dict[int, Value]) -> str | None:
    return as_oid(row.get(2))


def _bytes(row: dict[int, Value]) -> tuple[int, int] | None:
    unit, size, used = (number(row.get(col)) for col in (4, 5, 6))
    if (
        unit is None
        or size is None
        or used is None
        or unit <= 0
        or size <= 0
        or not 0 <= used <= size
    ):
        return None
    return size * unit, used * unit


def _gb(count: float) -> str:
    return f"{count / 1e9:.1f} GB"


def _disk(index: str, row: dict[int, Value], threshold: Threshold) -> CheckResult | None:
    sizes = _bytes(row)
    if sizes is None:
        return None
    size, used = sizes
    raw = text(row.get(3), 128) or f"disk {index}"
    match = c.DISK_LABEL.match(raw)
    label = match.group(1) if match else raw
    if size < c.MIN_DISK_BYTES or c.NOT_A_DISK.match(label):
        return None
    free = 100 * (size - used) / size
    summary = f"Disk {label} {free:.0f} % free ({_gb(size - used)} of {_gb(size)})"
    metrics = [
        metric("free", round(free, 2), "%"),
        metric("size", size, "B"),
        metric("used", used, "B"),
    ]
    evidence = {"hrStorageDescr": raw, "hrStorageIndex": index}
    check_id = f"{NAME}.disk.{slug(label, 'root' if label == '/' else index)}"
    return result(check_id, against(free, threshold), summary, metrics=metrics, evidence=evidence)


def _memory(row: dict[int, Value], threshold: Threshold) -> CheckResult | None:
    sizes = _bytes(row)
    if sizes is None:
        return None
    size, used = sizes
    share = 100 * used / size
    summary = f"Memory {share:.0f} % used ({_gb(used)} of {_gb(size)})"
    metrics = [metric("used", round(share, 2), "%"), metric("size", size, "B")]
    return result(f"{NAME}.memory", against(share, threshold), summary, metrics=metrics)


def _cpu(values: Rows, threshold: Threshold) -> CheckResult | None:
    loads = [number(v) for oid, v in values.items() if oid.startswith(c.PROCESSOR_LOAD + ".")]
    known = [load for load in loads if load is not None and 0 <= load <= 100]
    if not known:
        return None
    average = sum(known) / len(known)
    summary = f"CPU load {average:.0f} % ({len(known)} processor{'s' if len(known) != 1 else ''})"
    return result(
        f"{NAME}.cpu", against(average, threshold), summary, metrics=[metric("load", average, "%")]
    )
