"""LAN computer check: reachability from discovery, HOST-RESOURCES from the Windows walk."""

from __future__ import annotations

from agent.checks import computer
from agent.checks.base import DeviceSources, Reachability
from agent.checks.config import HealthSettings
from schemas.health import CheckStatus
from schemas.report import DeviceType
from tests.unit.checks.support import device, recording, run


def test_windows_server_disk_memory_cpu_uptime() -> None:
    sources = DeviceSources(
        snmp=recording("windows_svr_2019_1809"), seen=Reachability(True, 0.84, "arp")
    )
    out = run(computer.run(device(DeviceType.COMPUTER), sources, HealthSettings()))
    checks = {r.check_id: r for r in out.results}
    assert list(checks) == [
        "computer.reachable",
        "computer.disk.c",
        "computer.memory",
        "computer.cpu",
        "computer.uptime",
    ]
    assert checks["computer.reachable"].summary == "Responding in 0.8 ms"
    disk = checks["computer.disk.c"]
    assert (disk.status, disk.summary) == (
        CheckStatus.OK,
        "Disk C:\\ 70 % free (74.4 GB of 106.7 GB)",
    )
    assert {m.name: m.value for m in disk.metrics} == {
        "free": 69.68,
        "size": 26056703 * 4096,
        "used": 7900201 * 4096,
    }
    assert disk.evidence["hrStorageDescr"] == "C:\\ Label:  Serial Number 10f82425"
    memory = checks["computer.memory"]
    assert memory.summary == "Memory 23 % used (3.9 GB of 17.2 GB)"
    assert checks["computer.cpu"].summary == "CPU load 2 % (4 processors)"
    assert (checks["computer.uptime"].status, checks["computer.uptime"].summary) == (
        CheckStatus.OK,
        "Up 14 days 18 h",
    )


def test_disk_thresholds() -> None:
    tight = HealthSettings(disk_free_percent={"warning": 80, "critical": 70})  # type: ignore[arg-type]
    sources = DeviceSources(snmp=recording("windows_svr_2019_1809"))
    out = run(computer.run(device(DeviceType.COMPUTER), sources, tight))
    assert (
        next(r for r in out.results if r.check_id == "computer.disk.c").status
        is CheckStatus.CRITICAL
    )


def test_switched_off_computer_is_unknown_not_critical() -> None:
    out = run(
        computer.run(
            device(DeviceType.COMPUTER), DeviceSources(seen=Reachability(False)), HealthSettings()
        )
    )
    (only,) = out.results
    assert (only.status, only.reason) == (
        CheckStatus.UNKNOWN,
        "no answer this run (switched off or asleep)",
    )
