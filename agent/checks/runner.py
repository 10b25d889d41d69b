"""Run the checks: one device (``run_checks``) or a whole run (``run_all``) with bounded
concurrency, a time-out per device and an overall deadline. A device that hangs gets
``unknown`` "timed out"; one that is still waiting at the deadline gets ``unknown`` too.

``run_all`` is the health pass's top-level loop: it is the one place that catches
``Exception`` (logged with its traceback, reported as ``unknown``), so a check bug on one
device cannot stop the others. ``run_checks`` lets unexpected errors through.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from agent.checks.base import CheckOutput, DeviceSources, unknown
from agent.checks.config import HealthSettings
from agent.checks.registry import CheckModule, checks_for
from schemas.report import Device

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceJob:
    device: Device
    sources: DeviceSources


async def run_checks(
    device: Device, sources: DeviceSources, settings: HealthSettings
) -> CheckOutput:
    """Every registered check that applies to ``device.device_type``, concurrently."""
    modules = checks_for(device.device_type)
    outputs = await asyncio.gather(*(_timed(m, device, sources, settings) for m in modules))
    return sum(outputs, CheckOutput())


async def _timed(
    module: CheckModule, device: Device, sources: DeviceSources, settings: HealthSettings
) -> CheckOutput:
    try:
        async with asyncio.timeout(settings.device_timeout_s):
            return await module.run(device, sources, settings)
    except TimeoutError:
        reason = f"timed out after {settings.device_timeout_s:g} s"
        return CheckOutput((unknown(module.PRIMARY_CHECK, "Check did not finish", reason),))


async def run_all(
    jobs: Sequence[DeviceJob],
    settings: HealthSettings,
    *,
    concurrency: int = 16,
    deadline_s: float | None = None,
) -> list[CheckOutput]:
    """Outputs in the order of ``jobs``; never raises for a single device's failure."""
    gate = asyncio.Semaphore(concurrency)
    tasks = [asyncio.create_task(_one(job, settings, gate)) for job in jobs]
    if not tasks:
        return []
    done, pending = await asyncio.wait(tasks, timeout=deadline_s)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return [
        task.result() if task in done else _late(job) for task, job in zip(tasks, jobs, strict=True)
    ]


async def _one(job: DeviceJob, settings: HealthSettings, gate: asyncio.Semaphore) -> CheckOutput:
    async with gate:
        try:
            return await run_checks(job.device, job.sources, settings)
        except Exception:  # the health pass's top-level loop: one device never stops the run
            log.exception("health check crashed for %s", _name(job.device))
            return _failed(job, "internal error in the check (see the agent log)")


def _late(job: DeviceJob) -> CheckOutput:
    return _failed(job, "overall deadline of the health pass reached")


def _failed(job: DeviceJob, reason: str) -> CheckOutput:
    modules = checks_for(job.device.device_type)
    return CheckOutput(
        tuple(unknown(m.PRIMARY_CHECK, "Check did not finish", reason) for m in modules)
    )


def _name(device: Device) -> str:
    return device.hostname or device.mac or (str(device.ips[0]) if device.ips else "device")
