"""Observations from every method merge into one device per MAC; IP is only an attribute."""

from __future__ import annotations

from ipaddress import IPv4Address

from agent.discovery.merge import group_by_device, ip_to_mac
from agent.discovery.observations import (
    LinkObservation,
    MdnsObservation,
    Observations,
    PortObservation,
    ProbeMiss,
    SnmpIdentity,
    SnmpObservation,
)
from schemas import MdnsService, Method

IP1, IP2, IP3 = IPv4Address("198.18.0.10"), IPv4Address("198.18.0.11"), IPv4Address("198.18.0.12")
MAC1, MAC2 = "3c:a8:2a:f6:38:ac", "00:1b:a9:0b:a7:52"


def _service(kind: str, name: str) -> MdnsService:
    return MdnsService(service_type=kind, instance=name, port=631)


def test_every_method_joins_the_device_through_its_ip() -> None:
    observations = Observations(
        links=[LinkObservation(Method.ARP_SWEEP, IP1, MAC1)],
        snmp=[SnmpObservation(IP1, "public", "v2c", SnmpIdentity(sys_name="printer"))],
        mdns=[MdnsObservation((IP1,), _service("_ipp._tcp.local.", "HP"))],
        ports=[PortObservation(IP1, (631, 9100))],
    )
    [device] = group_by_device(observations)
    assert device.mac == MAC1
    assert device.snmp is not None
    assert device.snmp.identity.sys_name == "printer"
    assert [m.service.instance for m in device.mdns] == ["HP"]
    assert device.ports is not None
    assert device.ports.open_ports == (631, 9100)
    assert device.ips == [IP1]


def test_arp_sweep_wins_over_the_neighbour_table() -> None:
    links = [
        LinkObservation(Method.ARP_SWEEP, IP1, MAC1),
        LinkObservation(Method.NEIGHBOUR_TABLE, IP1, MAC2),
    ]
    assert ip_to_mac(links) == {IP1: MAC1}
    assert ip_to_mac(list(reversed(links))) == {IP1: MAC1}


def test_one_mac_with_two_ips_is_one_device() -> None:
    observations = Observations(
        links=[
            LinkObservation(Method.ARP_SWEEP, IP2, MAC1),
            LinkObservation(Method.ARP_SWEEP, IP1, MAC1),
        ]
    )
    [device] = group_by_device(observations)
    assert device.ips == [IP1, IP2]


def test_snmp_reported_mac_is_used_when_arp_missed_the_address() -> None:
    identity = SnmpIdentity(macs=(MAC2,))
    observations = Observations(snmp=[SnmpObservation(IP3, "public", "v2c", identity)])
    [device] = group_by_device(observations)
    assert device.mac == MAC2


def test_address_without_mac_is_kept_not_dropped() -> None:
    observations = Observations(
        mdns=[MdnsObservation((IP3,), _service("_googlecast._tcp.local.", "Hall TV"))],
        misses=[ProbeMiss(Method.SNMP, IP2, "no answer")],
    )
    devices = group_by_device(observations)
    assert [(d.mac, d.ips) for d in devices] == [(None, [IP2]), (None, [IP3])]


def test_the_same_mdns_instance_seen_twice_counts_once() -> None:
    service = _service("_ipp._tcp.local.", "HP")
    observations = Observations(
        links=[LinkObservation(Method.ARP_SWEEP, IP1, MAC1)],
        mdns=[MdnsObservation((IP1,), service), MdnsObservation((IP1,), service)],
    )
    [device] = group_by_device(observations)
    assert len(device.mdns) == 1
