"""Group one run's observations by device (keyed by MAC; IP is only an attribute).

Pure: no I/O. An address seen by ARP or the neighbour table gives the IP → MAC map; SNMP,
mDNS and port observations join the device through that map, or through the MACs an SNMP
agent reports for itself when ARP did not see the address. What is left without any MAC is
kept, keyed by IP, rather than dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from agent.discovery.observations import (
    LinkObservation,
    MdnsObservation,
    Observations,
    PortObservation,
    ProbeMiss,
    SnmpObservation,
)
from schemas import Method


@dataclass
class DeviceObservations:
    """Everything seen about one device in one run."""

    mac: str | None
    links: list[LinkObservation] = field(default_factory=list)
    snmp: SnmpObservation | None = None
    mdns: list[MdnsObservation] = field(default_factory=list)
    ports: PortObservation | None = None
    misses: list[ProbeMiss] = field(default_factory=list)

    @property
    def ips(self) -> list[IPv4Address]:
        seen = [link.ip for link in self.links]
        seen += [ip for obs in self.mdns for ip in obs.ips]
        seen += [obs.ip for obs in (self.snmp, self.ports) if obs is not None]
        seen += [miss.ip for miss in self.misses]
        return sorted(set(seen))


def ip_to_mac(links: list[LinkObservation]) -> dict[IPv4Address, str]:
    """The IP → MAC map; an ARP sweep answer wins over the OS neighbour table."""
    neighbour_first = sorted(links, key=lambda link: link.method is Method.ARP_SWEEP)
    return {link.ip: link.mac for link in neighbour_first}


def group_by_device(observations: Observations) -> list[DeviceObservations]:
    """One ``DeviceObservations`` per MAC (or per IP where no MAC is known), sorted by IP."""
    macs = ip_to_mac(observations.links)
    for snmp in observations.snmp:
        if snmp.ip not in macs and snmp.identity.macs:
            macs[snmp.ip] = snmp.identity.macs[0]
    groups: dict[str, DeviceObservations] = {}

    def group_for(ip: IPv4Address) -> DeviceObservations:
        key = macs.get(ip) or f"ip:{ip}"
        return groups.setdefault(key, DeviceObservations(mac=macs.get(ip)))

    _attach(observations, group_for)
    return sorted(groups.values(), key=_first_ip)


def _first_ip(group: DeviceObservations) -> IPv4Address:
    return group.ips[0] if group.ips else IPv4Address(0)


def _attach(
    observations: Observations, group_for: Callable[[IPv4Address], DeviceObservations]
) -> None:
    for link in observations.links:
        group_for(link.ip).links.append(link)
    for snmp in observations.snmp:
        group_for(snmp.ip).snmp = snmp
    for port in observations.ports:
        group_for(port.ip).ports = port
    for miss in observations.misses:
        group_for(miss.ip).misses.append(miss)
    for mdns in _unique_mdns(observations.mdns):
        if mdns.ips:
            group_for(mdns.ips[0]).mdns.append(mdns)


def _unique_mdns(found: list[MdnsObservation]) -> list[MdnsObservation]:
    by_key: dict[tuple[str, str], MdnsObservation] = {}
    for obs in found:
        by_key.setdefault((obs.service.service_type, obs.service.instance), obs)
    return list(by_key.values())
