"""The report: the one contract between agent and collector.

One document per agent run. ``schema_version`` is explicit; a breaking change gets a new
version (and the collector accepts the previous one for a release). Values are canonical:
MAC addresses lower-case colon form, IPv4 addresses as ``ipaddress`` objects, times UTC-aware.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from ipaddress import IPv4Address, IPv4Network
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from schemas.bounds import Count, Text64, Text256, Text1024, Text4096
from schemas.health import CheckResult, Supply

SCHEMA_VERSION: Literal["1.2"] = "1.2"
SUPPORTED_SCHEMA_VERSIONS = ("1.0", "1.1", "1.2")
"""1.0: inventory only (issue 2). 1.1: adds health — ``Device.checks``, ``Device.supplies`` and
``Report.host_checks``. 1.2: adds the identity facts ``Device.snmp_engine_id`` and
``Device.uuid``, and ``ScanInfo.settings`` (which settings the run used). The collector
accepts all three; a 1.0 document carries no health, and only a 1.2 document carries the
identity facts and the settings. Every text and number carries the bound the collector can
store (``schemas.bounds``: no NUL in any text, ``agent.hostname`` at most 256 characters,
integers within 32 or 64 bits); the bounds hold for every version (a value out of them could
never be stored)."""


UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def canonical_uuid(value: str) -> str | None:
    """``urn:uuid:6D4FF0CE-...`` / ``{...}`` / 32 hex digits → ``6d4ff0ce-...``; else None
    (also for an all-zero or all-one-digit placeholder)."""
    text = value.strip().lower().removeprefix("urn:uuid:").strip("{}")
    digits = re.sub(r"[-\s]", "", text)
    if not re.fullmatch(r"[0-9a-f]{32}", digits) or len(set(digits)) == 1:
        return None
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def canonical_engine_id(octets: bytes) -> str | None:
    """An snmpEngineID (RFC 3411: 5-32 octets) as lower-case hex; None if not one."""
    if not 5 <= len(octets) <= 32 or len(set(octets)) == 1:
        return None
    return octets.hex()


def canonical_mac(value: str) -> str:
    """Return ``value`` as a lower-case colon-separated MAC, or raise ValueError."""
    digits = re.sub(r"[^0-9a-fA-F]", "", value)
    if len(digits) != 12 or not re.fullmatch(r"[0-9a-fA-F:.\- ]+", value.strip()):
        raise ValueError(
            f"not a MAC address: {value!r} (expected six hex bytes, e.g. 00:1b:a9:0b:a7:52)"
        )
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2)).lower()


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("time must carry a time zone (UTC), e.g. 2026-11-29T18:00:00Z")
    return value


MacAddress = Annotated[str, AfterValidator(canonical_mac)]
UtcDateTime = Annotated[datetime, AfterValidator(_utc)]
ShortText = Text1024


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DeviceType(StrEnum):
    """What a device is, as the school's users mean it.

    * ``printer`` — printers and multifunction printers (also label printers, print servers)
    * ``projector`` — projectors
    * ``access_point`` — Wi-Fi access points, wireless LAN controllers, point-to-point and
      point-to-multipoint radio links (microwave backhaul)
    * ``switch`` — Ethernet switches (also a network device that is a switch or a router and
      says no more, such as a device whose SNMP agent is its maker's own, a product
      sysObjectID, with nothing that says another type)
    * ``router`` — routers, internet gateways, firewalls, VPN and security gateways
    * ``computer`` — PCs, laptops, servers and other general-purpose hosts
    * ``ups`` — uninterruptible power supplies and their network cards
    * ``nas`` — network storage: NAS, SAN arrays, tape libraries, backup appliances
    * ``media_player`` — streaming players and smart TVs (Chromecast, Apple TV...)
    * ``phone_tablet`` — phones and tablets
    * ``camera`` — IP cameras and video recorders
    * ``unknown`` — not enough evidence to say (the reason says what was seen and missing)
    """

    PRINTER = "printer"
    PROJECTOR = "projector"
    ACCESS_POINT = "access_point"
    SWITCH = "switch"
    ROUTER = "router"
    COMPUTER = "computer"
    UPS = "ups"
    NAS = "nas"
    MEDIA_PLAYER = "media_player"
    PHONE_TABLET = "phone_tablet"
    CAMERA = "camera"
    UNKNOWN = "unknown"


class Method(StrEnum):
    """A discovery method; each yields observations, none decides what a device is."""

    ARP_SWEEP = "arp_sweep"
    NEIGHBOUR_TABLE = "neighbour_table"
    MDNS = "mdns"
    SNMP = "snmp"
    PORTS = "ports"
    PJLINK = "pjlink"
    PJLINK_SEARCH = "pjlink_search"
    HEALTH = "health"


class AgentInfo(_Model):
    agent_id: ShortText
    hostname: Text256
    version: ShortText
    platform: ShortText


class SchoolRef(_Model):
    school_id: ShortText
    name: ShortText


class Problem(_Model):
    """Something that went wrong but did not stop the run."""

    code: Annotated[str, Field(pattern=r"^[a-z0-9_.]+$", max_length=64)]
    message: ShortText
    method: Method | None = None
    ip: IPv4Address | None = None


class MethodRun(_Model):
    method: Method
    started_at: UtcDateTime
    duration_s: Annotated[float, Field(ge=0)]
    observations: Count
    error: ShortText | None = None


class SettingsSource(StrEnum):
    """Where the run's settings came from (the local file always wins where it sets a key)."""

    LOCAL = "local"  # the local file alone: no central settings received yet
    CENTRAL = "central"  # local file + central settings received at this run's check-in
    CACHED = "cached"  # local file + the last central settings (collector unreachable)


class SettingsInfo(_Model):
    source: SettingsSource
    central_updated_at: UtcDateTime | None = None  # the central settings' own change time
    central_keys: list[Text64] = []  # keys taken from central
    checkin_error: ShortText | None = None  # why the check-in failed, when it did


class ScanInfo(_Model):
    started_at: UtcDateTime
    finished_at: UtcDateTime
    interface: ShortText | None
    subnets: list[IPv4Network]
    methods: list[MethodRun]
    problems: list[Problem] = []
    settings: SettingsInfo | None = None  # 1.2


class Evidence(_Model):
    """One fact a method observed, and what it suggests (if anything)."""

    source: Method | Literal["oui"]
    fact: ShortText
    value: Text4096
    suggests: DeviceType | None = None
    weight: Annotated[int, Field(ge=0, le=100)] = 0


class Probe(_Model):
    """Which probe ran against the device and whether it answered."""

    method: Method
    answered: bool
    detail: ShortText = ""
    credential: ShortText | None = None  # name of the SNMP credential, never its secret


class MdnsService(_Model):
    service_type: ShortText
    instance: ShortText
    host: ShortText | None = None
    port: Annotated[int, Field(ge=0, le=65535)]
    txt: dict[ShortText, ShortText] = {}


class Device(_Model):
    mac: MacAddress | None
    ips: list[IPv4Address]
    device_type: DeviceType
    type_reason: ShortText
    hostname: ShortText | None = None
    vendor: ShortText | None = None
    model: ShortText | None = None
    """The product's model. A computer that names no hardware carries its hardware class
    instead ("Generic x86 64-bit", from the architecture its sysDescr gives)."""
    serial: ShortText | None = None
    firmware: ShortText | None = None
    mac_vendor: ShortText | None = None
    randomised_mac: bool = False
    transient: bool = False
    sys_name: ShortText | None = None
    sys_descr: Text4096 | None = None
    sys_object_id: ShortText | None = None
    mdns_services: list[MdnsService] = []
    probes: list[Probe] = []
    evidence: list[Evidence] = []
    checks: list[CheckResult] = []
    supplies: list[Supply] = []
    # 1.2: stable identity facts, whatever address or name the device has this time
    snmp_engine_id: Annotated[str, Field(max_length=64, pattern=r"^[0-9a-f]{10,64}$")] | None = None
    """SNMP-FRAMEWORK-MIB snmpEngineID, lower-case hex."""
    uuid: Annotated[str, Field(max_length=36, pattern=UUID_PATTERN)] | None = None
    """The device's own UUID (IPP printer-uuid, mDNS TXT UUID), canonical lower-case form."""


class Report(_Model):
    schema_version: Literal["1.0", "1.1", "1.2"] = SCHEMA_VERSION
    report_id: UUID
    agent: AgentInfo
    school: SchoolRef
    scan: ScanInfo
    devices: list[Device]
    host_checks: list[CheckResult] = []

    @model_validator(mode="after")
    def _health_needs_1_1(self) -> Self:
        has_health = self.host_checks or any(d.checks or d.supplies for d in self.devices)
        if self.schema_version == "1.0" and has_health:
            raise ValueError("schema_version 1.0 reports carry no health checks; send 1.1")
        has_identity = any(d.snmp_engine_id or d.uuid for d in self.devices)
        if self.schema_version in ("1.0", "1.1") and has_identity:
            raise ValueError(
                f"schema_version {self.schema_version} reports carry no snmp_engine_id or uuid; "
                "send 1.2"
            )
        if self.schema_version != "1.2" and self.scan.settings is not None:
            raise ValueError("scan.settings needs schema_version 1.2")
        return self
