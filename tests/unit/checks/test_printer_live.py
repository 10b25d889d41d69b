"""The printer driver end to end: IPP from a real ippeveprinter on 127.0.0.1, SNMP from a
recording, and a printer that answers neither (a silent SNMP port, a closed IPP port)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from ipaddress import IPv4Address
from pathlib import Path

import pytest
from pydantic import SecretStr

from agent.checks import printer
from agent.checks.base import DeviceSources
from agent.checks.config import HealthSettings
from agent.snmp.client import SnmpClient
from agent.snmp.credentials import V2cCredential
from schemas.health import CheckStatus
from schemas.report import DeviceType
from tests.unit.checks.support import device, recording, run
from tests.unit.ipp.ippeve import DATA, free_port, missing_requirements, running_ippeveprinter


@pytest.fixture
def ipp_port(tmp_path: Path) -> Iterator[int]:
    missing = missing_requirements()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"ippeveprinter cannot run: {missing}")
        pytest.skip(f"ippeveprinter cannot run: {missing}")
    with running_ippeveprinter(tmp_path, DATA / "lab-printer.conf") as port:
        yield port


def _settings(port: int) -> HealthSettings:
    return HealthSettings(ipp_port=port, ipp_paths=("/ipp", "/ipp/print"), request_timeout_s=3)


def test_ipp_only_printer(ipp_port: int) -> None:
    out = run(printer.run(device(DeviceType.PRINTER), DeviceSources(), _settings(ipp_port)))
    levels = {s.name: (s.level_percent, s.status) for s in out.supplies}
    assert levels["Black Toner HP CF226A"] == (6.0, CheckStatus.WARNING)
    assert levels["Cyan Toner HP CF401X"] == (3.0, CheckStatus.CRITICAL)
    status = next(r for r in out.results if r.check_id == "printer.status")
    assert status.evidence["failure.1"] == "SNMP: no credential answered during discovery"
    assert status.evidence["ipp.state"] == "idle"


def test_snmp_and_ipp_printer(ipp_port: int) -> None:
    sources = DeviceSources(snmp=recording("brother_hl5370dw"))
    out = run(printer.run(device(DeviceType.PRINTER), sources, _settings(ipp_port)))
    assert [s.name for s in out.supplies] == [
        "Black Toner Cartridge",
        "Black Toner Cartridge",
        "Drum Unit",
    ]
    assert (
        "failure.1" not in next(r for r in out.results if r.check_id == "printer.status").evidence
    )


def test_printer_answering_neither_is_asleep_or_off() -> None:
    async def check():  # type: ignore[no-untyped-def]
        async with SnmpClient(timeout_s=0.2, retries=0, port=free_port()) as client:
            silent = client.session(
                IPv4Address("127.0.0.1"), V2cCredential(name="lab", community=SecretStr("public"))
            )
            return await printer.run(
                device(DeviceType.PRINTER), DeviceSources(snmp=silent), _settings(free_port())
            )

    (only,) = run(check()).results
    assert (only.check_id, only.status) == ("printer.status", CheckStatus.UNKNOWN)
    assert only.reason is not None
    assert only.reason.startswith("asleep or off")
    assert only.evidence["failure.1"].startswith("SNMP:")
    assert only.evidence["failure.2"].startswith("IPP /ipp:")
