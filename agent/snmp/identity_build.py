"""What an SNMP agent says about itself, from the answers ``identity.read_identity`` collected.

Pure: ``build_identity`` turns a ``RawIdentity`` into one ``SnmpIdentity``.

Field priority (first non-empty wins): vendor scalars (incl. the IEEE 1284 device ID) → the
first row of vendor per-unit tables (``VENDOR_IDENTITY_COLUMNS``) → ENTITY-MIB chassis
(entPhysicalClass 3) → FIBRE-CHANNEL-MGMT-MIB connUnitProduct / connUnitSn of the first unit →
IEEE802dot11-MIB dot11manufacturerProductName of the first radio → standard scalars (UPS-MIB)
→ Printer-MIB prtGeneralSerialNumber and the printer's hrDeviceDescr (only when the Printer-MIB
answers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from agent.discovery.observations import SnmpIdentity
from agent.knowledge.descr_fields import model_from_text, product_name
from agent.knowledge.rows import IdentityOidRow
from agent.knowledge.snmp_tables import (
    STANDARD_IDENTITY,
    VENDOR_IDENTITY,
    VENDOR_IDENTITY_COLUMNS,
)
from agent.knowledge.vendors import SOFTWARE_AGENTS
from agent.snmp.values import MAX_OCTETS, Value, as_int, as_mac, as_oid, as_text
from schemas import canonical_engine_id

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYS_SERVICES = "1.3.6.1.2.1.1.7.0"
SYSTEM_OIDS = (SYS_DESCR, SYS_OBJECT_ID, SYS_UPTIME, SYS_NAME, SYS_SERVICES)

IF_PHYS_ADDRESS = "1.3.6.1.2.1.2.2.1.6"
ENT_PHYSICAL = "1.3.6.1.2.1.47.1.1.1.1"
ENT_CLASS_CHASSIS = 3
# entPhysicalTable columns in identity priority order (SoftwareRev before FirmwareRev).
ENT_COLUMNS = (
    ("12", "manufacturer"),
    ("13", "model"),
    ("11", "serial"),
    ("10", "firmware"),
    ("9", "firmware"),
)
ENT_DESCR_COLUMN = "2"  # entPhysicalDescr ("MP-118 chassis", "PowerConnect 2824")
HR_DEVICE_TYPE = "1.3.6.1.2.1.25.3.2.1.2"
HR_DEVICE_DESCR = "1.3.6.1.2.1.25.3.2.1.3"
HR_DEVICE_PRINTER = "1.3.6.1.2.1.25.3.1.5"
PRINTER_MIB = "1.3.6.1.2.1.43"
PRT_GENERAL_SERIAL = "1.3.6.1.2.1.43.5.1.1.17"
IF_TYPE = "1.3.6.1.2.1.2.2.1.3"
IF_DESCR = "1.3.6.1.2.1.2.2.1.2"
ENT_MODEL_NAME = ENT_PHYSICAL + ".13"
IP_FORWARDING = "1.3.6.1.2.1.4.1.0"
LLDP_CAP_ENABLED = "1.0.8802.1.1.2.1.3.6.0"
SNMP_ENGINE_ID = "1.3.6.1.6.3.10.2.1.1.0"
BRIDGE_NUM_PORTS = "1.3.6.1.2.1.17.1.2.0"  # BRIDGE-MIB dot1dBaseNumPorts
FC_CONN_UNIT_TYPE = "1.3.6.1.3.94.1.6.1.3"  # FIBRE-CHANNEL-MGMT-MIB (RFC 2837) connUnitType
FC_CONN_UNIT_PRODUCT = "1.3.6.1.3.94.1.6.1.7"  # connUnitProduct: the unit's model name
FC_CONN_UNIT_SN = "1.3.6.1.3.94.1.6.1.8"  # connUnitSn: its serial number
# IEEE802dot11-MIB dot11manufacturerProductName (per radio interface): "NanoBridge M5"
DOT11_PRODUCT_NAME = "1.2.840.10036.3.1.2.1.3"
BRIDGE_PORT_IF_INDEX = "1.3.6.1.2.1.17.1.4.1.2"  # dot1dBasePortIfIndex: one row per port
STRUCTURE_OIDS = (IP_FORWARDING, LLDP_CAP_ENABLED, SNMP_ENGINE_ID, BRIDGE_NUM_PORTS)
# LLDP-MIB LldpSystemCapabilitiesMap (BITS, most significant bit of the first octet = 0).
LLDP_CAPABILITIES = (
    "other",
    "repeater",
    "bridge",
    "wlanAccessPoint",
    "router",
    "telephone",
    "docsisCableDevice",
    "stationOnly",
)

ENTERPRISE_ARCS = ["1", "3", "6", "1", "4", "1"]
PLACEHOLDERS = frozenset(
    {
        "unknown",
        "n/a",
        "na",
        "none",
        "not available",
        "not specified",
        "-",
        "0",
        "<private>",
        "default string",
        "to be filled by o.e.m.",
        # DMI fields a board maker left unset (what dmidecode shows on white-box PCs)
        "system product name",
        "system serial number",
        "system manufacturer",
        "chassis serial number",
        "0123456789",
    }
)

Rows = Sequence[tuple[str, Value]]


@dataclass(frozen=True)
class RawIdentity:
    """The answers ``read_identity`` collected, before interpretation."""

    scalars: Mapping[str, Value]
    entity: Mapping[str, Value] = field(default_factory=dict)
    chassis: str | None = None
    if_phys: Rows = ()
    hr_types: Rows = ()
    hr_descrs: Rows = ()
    printer_serials: Rows = ()
    present_subtrees: tuple[str, ...] = ()
    ent_classes: Rows = ()
    if_types: Rows = ()
    ent_models: Rows = ()
    vendor_subtree: str | None = None
    bridge_ports: Rows = ()
    fc_unit_types: Rows = ()
    if_descrs: Rows = ()
    fc_products: Rows = ()
    fc_serials: Rows = ()
    dot11_products: Rows = ()
    vendor_columns: Mapping[str, Value] = field(default_factory=dict)  # column OID → first row


def software_agent(sys_object_id: str | None) -> bool:
    """Whether the sysObjectID is SNMP software's (Net-SNMP, Windows), or missing."""
    pen = enterprise_number(sys_object_id) if sys_object_id else None
    return pen is None or pen in SOFTWARE_AGENTS


def enterprise_number(oid: str) -> int | None:
    arcs = oid.split(".")
    under = arcs[: len(ENTERPRISE_ARCS)] == ENTERPRISE_ARCS and len(arcs) > len(ENTERPRISE_ARCS)
    return int(arcs[len(ENTERPRISE_ARCS)]) if under and arcs[6].isdigit() else None


def identity_rows() -> tuple[IdentityOidRow, ...]:
    return VENDOR_IDENTITY + STANDARD_IDENTITY


def first_rows(columns: Sequence[str], answers: Sequence[Rows]) -> dict[str, Value]:
    """Each column's first row's value, keyed by the column's OID (no answer, no key)."""
    return {column: rows[0][1] for column, rows in zip(columns, answers, strict=True) if rows}


def entity_oids(chassis: str) -> list[str]:
    columns = [column for column, _ in ENT_COLUMNS]
    return [f"{ENT_PHYSICAL}.{column}.{chassis}" for column in (*columns, ENT_DESCR_COLUMN)]


def chassis_index(class_rows: Rows) -> str | None:
    """The entPhysicalIndex of the first chassis row (class 3), as text."""
    for oid, value in class_rows:
        if as_int(value) == ENT_CLASS_CHASSIS:
            return oid.rsplit(".", 1)[-1]
    return None


def build_identity(raw: RawIdentity) -> SnmpIdentity:
    fields = first_per_field(_candidates(raw))
    return replace(
        system_identity(raw.scalars),
        manufacturer=fields.get("manufacturer"),
        model=fields.get("model"),
        serial=fields.get("serial"),
        firmware=fields.get("firmware"),
        macs=macs_from(raw.if_phys),
        present_subtrees=raw.present_subtrees,
        ip_forwarding=_forwarding(raw.scalars.get(IP_FORWARDING)),
        bridge_ports=_bridge_ports(raw.scalars.get(BRIDGE_NUM_PORTS), raw.bridge_ports),
        lldp_capabilities=lldp_capabilities(raw.scalars.get(LLDP_CAP_ENABLED)),
        if_types=_ints(raw.if_types),
        entity_classes=_ints(raw.ent_classes),
        vendor_subtree=raw.vendor_subtree,
        chassis_descr=_chassis_descr(raw),
        engine_id=_engine_id(raw.scalars.get(SNMP_ENGINE_ID)),
        fc_unit_types=_ints(raw.fc_unit_types),
        if_names=tuple(name for _, value in raw.if_descrs if (name := identity_text(value))),
        hr_device_types=tuple(oid for _, value in raw.hr_types if (oid := as_oid(value))),
    )


def _chassis_descr(raw: RawIdentity) -> str | None:
    if not raw.chassis:
        return None
    return identity_text(raw.entity.get(f"{ENT_PHYSICAL}.{ENT_DESCR_COLUMN}.{raw.chassis}"))


def _engine_id(value: Value | None) -> str | None:
    return canonical_engine_id(value) if isinstance(value, bytes) else None


def _ints(rows: Rows) -> tuple[int, ...]:
    return tuple(number for _, value in rows if (number := as_int(value)) is not None)


def _bridge_ports(num_ports: Value | None, port_rows: Rows) -> int | None:
    """dot1dBaseNumPorts, else the rows of dot1dBasePortTable read (bounded), else None."""
    number = as_int(num_ports)
    if number is not None and number >= 0:
        return number
    return len(port_rows) or None


def _forwarding(value: Value | None) -> bool | None:
    number = as_int(value)
    return None if number not in (1, 2) else number == 1


def lldp_capabilities(value: Value | None) -> tuple[str, ...]:
    """Names of the bits set in an LLDP capability map (BITS: bit 0 = MSB of octet 0)."""
    if not isinstance(value, bytes) or not value:
        return ()
    first = value[0]
    return tuple(name for bit, name in enumerate(LLDP_CAPABILITIES) if first & (0x80 >> bit))


def system_identity(values: Mapping[str, Value]) -> SnmpIdentity:
    """The system-group fields (sysDescr, sysObjectID, sysName, sysServices, sysUpTime)."""
    uptime = as_int(values.get(SYS_UPTIME))
    return SnmpIdentity(
        sys_descr=as_text(values.get(SYS_DESCR), limit=MAX_OCTETS),
        sys_object_id=as_oid(values.get(SYS_OBJECT_ID)),
        sys_name=identity_text(values.get(SYS_NAME)),
        sys_services=as_int(values.get(SYS_SERVICES)),
        sys_uptime_s=uptime / 100 if uptime is not None and uptime >= 0 else None,
    )


def _candidates(raw: RawIdentity) -> list[tuple[str, str | None]]:
    found = scalar_fields(raw.scalars, VENDOR_IDENTITY)
    found += scalar_fields(raw.vendor_columns, VENDOR_IDENTITY_COLUMNS)
    if raw.chassis:
        found += [
            (name, identity_text(raw.entity.get(oid))) for oid, name in _entity_map(raw.chassis)
        ]
    found += [("model", identity_text(value)) for _, value in raw.ent_models]
    found += [("model", identity_text(value)) for _, value in raw.fc_products]
    found += [("serial", identity_text(value)) for _, value in raw.fc_serials]
    found += [("model", radio_product(value)) for _, value in raw.dot11_products]
    found += scalar_fields(raw.scalars, STANDARD_IDENTITY)
    if PRINTER_MIB in raw.present_subtrees or raw.printer_serials:
        found += [("serial", identity_text(value)) for _, value in raw.printer_serials]
        found.append(("model", printer_model(raw.hr_types, raw.hr_descrs)))
    return found


def _entity_map(chassis: str) -> Iterable[tuple[str, str]]:
    return ((f"{ENT_PHYSICAL}.{column}.{chassis}", name) for column, name in ENT_COLUMNS)


def scalar_fields(
    values: Mapping[str, Value], rows: Sequence[IdentityOidRow]
) -> list[tuple[str, str | None]]:
    """(field, text) for each row that answered; a device ID yields manufacturer and model, a
    model description the model token it names, if any ("Juniper MX5-T Internet Router")."""
    found: list[tuple[str, str | None]] = []
    for row in rows:
        text = identity_text(values.get(row.oid))
        if text and row.shape and not re.search(row.shape, text):
            continue  # the OID holds something else on this firmware
        if row.field == "device_id" and text:
            parsed = parse_device_id(text)
            found += [("manufacturer", parsed.get("MFG")), ("model", parsed.get("MDL"))]
        elif row.field == "model_descr" and text:
            found.append(("model", model_from_text(text)))
        elif row.field not in ("device_id", "model_descr"):
            found.append((row.field, text))
    return found


def parse_device_id(text: str) -> dict[str, str]:
    """IEEE 1284 device ID (``MFG:Brother;MDL:HL-5370DW series;...``) → {MFG, MDL, ...}."""
    aliases = {"MANUFACTURER": "MFG", "MODEL": "MDL", "COMMAND SET": "CMD"}
    parsed: dict[str, str] = {}
    for part in text.split(";"):
        key, sep, value = part.partition(":")
        key = aliases.get(key.strip().upper(), key.strip().upper())
        if sep and value.strip():
            parsed.setdefault(key, value.strip())
    return parsed


def first_per_field(candidates: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for name, text in candidates:
        if text:
            chosen.setdefault(name, text)
    return chosen


def identity_text(value: Value | None) -> str | None:
    """Printable, trimmed text that is not a placeholder such as "Unknown" or "N/A"."""
    text = as_text(value)
    if text is not None and len(text) > 1 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()  # some agents quote the string itself
    if not text or text.lower() in PLACEHOLDERS:
        return None
    return re.sub(r"\s+", " ", text)


def radio_product(value: Value | None) -> str | None:
    """The model an 802.11 product name gives: its model token ("CW9178I Wi-Fi 7 radio"), else
    the name when it is written like a product ("NanoBridge M5", "LiteAP AC")."""
    text = identity_text(value)
    return model_from_text(text) or product_name(text) if text else None


def printer_model(type_rows: Rows, descr_rows: Rows) -> str | None:
    """hrDeviceDescr of the first hrDevice whose type is hrDevicePrinter."""
    descrs = {oid.rsplit(".", 1)[-1]: value for oid, value in descr_rows}
    for oid, value in type_rows:
        if as_oid(value) == HR_DEVICE_PRINTER:
            model = identity_text(descrs.get(oid.rsplit(".", 1)[-1]))
            if model:
                return model
    return None


def macs_from(rows: Rows) -> tuple[str, ...]:
    """Distinct non-zero 6-octet ifPhysAddress values, in ifIndex order."""
    macs = (as_mac(value) for _, value in rows)
    return tuple(dict.fromkeys(mac for mac in macs if mac))
