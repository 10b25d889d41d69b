"""Interface names the operating system gives to what only a router has: pf firewall
interfaces, a cellular modem's WAN link, OpenWrt's LAN bridge. ifDescr lines as recorded in
opnsense_vm.snmprec and rutos-rutx_trb500.snmprec (LibreNMS test data), and made-up hosts."""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import strategies as st

from agent.identify import identify_recording
from agent.knowledge.snmp_evidence import interface_name_evidence
from agent.snmp.recording import parse_snmprec
from schemas import Device
from schemas import DeviceType as T

OPNSENSE_SYSTEM = (
    "1.3.6.1.2.1.1.1.0|4|FreeBSD <hostname> 12.1-RELEASE-p19-HBSD FreeBSD 12.1-RELEASE-p19-HBSD"
    " #0  0c59842367b(stable/21.1)-dirty: Mon Jul  5 15:08:43 CEST 2021"
    "     root@sensey:/usr/obj/usr/src/amd64.amd64/sys/SMP amd64\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.8\n"
)
OPNSENSE_IFS = ("vmx0", "vmx1", "vmx2", "enc0", "lo0", "pflog0", "pfsync0")
TRB500_SYSTEM = (
    "1.3.6.1.2.1.1.1.0|4|Linux x.y.fi 4.14.336 #0 PREEMPT Tue Oct 8 09:56:06 2024 armv7l\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
)
TRB500_IFS = ("lo", "tunl0", "sit0", "ecm0", "eth0", "br-lan", "rmnet_ipa0", "rmnet_data0")
LINUX_SYSTEM = (
    "1.3.6.1.2.1.1.1.0|4|Linux host 6.1.0 #1 SMP x86_64\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
)


def identify(system: str, names: tuple[str, ...]) -> Device:
    rows = "".join(
        f"1.3.6.1.2.1.2.2.1.2.{index}|4|{name}\n" for index, name in enumerate(names, start=1)
    )
    return asyncio.run(identify_recording(parse_snmprec(system + rows), label="test"))


def test_pf_firewall_interfaces_are_a_router() -> None:
    device = identify(OPNSENSE_SYSTEM, OPNSENSE_IFS)
    assert device.device_type is T.ROUTER
    assert "pf firewall interfaces (enc0, pflog0, pfsync0)" in device.type_reason


def test_one_pf_log_interface_alone_is_a_host_that_filters_for_itself() -> None:
    device = identify(OPNSENSE_SYSTEM, ("em0", "lo0", "pflog0"))
    assert device.device_type is not T.ROUTER


def test_a_cellular_modem_and_the_openwrt_lan_bridge_are_a_router() -> None:
    device = identify(TRB500_SYSTEM, TRB500_IFS)
    assert device.device_type is T.ROUTER
    assert "cellular modem's WAN interface (rmnet_data0, rmnet_ipa0)" in device.type_reason


def test_neither_alone_decides() -> None:
    assert identify(LINUX_SYSTEM, ("lo", "eth0", "wwan0")).device_type is not T.ROUTER
    assert identify(LINUX_SYSTEM, ("lo", "eth0", "br-lan")).device_type is not T.ROUTER


def test_a_laptops_systemd_wwan_name_is_not_counted() -> None:
    assert interface_name_evidence(["wwp0s20f0u6", "wlp2s0", "enp0s31f6"]) == []


@given(st.lists(st.text(max_size=40), max_size=20))
def test_any_names_give_at_most_one_fact_per_row(names: list[str]) -> None:
    found = interface_name_evidence(names)
    assert len(found) <= 3
    assert all(item.suggests is T.ROUTER for item in found)
