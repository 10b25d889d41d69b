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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from agent.discovery.observations import LinkObservation, PortObservation
from agent.knowledge import hint_tables, mdns_tables
from agent.knowledge.evidence import make_evidence
from agent.knowledge.oui import lookup
from agent.knowledge.snmp_evidence import (
    appliance_agent,
    enterprise,
    evidence_from_snmp,
    sys_object_id_row,
)
from schemas import DeviceType, Evidence, MdnsService, Method

__all__ = [
    "Classification",
    "appliance_agent",
    "classify",
    "enterprise",
    "evidence_from_links",
    "evidence_from_mdns",
    "evidence_from_oui",
    "evidence_from_ports",
    "evidence_from_snmp",
    "sys_object_id_row",
]

REASON_FACTS = 2
MAX_REASON = 1024
MIN_SCORE = 0.55  # below this, hints only: no type is decided
# Below MIN_SCORE a device is still a computer when facts other than its OUI, each of at least
# MIN_HOST_WEIGHT, say general-purpose host (a Net-SNMP agent on Linux, Remote Desktop...).
MIN_HOST_SCORE = 0.1
MIN_HOST_WEIGHT = 10
# The integrator's product decision for a device that answers SNMP with a hardware maker's own
# product sysObjectID (``snmp_evidence.appliance_agent``) and says nothing else: almost all such
# agents on a school or provider network are network equipment, and DeviceType.SWITCH is
# defined as "a network device that is a switch or a router and says no more". The fallback
# never overrides evidence: any fact above a hint (weight > FALLBACK_HINT_MAX) for a type other
# than switch or router (radios, printer or UPS hints, host evidence) keeps the device unknown.
NETWORK_FALLBACK = DeviceType.SWITCH
NETWORK_TYPES = frozenset({DeviceType.SWITCH, DeviceType.ROUTER})
FALLBACK_HINT_MAX = 10  # "sysDescr says Linux": appliances run Linux too
OTHER_TYPES = "printer, UPS, access point, camera, storage or host"
MISSING = (
    "a fingerprint such as a product sysObjectID, a device-class MIB (Printer-MIB, UPS-MIB, "
    "IEEE 802.11), LLDP capabilities or a service only that kind of device offers"
)


@dataclass(frozen=True)
class Classification:
    """The chosen type, a one-line reason, its combined score (0-1) and the facts behind it."""

    device_type: DeviceType
    reason: str
    score: float
    supporting: tuple[Evidence, ...] = ()


# --- mDNS -----------------------------------------------------------------------------------


def normalise_service_type(service_type: str) -> str:
    """``_ipp._tcp.local.`` / ``_universal._sub._ipp._tcp`` → ``_ipp._tcp`` (lower case)."""
    name = service_type.strip().lower().rstrip(".")
    name = name.removesuffix(".local")
    return name.rsplit("._sub.", 1)[-1]


def evidence_from_mdns(service: MdnsService) -> list[Evidence]:
    kind = normalise_service_type(service.service_type)
    rows = [row for row in mdns_tables.SERVICES if row.service_type == kind]
    found = [make_evidence(Method.MDNS, row.label, kind, row.suggests, row.weight) for row in rows]
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
            found.append(make_evidence(Method.MDNS, fact, lowered[key], row.suggests, row.weight))
    return found


# --- OUI and ports --------------------------------------------------------------------------


def evidence_from_oui(mac: str) -> list[Evidence]:
    info = lookup(mac)
    if info.randomised:
        return [
            make_evidence(
                "oui", "locally administered (randomised) MAC: no maker registered", mac, None, 0
            )
        ]
    if info.organisation is None:
        return [
            make_evidence("oui", f"MAC prefix {mac[:8]} is not in the IEEE registry", mac, None, 0)
        ]
    row = next((row for row in hint_tables.OUI_HINTS if row.match.search(info.organisation)), None)
    fact = f"MAC prefix {mac[:8]} is registered to {info.organisation}"
    return [
        make_evidence(
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
                    make_evidence(
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
    return [make_evidence(Method.PJLINK, label, answered[0].mac, DeviceType.PROJECTOR, weight)]


# --- classify -------------------------------------------------------------------------------


def classify(evidence: Sequence[Evidence], *, appliance: str | None = None) -> Classification:
    """The most likely type and why.

    A type needs a combined score of at least ``MIN_SCORE``: weak hints alone (an OUI, one
    port, "Linux", a software agent's sysObjectID) never decide. Below it the device is a
    ``computer`` when the strongest evidence is for a general-purpose host; a network device
    (``switch``) when ``appliance`` says why its SNMP agent is a hardware maker's own and
    nothing points to another type (``NETWORK_FALLBACK``); else ``unknown``, and the reason
    says what was seen and what was missing.
    """
    by_type: dict[DeviceType, list[Evidence]] = {}
    for item in evidence:
        if item.suggests is not None and item.weight > 0:
            by_type.setdefault(item.suggests, []).append(item)
    fallback = appliance is not None and not _other_type_evidence(evidence)
    if not by_type:
        if fallback and appliance is not None:
            return _network_fallback(appliance, by_type)
        return Classification(DeviceType.UNKNOWN, _unknown_reason(evidence), 0.0)
    order = list(DeviceType)
    best = max(
        by_type,
        key=lambda kind: (score(by_type[kind]), _strongest(by_type[kind]), -order.index(kind)),
    )
    supporting = tuple(sorted(by_type[best], key=lambda item: -item.weight))
    total = score(supporting)
    if total >= MIN_SCORE:
        return Classification(best, _reason(best, supporting), total, supporting)
    if best is DeviceType.COMPUTER and _host_evidence(supporting):
        reason = _reason(best, supporting) + " (weak evidence of a general-purpose host)"
        return Classification(best, reason[:MAX_REASON], total, supporting)
    if fallback and appliance is not None:
        return _network_fallback(appliance, by_type)
    return Classification(DeviceType.UNKNOWN, _weak_reason(best, supporting), total)


def _other_type_evidence(evidence: Sequence[Evidence]) -> bool:
    """Whether any fact above a hint suggests a type that is not a network device."""
    return any(
        item.suggests not in NETWORK_TYPES and item.weight > FALLBACK_HINT_MAX
        for item in evidence
        if item.suggests is not None
    )


def _network_fallback(appliance: str, by_type: dict[DeviceType, list[Evidence]]) -> Classification:
    """``switch`` (or ``router`` when the weak network facts lean that way), and why."""
    routing = sorted(by_type.get(DeviceType.ROUTER, []), key=lambda item: -item.weight)
    switching = by_type.get(DeviceType.SWITCH, [])
    kind = DeviceType.ROUTER if score(routing) > score(switching) else NETWORK_FALLBACK
    supporting = tuple(sorted(by_type.get(kind, []), key=lambda item: -item.weight))
    lean = f"{routing[0].fact}; " if kind is DeviceType.ROUTER else ""
    reason = f"{kind.value} (network device): {lean}{appliance} and nothing that says {OTHER_TYPES}"
    return Classification(kind, reason[:MAX_REASON], score(supporting), supporting)


def _host_evidence(items: Sequence[Evidence]) -> bool:
    """Whether what was seen (not the maker's OUI) says general-purpose host, if weakly."""
    said = [item for item in items if item.source != "oui" and item.weight >= MIN_HOST_WEIGHT]
    # rounded: one fact of MIN_HOST_WEIGHT is 1 - 0.9 = 0.09999... in floating point
    return round(score(said), 9) >= MIN_HOST_SCORE


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


def _weak_reason(kind: DeviceType, supporting: Sequence[Evidence]) -> str:
    facts = "; ".join(dict.fromkeys(item.fact for item in supporting[:REASON_FACTS]))
    text = (
        f"unknown: only weak hints ({facts}: {kind.value}, {score(supporting):.0%}); "
        f"missing {MISSING}"
    )
    return text[:MAX_REASON]


def _unknown_reason(evidence: Sequence[Evidence]) -> str:
    if not evidence:
        return "unknown: no probe learned anything about it beyond its address"
    return f"unknown: nothing seen suggests a type ({evidence[0].fact})"[:MAX_REASON]
