"""Access-point check: uptime and restarts, Wi-Fi clients and radios, interface errors,
PoE (when the AP powers something), firmware."""

from __future__ import annotations

from agent.checks import net_rows as n
from agent.checks.base import CheckOutput, DeviceSources
from agent.checks.config import HealthSettings
from agent.checks.interfaces import errors_result, parse_interfaces
from agent.checks.poe import poe_result
from agent.checks.snmp_data import Rows, fetch
from agent.checks.switch import no_snmp
from agent.checks.system import firmware_result, uptime_result
from agent.checks.wifi import wifi_result
from agent.snmp.errors import SnmpError
from schemas.report import Device, DeviceType

NAME = "access_point"
APPLIES_TO = frozenset({DeviceType.ACCESS_POINT})
PRIMARY_CHECK = "access_point.uptime"


async def run(device: Device, sources: DeviceSources, settings: HealthSettings) -> CheckOutput:
    if sources.snmp is None:
        return no_snmp(NAME, "no SNMP credential answered during discovery")
    walks = (*n.WALKS, *n.WIFI_WALKS)
    try:
        values = await fetch(sources.snmp, walks, n.SCALARS, settings.max_walk_rows)
    except SnmpError as exc:
        return no_snmp(NAME, f"no SNMP answer: {exc}")
    return evaluate_access_point(values, settings, sources.previous_uptime_s, device.firmware)


def evaluate_access_point(
    values: Rows,
    settings: HealthSettings,
    previous_uptime_s: float | None = None,
    firmware: str | None = None,
) -> CheckOutput:
    interfaces = parse_interfaces(values)
    found = (
        uptime_result(values, previous_uptime_s, NAME),
        wifi_result(values, interfaces, NAME),
        errors_result(interfaces, settings, NAME),
        poe_result(values, settings, NAME),
        firmware_result(values, NAME, firmware),
    )
    return CheckOutput(tuple(r for r in found if r is not None))
