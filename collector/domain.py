"""Vocabulary shared by the collector's database, services and API (slug enums)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # the provider's admin: everything
    TECHNICIAN = "technician"  # one cluster
    PRINCIPAL = "principal"  # one school, read-only


class DeviceStatus(StrEnum):
    """A device's health: the worst of its current checks; ``unchecked`` when it has none."""

    OK = "ok"
    WARNING = "warning"
    CRITICAL = "critical"
    UNKNOWN = "unknown"
    UNCHECKED = "unchecked"


class Presence(StrEnum):
    PRESENT = "present"
    MISSING = "missing"


class EventKind(StrEnum):
    NEW = "new"
    MISSING = "missing"
    BACK = "back"
    STATUS_CHANGED = "status_changed"
    IP_CHANGED = "ip_changed"
    FIRMWARE_CHANGED = "firmware_changed"


class MatchReason(StrEnum):
    """Why an incoming device was taken to be a known one (identity.py, in this order)."""

    MAC = "mac"
    SERIAL_VENDOR = "serial_vendor"
    ENGINE_ID = "engine_id"
    UUID = "uuid"
    NAME_TYPE = "name_type"
    AGENT_HOST = "agent_host"
    NEW = "new"


class AlertState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class Severity(StrEnum):
    WARNING = "warning"
    CRITICAL = "critical"


class Channel(StrEnum):
    WEBHOOK = "webhook"
    EMAIL = "email"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class DayKind(StrEnum):
    """A calendar entry closes a school (holiday, closed day) or opens it (override)."""

    CLOSED = "closed"
    OPEN = "open"


STATUS_RANK = {
    DeviceStatus.UNCHECKED: 0,
    DeviceStatus.OK: 1,
    DeviceStatus.UNKNOWN: 2,
    DeviceStatus.WARNING: 3,
    DeviceStatus.CRITICAL: 4,
}

AGENT_SILENT_CHECK = "agent.silent"
DEVICE_OFFLINE_CHECK = "device.offline"


class LoginOutcome(StrEnum):
    """A row of ``login_attempts``: failures count towards throttling and lockout; a success
    or an admin's unlock starts the account's count afresh."""

    FAILURE = "failure"
    SUCCESS = "success"
    UNLOCK = "unlock"
