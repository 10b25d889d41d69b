"""The explicit registry of per-device checks. A check module not listed here is a bug
(``tests/unit/checks/test_registry.py`` fails); host and network checks are not per-device
and are called directly (``agent.checks.host``, ``agent.checks.network``)."""

from __future__ import annotations

from typing import Protocol

from agent.checks import access_point, computer, printer, projector, switch, ups
from agent.checks.base import CheckOutput, DeviceSources
from agent.checks.config import HealthSettings
from schemas.report import Device, DeviceType


class CheckModule(Protocol):
    """What a check module exposes: its name, the device types it applies to, the check id
    that carries "could not check" (time-out), and its async driver."""

    NAME: str
    APPLIES_TO: frozenset[DeviceType]
    PRIMARY_CHECK: str

    async def run(
        self, device: Device, sources: DeviceSources, settings: HealthSettings
    ) -> CheckOutput: ...


CHECKS: tuple[CheckModule, ...] = (printer, projector, access_point, switch, ups, computer)


def checks_for(device_type: DeviceType) -> tuple[CheckModule, ...]:
    return tuple(module for module in CHECKS if device_type in module.APPLIES_TO)
