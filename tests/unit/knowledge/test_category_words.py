"""Generic category words in sysDescr, on made-up makers' descriptions (nothing here names a
real product): a device that says what it is is that, whoever made it."""

from __future__ import annotations

import asyncio

import pytest

from agent.identify import identify_recording
from agent.snmp.recording import parse_snmprec
from schemas import Device
from schemas import DeviceType as T

UNREGISTERED = "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.4294967.1"


def identify(descr: str) -> Device:
    rows = f"1.3.6.1.2.1.1.1.0|4|{descr}\n{UNREGISTERED}\n"
    return asyncio.run(identify_recording(parse_snmprec(rows), label="test"))


@pytest.mark.parametrize(
    ("descr", "expected"),
    [
        ("Acme VoIP Media Gateway 2.1", T.ROUTER),
        ("Zyxo residential gateway, firmware 4.0", T.ROUTER),
        ("QX-12 8GPON+4XS (QXOS 3.1)", T.SWITCH),
        ("Foo XGS-PON OLT 16 ports", T.SWITCH),
        ("Bar EPON ONU", T.SWITCH),
        ("Frobnicator Networking OS Operating System 9.1", T.SWITCH),
        ("Quux Network Operating System release 7", T.SWITCH),
        # router distributions, also where Net-SNMP puts the default hostname
        ("Linux OpenWrt 6.6.1 #0 SMP Mon Jan 1 00:00:00 2024 aarch64", T.ROUTER),
        ("VyOS 1.4-rolling", T.ROUTER),
        ("FreeBSD gw.example 14.0-RELEASE pfSense amd64", T.ROUTER),
    ],
)
def test_category_words_name_the_type(descr: str, expected: T) -> None:
    device = identify(descr)
    assert device.device_type is expected, device.type_reason


@pytest.mark.parametrize(
    "descr",
    [
        "Gatewayd host controller",  # part of a word, not the word
        "Pontoon monitor 1.0",  # 'PON' inside a word
        "Network attached clock",  # 'network' alone names no category
    ],
)
def test_words_inside_other_words_do_not_count(descr: str) -> None:
    assert identify(descr).device_type is T.UNKNOWN
