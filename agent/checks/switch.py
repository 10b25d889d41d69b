"""Switch check: uptime and restarts, connected ports, interface errors, PoE, firmware."""

from __future__ import annotations

from agent.checks import net_rows as n
from agent.checks.base import CheckOutput, DeviceSources, unknown
from agent.checks.config import HealthSettings
from agent.checks.interfaces import errors_result, parse_interfaces, ports_result
from agent.checks.poe import poe_result
from agent.checks.snmp_data import Rows, fetch
from agent.checks.system import firmware_result, uptime_result
from agent.snmp.errors import SnmpError
from schemas.report import Device, DeviceType

NAME = "switch"
APPLIES_TO = frozenset({DeviceType.SWITCH, DeviceType.ROUTER})
PRIMARY_CHECK = "switch.uptime"


async def run(device: Device, sources: DeviceSources, settings: HealthSettings) -> CheckOutput:
    if sources.snmp is None:
        return no_snmp(NAME, "no SNMP credential answered during discovery")
    try:
        values = await fetch(sources.snmp, n.WALKS, n.SCALARS, settings.max_walk_rows)
    except SnmpError as exc:
        return no_snmp(NAME, f"no SNMP answer: {exc}")
    return evaluate_switch(values, settings, sources.previous_uptime_s, device.firmware)


def evaluate_switch(
    values: Rows,
    settings: HealthSettings,
    previous_uptime_s: float | None = None,
    firmware: str | None = None,
) -> CheckOutput:
    interfaces = parse_interfaces(values)
    found = (
        uptime_result(values, previous_uptime_s, NAME),
        ports_result(interfaces, NAME),
        errors_result(interfaces, settings, NAME),
        poe_result(values, settings, NAME),
        firmware_result(values, NAME, firmware),
    )
    return CheckOutput(tuple(r for r in found if r is not None))


def no_snmp(prefix: str, reason: str) -> CheckOutput:
    return CheckOutput((unknown(f"{prefix}.uptime", "Status not available", reason),))
