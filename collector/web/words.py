"""Plain words for the dashboard: device types, statuses, change events, relative times.

Principals read these pages without IT knowledge, so every code the database holds is shown
through one of these tables (data, not if-chains); unknown codes fall back to the code itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from collector.domain import AGENT_SILENT_CHECK, DEVICE_OFFLINE_CHECK, EventKind
from schemas import DeviceType

# device type -> (heading for a group, singular)
TYPE_LABELS: dict[DeviceType, tuple[str, str]] = {
    DeviceType.PRINTER: ("Printers", "printer"),
    DeviceType.PROJECTOR: ("Projectors", "projector"),
    DeviceType.ACCESS_POINT: ("Wi-Fi access points", "Wi-Fi access point"),
    DeviceType.SWITCH: ("Network switches", "network switch"),
    DeviceType.ROUTER: ("Routers", "router"),
    DeviceType.COMPUTER: ("Computers", "computer"),
    DeviceType.UPS: ("Battery backups (UPS)", "battery backup (UPS)"),
    DeviceType.NAS: ("Network storage (NAS)", "network storage (NAS)"),
    DeviceType.MEDIA_PLAYER: ("Media players", "media player"),
    DeviceType.PHONE_TABLET: ("Phones and tablets", "phone or tablet"),
    DeviceType.CAMERA: ("Cameras", "camera"),
    DeviceType.UNKNOWN: ("Other devices", "device of unknown type"),
}
TYPE_ORDER = {device_type: rank for rank, device_type in enumerate(TYPE_LABELS)}

STATUS_WORDS = {
    "ok": "Working",
    "warning": "Needs attention soon",
    "critical": "Needs attention now",
    "unknown": "Could not be checked",
    "unchecked": "Not checked",
    "missing": "Not seen lately",
}
SEVERITY_WORDS = {"critical": "Urgent", "warning": "Soon"}
SEVERITY_RANK = {"critical": 0, "warning": 1}

SUPPLY_KIND_WORDS = {
    "toner": "toner",
    "ink": "ink",
    "drum": "drum",
    "waste": "waste container",
    "fuser": "fuser",
    "other": "supply",
}

# checks the collector raises itself: a lead-in that says what the summary is about
CHECK_LEADS = {
    AGENT_SILENT_CHECK: "The school's monitoring PC has not sent its nightly report",
    DEVICE_OFFLINE_CHECK: "Not seen on the network",
}

# event kind -> (sentence, the before/after key the sentence quotes)
EVENT_TEXT: dict[EventKind, tuple[str, str | None]] = {
    EventKind.NEW: ("New device found", None),
    EventKind.MISSING: ("No longer seen on the network", None),
    EventKind.BACK: ("Seen on the network again", None),
    EventKind.IP_CHANGED: ("Address changed from {before} to {after}", "ips"),
    EventKind.FIRMWARE_CHANGED: ("Firmware changed from {before} to {after}", "firmware"),
    EventKind.STATUS_CHANGED: ("Changed from “{before}” to “{after}”", "status"),
}

_UNITS = ((86400 * 2, 86400, "day"), (3600 * 2, 3600, "hour"), (60, 60, "minute"))


class Named(Protocol):
    """What a device row (ORM or API model) has that can name it."""

    @property
    def hostname(self) -> str | None: ...
    @property
    def sys_name(self) -> str | None: ...
    @property
    def model(self) -> str | None: ...
    @property
    def ip(self) -> str | None: ...
    @property
    def mac(self) -> str | None: ...


def device_name(device: Named) -> str:
    """The name people know a device by; falls back to its model, address or MAC."""
    for value in (device.hostname, device.sys_name, device.model, device.ip, device.mac):
        if value:
            return value
    return "unnamed device"


def type_label(device_type: DeviceType, *, plural: bool = False) -> str:
    plural_label, singular = TYPE_LABELS.get(device_type, (device_type.value, device_type.value))
    return plural_label if plural else singular


def status_word(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def _quoted(data: dict[str, Any] | None, key: str) -> str:
    value = (data or {}).get(key)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "none"
    if value is None:
        return "unknown"
    return status_word(str(value)) if key == "status" else str(value)


def describe_event(
    kind: EventKind, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> str:
    """One plain sentence for a change event (the values are quoted, never interpreted)."""
    text, key = EVENT_TEXT.get(kind, (str(kind), None))
    if key is None:
        return text
    return text.format(before=_quoted(before, key), after=_quoted(after, key))


def values_text(data: dict[str, Any] | None) -> str:
    """``ips: 198.18.0.10, 198.18.0.11; firmware: 2.1`` for a before/after column."""
    if not data:
        return "—"
    return "; ".join(f"{key}: {_quoted(data, key)}" for key in sorted(data))


def alert_sentence(check_id: str, summary: str) -> str:
    lead = CHECK_LEADS.get(check_id)
    return f"{lead}: {summary}" if lead else summary


def ago(then: datetime | None, now: datetime) -> str:
    """``3 hours ago``; ``never`` for no time at all."""
    if then is None:
        return "never"
    seconds = (now - then).total_seconds()
    for threshold, size, unit in _UNITS:
        if seconds >= threshold:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def percent(value: float | None) -> str:
    return "level unknown" if value is None else f"{value:.0f} %"
