"""A general-purpose host's model: its hardware when it reports it (server agents, the
NET-SNMP-EXTEND ``hardware`` convention, SuperDoctor), else its hardware class from the
architecture sysDescr names ("Generic x86 64-bit") — for computers only.

The agents below are written from the MIBs and LibreNMS's snmpd.conf guide (object, OID,
index); values as ``/sys/devices/virtual/dmi/id`` gives them on the hardware named.
"""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import strategies as st

from agent.identify import identify_recording
from agent.knowledge.architecture import GENERIC_MODELS, generic_hardware, is_generic
from agent.knowledge.describe import Description, describe
from agent.snmp.identity import read_identity
from agent.snmp.recording import RecordingSource, parse_snmprec
from schemas import Device, DeviceType

NET_SNMP_LINUX = "1.3.6.1.4.1.8072.3.2.10"


def _device(text: str) -> Device:
    return asyncio.run(identify_recording(parse_snmprec(text), label="test"))


def _host(descr: str, *extra: str) -> str:
    lines = [f"1.3.6.1.2.1.1.1.0|4|{descr}", f"1.3.6.1.2.1.1.2.0|6|{NET_SNMP_LINUX}", *extra]
    return "\n".join(lines) + "\n"


def test_unix_hosts_name_their_architecture_last() -> None:
    cases = {
        "Linux fs 6.1.0-26-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.112-1 (2024-09-30) x86_64":
            "Generic x86 64-bit",
        "Linux mso 4.19.97+ #1294 Thu Jan 30 13:10:54 GMT 2020 armv6l": "Generic ARMv6",
        "Linux pi 5.4.51-v7+ #1333 SMP Mon Aug 10 16:45:19 BST 2020 armv7l": "Generic ARMv7",
        "Linux n1 4.14.172 #0 SMP Wed Jun 15 10:38:19 2022 aarch64 GNU/Linux": "Generic ARM 64-bit",
        "FreeBSD fw1 12.1-RELEASE-p19-HBSD FreeBSD 12.1-RELEASE-p19-HBSD amd64":
            "Generic x86 64-bit",
        "Linux old 2.6.32 #1 SMP i686": "Generic x86",
    }  # fmt: skip
    for descr, expected in cases.items():
        assert generic_hardware(descr) == expected, descr


def test_windows_names_its_processor_after_hardware() -> None:
    server = (
        "Hardware: Intel64 Family 6 Model 85 Stepping 4 AT/AT COMPATIBLE - Software: "
        "Windows Version 6.3 (Build 17763 Multiprocessor Free)"
    )
    assert generic_hardware(server) == "Generic x86 64-bit"
    assert generic_hardware("Hardware: AMD64 Family 23 Model 1 - Software: Windows") == (
        "Generic x86 64-bit"
    )
    assert generic_hardware("Hardware: x86 Family 6 Model 8 - Software: Windows 2000") == (
        "Generic x86"
    )


def test_a_word_elsewhere_in_the_description_decides_nothing() -> None:
    assert generic_hardware("Linux arm-gw 5.4 #1 SMP Fri Oct 1 2021 unknown") is None
    assert generic_hardware("x86_64") is None  # a bare token is no description
    assert generic_hardware("Linux 6.1.0 | DELL SRV #1") is None
    assert generic_hardware(None) is None


@given(st.text(max_size=200))
def test_any_text_gives_nothing_or_a_generic_class(text: str) -> None:
    found = generic_hardware(text)
    assert found is None or is_generic(found)


def test_a_host_that_names_no_hardware_reads_generic() -> None:
    device = _device(_host("Linux web01 3.10.0-693.el7.x86_64 #1 SMP Wed Mar 7 2018 x86_64"))
    assert device.device_type is DeviceType.COMPUTER
    assert device.model == "Generic x86 64-bit"
    assert device.model in GENERIC_MODELS


def test_an_appliance_on_embedded_linux_gets_no_generic_model() -> None:
    # a maker's own agent on PowerPC Linux is a network device, not "a generic PowerPC"
    descr = "Linux hostname1 7.5.4 #1 12:38:14 Feb 15 2021 UTC ppc"
    text = f"1.3.6.1.2.1.1.1.0|4|{descr}\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.3652.3\n"
    device = _device(text)
    assert device.device_type is not DeviceType.COMPUTER
    assert device.model is None


# LibreNMS's snmpd.conf guide: extend hardware/manufacturer/serial reading
# /sys/devices/virtual/dmi/id/{product_name,sys_vendor,product_serial}.
EXTEND_DMI = _host(
    "Linux srv1 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64",
    "1.3.6.1.4.1.8072.1.3.2.3.1.1.8.104.97.114.100.119.97.114.101|4|ProLiant DL20 Gen10",
    "1.3.6.1.4.1.8072.1.3.2.3.1.1.12.109.97.110.117.102.97.99.116.117.114.101.114|4|HPE",
    "1.3.6.1.4.1.8072.1.3.2.3.1.1.6.115.101.114.105.97.108|4|CZJ0123ABC",
)
# The guide's older form: extend at 2021.7890.N, first output line of each.
UCD_7890_DMI = _host(
    "Linux 6.1.0 | SRV #1",
    "1.3.6.1.4.1.2021.7890.2.4.1.2.8.104.97.114.100.119.97.114.101.1|4|PowerEdge T150",
    "1.3.6.1.4.1.2021.7890.3.4.1.2.12.109.97.110.117.102.97.99.116.117.114.101.114.1|4|Dell Inc.",
    "1.3.6.1.4.1.2021.7890.4.4.1.2.6.115.101.114.105.97.108.1|4|12/05/2023",
)


def _described(text: str) -> Description:
    return describe(asyncio.run(read_identity(RecordingSource(parse_snmprec(text)))))


def test_the_extend_convention_gives_the_hosts_own_hardware() -> None:
    found = _described(EXTEND_DMI)
    assert (found.vendor, found.model, found.serial) == ("HPE", "ProLiant DL20 Gen10", "CZJ0123ABC")


def test_the_older_extend_form_too_and_a_date_is_no_serial() -> None:
    found = _described(UCD_7890_DMI)
    assert (found.vendor, found.model, found.serial) == ("Dell", "PowerEdge T150", None)


def test_dmi_placeholders_are_no_model() -> None:
    for placeholder in ("To Be Filled By O.E.M.", "System Product Name", "Default string"):
        text = _host(
            "Linux pc 6.1.0 #1 SMP x86_64",
            "1.3.6.1.4.1.8072.1.3.2.3.1.1.8.104.97.114.100.119.97.114.101|4|" + placeholder,
        )
        assert _device(text).model == "Generic x86 64-bit", placeholder


def test_supermicro_superdoctor_names_the_board() -> None:
    # SUPERMICRO-SD5-MIB mbTable (smSuperDoctor5MIB 6), baseboard 1
    text = _host(
        "Linux node7 5.15.0-91-generic #101-Ubuntu SMP x86_64",
        "1.3.6.1.4.1.10876.100.1.6.1.10.1|4|Supermicro",
        "1.3.6.1.4.1.10876.100.1.6.1.11.1|4|X11SCL-F",
        "1.3.6.1.4.1.10876.100.1.6.1.16.1|4|WM19AS012345",
    )
    found = _described(text)
    assert (found.model, found.serial) == ("X11SCL-F", "WM19AS012345")


def test_a_router_publishing_its_hardware_gets_maker_and_model_from_it() -> None:
    # OpenWrt's snmpd with the same extend: the board name as /tmp/sysinfo/model gives it
    text = (
        "1.3.6.1.2.1.1.1.0|4|Linux OpenWrt 5.4.137 #0 SMP Sat Jul 31 17:21:01 2021 armv7l\n"
        f"1.3.6.1.2.1.1.2.0|6|{NET_SNMP_LINUX}\n"
        "1.3.6.1.4.1.8072.1.3.2.3.1.1.8.104.97.114.100.119.97.114.101|4|Linksys WRT1200AC\n"
    )
    found = _described(text)
    assert (found.vendor, found.model) == ("Linksys", "WRT1200AC")
