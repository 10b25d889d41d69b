"""Fibre Channel: a SAN switch is a switch in our taxonomy, a SAN array is storage, whatever a
registry files them under. Recorded lines from fabos.snmprec (LibreNMS test data), and the
standard's connUnitType (FIBRE-CHANNEL-MGMT-MIB, RFC 2837)."""

from __future__ import annotations

import asyncio

import pytest

from agent.identify import identify_recording
from agent.snmp.recording import parse_snmprec
from schemas import Device
from schemas import DeviceType as T

# fabos.snmprec: GLPI's sysobject.ids files 1.3.6.1.4.1.1588.2.1.1.1 as "2109-F16", STORAGE
FABOS = "1.3.6.1.2.1.1.1.0|4|Fibre Channel Switch.\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1588.2.1.1.1\n"
UNIT = "1.3.6.1.3.94.1.6.1.3.16.0.0.5.30.0.0.0.0.0.0.0.0.0.0.0"


def identify(text: str) -> Device:
    return asyncio.run(identify_recording(parse_snmprec(text), label="test"))


def test_a_switch_that_calls_itself_fibre_channel_is_a_switch_not_storage() -> None:
    device = identify(FABOS)
    assert device.device_type is T.SWITCH
    assert "Fibre Channel (SAN) switch" in device.type_reason


@pytest.mark.parametrize(
    "descr",
    ["Acme 24-port 16Gb SAN Scalable Switch", "Acme FC Switch 5000", "Fiber Channel director 9"],
)
def test_fibre_channel_switch_words(descr: str) -> None:
    text = f"1.3.6.1.2.1.1.1.0|4|{descr}\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.4294967.1\n"
    assert identify(text).device_type is T.SWITCH


def test_a_san_array_is_still_storage() -> None:
    text = "1.3.6.1.2.1.1.1.0|4|Acme SAN storage array\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.4294967.1\n"
    assert identify(text).device_type is T.NAS


def test_conn_unit_type_switch_outweighs_a_registry_that_says_storage() -> None:
    # the fabos system group with a neutral sysDescr, plus connUnitType 4 = switch
    text = (
        f"1.3.6.1.2.1.1.1.0|4|2109-F16\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1588.2.1.1.1\n{UNIT}|2|4\n"
    )
    device = identify(text)
    assert device.device_type is T.SWITCH
    assert "connUnitType 4" in device.type_reason
    storage = identify(text.replace(f"{UNIT}|2|4", f"{UNIT}|2|11"))
    assert storage.device_type is T.NAS
