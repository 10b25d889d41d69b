"""Compare an agent report (its JSON form) with the inventory: what was missed or misnamed.

    problems = report_mismatches(json.loads(path.read_text()), HOSTS)
    assert problems == []

Devices are matched by MAC. Vendor, model, serial and firmware match when the expected text is
contained in the reported one, ignoring case (``"HL-5370DW"`` in ``"Brother HL-5370DW series"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tests.lab.inventory import Host

TEXT_FIELDS = (
    ("vendor", "expected_vendor"),
    ("model", "expected_model"),
    ("serial", "expected_serial"),
    ("firmware", "expected_firmware"),
)


def _contains(reported: object, expected: str) -> bool:
    return isinstance(reported, str) and expected.lower() in reported.lower()


def _snmp_credential(device: Mapping[str, Any]) -> str | None:
    """The name of the credential an answered SNMP probe used (None: SNMP did not answer)."""
    answered = [
        p.get("credential")
        for p in device.get("probes", [])
        if p.get("method") == "snmp" and p.get("answered")
    ]
    return answered[0] if answered else None


def host_mismatches(device: Mapping[str, Any] | None, row: Host) -> list[str]:
    """What is wrong with the report's record for one inventory host (empty: all right)."""
    if device is None:
        return [f"{row.suffix} ({row.ip}, {row.mac}): not found"]
    found = []
    if str(row.ip) not in [str(ip) for ip in device.get("ips", [])]:
        found.append(f"ips {device.get('ips')} lack {row.ip}")
    if device.get("device_type") != row.expected_type.value:
        found.append(f"type {device.get('device_type')!r}, expected {row.expected_type.value!r}")
    for field, attribute in TEXT_FIELDS:
        expected = getattr(row, attribute)
        if expected is not None and not _contains(device.get(field), expected):
            found.append(f"{field} {device.get(field)!r} lacks {expected!r}")
    credential = _snmp_credential(device)
    if credential != row.snmp_credential:
        found.append(f"SNMP answered with {credential!r}, expected {row.snmp_credential!r}")
    if bool(device.get("randomised_mac")) != row.randomised_mac:
        found.append(
            f"randomised_mac {device.get('randomised_mac')}, expected {row.randomised_mac}"
        )
    return [f"{row.suffix} ({row.ip}): {problem}" for problem in found]


def report_mismatches(report: Mapping[str, Any], hosts: Iterable[Host]) -> list[str]:
    """Every mismatch between ``report["devices"]`` and the inventory rows, one line each."""
    by_mac = {str(d.get("mac", "")).lower(): d for d in report.get("devices", [])}
    return [problem for row in hosts for problem in host_mismatches(by_mac.get(row.mac), row)]
