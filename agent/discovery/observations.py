"""Observations: what one discovery method saw about one address.

Every method (ARP sweep, neighbour table, mDNS, SNMP) yields observations; none of them
decides what a device is. ``agent.discovery.merge`` turns them into devices keyed by MAC and
``agent.knowledge.classify`` decides the type from the evidence they carry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address

from schemas import MdnsService, Method


@dataclass(frozen=True)
class LinkObservation:
    """An IP answered at layer 2 with this MAC (ARP sweep or OS neighbour table)."""

    method: Method
    ip: IPv4Address
    mac: str  # canonical lower-case colon form


@dataclass(frozen=True)
class MdnsObservation:
    """One resolved DNS-SD service instance."""

    ips: tuple[IPv4Address, ...]
    service: MdnsService


@dataclass(frozen=True)
class SnmpIdentity:
    """What an SNMP agent says about itself; every field optional, all text bounded."""

    sys_descr: str | None = None
    sys_object_id: str | None = None  # numeric, no leading dot
    sys_name: str | None = None
    sys_services: int | None = None
    sys_uptime_s: float | None = None
    manufacturer: str | None = None  # entPhysicalMfgName, upsIdentManufacturer, ...
    model: str | None = None
    serial: str | None = None
    firmware: str | None = None
    macs: tuple[str, ...] = ()  # ifPhysAddress values, canonical, non-zero
    present_subtrees: tuple[str, ...] = ()  # knowledge-table OID prefixes that answered
    # What standard MIBs say about what the device is (read in the same pass, bounded):
    ip_forwarding: bool | None = None  # IP-MIB ipForwarding = forwarding(1)
    bridge_ports: int | None = None  # BRIDGE-MIB dot1dBaseNumPorts
    lldp_capabilities: tuple[str, ...] = ()  # LLDP-MIB lldpLocSysCapEnabled bit names
    if_types: tuple[int, ...] = ()  # IF-MIB ifType of the first interfaces
    if_names: tuple[str, ...] = ()  # IF-MIB ifDescr of the first interfaces
    entity_classes: tuple[int, ...] = ()  # ENTITY-MIB entPhysicalClass of the first entities
    hr_device_types: tuple[str, ...] = ()  # HOST-RESOURCES hrDeviceType OIDs
    engine_id: str | None = None  # snmpEngineID, lower-case hex
    vendor_subtree: str | None = None  # first hardware maker's 1.3.6.1.4.1.N the agent answers
    fc_unit_types: tuple[int, ...] = ()  # FIBRE-CHANNEL-MGMT-MIB connUnitType values
    chassis_descr: str | None = None  # ENTITY-MIB entPhysicalDescr of the chassis (class 3)


@dataclass(frozen=True)
class SnmpObservation:
    """An SNMP agent answered at ``ip`` to the named credential."""

    ip: IPv4Address
    credential: str  # the credential's name from the config, never its secret
    version: str  # "v2c" or "v3"
    identity: SnmpIdentity


@dataclass(frozen=True)
class PortObservation:
    """TCP management ports that accepted a connection at ``ip``, with any greeting read."""

    ip: IPv4Address
    open_ports: tuple[int, ...]
    banners: tuple[tuple[int, str], ...] = ()  # (port, first line the service sent), bounded


@dataclass(frozen=True)
class ProbeMiss:
    """A probe ran against ``ip`` and got no usable answer (time-out, garbage, auth failure)."""

    method: Method
    ip: IPv4Address
    detail: str
    credential: str | None = None


@dataclass(frozen=True)
class Observations:
    """Everything one run's methods saw, before merging."""

    links: list[LinkObservation] = field(default_factory=list)
    mdns: list[MdnsObservation] = field(default_factory=list)
    snmp: list[SnmpObservation] = field(default_factory=list)
    ports: list[PortObservation] = field(default_factory=list)
    misses: list[ProbeMiss] = field(default_factory=list)
