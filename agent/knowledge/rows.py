"""Row types of the knowledge tables. Each row says what a fact suggests and how strongly.

Weights (0-100) are the probability-like strength of one fact on its own; ``classify``
combines a type's facts as ``1 - Π(1 - w/100)``, so many weak hints do not outvote one strong
fact. Scale used across the tables:

* 85-95 a fingerprint: a device-class MIB answers, a product sysObjectID, a PJLink greeting
* 60-80 a product name: sysDescr pattern, an mDNS service only that kind of device offers,
  a model TXT key
* 30-60 suggestive: sysServices layers, printer ports, RDP
* 10-25 hints: the MAC's OUI, SSH/SMB ports, a generic Linux agent
* 0 a fact worth showing that suggests no type (e.g. an enterprise number)

A type needs a combined score of ``classify.MIN_SCORE`` (0.55): hints alone never decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from schemas import DeviceType

# ``model_descr``: a description that may name the model ("Juniper EX2300-24P Switch"): only
# a model-like token in it is used ("Juniper Virtual Chassis Switch" gives none).
IdentityField = Literal["manufacturer", "model", "serial", "firmware", "device_id", "model_descr"]


@dataclass(frozen=True)
class SysObjectIdRow:
    """sysObjectID under ``prefix`` is ``label`` (longest prefix wins)."""

    prefix: str
    vendor: str | None
    suggests: DeviceType | None
    weight: int
    label: str  # "an HP printer"


@dataclass(frozen=True)
class SysDescrRow:
    """sysDescr matching ``match``; ``extract`` patterns name groups model/serial/firmware."""

    match: re.Pattern[str]
    vendor: str | None
    suggests: DeviceType | None
    weight: int
    label: str  # "names an HP JetDirect print server"
    extract: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class SubtreeRow:
    """An agent that answers under ``prefix`` implements ``mib``."""

    prefix: str
    mib: str  # "the Printer-MIB"
    suggests: DeviceType | None
    weight: int


@dataclass(frozen=True)
class SysServicesRow:
    """sysServices with every bit of ``all_of`` and none of ``none_of`` set."""

    all_of: int
    none_of: int
    suggests: DeviceType
    weight: int
    label: str


@dataclass(frozen=True)
class IdentityOidRow:
    """A scalar that holds one identity field (``device_id`` = IEEE 1284 ``MFG:..;MDL:..;``)."""

    oid: str
    field: IdentityField
    source: str  # "HP JetDirect MIB"
    # A pattern the value must contain, where the same OID means something else on another
    # firmware generation of the maker (an older Teltonika answers its modem's maker there).
    shape: str | None = None


@dataclass(frozen=True)
class ServiceRow:
    """An mDNS/DNS-SD service type (normalised ``_name._tcp``)."""

    service_type: str
    suggests: DeviceType | None
    weight: int
    label: str


@dataclass(frozen=True)
class TxtRow:
    """A TXT key (any of ``keys``, case-insensitive) whose value matches ``match``."""

    keys: tuple[str, ...]
    match: re.Pattern[str]
    suggests: DeviceType | None
    weight: int
    vendor: str | None
    label: str  # "an iPhone"
    services: tuple[str, ...] = ()  # only for these service types; empty = any


@dataclass(frozen=True)
class OuiHintRow:
    """An IEEE registry organisation name matching ``match``."""

    match: re.Pattern[str]
    suggests: DeviceType
    weight: int


@dataclass(frozen=True)
class PortRow:
    """An open TCP port; with ``banner`` set, only when the greeting matches it."""

    port: int
    suggests: DeviceType
    weight: int
    label: str
    banner: re.Pattern[str] | None = None


@dataclass(frozen=True)
class VendorAlias:
    """Text (OUI organisation, entPhysicalMfgName, TXT usb_MFG...) naming ``name``."""

    match: re.Pattern[str]
    name: str
