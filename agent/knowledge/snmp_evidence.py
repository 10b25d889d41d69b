"""Evidence from what an SNMP agent said about itself. Pure.

In order: the sysObjectID (curated product rows in ``snmp_tables``, else the compiled public
registry — GLPI's product rows, then the maker's IANA enterprise number), sysDescr (curated
product names, then generic category words), the MIB subtrees the agent answers (Printer-MIB,
UPS-MIB, IEEE 802.11...), sysServices layers, and the standard-MIB structure in
``structure_tables`` (LLDP capabilities, ipForwarding, ifType and ENTITY-MIB port counts,
HOST-RESOURCES devices). A software agent's sysObjectID (Net-SNMP, Windows) is a weak hint.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from agent.discovery.observations import SnmpIdentity
from agent.knowledge import product_lines, snmp_tables, structure_tables
from agent.knowledge import structure_tables as tables
from agent.knowledge.descr_fields import own_model
from agent.knowledge.evidence import make_evidence
from agent.knowledge.registry import RegistryRow, registry
from agent.knowledge.rows import SysDescrRow, SysObjectIdRow
from agent.knowledge.structure_tables import CountRow
from agent.knowledge.vendors import SOFTWARE_AGENTS
from schemas import DeviceType, Evidence, Method

# Weight of a type the public registry gives: a product row (the OID itself) / a maker's row.
REGISTRY_WEIGHTS: dict[DeviceType, tuple[int, int]] = {
    DeviceType.PRINTER: (85, 45),
    DeviceType.NAS: (75, 40),
    DeviceType.UPS: (70, 40),
    DeviceType.SWITCH: (60, 40),
    # a vendor's products MIB types its product families (firewalls, APs): as strong as a switch
    DeviceType.ROUTER: (60, 40),
    DeviceType.ACCESS_POINT: (60, 40),
    DeviceType.COMPUTER: (40, 20),
}
SOFTWARE_AGENT_WEIGHT = 10
# A product line named by the registry's model (less direct than the device's own sysDescr).
REGISTRY_LINE_PENALTY = 10
# A product OID under a maker the registry lists as making network devices (only).
NETWORK_MAKER_PRODUCT = 55


def evidence_from_snmp(identity: SnmpIdentity) -> list[Evidence]:
    maker = _maker_evidence(identity)
    found = _sys_object_id_evidence(identity.sys_object_id, curated_maker=bool(maker))
    found += maker or _descr_maker_evidence(identity.sys_descr)
    found += sys_descr_evidence(identity.sys_descr)
    found += _product_line_evidence(identity)
    found += _subtree_evidence([p for p in identity.present_subtrees if p != tables.BRIDGE_MIB])
    found += _sys_services_evidence(identity.sys_services)
    found += structure_evidence(identity)
    return found


def enterprise(oid: str | None) -> int | None:
    """The IANA enterprise number of a sysObjectID under 1.3.6.1.4.1, if any."""
    match = re.match(r"^1\.3\.6\.1\.4\.1\.(\d+)", oid or "")
    return int(match.group(1)) if match else None


def sys_object_id_row(oid: str | None) -> SysObjectIdRow | None:
    """The curated row with the longest prefix of ``oid`` (whole arcs), if any."""
    if not oid:
        return None
    rows = [row for row in snmp_tables.SYS_OBJECT_IDS if _under(oid, row.prefix)]
    return max(rows, key=lambda row: len(row.prefix), default=None)


def registry_row(oid: str | None) -> RegistryRow | None:
    """The compiled public registry's most specific row for ``oid``."""
    return registry().longest_match(oid)


def _under(oid: str, prefix: str) -> bool:
    return oid == prefix or oid.startswith(prefix + ".")


def _sys_object_id_evidence(oid: str | None, *, curated_maker: bool = False) -> list[Evidence]:
    if not oid:
        return []
    curated, public = sys_object_id_row(oid), registry_row(oid)
    if curated is not None and (public is None or not _more_specific(public, curated)):
        fact = f"sysObjectID {oid} is {curated.label}"
        return [make_evidence(Method.SNMP, fact, oid, curated.suggests, curated.weight)]
    if public is None:
        return [make_evidence(Method.SNMP, f"sysObjectID {oid} is in no registry", oid, None, 0)]
    found = _registry_evidence(oid, public)
    if curated_maker and public.device_type is DeviceType.SWITCH:
        # GLPI files every network maker's products as NETWORKING; what the maker is known
        # to make (firewalls, radios...) says more, so this fact only names the product.
        return [found.model_copy(update={"suggests": None, "weight": 0})]
    return [found]


def hardware_maker(identity: SnmpIdentity) -> tuple[str, str] | None:
    """(maker's registered name, how we know) from the sysObjectID, or — for a software
    agent's sysObjectID — from the vendor MIB subtree the device also answers."""
    oid = identity.sys_object_id
    if oid and enterprise(oid) not in SOFTWARE_AGENTS:
        # the registrant of the enterprise number (a product row may name an OEM instead)
        row = registry_row(f"1.3.6.1.4.1.{enterprise(oid)}") or registry_row(oid)
        return (row.vendor, f"sysObjectID {oid} is a product of") if row else None
    if identity.vendor_subtree:
        row = registry_row(identity.vendor_subtree)
        if row is not None:
            return (row.vendor, f"answers {identity.vendor_subtree}, the MIB of")
    return None


def appliance_agent(identity: SnmpIdentity) -> str | None:
    """Why this SNMP agent is an appliance's, when it is: a hardware maker's own product
    sysObjectID (arcs below the enterprise number, not the bare number) of a registered maker
    that is not a PC's SNMP software (Net-SNMP, Microsoft...), or a sysDescr of Linux on an
    embedded processor (MIPS, PowerPC, m68k...). ``classify`` reports such a device as a
    network device when nothing says another type (see ``classify.NETWORK_FALLBACK``)."""
    oid = identity.sys_object_id or ""
    number = enterprise(oid)
    if number is not None and number not in SOFTWARE_AGENTS and _is_product(oid):
        row = registry_row(f"1.3.6.1.4.1.{number}")
        if row is not None:
            return f"its maker's own SNMP agent (sysObjectID {oid} of {row.vendor})"
    embedded = structure_tables.EMBEDDED_LINUX.search(identity.sys_descr or "")
    if embedded is not None:
        return f"sysDescr says Linux on an embedded {embedded.group(1)} processor (not a PC)"
    return None


def _more_specific(public: RegistryRow, curated: SysObjectIdRow) -> bool:
    """A public row deeper than the curated prefix that names a product (not only a maker)."""
    return len(public.oid) > len(curated.prefix) and bool(public.model)


def _maker_evidence(identity: SnmpIdentity) -> list[Evidence]:
    """What the maker makes: curated single-category makers, then words in its name."""
    found = hardware_maker(identity)
    if found is None:
        return []
    maker, how = found
    curated = next((r for r in product_lines.MAKERS if r.match.search(maker)), None)
    if curated is not None:
        fact = f"{how} {maker}, which {curated.label}"
        return [make_evidence(Method.SNMP, fact, maker, curated.suggests, curated.weight)]
    if not how.startswith("sysObjectID"):
        return _agent_maker_words(maker, how)
    oid = identity.sys_object_id or ""
    typed = (row := registry_row(oid)) is not None and row.device_type is not None
    if not _is_product(oid) or typed:
        return []
    words = next((r for r in structure_tables.MAKER_WORDS if r.match.search(maker)), None)
    if words is None:
        fact = f"{how} {maker}: an appliance's own sysObjectID, not a PC's SNMP software"
        label = structure_tables.APPLIANCE
        return [make_evidence(Method.SNMP, fact, maker, label.suggests, label.weight)]
    fact = f"{how} {maker}, which {words.label}"
    return [make_evidence(Method.SNMP, fact, maker, words.suggests, words.weight)]


def _descr_maker_evidence(descr: str | None) -> list[Evidence]:
    """A single-category maker named in sysDescr ("Open-E", "Barracuda Spam Firewall"), when
    neither the sysObjectID nor a vendor MIB named a maker that says more."""
    for row in product_lines.MAKERS:
        match = row.match.search(descr or "")
        # the generic word "storage" is a category word (counted once, there), not a maker
        if match and match.group(0).lower() != "storage":
            fact = f"sysDescr names {match.group(0)!r}, which {row.label}"
            return [make_evidence(Method.SNMP, fact, descr or "", row.suggests, row.weight)]
    return []


def _agent_maker_words(maker: str, how: str) -> list[Evidence]:
    """A PC's SNMP software extended with a maker's own MIB: the box is that maker's
    appliance. Words in the maker's registered name that say storage, security or wireless
    count (a little more than on a sysObjectID: the maker shipped its MIB on this agent);
    "network" does not (server makers' MIBs on Linux hosts are common)."""
    words = next((r for r in structure_tables.MAKER_WORDS if r.match.search(maker)), None)
    if words is None or words.suggests is DeviceType.SWITCH:
        return []
    fact = f"{how} {maker}, which {words.label}"
    weight = words.weight + structure_tables.AGENT_MIB_BONUS
    return [make_evidence(Method.SNMP, fact, maker, words.suggests, weight)]


def _product_line_evidence(identity: SnmpIdentity) -> list[Evidence]:
    row = registry_row(identity.sys_object_id)
    # the row of the OID itself, or an enterprise registered for one product line
    whole = row is not None and not _is_product(row.oid)
    # a device that names its own model in sysDescr is not described by the registry's name
    # for an OID its maker may share across lines (Zyxel's 890.1.15: "ZyWall USG 100")
    named = own_model(identity.sys_descr) is not None
    model = row.model if row is not None and (row.exact or whole) and not named else ""
    found = []
    for line in product_lines.LINES:
        for what, text in (("sysDescr", identity.sys_descr), ("the registry's model", model)):
            match = line.match.search(text or "")
            if match:
                weight = line.weight if what == "sysDescr" else line.weight - REGISTRY_LINE_PENALTY
                fact = f"{what} names {match.group(0)!r}, {line.label}"
                found.append(make_evidence(Method.SNMP, fact, text or "", line.suggests, weight))
                break
    return found


def _is_product(oid: str) -> bool:
    """A product registration (arcs below the enterprise number), not the bare enterprise."""
    return len(oid) > len(f"1.3.6.1.4.1.{enterprise(oid)}")


def _registry_evidence(oid: str, row: RegistryRow) -> Evidence:
    software = enterprise(oid) in SOFTWARE_AGENTS
    strong, weak = REGISTRY_WEIGHTS.get(row.device_type, (0, 0)) if row.device_type else (0, 0)
    if row.device_type is DeviceType.SWITCH and _is_product(oid):
        strong = weak = max(weak, NETWORK_MAKER_PRODUCT)
    weight = SOFTWARE_AGENT_WEIGHT if software else (strong if _is_product(row.oid) else weak)
    what = f"{row.vendor} {row.model}".strip() if row.exact else f"under {row.vendor}'s {row.oid}"
    kind = f" ({_type_name(row.device_type)})" if row.device_type else ""
    fact = f"sysObjectID {oid} is {what}{kind} in {row.source_name}"
    if software:
        fact += ", SNMP software that says nothing about the hardware"
    return make_evidence(Method.SNMP, fact, oid, row.device_type, weight)


def _type_name(kind: DeviceType) -> str:
    return "a network device" if kind is DeviceType.SWITCH else kind.value.replace("_", " ")


def sys_descr_rows(descr: str | None) -> list[SysDescrRow]:
    """Curated product rows that match, then generic category words (one per type)."""
    if not descr:
        return []
    rows = [row for row in snmp_tables.SYS_DESCRS if row.match.search(descr)]
    return rows + [row for row in structure_tables.CATEGORY_WORDS if row.match.search(descr)]


def sys_descr_evidence(descr: str | None) -> list[Evidence]:
    return [
        make_evidence(Method.SNMP, f"sysDescr {row.label}", descr or "", row.suggests, row.weight)
        for row in sys_descr_rows(descr)
    ]


def _subtree_evidence(present: Sequence[str]) -> list[Evidence]:
    rows = {row.prefix: row for row in snmp_tables.PROBE_SUBTREES}
    return [
        make_evidence(
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
        make_evidence(
            Method.SNMP,
            f"sysServices {services} {row.label}",
            str(services),
            row.suggests,
            row.weight,
        )
        for row in rows
    ]


def structure_evidence(identity: SnmpIdentity) -> list[Evidence]:
    """LLDP capabilities, ipForwarding, port counts and HOST-RESOURCES devices."""
    found = [
        make_evidence(Method.SNMP, row.label, row.capability, row.suggests, row.weight)
        for row in structure_tables.LLDP_CAPABILITIES
        if row.capability in identity.lldp_capabilities
    ]
    if identity.ip_forwarding:
        label = structure_tables.IP_FORWARDING_LABEL
        weight = structure_tables.IP_FORWARDING_WEIGHT
        found.append(make_evidence(Method.SNMP, label, "1", DeviceType.ROUTER, weight))
    found += port_evidence(identity)
    found += _fc_units(identity.fc_unit_types)
    found += radio_evidence(identity)
    found += interface_name_evidence(identity.if_names)
    found += _host_resources(identity.hr_device_types)
    return found


def port_evidence(identity: SnmpIdentity) -> list[Evidence]:
    """The ways a device says it has many ports, as one capped fact (``PORTS_CAP``)."""
    found = _subtree_evidence([p for p in identity.present_subtrees if p == tables.BRIDGE_MIB])
    found += _bridge_ports(identity.bridge_ports)
    found += _counts((tables.ETHERNET_PORTS,), identity.if_types)
    found += _counts(tables.ENTITY_CLASSES, identity.entity_classes)
    return _capped(found, tables.PORTS_CAP)


def _capped(items: list[Evidence], cap: int) -> list[Evidence]:
    """Scale correlated facts' weights so that their noisy-OR is at most ``cap`` percent."""
    total = 1 - math.prod(1 - item.weight / 100 for item in items)
    if total * 100 <= cap:
        return items
    power = math.log(1 - cap / 100) / math.log(1 - total)
    return [
        item.model_copy(
            update={"weight": max(1, int(100 * (1 - (1 - item.weight / 100) ** power)))}
        )
        for item in items
    ]


def _fc_units(unit_types: Sequence[int]) -> list[Evidence]:
    known = [number for number in unit_types if number in tables.FC_UNIT_TYPES]
    if not known:
        return []
    suggests, weight, what = tables.FC_UNIT_TYPES[known[0]]
    label = tables.FC_UNIT_LABEL.format(n=known[0], what=what)
    return [make_evidence(Method.SNMP, label, str(known[0]), suggests, weight)]


def _bridge_ports(ports: int | None) -> list[Evidence]:
    if ports is None or ports < structure_tables.BRIDGE_PORTS_MINIMUM:
        return []
    label = structure_tables.BRIDGE_PORTS_LABEL.format(n=ports)
    weight = structure_tables.BRIDGE_PORTS_WEIGHT
    return [make_evidence(Method.SNMP, label, str(ports), DeviceType.SWITCH, weight)]


def _counts(rows: Sequence[CountRow], column: Sequence[int]) -> list[Evidence]:
    found = []
    for row in rows:
        count = sum(1 for value in column if value in row.values)
        if count >= row.minimum:
            label = row.label.format(n=count)
            found.append(make_evidence(Method.SNMP, label, str(count), row.suggests, row.weight))
    return found


def radio_evidence(identity: SnmpIdentity) -> list[Evidence]:
    """Wireless interfaces, by ifType or by name (whichever counts more), as one fact."""
    by_type = sum(1 for kind in identity.if_types if kind == structure_tables.WIRELESS_IF_TYPE)
    by_name = sum(1 for name in identity.if_names if structure_tables.WIRELESS_IF_NAME.match(name))
    count = max(by_type, by_name)
    row = next((row for row in structure_tables.RADIOS if count >= row.minimum), None)
    if row is None:
        return []
    label = row.label.format(n=count)
    return [make_evidence(Method.SNMP, label, str(count), row.suggests, row.weight)]


def interface_name_evidence(names: Sequence[str]) -> list[Evidence]:
    """Interfaces the operating system names for what only a router has (``IF_NAMES``)."""
    found = []
    for row in structure_tables.IF_NAMES:
        matched = sorted({name for name in names if row.match.match(name)})
        if len(matched) >= row.minimum:
            shown = ", ".join(matched[: structure_tables.IF_NAMES_SHOWN])
            label = row.label.format(names=shown)
            found.append(make_evidence(Method.SNMP, label, shown, row.suggests, row.weight))
    return found


def _host_resources(types: Sequence[str]) -> list[Evidence]:
    kinds = {oid.removeprefix(structure_tables.HR_DEVICE) for oid in types}
    if not kinds >= structure_tables.HR_HOST_KINDS:
        return []
    label, weight = structure_tables.HR_HOST_LABEL, structure_tables.HR_HOST_WEIGHT
    return [make_evidence(Method.SNMP, label, "processor, disk", DeviceType.COMPUTER, weight)]
