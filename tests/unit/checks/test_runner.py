"""Running checks: per-device time-out, overall deadline, a crashing check, concurrency.

The slow and failing peers here are SnmpSource implementations written for the test: one that
never answers (like a device that hangs mid-walk) and one whose walk raises a bug.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from agent.checks.base import DeviceSources
from agent.checks.config import HealthSettings
from agent.checks.runner import DeviceJob, run_all, run_checks
from agent.snmp.values import Value
from schemas.health import CheckStatus
from schemas.report import DeviceType
from tests.unit.checks.support import device, recording, run


class Hanging:
    async def get(self, oids: Sequence[str]) -> dict[str, Value]:
        await asyncio.Event().wait()
        return {}

    async def walk(
        self, prefix: str, max_rows: int, start: str | None = None
    ) -> list[tuple[str, Value]]:
        await asyncio.Event().wait()
        return []


class Broken:
    async def get(self, oids: Sequence[str]) -> dict[str, Value]:
        raise ZeroDivisionError("bug")

    async def walk(
        self, prefix: str, max_rows: int, start: str | None = None
    ) -> list[tuple[str, Value]]:
        raise ZeroDivisionError("bug")


FAST = HealthSettings(device_timeout_s=0.2)


def test_run_checks_picks_the_modules_for_the_type() -> None:
    out = run(
        run_checks(device(DeviceType.UPS), DeviceSources(snmp=recording("apc_smtl1000-nmc3")), FAST)
    )
    assert {r.check_id.split(".")[0] for r in out.results} == {"ups"}
    assert run(run_checks(device(DeviceType.CAMERA), DeviceSources(), FAST)).results == ()


def test_hanging_device_times_out_as_unknown() -> None:
    out = run(run_checks(device(DeviceType.SWITCH), DeviceSources(snmp=Hanging()), FAST))
    (only,) = out.results
    assert (only.check_id, only.status, only.reason) == (
        "switch.uptime",
        CheckStatus.UNKNOWN,
        "timed out after 0.2 s",
    )


def test_run_all_keeps_going_past_crashes_and_hangs() -> None:
    jobs = [
        DeviceJob(device(DeviceType.UPS), DeviceSources(snmp=Broken())),
        DeviceJob(device(DeviceType.SWITCH), DeviceSources(snmp=Hanging())),
        DeviceJob(device(DeviceType.UPS), DeviceSources(snmp=recording("apc_smtl1000-nmc3"))),
    ]
    crashed, hung, fine = run(run_all(jobs, FAST, concurrency=2))
    assert crashed.results[0].reason == "internal error in the check (see the agent log)"
    assert hung.results[0].reason == "timed out after 0.2 s"
    assert fine.results[0].summary == "Running on mains power"


def test_overall_deadline() -> None:
    slow = HealthSettings(device_timeout_s=30)
    jobs = [DeviceJob(device(DeviceType.SWITCH), DeviceSources(snmp=Hanging()))] * 3
    outputs = run(run_all(jobs, slow, concurrency=1, deadline_s=0.1))
    assert [o.results[0].reason for o in outputs] == [
        "overall deadline of the health pass reached"
    ] * 3


def test_nothing_to_do() -> None:
    assert run(run_all([], FAST)) == []
