"""Projector check against the lab's PJLink simulator on 127.0.0.1 (tests.lab.pjlink_sim),
replayed PJLink transcripts, and the Epson projector's SNMP recording (lamp hours)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from pydantic import SecretStr

from agent.checks import projector
from agent.checks import projector_rows as p
from agent.checks.base import CheckOutput, DeviceSources
from agent.checks.config import HealthSettings
from agent.pjlink.model import Component, Health
from agent.snmp.source import SnmpSource
from schemas.health import CheckStatus
from schemas.report import DeviceType
from tests.lab.pjlink_sim import MAX_LINE, Simulator
from tests.lab.specs import PjlinkState
from tests.unit.checks.support import device, recording, run
from tests.unit.pjlink.replay import replay_server

PASSWORD = "lk-projector"
NEC = PjlinkState("Hall projector", "NEC", "ME401W", lamps=((2950, True),), password=PASSWORD)


@asynccontextmanager
async def simulator(state: PjlinkState) -> AsyncIterator[int]:
    server = await asyncio.start_server(
        Simulator(state).serve_client, "127.0.0.1", 0, limit=MAX_LINE
    )
    async with server:
        yield server.sockets[0].getsockname()[1]


def _settings(port: int, password: str | None = PASSWORD) -> HealthSettings:
    secret = SecretStr(password) if password else None
    return HealthSettings(pjlink_port=port, pjlink_password=secret, request_timeout_s=2)


def _check(
    state: PjlinkState, password: str | None = PASSWORD, snmp: SnmpSource | None = None
) -> dict:
    async def go() -> CheckOutput:
        async with simulator(state) as port:
            sources = DeviceSources(snmp=snmp)
            return await projector.run(
                device(DeviceType.PROJECTOR), sources, _settings(port, password)
            )

    return {r.check_id: r for r in run(go()).results}


def test_lamp_near_end_of_life_with_password() -> None:
    checks = _check(NEC)
    lamp = checks["projector.lamp.1"]
    assert (lamp.status, lamp.summary) == (
        CheckStatus.WARNING,
        "Lamp 1: 2,950 of 3,000 hours (98 % of its life) — order a replacement lamp",
    )
    assert {m.name: m.value for m in lamp.metrics} == {"lamp_hours": 2950, "lamp_life_used": 98.3}
    power = checks["projector.power"]
    assert (power.status, power.summary) == (CheckStatus.OK, "Projector on")
    assert power.evidence == {
        "name": "Hall projector",
        "manufacturer": "NEC",
        "product": "ME401W",
        "pjlink_class": "1",
    }
    assert (checks["projector.errors"].status, checks["projector.errors"].summary) == (
        CheckStatus.OK,
        "No errors reported",
    )


def test_lamp_past_its_life_is_critical() -> None:
    checks = _check(PjlinkState("P", "NEC", "X", lamps=((3120, True), (400, False))), password=None)
    assert checks["projector.lamp.1"].status is CheckStatus.CRITICAL
    assert checks["projector.lamp.1"].summary.endswith("— replace the lamp")
    assert checks["projector.lamp.2"].status is CheckStatus.OK


def test_error_status_per_component() -> None:
    checks = _check(PjlinkState("P", "EPSON", "X", erst="102000"), password=None)
    errors = checks["projector.errors"]
    assert (errors.status, errors.summary) == (
        CheckStatus.CRITICAL,
        "Fan warning; Overheating",
    )
    assert errors.evidence["temperature"] == "error"


def test_wrong_password_is_unknown_with_the_reason() -> None:
    checks = _check(NEC, password="not-the-password")
    (only,) = checks.values()
    assert (only.check_id, only.status) == ("projector.power", CheckStatus.UNKNOWN)
    assert only.reason == "authentication failed: wrong PJLink password (PJLINK ERRA)"


def test_missing_password_is_an_authentication_failure() -> None:
    checks = _check(NEC, password=None)
    (only,) = checks.values()
    assert only.status is CheckStatus.UNKNOWN
    assert only.reason == (
        "authentication failed: projector wants a PJLink password and none is configured"
    )


def test_every_component_problem_has_a_sentence() -> None:
    for component in Component:
        for health in (Health.WARNING, Health.ERROR):
            assert p.PROBLEM_TEXT[component, health][0].isupper()


def test_laser_projector_in_standby_has_no_lamp_check() -> None:
    checks = _check(PjlinkState("P", "Panasonic", "PT-X", power=0, lamps=()), password=None)
    assert checks["projector.power"].summary == "Projector in standby"
    assert not any(check_id.startswith("projector.lamp") for check_id in checks)


def test_busy_projector_is_unknown() -> None:
    async def go() -> CheckOutput:
        async with replay_server("busy.txt") as (port, _):
            return await projector.run(
                device(DeviceType.PROJECTOR), DeviceSources(), _settings(port, None)
            )

    (only,) = run(go()).results
    assert (only.status, only.reason) == (
        CheckStatus.UNKNOWN,
        "projector busy or in standby (ERR3)",
    )


def test_class2_transcript_two_lamps_and_filter_hours() -> None:
    async def go() -> CheckOutput:
        async with replay_server("class2-auth.txt") as (port, _):
            settings = _settings(port, "JBMIAProjectorLink")
            return await projector.run(device(DeviceType.PROJECTOR), DeviceSources(), settings)

    checks = {r.check_id: r for r in run(go()).results}
    assert checks["projector.lamp.1"].status is CheckStatus.WARNING  # 2950 h
    assert checks["projector.lamp.2"].status is CheckStatus.CRITICAL  # 3001 h
    errors = checks["projector.errors"]
    assert (errors.status, errors.summary) == (
        CheckStatus.CRITICAL,
        "Lamp warning; Overheating; Filter needs cleaning",
    )
    assert {m.name: m.value for m in errors.metrics} == {"filter_hours": 812}
    assert checks["projector.power"].evidence["serial"] == "1Y2345678"


def test_silent_pjlink_falls_back_to_epson_snmp_lamp_hours() -> None:
    async def go() -> CheckOutput:
        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.read(100)

        server = await asyncio.start_server(silent, "127.0.0.1", 0)
        async with server:
            port = server.sockets[0].getsockname()[1]
            sources = DeviceSources(snmp=recording("epson-projector_eb-4770w"))
            return await projector.run(device(DeviceType.PROJECTOR), sources, _settings(port, None))

    power, lamp = run(go()).results
    assert power.status is CheckStatus.UNKNOWN
    assert power.reason is not None
    assert power.reason.startswith("asleep or off, or PJLink disabled")
    assert (lamp.check_id, lamp.status, lamp.summary) == (
        "projector.lamp.1",
        CheckStatus.OK,
        "Lamp 1: 79 of 3,000 hours (3 % of its life)",
    )
    assert lamp.evidence["source"] == "SNMP (Epson 1.3.6.1.4.1.1248.4.1.1.1.1.0)"
