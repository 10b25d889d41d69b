"""UPS check: power source, battery charge/state/replacement, runtime, load, self-test.

Readings are rows (``ups_rows``); this module fetches them with one SNMP get and judges.
"""

from __future__ import annotations

from agent.checks import ups_rows
from agent.checks.base import CheckOutput, DeviceSources, unknown
from agent.checks.config import HealthSettings
from agent.checks.readings import evaluate_number, evaluate_state
from agent.checks.snmp_data import Rows, fetch
from agent.snmp.errors import SnmpError
from schemas.report import Device, DeviceType

NAME = "ups"
APPLIES_TO = frozenset({DeviceType.UPS})
PRIMARY_CHECK = "ups.power"


async def run(device: Device, sources: DeviceSources, settings: HealthSettings) -> CheckOutput:
    if sources.snmp is None:
        return _no_data("no SNMP credential answered during discovery")
    try:
        values = await fetch(sources.snmp, (), ups_rows.ALL_OIDS)
    except SnmpError as exc:
        return _no_data(f"no SNMP answer: {exc}")
    return evaluate_ups(values, settings)


def evaluate_ups(values: Rows, settings: HealthSettings) -> CheckOutput:
    if not any(oid in values for oid in ups_rows.ALL_OIDS):
        return _no_data("answers SNMP but exposes neither UPS-MIB nor APC PowerNet readings")
    states = (evaluate_state(values, row, NAME) for row in ups_rows.STATE_READINGS)
    numbers = (evaluate_number(values, row, settings, NAME) for row in ups_rows.NUMBER_READINGS)
    return CheckOutput(tuple(r for r in (*states, *numbers) if r is not None))


def _no_data(reason: str) -> CheckOutput:
    return CheckOutput((unknown("ups.power", "UPS status not available", reason),))
