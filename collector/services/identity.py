"""Device identity: which known device is this incoming one? One pure, ordered function.

Keys are tried in ``MATCH_ORDER``: the MAC first (unless it is randomised, see below), then
serial number + vendor, then the SNMP engine id, then an IPP/mDNS UUID, and — only for a
device seen without any MAC — its name + type. The IP address is never a key: an IP change
updates a device, it never creates or merges one.

Devices with a randomised MAC (phones, tablets) are kept apart: they are matched only by
their exact MAC and their other keys are neither used nor indexed, so a phone can never be
merged into a printer by a shared name or a junk serial.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from collector.domain import MatchReason
from schemas import Device

MATCH_ORDER: tuple[MatchReason, ...] = (
    MatchReason.MAC,
    MatchReason.SERIAL_VENDOR,
    MatchReason.ENGINE_ID,
    MatchReason.UUID,
    MatchReason.NAME_TYPE,
)

JUNK_SERIALS = frozenset(
    {"unknown", "none", "na", "n/a", "serial", "default", "0123456789", "123456789", "1234567890"}
)
MIN_SERIAL_LENGTH = 4
UUID_TXT_KEYS = frozenset({"uuid"})  # _ipp._tcp / _uscan._tcp TXT (case-insensitive)
UUID_FACT_SUFFIX = "uuid"  # evidence facts like "printer-uuid", "mdns txt UUID"
ENGINE_FACT_MARKERS = ("engineid", "engine_id", "engine id", "engine-id")
# an SNMP engine id is 5 to 32 octets (RFC 3411); anything longer is not one (and would not
# fit devices.engine_id)
_ENGINE_HEX_MIN, _ENGINE_HEX_MAX = 10, 64
_HEX32 = re.compile(r"^[0-9a-f]{32}$")
_SPACE = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_NOT_HEX = re.compile(r"[^0-9a-f]")


@dataclass(frozen=True)
class DeviceKeys:
    """The identity keys of one device, normalised; ``None`` when the device has none."""

    mac: str | None = None
    serial_vendor: str | None = None
    engine_id: str | None = None
    uuid: str | None = None
    name_type: str | None = None
    randomised: bool = False

    def get(self, reason: MatchReason) -> str | None:
        value: str | None = getattr(self, reason.value, None)
        return value


@dataclass(frozen=True)
class Match:
    device_id: int | None  # None: a new device
    reason: MatchReason
    key: str = ""


@dataclass
class IdentityIndex:
    """Known devices of one school by each key; ``add`` as devices are matched or created."""

    by_key: dict[MatchReason, dict[str, int]] = field(
        default_factory=lambda: {reason: {} for reason in MATCH_ORDER}
    )

    def add(self, keys: DeviceKeys, device_id: int) -> None:
        for reason, name in _usable(keys):
            value = getattr(keys, name)
            if value is not None:
                self.by_key[reason].setdefault(value, device_id)


def build_index(known: Iterable[tuple[DeviceKeys, int]]) -> IdentityIndex:
    index = IdentityIndex()
    for keys, device_id in known:
        index.add(keys, device_id)
    return index


def match(keys: DeviceKeys, index: IdentityIndex) -> Match:
    """The first key (in ``MATCH_ORDER``) that names a known device wins."""
    for reason, name in _usable(keys):
        value = getattr(keys, name)
        if value is not None and value in index.by_key[reason]:
            return Match(index.by_key[reason][value], reason, value)
    return Match(None, MatchReason.NEW)


_KEY_FIELDS = tuple((reason, reason.value) for reason in MATCH_ORDER)  # (reason, attribute)


def _usable(keys: DeviceKeys) -> tuple[tuple[MatchReason, str], ...]:
    return _KEY_FIELDS[:1] if keys.randomised else _KEY_FIELDS


def keys_of(device: Device) -> DeviceKeys:
    """Extract and normalise the identity keys a report gives for ``device``."""
    randomised = device.randomised_mac or device.transient
    return DeviceKeys(
        mac=device.mac,
        serial_vendor=serial_vendor_key(device.serial, device.vendor or device.mac_vendor),
        engine_id=_engine_id(device),
        uuid=_uuid(device),
        name_type=_name_type(device),
        randomised=randomised,
    )


def serial_vendor_key(serial: str | None, vendor: str | None) -> str | None:
    if not serial or not vendor:
        return None
    clean = _SPACE.sub("", serial).lower()
    if len(clean) < MIN_SERIAL_LENGTH or clean in JUNK_SERIALS or len(set(clean)) == 1:
        return None
    maker = _NOT_ALNUM.sub("", vendor.lower())[:16]
    return f"{maker}|{clean}" if maker else None


def _engine_id(device: Device) -> str | None:
    """The typed ``snmp_engine_id`` (schema 1.2); in older reports, an evidence row naming it."""
    if device.snmp_engine_id:
        return device.snmp_engine_id
    for evidence in device.evidence:
        fact = evidence.fact.lower()
        if any(marker in fact for marker in ENGINE_FACT_MARKERS):
            value = _NOT_HEX.sub("", evidence.value.lower().removeprefix("0x"))
            if _ENGINE_HEX_MIN <= len(value) <= _ENGINE_HEX_MAX and len(set(value)) > 1:
                return value
    return None


def _uuid(device: Device) -> str | None:
    """The typed ``uuid`` (schema 1.2); in older reports, a TXT key or evidence row naming it."""
    if device.uuid:
        return device.uuid
    candidates = [
        value
        for service in device.mdns_services
        for key, value in service.txt.items()
        if key.lower() in UUID_TXT_KEYS
    ]
    candidates += [e.value for e in device.evidence if e.fact.lower().endswith(UUID_FACT_SUFFIX)]
    for candidate in candidates:
        value = normalise_uuid(candidate)
        if value is not None:
            return value
    return None


def normalise_uuid(value: str) -> str | None:
    """``urn:uuid:6D4FF0CE-...`` → ``6d4ff0ce-...``; anything that is not a UUID → None."""
    digits = _NOT_HEX.sub("", value.strip().lower().removeprefix("urn:uuid:"))
    if not _HEX32.match(digits) or len(set(digits)) == 1:
        return None
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def _name_type(device: Device) -> str | None:
    return name_type_key(device.mac, device.device_type.value, device.sys_name or device.hostname)


def name_type_key(mac: str | None, device_type: str, name: str | None) -> str | None:
    if mac is not None or not name:
        return None
    return f"{device_type}|{name.strip().lower()}"
