"""build_device(): one report Device from everything seen about one MAC."""

from __future__ import annotations

from ipaddress import IPv4Address

from agent.discovery.merge import DeviceObservations
from agent.discovery.observations import (
    LinkObservation,
    MdnsObservation,
    PortObservation,
    ProbeMiss,
    SnmpIdentity,
    SnmpObservation,
)
from agent.knowledge.describe import PjlinkInfo
from agent.knowledge.device import Facts, build_device
from schemas import DeviceType, MdnsService, Method

IP = IPv4Address("198.18.0.40")
T = DeviceType


def mdns(kind: str, txt: dict[str, str], host: str = "device.local.") -> MdnsObservation:
    service = MdnsService(service_type=kind, instance="Instance", host=host, port=1, txt=txt)
    return MdnsObservation(ips=(IP,), service=service)


def arp(mac: str) -> LinkObservation:
    return LinkObservation(method=Method.ARP_SWEEP, ip=IP, mac=mac)


def test_apple_tv_from_mdns() -> None:
    facts = Facts(
        mac="f0:ee:7a:4d:19:b3",
        ips=(IP,),
        links=(arp("f0:ee:7a:4d:19:b3"),),
        mdns=(
            mdns("_airplay._tcp", {"model": "AppleTV6,2", "deviceid": "F0:EE:7A:4D:19:B3"},
                 "Library-Apple-TV.local."),
            mdns("_raop._tcp", {"am": "AppleTV6,2", "md": "0,1,2"}),
            mdns("_companion-link._tcp", {"rpMd": "AppleTV6,2"}),
        ),
    )  # fmt: skip
    device = build_device(facts)
    assert device.device_type is T.MEDIA_PLAYER
    assert (device.vendor, device.model, device.mac_vendor) == (
        "Apple",
        "AppleTV6,2",
        "Apple, Inc.",
    )
    assert device.hostname == "Library-Apple-TV"
    assert len(device.mdns_services) == 3
    assert [p.method for p in device.probes] == [Method.ARP_SWEEP, Method.MDNS]


def test_phone_with_randomised_mac() -> None:
    mac = "6a:3f:91:4c:d3:07"
    facts = Facts(mac=mac, ips=(IP,), links=(arp(mac),),
                  mdns=(mdns("_companion-link._tcp", {"rpMd": "iPhone14,2"}),))  # fmt: skip
    device = build_device(facts)
    assert device.device_type is T.PHONE_TABLET
    assert device.type_reason == (
        "phone_tablet: mDNS _companion-link._tcp TXT rpmd=iPhone14,2 is an iPhone"
    )
    assert (device.randomised_mac, device.transient, device.mac_vendor) == (True, True, None)
    assert device.model == "iPhone14,2"


def test_pjlink_only_projector() -> None:
    mac = "00:30:13:5c:8a:41"
    ports = PortObservation(ip=IP, open_ports=(4352,), banners=((4352, "PJLINK 1 7c21e9a0"),))
    device = build_device(Facts(mac=mac, ips=(IP,), links=(arp(mac),), ports=ports))
    assert device.device_type is T.PROJECTOR
    assert device.type_reason.startswith("projector: answers PJLink with its greeting")
    assert device.vendor == "NEC"
    assert device.model is None
    with_info = build_device(
        Facts(mac=mac, ips=(IP,), ports=ports), pjlink=PjlinkInfo("NEC", "ME401W")
    )
    assert with_info.model == "ME401W"


def test_silent_pc_is_not_typed_by_its_oui_alone() -> None:
    # Dell sells PCs, servers, switches and storage: the OUI is a hint, never the decision
    mac = "f8:b1:56:5e:01:30"
    device = build_device(Facts(mac=mac, ips=(IP,), links=(arp(mac),)))
    assert device.device_type is T.UNKNOWN
    assert "MAC prefix f8:b1:56 is registered to Dell Inc." in device.type_reason
    assert "only weak hints" in device.type_reason
    assert "missing" in device.type_reason
    assert device.vendor == "Dell"


def test_silent_hp_pc_is_not_a_printer() -> None:
    mac = "3c:52:82:00:00:01"  # HP Inc. (HP sells PCs and printers)
    device = build_device(Facts(mac=mac, ips=(IP,), links=(arp(mac),)))
    assert device.device_type is not T.PRINTER
    assert device.device_type is T.UNKNOWN


def test_hp_pc_answering_rdp_and_smb_is_a_computer() -> None:
    mac = "3c:52:82:00:00:01"
    open_ports = PortObservation(ip=IP, open_ports=(135, 445, 3389))
    device = build_device(Facts(mac=mac, ips=(IP,), links=(arp(mac),), ports=open_ports))
    assert device.device_type is T.COMPUTER


def test_unregistered_silent_device_is_unknown() -> None:
    mac = "0c:ff:ff:00:00:01"
    device = build_device(Facts(mac=mac, ips=(IP,), links=(arp(mac),)))
    assert device.device_type is T.UNKNOWN
    assert "not in the IEEE registry" in device.type_reason


def test_ipp_printer_and_smb_nas() -> None:
    txt = {"ty": "Kyocera ECOSYS P5026cdw", "usb_MFG": "Kyocera", "usb_MDL": "ECOSYS P5026cdw",
           "rp": "ipp/print", "note": "Library"}  # fmt: skip
    printer = build_device(
        Facts(mac="d4:f0:c9:3e:51:7a", ips=(IP,),
              mdns=(mdns("_ipp._tcp", txt), mdns("_ipps._tcp", txt), mdns("_http._tcp", {})))
    )  # fmt: skip
    assert (printer.device_type, printer.vendor, printer.model) == (
        T.PRINTER, "Kyocera", "ECOSYS P5026cdw"
    )  # fmt: skip
    nas = build_device(
        Facts(mac="24:5e:be:61:0a:3c", ips=(IP,),
              mdns=(mdns("_smb._tcp", {}), mdns("_device-info._tcp", {"model": "TS-453D"})))
    )  # fmt: skip
    assert (nas.device_type, nas.vendor, nas.model) == (T.NAS, "QNAP", "TS-453D")


def test_snmp_linux_server_with_ports_and_misses() -> None:
    identity = SnmpIdentity(
        sys_descr="Linux fileserver 6.1.0-26-amd64 #1 SMP PREEMPT_DYNAMIC Debian x86_64",
        sys_object_id="1.3.6.1.4.1.8072.3.2.10", sys_name="fileserver", sys_services=72,
        present_subtrees=("1.3.6.1.2.1.25.4.2",),
    )  # fmt: skip
    snmp = SnmpObservation(ip=IP, credential="lk-school", version="v2c", identity=identity)
    miss = ProbeMiss(method=Method.SNMP, ip=IP, detail="authentication failed for lankeeper-v3",
                     credential="lankeeper-v3")  # fmt: skip
    ports = PortObservation(ip=IP, open_ports=(22, 445))
    mac = "54:bf:64:2c:7e:19"
    device = build_device(
        Facts(mac=mac, ips=(IP,), links=(arp(mac),), snmp=snmp, ports=ports, misses=(miss,))
    )
    assert device.device_type is T.COMPUTER
    assert (device.vendor, device.sys_name) == ("Dell", "fileserver")
    answered = [(p.method, p.credential) for p in device.probes if p.answered]
    assert answered == [(Method.ARP_SWEEP, None), (Method.SNMP, "lk-school"), (Method.PORTS, None)]
    [missed] = [p for p in device.probes if not p.answered]
    assert missed.detail == "authentication failed for lankeeper-v3"
    sources = [e.source for e in device.evidence]
    assert sources == sorted(sources, key=["snmp", "mdns", "ports", "oui"].index)


def test_lead_merge_group_fits_build_device() -> None:
    mac = "3c:a8:2a:f6:38:ac"
    group = DeviceObservations(mac=mac, links=[arp(mac)])
    group.snmp = SnmpObservation(
        ip=IP, credential="public", version="v2c",
        identity=SnmpIdentity(sys_object_id="1.3.6.1.4.1.11.2.3.9.1",
                              present_subtrees=("1.3.6.1.2.1.43",)),
    )  # fmt: skip
    device = build_device(group)
    assert device.device_type is T.PRINTER
    assert device.ips == [IP]
    assert device.vendor == "HP"


def test_ipp_txt_uuid_is_the_devices_uuid() -> None:
    service = MdnsService(
        service_type="_ipp._tcp",
        instance="Office printer",
        port=631,
        txt={"UUID": "6D4FF0CE-0001-4DE1-8A2B-3C4D5E6F7081", "ty": "Brother HL-L2350DW"},
    )
    mac = "00:1b:a9:0b:a7:52"
    obs = MdnsObservation(ips=(IP,), service=service)
    device = build_device(Facts(mac=mac, ips=(IP,), links=(arp(mac),), mdns=(obs,)))
    assert device.uuid == "6d4ff0ce-0001-4de1-8a2b-3c4d5e6f7081"
    junk = MdnsObservation(ips=(IP,), service=service.model_copy(update={"txt": {"UUID": "x"}}))
    assert build_device(Facts(mac=mac, ips=(IP,), mdns=(junk,))).uuid is None
