"""Wireless interfaces counted by IEEE 802.11 ifType or by the names Linux Wi-Fi drivers give
them (Linux reports Wi-Fi as Ethernet). Small made-up recordings through ``identify_recording``."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.identify import identify_recording
from agent.knowledge.structure_tables import WIRELESS_IF_NAME
from agent.snmp.recording import parse_snmprec
from schemas import Device
from schemas import DeviceType as T

SYSTEM = (
    "1.3.6.1.2.1.1.1.0|4|Linux box 5.4.0 #1 SMP armv7l\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
)


def identify(*interfaces: tuple[str, int]) -> Device:
    rows = [
        line
        for index, (name, kind) in enumerate(interfaces, start=1)
        for line in (
            f"1.3.6.1.2.1.2.2.1.2.{index}|4|{name}",
            f"1.3.6.1.2.1.2.2.1.3.{index}|2|{kind}",
        )
    ]
    text = SYSTEM + "\n".join(sorted(rows)) + "\n"
    return asyncio.run(identify_recording(parse_snmprec(text), label="test"))


def test_two_radios_named_by_the_driver_are_an_access_point() -> None:
    device = identify(("lo", 24), ("eth0", 6), ("br-lan", 6), ("wifi0", 6), ("wifi1", 6))
    assert device.device_type is T.ACCESS_POINT
    assert "2 wireless interfaces" in device.type_reason


def test_radios_outweigh_many_ethernet_interfaces() -> None:
    ethernet = [(f"eth{n}", 6) for n in range(10)]
    device = identify(*ethernet, ("ath0", 6), ("ath1", 6), ("ath2", 6))
    assert device.device_type is T.ACCESS_POINT


def test_one_wifi_interface_is_any_client_and_decides_nothing() -> None:
    device = identify(("lo", 24), ("enp3s0", 6), ("wlp2s0", 6))
    assert device.device_type is not T.ACCESS_POINT
    assert "1 wireless interface" in " ".join(item.fact for item in device.evidence)


def test_type_and_name_of_the_same_radio_count_once() -> None:
    device = identify(("eth0", 6), ("wlan0", 71))
    radios = [item for item in device.evidence if "wireless interface" in item.fact]
    assert [item.weight for item in radios] == [30]


@pytest.mark.parametrize(
    "name", ["wlan0", "wlan0-1", "wifi1", "ath12", "wl0.1", "ra0", "rai0", "wlp2s0", "phy0-ap0"]
)
def test_wifi_driver_names(name: str) -> None:
    assert WIRELESS_IF_NAME.match(name)


@pytest.mark.parametrize("name", ["eth0", "wan", "lan1", "br-lan", "rack", "wlan", "athena0x"])
def test_other_names_are_not_radios(name: str) -> None:
    assert not WIRELESS_IF_NAME.match(name)


@given(st.text(max_size=40))
def test_any_name_matches_or_not_without_error(name: str) -> None:
    WIRELESS_IF_NAME.match(name)
