"""Identification and classification of every real recording, as the report would carry it."""

from __future__ import annotations

import asyncio
from ipaddress import IPv4Address

import pytest

from agent.identify import identify_recording
from agent.snmp.recording import load_recording
from schemas import Device, DeviceType, Method
from tests.unit.snmp.recordings import EXPECTED, SNMPREC_DIR, WALK_FILE, Expected


def device_for(expected: Expected) -> Device:
    recording = load_recording(SNMPREC_DIR / expected.file)
    return asyncio.run(identify_recording(recording, label=expected.file))


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e.file)
def test_recording_identified_and_classified(expected: Expected) -> None:
    device = device_for(expected)
    assert device.device_type is expected.device_type
    assert device.type_reason.startswith(f"{expected.device_type.value}: ")
    assert (device.vendor, device.model) == (expected.vendor, expected.model)
    assert (device.serial, device.firmware) == (expected.serial, expected.firmware)
    assert device.mac == expected.mac
    assert device.ips == [IPv4Address(ip) for ip in expected.ips]
    assert device.sys_object_id == expected.sys_object_id
    assert (device.probes[0].method, device.probes[0].credential) == (Method.SNMP, "recording")
    supporting = [e for e in device.evidence if e.suggests is expected.device_type]
    assert max(e.weight for e in supporting) >= 60
    assert device.randomised_mac is False


def test_reasons_name_the_strongest_facts() -> None:
    reasons = {e.file: device_for(e).type_reason for e in EXPECTED}
    assert reasons["jetdirect_m252dw.snmprec"] == (
        "printer: sysObjectID 1.3.6.1.4.1.11.2.3.9.1 is an HP printer (JetDirect) and answers "
        "the Printer-MIB (1.3.6.1.2.1.43) (+2 more)"
    )
    assert "UniFi access point MIB (1.3.6.1.4.1.41112.1.6)" in reasons["unifi_nanohd.snmprec"]
    assert "APC's PowerNet UPS MIB" in reasons["apc_smtl1000-nmc3.snmprec"]
    assert "Epson projector" in reasons["epson-projector_eb-4770w.snmprec"]


def test_net_snmp_linux_router_walk() -> None:
    recording = load_recording(WALK_FILE, "walk")
    device = asyncio.run(identify_recording(recording, label=WALK_FILE.name))
    assert device.device_type is DeviceType.ROUTER
    assert device.type_reason.startswith("router: sysServices 78 routes")
    assert device.mac == "00:14:22:01:23:45"
    assert device.ips == [IPv4Address("198.18.0.50")]
    assert device.vendor == "Dell"  # no hardware maker in SNMP: the OUI's
    assert device.sys_name == "lab-router"
