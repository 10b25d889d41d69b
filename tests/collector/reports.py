"""Build report documents for the collector tests (and the benchmark), through the real models."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from schemas import (
    AgentInfo,
    CheckResult,
    CheckStatus,
    Device,
    DeviceType,
    Evidence,
    MdnsService,
    Method,
    MethodRun,
    Metric,
    Report,
    ScanInfo,
    SchoolRef,
    Supply,
    SupplyKind,
)

SUBNET = IPv4Network("198.18.0.0/22")


def mac_for(n: int, prefix: str = "00:1b:a9") -> str:
    return f"{prefix}:{(n >> 16) & 0xFF:02x}:{(n >> 8) & 0xFF:02x}:{n & 0xFF:02x}"


def ip_for(n: int) -> IPv4Address:
    return SUBNET.network_address + 10 + n


def check(
    check_id: str, status: str = "ok", summary: str | None = None, **kwargs: Any
) -> CheckResult:
    if status == "unknown":
        kwargs.setdefault("reason", "no answer")
    return CheckResult(
        check_id=check_id,
        status=CheckStatus(status),
        summary=summary or f"{check_id} is {status}",
        **kwargs,
    )


def toner(index: int, level: float, status: str = "ok") -> Supply:
    return Supply(
        index=index,
        name=f"Black Toner Cartridge HP CF{index}A",
        kind=SupplyKind.TONER,
        colour="black",
        level_percent=level,
        status=CheckStatus(status),
    )


def device(n: int, **overrides: Any) -> Device:
    """A printer-ish device number ``n`` with a stable MAC and IP (override anything)."""
    fields: dict[str, Any] = {
        "mac": mac_for(n),
        "ips": [ip_for(n)],
        "device_type": DeviceType.PRINTER,
        "type_reason": "Printer-MIB answered",
        "hostname": f"printer-{n}",
        "vendor": "HP",
        "model": "LaserJet M404",
        "serial": f"PHB{n:07d}",
        "firmware": "2409081_000000",
        "evidence": [
            Evidence(source=Method.SNMP, fact="sysObjectID", value="1.3.6.1.4.1.11.2.3.9.1")
        ],
    }
    fields.update(overrides)
    return Device(**fields)


def phone(n: int, mac: str | None = None) -> Device:
    return Device(
        mac=mac or mac_for(n, prefix="da:a1:19"),
        ips=[ip_for(500 + n)],
        device_type=DeviceType.PHONE_TABLET,
        type_reason="randomised MAC",
        randomised_mac=True,
        transient=True,
        hostname="iPhone",
    )


def ipp_printer_with_uuid(n: int, mac: str | None, uuid_text: str) -> Device:
    service = MdnsService(
        service_type="_ipp._tcp",
        instance=f"Printer {n}",
        port=631,
        txt={"UUID": uuid_text, "ty": "Brother HL-L2350DW"},
    )
    return device(n, mac=mac, serial=None, vendor="Brother", mdns_services=[service])


def report(
    school: str,
    devices: list[Device],
    *,
    started: datetime | None = None,
    report_id: uuid.UUID | None = None,
    host_checks: list[CheckResult] | None = None,
    agent_id: str = "agent-under-test",
    version: str = "1.1",
) -> Report:
    started = started or datetime.now(UTC) - timedelta(minutes=5)
    return Report(
        schema_version=version,
        report_id=report_id or uuid.uuid4(),
        agent=AgentInfo(agent_id=agent_id, hostname="office-pc", version="0.1.0", platform="Linux"),
        school=SchoolRef(school_id=school, name=school.title()),
        scan=ScanInfo(
            started_at=started,
            finished_at=started + timedelta(seconds=40),
            interface="eth0",
            subnets=[SUBNET],
            methods=[
                MethodRun(
                    method=Method.ARP_SWEEP,
                    started_at=started,
                    duration_s=2.5,
                    observations=len(devices),
                )
            ],
        ),
        devices=devices,
        host_checks=host_checks or [],
    )


def nightly(days_ago: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days_ago)


def metric(name: str, value: float, unit: str | None = None) -> Metric:
    return Metric(name=name, value=value, unit=unit)
