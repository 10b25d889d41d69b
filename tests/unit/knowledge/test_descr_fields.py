"""Model, firmware and serial from free-text descriptions; garbage never breaks them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.knowledge.descr_fields import (
    MAX_NAME,
    VERSION,
    firmware_from_text,
    model_from_text,
    model_like,
    product_name,
    refused_model,
    serial_from_text,
)
from agent.snmp.identity_build import lldp_capabilities


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


# Recorded sysDescr values (../shared/corpus) with the maker the device's enterprise names.
@pytest.mark.parametrize(
    ("descr", "maker", "name"),
    [
        ("Barracuda Spam Firewall", None, "Barracuda Spam Firewall"),
        ("Barracuda NG Firewall", "Barracuda", "NG Firewall"),
        (
            "Pulse Secure, LLC,Pulse Connect Secure,VMware-VA-DTE,8.2R5 (build 49363)",
            "Juniper",
            "Pulse Connect Secure",
        ),
        ("SmartZone", "Ruckus", "SmartZone"),
        ("SmartCell Gateway", "Ruckus", "SmartCell Gateway"),
        ("DefensePro with DPI, BWM, Basic, Flood and IPv6", "Radware", "DefensePro"),
        (
            "AX Series Advanced Traffic Manager AXvThunder, ACOS 2.7.2-P4-SP1,",
            "A10 Networks",
            "AX Series Advanced Traffic Manager AXvThunder",
        ),
        ("Huawei Optix RTN V100R011C00SPC200", "Huawei", "Optix RTN"),
        (
            "SAMSUNG iPolis H.264 Premium Level IP Camera",
            "Hanwha Vision",
            "SAMSUNG iPolis H.264 Premium Level IP Camera",
        ),
        (
            "Alvarion - BreezeNet B , Version: 4.0.24 (Date: Jul 03 2006, 15:31:42)",
            "Alvarion Ltd.",
            "BreezeNet B",
        ),
        (
            "Juniper Networks, Inc. vmx internet router, kernel JUNOS 18.2R1.9, Build date: "
            "2018-06-28 04:23:52 UTC Copyrig",
            "Juniper",
            "vmx",
        ),
        (
            "IBM Networking OS Virtual Fabric 10Gb Switch Module for IBM BladeCenter, Stack",
            "Blade Network Technologies",
            "Virtual Fabric 10Gb Switch Module for IBM BladeCenter",
        ),
        (
            "Router model TV BASE VDSL2/ADSL WLAN 30 10 CPU MIPS32  S/N: <private>  Teldat   "
            "(c)1996 - 2017",
            "TELDAT",
            "TV BASE VDSL2/ADSL WLAN 30 10",
        ),
        (
            "SAF microwave radio;CFIP PhoeniX IDU v1.63.46;Model:3;HW:6;SN: 000000000000",
            "SAF tehnika",
            "CFIP PhoeniX IDU",
        ),
        ("Cambium ePMP", "Cambium Networks Limited", "ePMP"),
        ("Last Mile Gear CTM", "Last Mile Gear", "CTM"),
        # categories, banners, placeholders, host names, sentences and lone plain words
        ("Switch", None, None),
        ("Ethernet Switch", "Dell", None),
        ("24-Port Gigabit Smart Switch with PoE and 4 SFP uplinks", "Netgear", None),
        ("Microwave Link", "RACOM", None),
        ("UPS SNMP Agent", "Delta", None),
        ("Host Controller", None, None),
        ("Barracuda Firewall", "Barracuda", None),
        ("High capacity packet radio outdoor unit", "Ceragon", None),
        ("Data Domain OS 5.5.1.4-464376", "Data Domain", None),
        ("Dell Networking OS Operating System ...", "Dell", None),
        ("Ericsson IPOS", "Ericsson AB", None),
        ("Huawei Integrated Access Software", "Huawei", None),
        ("Multiprotocol Agent running on QNX Neutrino", None, None),
        ("Hikvision company products", None, None),
        ("KYOCERA Document Solutions Printing System", "Kyocera", None),
        ("SampleDscription", "Moxa", None),
        ("device-description", "Moxa", None),
        ("hostname.example.org", "Juniper", None),
        ("Solaria", "Christie Digital Systems", None),
        ("Linux RU-NEM 2.6.29 #5 Thu Oct 1 16:22:09 EDT 2015 m68k", None, None),
        ("Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M)", "Cisco", None),
    ],
)
def test_product_names_that_descriptions_are(
    descr: str, maker: str | None, name: str | None
) -> None:
    assert product_name(descr, maker) == name


def test_product_name_is_never_the_host_name() -> None:
    assert product_name("Xmux Torrevieja", "Fibernet", host="Xmux Torrevieja") is None
    assert product_name("Xmux Torrevieja", "Fibernet", host="other") == "Xmux Torrevieja"


@given(
    st.text(max_size=300),
    st.one_of(st.none(), st.text(max_size=30)),
    st.one_of(st.none(), st.text(max_size=20)),
)
def test_product_name_from_garbage_is_bounded_and_never_a_version_or_host(
    text: str, maker: str | None, host: str | None
) -> None:
    name = product_name(text, maker, host)
    if name is not None:
        assert len(name) <= MAX_NAME
        assert all(part in text for part in name.split(" "))
        assert not any(VERSION.fullmatch(word) for word in name.split())
        assert host is None or name.lower() != host.strip().lower()


# Recorded descriptions whose builds, dates, radio modes, copyright lines and host names once
# came out as models.
@pytest.mark.parametrize(
    ("descr", "maker", "model"),
    [
        (
            "MS4026-AC, iBOS Version ibos-ms4k-7.1.2-ED-R  Copyright (c) 2001-2018 by Waystream"
            " AB Compiled Thu Aug 30 22:12:28 CST 2",
            "Waystream AB",
            "MS4026-AC",
        ),
        (
            "Huawei Versatile Routing Platform Software\nVRP (R) software, Version 8.200 "
            "(NetEngine 8000 V800R012C10SPC300) \r\nCopyright (C) 2012-2020 Huawei Technologies "
            "Co., Ltd. \r\nHUAWEI NetEngine 8000 F1A-8H20Q",
            "Huawei",
            "F1A-8H20Q",
        ),
        (
            "Ruijie Full 25G Routing Switch(S6150-24VS8CQ-X) By Ruijie Networks",
            "Ruijie",
            "S6150-24VS8CQ-X",
        ),
        (
            "SONiC Software Version: SONiC.Edgecore-SONiC_20230706_055328_ec202111_453 - HwSku: "
            "Accton-AS7326-56X - Distribution: Debian",
            "Edgecore",
            "Accton-AS7326-56X",
        ),
        ("Vyatta VC6.6R1", "Vyatta", None),
        (
            "Nimble Storage nw-group-01 running software version 2.3.14.0-325711-opt",
            "Nimble Storage",
            None,
        ),
        ("Mode: hy56_380_256qam Omni: 1.4.1", "DragonWave", None),
        ("Ruckus Wireless Inc (C) 2006", "Ruckus", None),
        ("ROS_.RAX711-C-R.2020614.(null)", "Raisecom", None),
        (
            "Redback Networks SmartEdge OS Version SEOS-12.1.1.5p2-Release Built by x",
            "Redback",
            None,
        ),
        (
            "OPNsense OPNsense.7p.lan 18.1.1-a5575d7bd OPNsense FreeBSD 11.1-RELEASE-p6 amd64",
            None,
            None,
        ),
    ],
)
def test_builds_dates_modes_and_host_names_are_not_models(
    descr: str, maker: str | None, model: str | None
) -> None:
    assert model_from_text(descr, maker) == model


def test_values_no_source_may_give_as_a_model() -> None:
    for value in (
        "CHASSIS",
        "DSLAM",
        "FreeBSD BSNMP Agent",
        "Fibre Channel Switch",
        "24-Port Switch",
    ):
        assert refused_model(value), value
    for value in ("IP 500", "UPS Rack 3750W", "HL-5370DW", "Smart-UPS 1000", "SmartZone"):
        assert not refused_model(value), value


def test_the_makers_longer_registered_name_is_not_part_of_the_model() -> None:
    # recorded sysDescr of a Dell N1524P (powerconnect_3064.snmprec)
    descr = "Dell EMC Networking N1524P, 6.6.0.13, Linux 3.6.5, Not Available"
    assert model_from_text(descr, "Dell") == "N1524P"
    assert model_from_text("Dell S5830dn version NH62.YS.N636", "Dell") == "S5830dn"


def test_a_source_revision_is_not_a_model() -> None:
    # the lab gateway's sysDescr (an OpenWrt build): its revision and commit hash name no model
    assert model_from_text("OpenWrt 23.05.5 r24106-10cc5fcd00 Linux 5.15.167 mips", None) is None
    assert not model_like("r24106-10cc5fcd00")
    assert model_like("R850")  # a DrayTek-style model number stays one


def test_a_firmware_distribution_is_not_a_product_name() -> None:
    # the lab gateway's sysDescr: OpenWrt runs on many makers' routers, it names no model
    assert product_name("OpenWrt 23.05.5 r24106-10cc5fcd00 Linux 5.15.167 mips") is None
    assert product_name("DD-WRT v3.0-r44715 std (c) 2020 NewMedia-NET GmbH") is None
    assert product_name("Barracuda Spam Firewall") == "Barracuda Spam Firewall"
