"""LAN computer check: reachability from discovery, HOST-RESOURCES from the Windows walk."""

from __future__ import annotations

from agent.checks import computer
from agent.checks.base import DeviceSources, Reachability
from agent.checks.config import HealthSettings
from agent.snmp.values import Oid, Value
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


def _storage(index: int, descr: str, units: int, size: int, used: int) -> dict[str, Value]:
    entry = "1.3.6.1.2.1.25.2.3.1"
    return {
        f"{entry}.2.{index}": Oid("1.3.6.1.2.1.25.2.1.4"),  # hrStorageFixedDisk
        f"{entry}.3.{index}": descr.encode(),
        f"{entry}.4.{index}": units,
        f"{entry}.5.{index}": size,
        f"{entry}.6.{index}": used,
    }


def test_linux_root_disk_is_checked_and_memory_mounts_are_not() -> None:
    """Net-SNMP on Linux lists tmpfs and bind mounts as fixed disks (as the lab's snmpd does)."""
    values = {
        **_storage(31, "/", 4096, 66053021, 5967143),
        **_storage(32, "/mnt/tools", 4096, 1, 0),  # a 4 KiB filesystem is no disk
        **_storage(35, "/dev/shm", 4096, 6170828, 263),
        **_storage(37, "/run/netns", 4096, 66053021, 5967143),
        **_storage(38, "/srv/data", 4096, 262144000, 249036800),
    }
    out = computer.evaluate_host_resources(values, HealthSettings())
    assert [(r.check_id, r.status, r.summary) for r in out.results] == [
        ("computer.disk.root", CheckStatus.OK, "Disk / 91 % free (246.1 GB of 270.6 GB)"),
        (
            "computer.disk.srv_data",
            CheckStatus.WARNING,
            "Disk /srv/data 5 % free (53.7 GB of 1073.7 GB)",
        ),
    ]
