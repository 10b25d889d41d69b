"""One report ``Device`` from everything known about one MAC. Pure.

``build_device`` takes the observations grouped for one device (``DeviceFacts``: the lead's
``agent.discovery.merge.DeviceObservations`` fits it, and so does ``Facts`` below), gathers
the evidence of every method, classifies, describes, and lists which probes ran and which
answered (the SNMP credential by name, never its secret).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address
from typing import Protocol

from agent.discovery.observations import (
    LinkObservation,
    MdnsObservation,
    PortObservation,
    ProbeMiss,
    SnmpIdentity,
    SnmpObservation,
)
from agent.knowledge.architecture import generic_hardware
from agent.knowledge.classify import (
    appliance_agent,
    classify,
    evidence_from_links,
    evidence_from_mdns,
    evidence_from_oui,
    evidence_from_ports,
    evidence_from_snmp,
)
from agent.knowledge.describe import PjlinkInfo, describe, pjlink_from_banners
from agent.knowledge.oui import lookup
from schemas import Device, DeviceType, Evidence, MdnsService, Method, Probe, canonical_uuid


class DeviceFacts(Protocol):
    """Everything one run saw about one device (read-only view)."""

    @property
    def mac(self) -> str | None: ...
    @property
    def ips(self) -> Sequence[IPv4Address]: ...
    @property
    def links(self) -> Sequence[LinkObservation]: ...
    @property
    def snmp(self) -> SnmpObservation | None: ...
    @property
    def mdns(self) -> Sequence[MdnsObservation]: ...
    @property
    def ports(self) -> PortObservation | None: ...
    @property
    def misses(self) -> Sequence[ProbeMiss]: ...


@dataclass(frozen=True)
class Facts:
    """A ready-made ``DeviceFacts`` (used by offline identification and tests)."""

    mac: str | None
    ips: tuple[IPv4Address, ...] = ()
    links: tuple[LinkObservation, ...] = ()
    snmp: SnmpObservation | None = None
    mdns: tuple[MdnsObservation, ...] = ()
    ports: PortObservation | None = None
    misses: tuple[ProbeMiss, ...] = ()


def build_device(facts: DeviceFacts, *, pjlink: PjlinkInfo | None = None) -> Device:
    """The device record exactly as the report carries it."""
    identity = facts.snmp.identity if facts.snmp else None
    services = [obs.service for obs in facts.mdns]
    evidence = gather_evidence(facts)
    verdict = classify(evidence, appliance=appliance_agent(identity) if identity else None)
    banners = facts.ports.banners if facts.ports else ()
    info = describe(
        identity, services, pjlink=pjlink or pjlink_from_banners(banners), mac=facts.mac
    )
    oui = lookup(facts.mac) if facts.mac else None
    return Device(
        mac=facts.mac,
        ips=sorted({ip for ip in facts.ips if not ip.is_unspecified}),
        device_type=verdict.device_type,
        type_reason=verdict.reason,
        hostname=mdns_hostname(services),
        vendor=info.vendor,
        model=info.model or _generic_model(verdict.device_type, identity),
        serial=info.serial,
        firmware=info.firmware,
        mac_vendor=oui.organisation if oui else None,
        randomised_mac=bool(oui and oui.randomised),
        transient=bool(oui and oui.randomised),
        sys_name=identity.sys_name if identity else None,
        sys_descr=identity.sys_descr if identity else None,
        sys_object_id=identity.sys_object_id if identity else None,
        mdns_services=services,
        probes=probes(facts) + _pjlink_probe(pjlink),
        evidence=evidence,
        snmp_engine_id=identity.engine_id if identity else None,
        uuid=device_uuid(services),
    )


def _generic_model(device_type: DeviceType, identity: SnmpIdentity | None) -> str | None:
    """A computer that names no hardware model: its hardware class ("Generic x86 64-bit")."""
    if device_type is not DeviceType.COMPUTER or identity is None:
        return None
    return generic_hardware(identity.sys_descr)


UUID_TXT_KEYS = frozenset({"uuid"})  # _ipp._tcp / _ipps._tcp / _uscan._tcp TXT (any case)


def device_uuid(services: Sequence[MdnsService]) -> str | None:
    """The device's own UUID from a DNS-SD TXT ``UUID`` key (IPP Everywhere, eSCL)."""
    for service in services:
        for key, value in service.txt.items():
            found = canonical_uuid(value) if key.lower() in UUID_TXT_KEYS else None
            if found:
                return found
    return None


def _pjlink_probe(pjlink: PjlinkInfo | None) -> list[Probe]:
    if pjlink is None:
        return []
    said = " ".join(part for part in (pjlink.manufacturer, pjlink.product) if part)
    return [_answered(Method.PJLINK, f"PJLink identity: {said or 'no name given'}")]


def gather_evidence(facts: DeviceFacts) -> list[Evidence]:
    """SNMP, then mDNS, then ports, then the OUI — the order the report lists them in."""
    evidence = evidence_from_snmp(facts.snmp.identity) if facts.snmp else []
    for obs in facts.mdns:
        evidence += evidence_from_mdns(obs.service)
    if facts.ports:
        evidence += evidence_from_ports(facts.ports)
    evidence += evidence_from_links(facts.links)
    if facts.mac:
        evidence += evidence_from_oui(facts.mac)
    return list({(item.source, item.fact): item for item in evidence}.values())


def mdns_hostname(services: Sequence[MdnsService]) -> str | None:
    """The first announced host name, without ``.local.``."""
    for service in services:
        if service.host:
            name = service.host.rstrip(".").removesuffix(".local")
            if name:
                return name
    return None


def probes(facts: DeviceFacts) -> list[Probe]:
    """One entry per method that answered, plus one per miss (with its reason)."""
    answered = [
        _answered(method, f"answered at {ip}")
        for method, ip in {link.method: link.ip for link in facts.links}.items()
    ]
    if facts.snmp:
        detail = f"SNMP {facts.snmp.version} answered at {facts.snmp.ip}"
        answered.append(_answered(Method.SNMP, detail, facts.snmp.credential))
    if facts.mdns:
        kinds = sorted({obs.service.service_type for obs in facts.mdns})
        answered.append(_answered(Method.MDNS, "announces " + ", ".join(kinds)))
    if facts.ports:
        answered.append(_answered(Method.PORTS, _ports_detail(facts.ports)))
    missed = [
        Probe(method=m.method, answered=False, detail=_bounded(m.detail), credential=m.credential)
        for m in facts.misses
    ]
    return answered + missed


def _answered(method: Method, detail: str, credential: str | None = None) -> Probe:
    return Probe(method=method, answered=True, detail=_bounded(detail), credential=credential)


def _ports_detail(ports: PortObservation) -> str:
    if not ports.open_ports:
        return "no management port open"
    return _bounded("open TCP ports: " + ", ".join(str(port) for port in sorted(ports.open_ports)))


def _bounded(text: str) -> str:
    return text if len(text) <= 1024 else text[:1021] + "..."
