"""The network-device fallback: a hardware maker's own product sysObjectID, and nothing that
says another type, is reported as ``switch`` (a network device that says no more), with a plain
reason; any evidence for another type keeps it out. Recorded lines from the corpus
(LibreNMS test data, ``tests/fixtures/corpus``) through ``identify_recording``."""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import strategies as st

from agent.identify import identify_recording
from agent.knowledge.classify import classify
from agent.snmp.recording import parse_snmprec
from schemas import Device, Evidence, Method
from schemas import DeviceType as T

# moxa-etherdevice_edsg508e.snmprec: a Moxa switch that answered the system group only
MOXA = "1.3.6.1.2.1.1.1.0|4|EDS-G508E-T\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8691.7.69\n"
# oneaccess_oneaccess-showtime.snmprec: a router with a built-in Wi-Fi radio (ifType 71)
ONEACCESS = (
    "1.3.6.1.2.1.1.1.0|4|ONEOS90-DUAL_FT-V5.2R2E4_HA7\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.13191.1.1.240\n"
    "1.3.6.1.2.1.2.2.1.2.111|4|GigabitEthernet0/0\n"
    "1.3.6.1.2.1.2.2.1.2.901|4|dot11radio0/0\n"
    "1.3.6.1.2.1.2.2.1.3.111|2|6\n"
    "1.3.6.1.2.1.2.2.1.3.901|2|71\n"
)
# linux_1-style Net-SNMP agent: software, not a hardware maker's agent
NET_SNMP = (
    "1.3.6.1.2.1.1.1.0|4|Linux host 5.10.0 #1 SMP x86_64\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
)


def identify(text: str) -> Device:
    return asyncio.run(identify_recording(parse_snmprec(text), label="test"))


def test_a_makers_own_product_sysobjectid_alone_is_a_network_device() -> None:
    device = identify(MOXA)
    assert device.device_type is T.SWITCH
    assert device.type_reason.startswith("switch (network device): its maker's own SNMP agent")
    assert "1.3.6.1.4.1.8691.7.69" in device.type_reason
    assert "Moxa" in device.type_reason
    assert "nothing that says printer, UPS, access point" in device.type_reason


def test_a_radio_keeps_the_fallback_out() -> None:
    device = identify(ONEACCESS)
    assert device.device_type is not T.SWITCH
    assert "network device" not in device.type_reason


def test_a_printer_hint_keeps_the_fallback_out() -> None:
    # the Moxa agent plus a Printer-MIB-like hint too weak to decide (an HP OUI, weight 15)
    hint = Evidence(source="oui", fact="an HP MAC", value="HP", suggests=T.PRINTER, weight=15)
    appliance = "its maker's own SNMP agent (sysObjectID 1.3.6.1.4.1.8691.7.69 of Moxa)"
    assert classify([hint], appliance=appliance).device_type is T.UNKNOWN
    assert classify([], appliance=appliance).device_type is T.SWITCH


def test_the_bare_enterprise_number_is_not_a_product() -> None:
    bare = "1.3.6.1.2.1.1.1.0|4|EDS-G508E-T\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8691\n"
    assert identify(bare).device_type is T.UNKNOWN


def test_pc_snmp_software_is_never_a_network_device() -> None:
    device = identify(NET_SNMP)
    assert device.device_type is not T.SWITCH


def test_strong_evidence_still_decides_before_the_fallback() -> None:
    strong = Evidence(
        source=Method.SNMP, fact="answers the UPS-MIB", value="x", suggests=T.UPS, weight=90
    )
    result = classify([strong], appliance="its maker's own SNMP agent")
    assert result.device_type is T.UPS


def test_weak_routing_facts_make_the_fallback_a_router() -> None:
    maker = Evidence(
        source=Method.SNMP,
        fact="sysObjectID 1.3.6.1.4.1.99999.1 is a product of X, which makes security appliances",
        value="X",
        suggests=T.ROUTER,
        weight=50,
    )
    result = classify([maker], appliance="its maker's own SNMP agent")
    assert result.device_type is T.ROUTER
    assert result.reason.startswith("router (network device): sysObjectID 1.3.6.1.4.1.99999.1")


# The system group as recorded (tomato.snmprec, mpb-srp_2ru.snmprec, linux_raspberrypi*.snmprec)
TOMATO = (
    "1.3.6.1.2.1.1.1.0|4|Linux host.name 2.6.22.19 #2 Sun Nov 20 16:53:30 CST 2016 mips\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
)
MPB_SRP = (
    "1.3.6.1.2.1.1.1.0|4|Linux RU-NEM 2.6.29 #5 Thu Oct 1 16:22:09 EDT 2015 m68k\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
)
RASPBERRY_PIS = (
    "1.3.6.1.2.1.1.1.0|4|Linux mso 4.19.97+ #1294 Thu Jan 30 13:10:54 GMT 2020 armv6l\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n",
    "1.3.6.1.2.1.1.1.0|4|Linux raspberrypi 5.4.51-v7+ #1333 SMP Mon Aug 10 16:45:19 BST 2020 "
    "armv7l\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n",
)


def test_linux_on_an_embedded_processor_alone_is_a_network_device() -> None:
    for text, cpu in ((TOMATO, "mips"), (MPB_SRP, "m68k")):
        device = identify(text)
        assert device.device_type is T.SWITCH
        assert f"Linux on an embedded {cpu} processor" in device.type_reason


def test_raspberry_pis_stay_computers() -> None:
    for text in RASPBERRY_PIS:
        device = identify(text)
        assert device.device_type is T.COMPUTER
        assert "network device" not in device.type_reason


def test_embedded_linux_with_a_radio_is_not_the_fallback() -> None:
    radio = "1.3.6.1.2.1.2.2.1.2.1|4|wlan0\n1.3.6.1.2.1.2.2.1.3.1|2|71\n"
    assert identify(TOMATO + radio).device_type is not T.SWITCH


def test_pre_armv6_linux_is_embedded() -> None:
    # ird.snmprec's sysDescr (recorded hex-encoded), behind the old UCD-SNMP enterprise
    descr = "Linux DCH-4000P 2.4.20-uc0 #386 2013年10月24日 星期四 14:08:33 CST armv3l"
    text = (
        f"1.3.6.1.2.1.1.1.0|4x|{descr.encode().hex()}\n"
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2021.250.10\n"
    )
    device = identify(text)
    assert device.device_type is T.SWITCH
    assert "embedded armv3l processor" in device.type_reason


def test_a_servers_management_controller_is_part_of_a_server_not_a_network_device() -> None:
    # Dell's documented iDRAC sysDescr and sysObjectID (GLPI files it under NETWORKING)
    text = (
        "1.3.6.1.2.1.1.1.0|4|Dell Out-of-band SNMP Agent for Remote Access Controller\n"
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.674.10892.5\n"
    )
    device = identify(text)
    assert device.device_type is T.COMPUTER
    assert "management controller (BMC)" in device.type_reason
    lights_out = text.replace("Dell Out-of-band SNMP Agent for Remote Access Controller", "x")
    assert identify(lights_out).device_type is not T.COMPUTER


@given(
    st.lists(
        st.tuples(st.sampled_from(list(T)), st.integers(min_value=0, max_value=100)), max_size=6
    )
)
def test_the_fallback_never_overrides_evidence_for_another_type(
    facts: list[tuple[T, int]],
) -> None:
    evidence = [
        Evidence(source=Method.SNMP, fact=f"fact {n}", value="v", suggests=kind, weight=weight)
        for n, (kind, weight) in enumerate(facts)
    ]
    plain = classify(evidence)
    result = classify(evidence, appliance="its maker's own SNMP agent")
    if plain.device_type is not T.UNKNOWN:
        assert result.device_type is plain.device_type  # decided types are left alone
    elif result.device_type is not T.UNKNOWN:
        assert result.device_type in {T.SWITCH, T.ROUTER}
        assert not any(
            weight > 10 and kind not in {T.SWITCH, T.ROUTER, T.UNKNOWN} for kind, weight in facts
        )
