"""read_identity over recorded agents, and the pure builders behind it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from agent.discovery.observations import SnmpIdentity
from agent.snmp.identity import read_identity
from agent.snmp.identity_build import (
    chassis_index,
    identity_text,
    macs_from,
    parse_device_id,
    printer_model,
)
from agent.snmp.recording import RecordingSource, load_recording, parse_snmprec
from agent.snmp.values import Oid, Value
from tests.unit.snmp.recordings import SNMPREC_DIR, WALK_FILE

PRINTER_MIB = "1.3.6.1.2.1.43"


def identity_of(path: Path, fmt: str = "snmprec") -> SnmpIdentity:
    source = RecordingSource(load_recording(path, fmt))  # type: ignore[arg-type]
    return asyncio.run(read_identity(source))


def test_hp_jetdirect() -> None:
    identity = identity_of(SNMPREC_DIR / "jetdirect_m252dw.snmprec")
    assert identity.sys_object_id == "1.3.6.1.4.1.11.2.3.9.1"
    assert (identity.sys_descr or "").startswith("HP ETHERNET")
    assert identity.manufacturer == "Hewlett-Packard"  # IEEE 1284 MFG in the HP MIB
    assert identity.model == "HP Color LaserJet Pro M252dw"  # 1284 MDL
    assert identity.serial is None  # only in sysDescr; describe() picks it from there
    assert identity.macs == ("3c:a8:2a:f6:38:ac", "c4:8e:8f:a2:45:49")
    assert identity.present_subtrees == (PRINTER_MIB,)
    assert identity.sys_uptime_s == pytest.approx(2203293.39)
    assert identity.sys_name is None  # "<private>" in the recording


def test_brother_vendor_mib() -> None:
    identity = identity_of(SNMPREC_DIR / "brother_hl5370dw.snmprec")
    assert (identity.manufacturer, identity.model) == ("Brother", "HL-5370DW series")
    assert identity.serial == "B9J154306"
    assert identity.firmware == "Firmware Ver.1.01 (08.12.12)"


def test_epson_printer_mib_serial_and_hr_device_model() -> None:
    identity = identity_of(SNMPREC_DIR / "epson.snmprec")
    assert identity.serial == "X3B8022793"  # prtGeneralSerialNumber
    assert identity.model == "EPSON WF-C5790BA"  # hrDeviceDescr of the hrDevicePrinter row


def test_cisco_entity_chassis() -> None:
    identity = identity_of(SNMPREC_DIR / "ciscosb_cbs350.snmprec")
    assert identity.manufacturer == "Cisco"
    assert identity.model == "CBS350-24P-4G"
    assert identity.serial == "FOC2433L650"
    assert identity.firmware == "3.0.0.61"  # entPhysicalSoftwareRev before FirmwareRev 3.0.0.23
    assert len(identity.macs) == 29
    assert identity.present_subtrees == ("1.3.6.1.2.1.17",)


def test_apc_and_unifi_vendor_tables() -> None:
    apc = identity_of(SNMPREC_DIR / "apc_smtl1000-nmc3.snmprec")
    assert (apc.model, apc.serial, apc.firmware) == (
        "Smart-UPS 1000",
        "AS2233161027",
        "UPS 16.0 (ID1047)",
    )
    assert apc.present_subtrees == ("1.3.6.1.4.1.318.1.1.1",)
    unifi = identity_of(SNMPREC_DIR / "unifi_nanohd.snmprec")
    assert (unifi.model, unifi.firmware) == ("UAP-nanoHD", "5.43.36.12724")
    assert unifi.present_subtrees == ("1.3.6.1.4.1.41112.1.6",)


def test_windows_printer_drivers_are_not_a_model() -> None:
    identity = identity_of(SNMPREC_DIR / "windows_svr_2019_1809.snmprec")
    assert identity.model is None  # hrDevicePrinter rows exist, but no Printer-MIB
    assert identity.macs == ("00:50:56:8c:59:5b",)
    assert identity.present_subtrees == ()


def test_epson_projector_has_only_its_mib() -> None:
    identity = identity_of(SNMPREC_DIR / "epson-projector_eb-4770w.snmprec")
    assert identity.macs == ("b0:e8:92:fd:30:ec",)  # the all-zero ifPhysAddress.1 is skipped
    assert identity.present_subtrees == ("1.3.6.1.4.1.1248.4.1",)
    assert (identity.model, identity.serial, identity.firmware) == (None, None, None)


def test_net_snmp_walk() -> None:
    identity = identity_of(WALK_FILE, "walk")
    assert identity.sys_services == 78
    assert identity.sys_name == "lab-router"
    assert identity.macs == ("00:14:22:01:23:45", "00:14:22:01:23:46")


def test_pure_helpers() -> None:
    assert parse_device_id("MFG:Brother;CMD:PJL;MDL:HL-5370DW series;CLS:PRINTER;") == {
        "MFG": "Brother", "CMD": "PJL", "MDL": "HL-5370DW series", "CLS": "PRINTER"
    }  # fmt: skip
    assert parse_device_id("MANUFACTURER:Acme;MODEL:X1;") == {"MFG": "Acme", "MDL": "X1"}
    assert parse_device_id("garbage") == {}
    classes: list[tuple[str, Value]] = [("x.5.1001", 10), ("x.5.67109120", 3), ("x.5.2", 3)]
    assert chassis_index(classes) == "67109120"
    assert chassis_index([("x.5.1", 10)]) is None
    types: list[tuple[str, Value]] = [
        ("t.1", Oid("1.3.6.1.2.1.25.3.1.3")),
        ("t.2", Oid("1.3.6.1.2.1.25.3.1.5")),
    ]
    descrs: list[tuple[str, Value]] = [("d.1", b"CPU"), ("d.2", b"Brother HL-5370DW series")]
    assert printer_model(types, descrs) == "Brother HL-5370DW series"
    assert printer_model(types[:1], descrs) is None
    rows: list[tuple[str, Value]] = [
        ("a", b""),
        ("b", bytes(6)),
        ("c", b"\x00\x1b\xa9\x0b\xa7\x52"),
        ("d", b"\x00\x1b\xa9\x0b\xa7\x52"),
        ("e", b"short"),
    ]
    assert macs_from(rows) == ("00:1b:a9:0b:a7:52",)
    assert identity_text(b"Unknown") is None
    assert identity_text(b"  two   spaces ") == "two spaces"
    assert identity_text(b'"HP MSA 2040 SAN"') == "HP MSA 2040 SAN"
    assert identity_text(b'""') is None
    assert identity_text(b"\x01\x02") is None


# Vendor identity scalars, as real agents answered them (lines from ../shared/corpus).
JUNIPER_MX = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2636.1.1.1.2.90
1.3.6.1.4.1.2636.3.1.2.0|4|Juniper MX5-T Internet Backbone Router
1.3.6.1.4.1.2636.3.1.3.0|4|F8223
"""
JUNIPER_VC = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2636.1.1.1.4.63.9
1.3.6.1.4.1.2636.3.1.2.0|4|Juniper Virtual Chassis Switch
"""
TELTONIKA = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
1.3.6.1.4.1.48690.1.1.0|4|1112364866
1.3.6.1.4.1.48690.1.2.0|4|Systemname
1.3.6.1.4.1.48690.1.3.0|4|RUTX1100XXXX
1.3.6.1.4.1.48690.1.6.0|4|RUTX_R_00.07.00
"""
# Older Teltonika firmware answers the same OIDs about its modem (IMEI, maker, IMSI).
TELTONIKA_BEFORE_2019 = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
1.3.6.1.4.1.48690.1.1.0|4|868159052260069
1.3.6.1.4.1.48690.1.3.0|4|Quectel
1.3.6.1.4.1.48690.1.6.0|4|228024559732910
1.3.6.1.4.1.48690.1.8.0|4|RUT955T7VXXX
"""
DELTA_UPS = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2254.2.4
1.3.6.1.4.1.2254.2.4.1.1.0|4|Minuteman
1.3.6.1.4.1.2254.2.4.1.2.0|4|E1500RTXL2U
"""
ZYXEL = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.890.1.15
1.3.6.1.4.1.890.1.15.3.1.6.0|4|V4.80(ABQF.3) | 10/06/2023
1.3.6.1.4.1.890.1.15.3.1.11.0|4|XS1930-12HP
1.3.6.1.4.1.890.1.15.3.1.12.0|4|S202L46000807
"""
# FIBRE-CHANNEL-MGMT-MIB connUnitProduct of a SAN array (dell-powervault_me4084), and a unit
# that also gives connUnitSn (a made-up serial: the recordings' are blanked).
SAN_ARRAY = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.674
1.3.6.1.3.94.1.6.1.7.80.12.15.255.28.83.96.0.0.0.0.0.0.0.0.0|4|DELL EMC ME4084
"""
FC_UNIT = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999
1.3.6.1.3.94.1.6.1.3.16.0.0.5.30|2|4
1.3.6.1.3.94.1.6.1.7.16.0.0.5.30|4|"Acme SANbox 5600 FC Switch"
1.3.6.1.3.94.1.6.1.7.16.0.0.5.31|4|second unit
1.3.6.1.3.94.1.6.1.8.16.0.0.5.30|4|"ACM0123456"
"""
# IEEE802dot11-MIB dot11manufacturerProductName of the radio interfaces (values as airOS and
# Cisco IOS XE access points publish them).
AIRMAX = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.10002.1
1.2.840.10036.3.1.2.1.2.5|4|Ubiquiti Networks, Inc.
1.2.840.10036.3.1.2.1.3.5|4|NanoBridge M5
1.2.840.10036.3.1.2.1.4.5|4|XM.ar7240.v5.5.2.14175.120816.1340
"""
CISCO_RADIO = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.9999
1.2.840.10036.3.1.2.1.3.1|4|CW9178I Wi-Fi 7 radio
1.2.840.10036.3.1.2.1.3.2|4|CW9178I Wi-Fi 7 radio
"""


@pytest.mark.parametrize(
    ("text", "manufacturer", "model", "serial", "firmware"),
    [
        # the model named in jnxBoxDescr (describe() trims the maker's name)
        (JUNIPER_MX, None, "Juniper MX5-T", "F8223", None),
        (JUNIPER_VC, None, None, None, None),  # a description naming no model
        # the product code, not the name its owner gave the router
        (TELTONIKA, None, "RUTX1100XXXX", None, "RUTX_R_00.07.00"),
        (TELTONIKA_BEFORE_2019, None, None, None, None),
        (DELTA_UPS, "Minuteman", "E1500RTXL2U", None, None),
        (ZYXEL, None, "XS1930-12HP", "S202L46000807", "V4.80(ABQF.3) | 10/06/2023"),
        (SAN_ARRAY, None, "DELL EMC ME4084", None, None),
        (FC_UNIT, None, "Acme SANbox 5600 FC Switch", "ACM0123456", None),  # first unit only
        (AIRMAX, None, "NanoBridge M5", None, None),
        (CISCO_RADIO, None, "CW9178I", None, None),
    ],
)
def test_vendor_identity_scalars(
    text: str,
    manufacturer: str | None,
    model: str | None,
    serial: str | None,
    firmware: str | None,
) -> None:
    identity = asyncio.run(read_identity(RecordingSource(parse_snmprec(text))))
    found = (identity.manufacturer, identity.model, identity.serial, identity.firmware)
    assert found == (manufacturer, model, serial, firmware)
