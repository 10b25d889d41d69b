"""Classifier rules on recordings: standard-MIB structure, the maker behind a software agent,
product lines, and the minimum score. Small recordings written here in snmprec form (rows
copied from LibreNMS test data where named, GPL-3.0-or-later) go through the same
``identify_recording`` path as ``lankeeper-agent identify`` and a live scan."""

from __future__ import annotations

import asyncio
import math

import pytest

from agent.identify import identify_recording
from agent.snmp.recording import parse_snmprec
from schemas import Device
from schemas import DeviceType as T

NET_SNMP_LINUX = "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10"


def identify(*rows: str) -> Device:
    recording = parse_snmprec("\n".join(rows) + "\n")
    return asyncio.run(identify_recording(recording, label="test"))


def test_net_snmp_linux_answering_a_firewall_makers_mib_is_a_router() -> None:
    # LibreNMS gaia_1430: Check Point Gaia Embedded behind the Net-SNMP agent
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Linux A-10144014 3.10.20-al-5.0-pr2 #1 SMP armv7l",
        NET_SNMP_LINUX,
        "1.3.6.1.4.1.2620.1.6.5.1.0|4|Gaia Embedded",
    )
    assert device.device_type is T.ROUTER
    assert "answers 1.3.6.1.4.1.2620, the MIB of" in device.type_reason
    assert device.vendor == "Checkpoint"


def test_net_snmp_linux_alone_is_a_computer_weakly_and_says_so() -> None:
    device = identify("1.3.6.1.2.1.1.1.0|4|Linux host 5.15.0 #1 SMP x86_64", NET_SNMP_LINUX)
    assert device.device_type is T.COMPUTER
    assert "weak evidence of a general-purpose host" in device.type_reason


def test_lldp_says_access_point() -> None:
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Some embedded thing",
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1",
        "1.0.8802.1.1.2.1.3.6.0|4x|1000",
    )
    assert device.device_type is T.ACCESS_POINT
    assert "LLDP" in device.type_reason


def test_ieee_802_11_mib_is_an_access_point() -> None:
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Linux Wireless-Bridge 5.4.213 #0 SMP armv7l",
        NET_SNMP_LINUX,
        "1.2.840.10036.1.1.1.1.2|4|ap0",
    )
    assert device.device_type is T.ACCESS_POINT
    assert "IEEE 802.11 MIB" in device.type_reason


def test_bridge_with_many_ethernet_ports_is_a_switch_from_an_unknown_maker() -> None:
    ports = [f"1.3.6.1.2.1.2.2.1.3.{i}|2|6" for i in range(1, 25)]
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|L2 Managed 24",
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1.2",
        "1.3.6.1.2.1.17.1.2.0|2|24",
        *ports,
    )
    assert device.device_type is T.SWITCH
    assert "24 Ethernet interfaces" in device.type_reason


def test_one_ieee_802_11_interface_alone_decides_nothing() -> None:
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Some embedded thing",
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1",
        "1.3.6.1.2.1.2.2.1.3.1|2|71",
    )
    assert device.device_type is T.UNKNOWN
    assert "only weak hints" in device.type_reason
    assert "ifType 71" in device.type_reason


def test_product_line_in_sysdescr_with_registry_model() -> None:
    # LibreNMS sonicwall_1: a thin recording, sysDescr and sysObjectID only
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|SonicWALL TZ 205 wireless-N (SonicOS Enhanced 5.9.1.5-16o)",
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8741.1",
    )
    assert device.device_type is T.ROUTER  # a firewall, though its description says wireless
    assert device.model


def test_ups_mib_and_its_identity() -> None:
    # LibreNMS generex-ups_1
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|CS121 v 4.23.82",
        "1.3.6.1.2.1.1.2.0|6|.1.3.6.1.2.1.33",
        "1.3.6.1.2.1.33.1.1.1.0|4|Multimatic",
    )
    assert device.device_type is T.UPS
    assert device.model == "CS121"


def test_unknown_maker_product_with_nothing_else_is_a_network_device_saying_why() -> None:
    # the integrator's decision (classify.NETWORK_FALLBACK): a maker's own agent, nothing else
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Appliance",
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.51628.3",
    )
    assert device.device_type is T.SWITCH
    assert device.type_reason.startswith("switch (network device): its maker's own SNMP agent")
    assert "51628" in device.type_reason


def test_snmp_engine_id_is_a_typed_identity_fact() -> None:
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Appliance",
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.51628.3",
        "1.3.6.1.6.3.10.2.1.1.0|4x|80001f8880c71100001234",
    )
    assert device.snmp_engine_id == "80001f8880c71100001234"
    placeholder = identify("1.3.6.1.2.1.1.1.0|4|x", "1.3.6.1.6.3.10.2.1.1.0|4x|0000000000")
    assert placeholder.snmp_engine_id is None


# A maker no table knows (an unassigned-looking enterprise number used only here).
UNKNOWN_APPLIANCE = "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.999999.1.7"


def _port_rows(count: int) -> list[str]:
    return [f"1.3.6.1.2.1.17.1.4.1.2.{n}|2|{n}" for n in range(1, count + 1)]


def test_an_unknown_makers_appliance_bridging_many_ports_is_a_switch() -> None:
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Managed device",
        UNKNOWN_APPLIANCE,
        "1.3.6.1.2.1.17.1.1.0|4x|001122334455",
        *_port_rows(10),
    )
    assert device.device_type is T.SWITCH
    assert "bridges 10 ports (BRIDGE-MIB dot1dBaseNumPorts)" in device.type_reason + " ".join(
        item.fact for item in device.evidence
    )


def test_a_bridge_of_one_port_is_not_a_switch() -> None:
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Managed device",
        UNKNOWN_APPLIANCE,
        "1.3.6.1.2.1.17.1.1.0|4x|001122334455",
        *_port_rows(1),
    )
    assert device.device_type is not T.SWITCH


def test_many_ports_said_four_ways_do_not_outrank_a_product_line() -> None:
    # a point-to-point radio with a built-in 10-port switch stays a radio
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|ALFOplus80HD",
        UNKNOWN_APPLIANCE,
        "1.3.6.1.2.1.17.1.1.0|4x|001122334455",
        "1.3.6.1.2.1.17.1.2.0|2|10",
        *(f"1.3.6.1.2.1.2.2.1.3.{n}|2|6" for n in range(1, 11)),
        *(f"1.3.6.1.2.1.47.1.1.1.1.5.{n}|2|10" for n in range(1, 11)),
    )
    assert device.device_type is T.ACCESS_POINT
    ports = [item for item in device.evidence if item.suggests is T.SWITCH]
    assert len(ports) >= 4
    combined = 1 - math.prod(1 - item.weight / 100 for item in ports)
    assert combined <= 0.7  # the appliance hint (30) and the capped port facts (60)


def test_net_snmp_linux_answering_a_wireless_makers_mib_is_that_makers_appliance() -> None:
    # IANA 10179 is registered to "Wireless Solutions": the name says what it makes
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Linux ap 4.14.0 #1 SMP armv7l",
        NET_SNMP_LINUX,
        "1.3.6.1.4.1.10179.1.1.0|4|v1.2",
    )
    assert device.device_type is T.ACCESS_POINT
    assert "answers 1.3.6.1.4.1.10179, the MIB of Wireless Solutions" in device.type_reason


def test_net_snmp_linux_answering_a_network_makers_mib_is_not_thereby_a_switch() -> None:
    # a server maker's (or any "...Networks") MIB on a Linux host says nothing about switching
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Linux host 5.15.0 #1 SMP x86_64",
        NET_SNMP_LINUX,
        "1.3.6.1.4.1.6894.1.1.0|4|v1.2",
    )
    assert device.device_type is not T.SWITCH


def test_a_servers_model_comes_from_its_hardware_agent_never_from_the_processor() -> None:
    cpu = "1.3.6.1.2.1.25.3.2.1.3.196608|4|GenuineIntel: Intel(R) Xeon(R) Silver 4210 CPU @ 2.20GHz"
    plain = identify("1.3.6.1.2.1.1.1.0|4|Linux srv 5.15.0 #1 SMP x86_64", NET_SNMP_LINUX, cpu)
    # an OS and a processor are not a hardware model: only the hardware class is said
    assert plain.model == "Generic x86 64-bit"
    dell = identify(
        "1.3.6.1.2.1.1.1.0|4|Linux srv 5.15.0 #1 SMP x86_64",
        NET_SNMP_LINUX,
        cpu,
        "1.3.6.1.4.1.674.10892.1.300.10.1.9.1|4|PowerEdge R740",
        "1.3.6.1.4.1.674.10892.1.300.10.1.11.1|4|ABC1234",
    )
    assert dell.model == "PowerEdge R740"
    assert dell.serial == "ABC1234"


def test_a_model_named_only_in_the_chassis_entity_description_is_found() -> None:
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Managed device",
        UNKNOWN_APPLIANCE,
        "1.3.6.1.2.1.47.1.1.1.1.2.1|4|XQ-7700 chassis",
        "1.3.6.1.2.1.47.1.1.1.1.5.1|2|3",
    )
    assert device.model == "XQ-7700"


def test_a_fibre_channel_agent_saying_storage_subsystem_is_storage() -> None:
    # FIBRE-CHANNEL-MGMT-MIB connUnitType 11 = storage-subsystem (RFC 2837)
    unit = "1.3.6.1.3.94.1.6.1.3.16.0.0.192.255.0.0.0.0.0.0.0.0.0.0.0"
    array = identify("1.3.6.1.2.1.1.1.0|4|Array", UNKNOWN_APPLIANCE, f"{unit}|2|11")
    assert array.device_type is T.NAS
    assert "connUnitType 11" in array.type_reason
    fc_switch = identify("1.3.6.1.2.1.1.1.0|4|Fabric", UNKNOWN_APPLIANCE, f"{unit}|2|4")
    assert fc_switch.device_type is T.SWITCH


def test_a_single_category_maker_named_in_sysdescr_behind_net_snmp() -> None:
    device = identify("1.3.6.1.2.1.1.1.0|4|WatchGuard appliance", NET_SNMP_LINUX)
    assert device.device_type is T.ROUTER
    assert "sysDescr names 'WatchGuard'" in device.type_reason


def test_a_maker_that_also_sells_switches_does_not_make_a_switch_a_radio() -> None:
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Ruckus Wireless, Inc. Stacking System ICX7150-48P",
        UNKNOWN_APPLIANCE,
        "1.3.6.1.2.1.17.1.2.0|2|48",
    )
    assert device.device_type is not T.ACCESS_POINT


def test_a_radio_outdoor_unit_calls_itself_a_point_to_point_radio() -> None:
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|High capacity packet radio outdoor unit", UNKNOWN_APPLIANCE
    )
    assert device.device_type is T.ACCESS_POINT


def test_linux_on_an_embedded_processor_is_an_appliance_not_a_computer() -> None:
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Linux gw 5.4.259 #0 Wed Aug 28 2024 mips", NET_SNMP_LINUX
    )
    # nothing else said: the network-device fallback (classify.NETWORK_FALLBACK)
    assert device.device_type is T.SWITCH
    assert device.type_reason.startswith(
        "switch (network device): sysDescr says Linux on an embedded mips processor"
    )
    assert "embedded processor" in " ".join(item.fact for item in device.evidence)
    ports = (f"1.3.6.1.2.1.2.2.1.3.{n}|2|6" for n in range(1, 10))
    router = identify("1.3.6.1.2.1.1.1.0|4|Linux r 3.18.44 #1 SMP mips", NET_SNMP_LINUX, *ports)
    assert router.device_type is T.SWITCH  # an appliance with nine Ethernet ports


@pytest.mark.parametrize(
    "descr",
    ["DELL EMC ME5024", "Dell EMC PowerVault ME4012", "PowerStore 1200T", "Dell Unity XT 480"],
)
def test_dells_storage_arrays_named_by_their_product_lines_are_storage(descr: str) -> None:
    # Dell's bare enterprise number as sysObjectID says nothing; the product line does
    device = identify(f"1.3.6.1.2.1.1.1.0|4|{descr}", "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.674")
    assert device.device_type is T.NAS, device.type_reason


def test_a_peplink_router_named_by_its_product_line_is_a_router() -> None:
    device = identify(
        "1.3.6.1.2.1.1.1.0|4|Pepwave MAX BR1 Mini", "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.23695"
    )
    assert device.device_type is T.ROUTER, device.type_reason
