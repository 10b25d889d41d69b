"""Vendor, model, serial and firmware for one device, from everything it said. Pure.

Priority (first source that has a value wins):

* vendor — SNMP manufacturer (vendor MIB / IEEE 1284 MFG / entPhysicalMfgName / UPS-MIB) →
  the sysObjectID row's vendor → the enterprise number (unless it is SNMP software such as
  Net-SNMP) → the sysDescr row's vendor → a single-category maker a curated
  ``product_lines.MAKERS`` row recognises in sysDescr, as a whole word, under its canonical
  name ("Barracuda Spam Firewall" → "Barracuda Networks"; never a word of free text) →
  mDNS TXT (usb_MFG…, Apple/Google model keys, a maker named at the start of ``ty``) →
  PJLink INF1 → the MAC's OUI
* model — SNMP model (vendor MIB / 1284 MDL / entPhysicalModelName / UPS-MIB / printer
  hrDeviceDescr) → sysDescr extraction → the chassis' entPhysicalDescr → mDNS TXT (usb_MDL,
  ty, product, md, model, am, rpMd) → PJLink INF2 → a sysDescr that is the product's name
  ("Cambium ePMP", ``descr_fields.product_name``; it beats a registry name that is only a
  family, with no model number: "EdgeRouter Lite" over GLPI's "EdgeMax"). A value made of
  category words only, a software/agent banner or an OS description is no model, whatever its source
  (``descr_fields.refused_model``), nor is the maker's own name. The vendor's own name and a
  trailing
  " series" are trimmed. A general-purpose host's model is its hardware's (a server agent's
  model name, ENTITY-MIB, the NET-SNMP-EXTEND ``hardware`` line): its operating system or
  processor is not a model. A computer that names no hardware gets its hardware class from
  ``build_device`` instead ("Generic x86 64-bit", ``agent.knowledge.architecture``).
* serial — SNMP serial → sysDescr extraction (e.g. JetDirect ``SN:``) → PJLink SNUM
* firmware — SNMP firmware → sysDescr extraction → PJLink SVER
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from agent.discovery.observations import SnmpIdentity
from agent.knowledge import mdns_tables, product_lines, snmp_tables
from agent.knowledge.classify import normalise_service_type
from agent.knowledge.descr_fields import (
    firmware_from_text,
    model_from_text,
    own_model,
    product_name,
    refused_model,
    serial_from_text,
)
from agent.knowledge.oui import lookup
from agent.knowledge.snmp_evidence import (
    enterprise,
    hardware_maker,
    registry_row,
    sys_object_id_row,
)
from agent.knowledge.vendors import ENTERPRISES, SOFTWARE_AGENTS, maker_prefix_end, short_vendor
from schemas import MdnsService

MAX_FIELD = 256


@dataclass(frozen=True)
class PjlinkInfo:
    """What a projector said over PJLink (INF1, INF2; SNUM and SVER on class 2)."""

    manufacturer: str | None = None
    product: str | None = None
    serial: str | None = None
    firmware: str | None = None


@dataclass(frozen=True)
class Description:
    vendor: str | None = None
    model: str | None = None
    serial: str | None = None
    firmware: str | None = None


def describe(
    identity: SnmpIdentity | None,
    services: Sequence[MdnsService] = (),
    *,
    pjlink: PjlinkInfo | None = None,
    mac: str | None = None,
) -> Description:
    """Choose vendor, model, serial and firmware in the documented priority order."""
    pj = pjlink or PjlinkInfo()
    extracted = sys_descr_fields(identity.sys_descr if identity else None)
    snmp = identity or SnmpIdentity()
    vendor = _first(_vendor_candidates(snmp, services, pj, mac))
    descr = snmp.sys_descr
    maker = _maker_name(snmp, vendor)
    # a description that is just the product's name ("Barracuda Spam Firewall"): last of all,
    # but before a registry name that is only the product family ("EdgeMax": no digit)
    named = product_name(descr, maker, snmp.sys_name)
    registry = registry_model(snmp, vendor)
    family = registry and not re.search(r"\d", registry)
    if family and named and named.casefold() != (registry or "").casefold():
        registry = None  # the registry's spelling stays when both name the same ("VMX")
    models = [snmp.model, extracted.get("model"), own_model(descr), registry]
    models.append(model_from_text(descr, maker))
    # last: a model the chassis' entPhysicalDescr names ("MP-118 chassis")
    models.append(model_from_text(snmp.chassis_descr, maker))
    candidates = [*models, *_txt_models(services), pj.product, named]
    makers = {name.casefold() for name in (vendor, maker) if name}
    model = _first(
        value
        for value in candidates
        if not refused_model(value) and (value or "").strip().casefold() not in makers
    )
    serial = _first([snmp.serial, extracted.get("serial"), serial_from_text(descr), pj.serial])
    firmwares = [snmp.firmware, extracted.get("firmware"), firmware_from_text(descr), pj.firmware]
    return Description(
        vendor=vendor,
        model=clean_model(without_serial(model, serial), vendor),
        serial=serial,
        firmware=clean_firmware(_first(firmwares)),
    )


def registry_model(snmp: SnmpIdentity, vendor: str | None = None) -> str | None:
    """The product name the public registry gives this exact sysObjectID (not software's).
    A model only made readable from a vendor MIB's leaf name (``s4048t`` → "S4048T") gives
    way to a model token sysDescr names ("Series: S4048T-ON"), which is more precise; GLPI's
    curated product names keep their place before sysDescr."""
    if enterprise(snmp.sys_object_id) in SOFTWARE_AGENTS:
        return None
    row = registry_row(snmp.sys_object_id)
    if row is None or not row.exact or not row.model:
        return None
    token = model_from_text(snmp.sys_descr, _maker_name(snmp, vendor)) if row.from_leaf_name else ""
    if token and not re.match(r"[vV]?\d+\.\d", token):  # "AW+ v5.4.7-2.5" names no model
        return None
    return row.model


def registry_vendor(snmp: SnmpIdentity) -> str | None:
    """The maker the public registry names for the sysObjectID's enterprise — or, behind a
    software agent, for the vendor MIB the device answers (short name where one is known)."""
    found = hardware_maker(snmp)
    if found is None:
        return None
    name = found[0]
    return short_vendor(name) or re.split(r",| \(|\s+#", name)[0].strip() or None


def _maker_name(snmp: SnmpIdentity, vendor: str | None) -> str | None:
    """The maker's name as a description would spell it: the short vendor, else the
    registry's name for the sysObjectID's enterprise (its first word)."""
    if vendor:
        return vendor
    row = registry_row(snmp.sys_object_id)
    return row.vendor.split()[0] if row is not None and row.vendor else None


def _first(values: Iterable[str | None]) -> str | None:
    for value in values:
        if value and value.strip():
            return value.strip()[:MAX_FIELD]
    return None


def _vendor_candidates(
    snmp: SnmpIdentity, services: Sequence[MdnsService], pj: PjlinkInfo, mac: str | None
) -> Iterator[str | None]:
    yield _named(snmp.manufacturer)
    row = sys_object_id_row(snmp.sys_object_id)
    yield row.vendor if row else None
    pen = enterprise(snmp.sys_object_id)
    yield ENTERPRISES.get(pen) if pen is not None and pen not in SOFTWARE_AGENTS else None
    yield registry_vendor(snmp)
    yield next(
        (
            r.vendor
            for r in snmp_tables.SYS_DESCRS
            if r.vendor and _matches(r.match, snmp.sys_descr)
        ),
        None,
    )
    yield descr_maker(snmp.sys_descr)
    yield short_vendor(snmp.model)  # a model its maker's name begins ("Linksys WRT1200AC")
    yield from _txt_vendors(services)
    yield _named(pj.manufacturer)
    if mac:
        info = lookup(mac)
        yield info.vendor or info.organisation


def descr_maker(descr: str | None) -> str | None:
    """The canonical name of a maker a curated ``MAKERS`` row finds in sysDescr as a whole
    word ("Barracuda Spam Firewall" → "Barracuda Networks"); None for a generic word
    ("storage"), a match inside a longer word ("barcode") or no match."""
    text = descr or ""
    for row in product_lines.MAKERS:
        for match in row.match.finditer(text):
            start, end = match.span()
            inside = (start > 0 and text[start - 1].isalnum()) or text[end : end + 1].isalnum()
            name = None if inside else row.name_for(match.group(0))
            if name:
                return name
    return None


def _named(text: str | None) -> str | None:
    return short_vendor(text) or text


def _matches(pattern: re.Pattern[str], text: str | None) -> bool:
    return bool(text and pattern.search(text))


def _txt(service: MdnsService) -> dict[str, str]:
    return {key.lower(): value for key, value in service.txt.items()}


def _kind(service: MdnsService) -> str:
    return normalise_service_type(service.service_type)


def _txt_vendors(services: Sequence[MdnsService]) -> Iterator[str | None]:
    for service in services:
        txt, kind = _txt(service), _kind(service)
        yield from (_named(txt.get(key)) for key in mdns_tables.VENDOR_KEYS)
        for row in mdns_tables.TXT:
            applies = row.vendor and (not row.services or kind in row.services)
            if applies and any(row.match.search(txt.get(key, "")) for key in row.keys):
                yield row.vendor
        yield from (short_vendor(txt.get(key)) for key in ("ty", "product"))


def _txt_models(services: Sequence[MdnsService]) -> Iterator[str | None]:
    for kind, key in mdns_tables.MODEL_KEYS:
        for service in services:
            if not kind or _kind(service) == kind:
                yield _txt(service).get(key, "").strip().strip("()").strip() or None


def sys_descr_fields(descr: str | None) -> dict[str, str]:
    """model / serial / firmware pulled out of sysDescr by the knowledge rows' patterns."""
    found: dict[str, str] = {}
    for row in snmp_tables.SYS_DESCRS:
        if not _matches(row.match, descr):
            continue
        for pattern in row.extract:
            match = pattern.search(descr or "")
            groups = match.groupdict() if match else {}
            for name, value in groups.items():
                if value and value.strip():
                    found.setdefault(name, value.strip())
    return found


MIN_SERIAL_TOKEN = 5


def without_serial(model: str | None, serial: str | None) -> str | None:
    """A model never carries the unit's own serial number: cut the text where a token that
    begins the serial starts ("Dell S5830dn 7XQ1R92 LW62.DN4.P636" with serial
    "7XQ1R92-132-13" → "Dell S5830dn"); what follows it is the unit's, not the product's."""
    if not model or not serial:
        return model
    tokens = model.split()
    for position, token in enumerate(tokens):
        if position and len(token) >= MIN_SERIAL_TOKEN and serial.upper().startswith(token.upper()):
            return " ".join(tokens[:position])
    return model


def clean_model(model: str | None, vendor: str | None) -> str | None:
    """Trim the vendor's own name from the front ("EPSON WF-C5790BA") and " series"."""
    if not model:
        return None
    trimmed = re.sub(r"\s+series$", "", model.strip(), flags=re.IGNORECASE)
    end = maker_prefix_end(trimmed, vendor)
    rest = trimmed[end:].strip(" -_") if end else ""
    return rest or trimmed


def clean_firmware(firmware: str | None) -> str | None:
    """Drop a leading "Firmware Ver." / "Version" label and a trailing " | <build date>"."""
    if not firmware:
        return None
    firmware = firmware.split(" | ")[0].strip() or firmware
    return re.sub(r"^(firmware\s*)?ver(sion)?\.?\s*", "", firmware, flags=re.IGNORECASE) or firmware


def pjlink_from_banners(banners: Sequence[tuple[int, str]]) -> PjlinkInfo | None:
    """PJLink INF1/INF2/SNUM/SVER answers, when a port probe recorded them as banner lines."""
    answers = {}
    for _, line in banners:
        match = re.match(r"^%[12](INF1|INF2|SNUM|SVER)=(.+)$", line.strip())
        if match and not match.group(2).startswith("ERR"):
            answers[match.group(1)] = match.group(2).strip()
    if not answers:
        return None
    return PjlinkInfo(
        answers.get("INF1"), answers.get("INF2"), answers.get("SNUM"), answers.get("SVER")
    )
