"""Evidence from each method's observations, and the device type it adds up to. Pure.

Every ``evidence_from_*`` turns one observation into ``schemas.Evidence`` rows by looking it
up in the knowledge tables; ``classify`` combines them. A type's score is
``1 - Π(1 - weight/100)`` over the evidence suggesting it (independent hints, noisy-OR), so
one fingerprint (sysObjectID, Printer-MIB, PJLink greeting: 80-90) beats several OUI or port
hints (10-25). Ties go to the type with the single strongest fact, then to table order.
The reason names the type and its two strongest facts, e.g. "printer: sysObjectID
1.3.6.1.4.1.11.2.3.9.1 is an HP printer (JetDirect) and answers the Printer-MIB
(1.3.6.1.2.1.43)".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from agent.discovery.observations import LinkObservation, PortObservation, SnmpIdentity
from agent.knowledge import hint_tables, mdns_tables, snmp_tables
from agent.knowledge.oui import lookup
from agent.knowledge.rows import SysObjectIdRow
from agent.knowledge.vendors import ENTERPRISES
from schemas import DeviceType, Evidence, MdnsService, Method

REASON_FACTS = 2
MAX_REASON = 1024


@dataclass(frozen=True)
class Classification:
    """The chosen type, a one-line reason, its combined score (0-1) and the facts behind it."""

    device_type: DeviceType
    reason: str
    score: float
    supporting: tuple[Evidence, ...] = ()


def _evidence(
    source: Method | Literal["oui"], fact: str, value: str, suggests: DeviceType | None, weight: int
) -> Evidence:
    useful = suggests is not None and weight > 0
    return Evidence(
        source=source,
        fact=fact[:1024],
        value=value[:4096],
        suggests=suggests if useful else None,
        weight=weight if useful else 0,
    )


# --- SNMP -----------------------------------------------------------------------------------


def evidence_from_snmp(identity: SnmpIdentity) -> list[Evidence]:
    found = _sys_object_id_evidence(identity.sys_object_id)
    found += _sys_descr_evidence(identity.sys_descr)
    found += _subtree_evidence(identity.present_subtrees)
    found += _sys_services_evidence(identity.sys_services)
    return found


def sys_object_id_row(oid: str | None) -> SysObjectIdRow | None:
    """The knowledge row with the longest prefix of ``oid`` (whole arcs), if any."""
    if not oid:
        return None
    rows = [row for row in snmp_tables.SYS_OBJECT_IDS if _under(oid, row.prefix)]
    return max(rows, key=lambda row: len(row.prefix), default=None)


def enterprise(oid: str | None) -> int | None:
    """The IANA enterprise number of a sysObjectID under 1.3.6.1.4.1, if any."""
    match = re.match(r"^1\.3\.6\.1\.4\.1\.(\d+)", oid or "")
    return int(match.group(1)) if match else None


def _under(oid: str, prefix: str) -> bool:
    return oid == prefix or oid.startswith(prefix + ".")


def _sys_object_id_evidence(oid: str | None) -> list[Evidence]:
    if not oid:
        return []
    row = sys_object_id_row(oid)
    if row is not None:
        return [
            _evidence(
                Method.SNMP, f"sysObjectID {oid} is {row.label}", oid, row.suggests, row.weight
            )
        ]
    pen = enterprise(oid)
    maker = ENTERPRISES.get(pen) if pen is not None else None
    fact = f"sysObjectID {oid} is under enterprise {pen}" + (f" ({maker})" if maker else "")
    return [_evidence(Method.SNMP, fact if pen is not None else f"sysObjectID {oid}", oid, None, 0)]


def _sys_descr_evidence(descr: str | None) -> list[Evidence]:
    if not descr:
        return []
    rows = (row for row in snmp_tables.SYS_DESCRS if row.match.search(descr))
    return [
        _evidence(Method.SNMP, f"sysDescr {row.label}", descr, row.suggests, row.weight)
        for row in rows
    ]


def _subtree_evidence(present: Sequence[str]) -> list[Evidence]:
    rows = {row.prefix: row for row in snmp_tables.PROBE_SUBTREES}
    return [
        _evidence(
            Method.SNMP,
            f"answers {rows[prefix].mib} ({prefix})",
            prefix,
            rows[prefix].suggests,
            rows[prefix].weight,
        )
        for prefix in present
        if prefix in rows
    ]


def _sys_services_evidence(services: int | None) -> list[Evidence]:
    if services is None:
        return []
    rows = (
        row
        for row in snmp_tables.SYS_SERVICES
        if services & row.all_of == row.all_of and not services & row.none_of
    )
    return [
        _evidence(
            Method.SNMP,
            f"sysServices {services} {row.label}",
            str(services),
            row.suggests,
            row.weight,
        )
        for row in rows
    ]


# --- mDNS -----------------------------------------------------------------------------------


def normalise_service_type(service_type: str) -> str:
    """``_ipp._tcp.local.`` / ``_universal._sub._ipp._tcp`` → ``_ipp._tcp`` (lower case)."""
    name = service_type.strip().lower().rstrip(".")
    name = name.removesuffix(".local")
    return name.rsplit("._sub.", 1)[-1]


def evidence_from_mdns(service: MdnsService) -> list[Evidence]:
    kind = normalise_service_type(service.service_type)
    rows = [row for row in mdns_tables.SERVICES if row.service_type == kind]
    found = [_evidence(Method.MDNS, row.label, kind, row.suggests, row.weight) for row in rows]
    return found + _txt_evidence(kind, service.txt)


def _txt_evidence(kind: str, txt: dict[str, str]) -> list[Evidence]:
    lowered = {key.lower(): value for key, value in txt.items()}
    found = []
    for row in mdns_tables.TXT:
        if row.services and kind not in row.services:
            continue
        key = next((key for key in row.keys if row.match.search(lowered.get(key, ""))), None)
        if key is not None:
            fact = f"mDNS {kind} TXT {key}={lowered[key]} is {row.label}"
            found.append(_evidence(Method.MDNS, fact, lowered[key], row.suggests, row.weight))
    return found


# --- OUI and ports --------------------------------------------------------------------------


def evidence_from_oui(mac: str) -> list[Evidence]:
    info = lookup(mac)
    if info.randomised:
        return [
            _evidence(
                "oui", "locally administered (randomised) MAC: no maker registered", mac, None, 0
            )
        ]
    if info.organisation is None:
        return [_evidence("oui", f"MAC prefix {mac[:8]} is not in the IEEE registry", mac, None, 0)]
    row = next((row for row in hint_tables.OUI_HINTS if row.match.search(info.organisation)), None)
    fact = f"MAC prefix {mac[:8]} is registered to {info.organisation}"
    return [
        _evidence(
            "oui", fact, info.organisation, row.suggests if row else None, row.weight if row else 0
        )
    ]


def evidence_from_ports(obs: PortObservation) -> list[Evidence]:
    banners = dict(obs.banners)
    found = []
    for port in sorted(set(obs.open_ports)):
        banner = banners.get(port)
        seen: set[DeviceType] = set()
        for row in (row for row in hint_tables.PORTS if row.port == port):
            matches = row.banner is None or (banner is not None and row.banner.search(banner))
            if matches and row.suggests not in seen:
                seen.add(row.suggests)
                found.append(
                    _evidence(
                        Method.PORTS, row.label, banner or str(port), row.suggests, row.weight
                    )
                )
    return found


def evidence_from_links(links: Sequence[LinkObservation]) -> list[Evidence]:
    """Link-level answers that say what a device is: a PJLink class 2 search reply."""
    answered = [link for link in links if link.method is Method.PJLINK]
    if not answered:
        return []
    label, weight = hint_tables.PJLINK_SEARCH_LABEL, hint_tables.PJLINK_SEARCH_WEIGHT
    return [_evidence(Method.PJLINK, label, answered[0].mac, DeviceType.PROJECTOR, weight)]


# --- classify -------------------------------------------------------------------------------


def classify(evidence: Sequence[Evidence]) -> Classification:
    """The most likely type and why; UNKNOWN when no evidence suggests any type."""
    by_type: dict[DeviceType, list[Evidence]] = {}
    for item in evidence:
        if item.suggests is not None and item.weight > 0:
            by_type.setdefault(item.suggests, []).append(item)
    if not by_type:
        return Classification(DeviceType.UNKNOWN, _unknown_reason(evidence), 0.0)
    order = list(DeviceType)
    best = max(
        by_type,
        key=lambda kind: (score(by_type[kind]), _strongest(by_type[kind]), -order.index(kind)),
    )
    supporting = tuple(sorted(by_type[best], key=lambda item: -item.weight))
    return Classification(best, _reason(best, supporting), score(supporting), supporting)


def score(items: Iterable[Evidence]) -> float:
    return 1 - math.prod(1 - item.weight / 100 for item in items)


def _strongest(items: Sequence[Evidence]) -> int:
    return max(item.weight for item in items)


def _reason(kind: DeviceType, supporting: Sequence[Evidence]) -> str:
    facts = list(dict.fromkeys(item.fact for item in supporting))
    text = " and ".join(facts[:REASON_FACTS])
    more = len(facts) - REASON_FACTS
    suffix = f" (+{more} more)" if more > 0 else ""
    return f"{kind.value}: {text}{suffix}"[:MAX_REASON]


def _unknown_reason(evidence: Sequence[Evidence]) -> str:
    if not evidence:
        return "unknown: no probe learned anything about it beyond its address"
    return f"unknown: nothing seen suggests a type ({evidence[0].fact})"[:MAX_REASON]
