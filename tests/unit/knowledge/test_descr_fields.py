"""Model, firmware and serial from free-text descriptions; garbage never breaks them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.knowledge.descr_fields import (
    firmware_from_text,
    model_from_text,
    model_like,
    serial_from_text,
)
from agent.snmp.identity import lldp_capabilities


@pytest.mark.parametrize(
    ("descr", "maker", "model"),
    [
        ("AP230, HiveOS 8.1r2a build-178408", None, "AP230"),
        ("Router model RS123w-4G S/N: RNPFDK019380272", "Teldat", "RS123w-4G"),
        ("Cambium PTP 800 Wireless Ethernet Bridge, Version 800-06-02", "Cambium", "PTP 800"),
        ("Juniper Networks, Inc. ex2200-24t-4g Ethernet Switch", "Juniper", "ex2200-24t-4g"),
        ("MINI-LINK 6600", None, "MINI-LINK 6600"),
        ("PLANET IGS-10020MT Managed Switch", "PLANET Technology Corp.", "IGS-10020MT"),
        ("Prod: Integra-E;Vers: 3.17.10", None, "Integra-E"),
        ("HPE Networking Instant On Switch 24p Gigabit 2p 10GBT 1960 JL806A", "HP", "JL806A"),
        # general-purpose OS descriptions: tokens are host names, kernels and processors
        ("Linux CP1450 3.10.20-al-5.0-pr2 #1 SMP armv7l", None, None),
        ("Hardware: Intel64 Family 6 Model 85 - Software: Windows Version 6.3", None, None),
        ("Switch", None, None),
        ("24G Ethernet Switch", None, None),
        # made-up makers: model numbers that start with V or R are models, versions are not
        ("Acme Wavelink V3000 Distribution Node, Version 1.2.2.1", "Acme Radio", "Wavelink V3000"),
        ("Acme R850", "Acme", "R850"),
        ("Acme OS V100R011C00SPC200", "Acme", None),
        ("Acme NOS 18.2R1.9 R12", "Acme", None),
        (
            "FooOS release 0.16.5 (build 287) running on a BarBox 48 with L-Series",
            None,
            "BarBox 48",
        ),
        ("Some OS running on an XQ-7700 chassis", None, "XQ-7700"),
    ],
)
def test_models_in_descriptions(descr: str, maker: str | None, model: str | None) -> None:
    assert model_from_text(descr, maker) == model


def test_firmware_and_serial_labelled() -> None:
    text = (
        "MSM765 - Hardware revision 2 - Serial number FFFFFFFFFF - Firmware version 6.6.0.0-22530"
    )
    assert firmware_from_text(text) == "6.6.0.0-22530"
    assert serial_from_text(text) == "FFFFFFFFFF"
    assert firmware_from_text("Linux host 5.15.0-134-generic #145-Ubuntu SMP") is None


def test_model_like_refuses_versions_architectures_and_speeds() -> None:
    for token in (
        "x86_64",
        "armv7l",
        "10GBT",
        "24p",
        "V100R011",
        "2.6.32",
        "L2",
        "24-Port",
        "v1.2a",
        "V2",
        "R12",
        "R3.1",
        "18.2R1.9",
        "4.3.3-R4",
    ):
        assert not model_like(token), token
    for token in ("AP230", "C2960", "MX-M266NV", "S4128F-ON", "V3000", "R850", "R201"):
        assert model_like(token), token


@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=30)))
def test_garbage_text_never_raises_and_answers_come_from_the_text(
    text: str, maker: str | None
) -> None:
    for found in (model_from_text(text, maker), firmware_from_text(text), serial_from_text(text)):
        if found is not None:
            assert all(part in text for part in found.split(" "))


@given(st.binary(max_size=8))
def test_lldp_capability_bits_from_any_octets(octets: bytes) -> None:
    names = lldp_capabilities(octets)
    assert len(names) == len(set(names)) <= 8


def test_lldp_capability_bits_are_most_significant_first() -> None:
    assert lldp_capabilities(bytes([0b0010_1000, 0])) == ("bridge", "router")
    assert lldp_capabilities(bytes([0b0001_0000])) == ("wlanAccessPoint",)
    assert lldp_capabilities(None) == ()
