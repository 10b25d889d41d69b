"""API input (``XCreate``) and output (``XPublic``) models; routes and services share them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr, field_validator

from collector.contracts_admin import Email, Password, Username
from collector.domain import (
    AlertState,
    DayKind,
    DeviceStatus,
    EventKind,
    MatchReason,
    Presence,
    Role,
    Severity,
)
from schemas import CheckStatus, DeviceType

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Name = Annotated[str, Field(min_length=1, max_length=256)]
T = TypeVar("T")


def _known_zone(value: str) -> str:
    if value != "UTC" and value not in available_timezones():
        raise ValueError(f"unknown time zone {value!r} (use an IANA name like Europe/Berlin)")
    return value


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        """No text the database keeps or compares may hold NUL (PostgreSQL cannot)."""
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain the NUL character")
        return value


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# ---------------------------------------------------------------- inputs
class ClusterCreate(_In):
    slug: Slug
    name: Name
    timezone: Annotated[str, AfterValidator(_known_zone)] = "UTC"
    weekend_days: list[Annotated[int, Field(ge=0, le=6)]] = Field(
        default=[5, 6], description="ISO weekday numbers minus one: 0 = Monday … 6 = Sunday"
    )


class SchoolCreate(_In):
    cluster: Slug
    slug: Slug
    name: Name


class UserCreate(_In):
    username: Username
    password: Password
    role: Role
    cluster: Slug | None = None
    school: Slug | None = None
    email: Email | None = None


class RoleChange(_In):
    """An admin gives an account another role or scope: a technician needs ``cluster``, a
    principal ``school`` (its cluster follows), an admin neither."""

    role: Role
    cluster: Slug | None = None
    school: Slug | None = None


class CalendarEntryCreate(_In):
    kind: DayKind
    first_day: date
    last_day: date
    label: Annotated[str, Field(max_length=256)] = ""
    cluster: Slug | None = None
    school: Slug | None = None


class EnrollmentCodeCreate(_In):
    ttl_hours: Annotated[float, Field(gt=0, le=24 * 30)] | None = None


class EnrollRequest(_In):
    code: Annotated[str, Field(min_length=4, max_length=64)]
    agent_name: Annotated[str, Field(min_length=1, max_length=256)]
    hostname: Annotated[str, Field(min_length=1, max_length=256)]


class LoginRequest(_In):
    username: Annotated[str, Field(min_length=1, max_length=128)]
    password: SecretStr


class AcknowledgeRequest(_In):
    note: Annotated[str, Field(min_length=1, max_length=2000)]


# ---------------------------------------------------------------- outputs
class Page(BaseModel, Generic[T]):
    total: int
    limit: int
    offset: int
    items: list[T]


class ClusterPublic(_Out):
    slug: str
    name: str
    timezone: str
    weekend_days: list[int]


class SchoolPublic(_Out):
    slug: str
    name: str
    cluster: str
    last_report_at: datetime | None
    device_count: int
    transient_count: int
    missing_count: int
    status_counts: dict[str, int]
    open_alerts: int


class UserPublic(_Out):
    username: str
    role: Role
    email: str | None


class EnrollmentCodePublic(BaseModel):
    code: str
    school: str
    expires_at: datetime


class EnrollResponse(BaseModel):
    agent_id: str
    school_id: str
    token: str


class TokenResponse(BaseModel):
    token: str
    expires_at: datetime | None


class AgentSelf(BaseModel):
    """What the collector knows the calling agent as (``GET /api/v1/agents/me``)."""

    agent_id: str
    school_id: str
    school_name: str


class IngestResponse(BaseModel):
    status: str  # "accepted" | "duplicate"
    report_id: str
    devices: int = 0


class DevicePublic(_Out):
    id: int
    device_type: DeviceType
    status: DeviceStatus
    presence: Presence
    mac: str | None
    ip: str | None
    ips: list[str]
    hostname: str | None
    vendor: str | None
    model: str | None
    serial: str | None
    firmware: str | None
    randomised: bool
    transient: bool
    first_seen_at: datetime
    last_seen_at: datetime


class CheckPublic(_Out):
    check_id: str
    status: CheckStatus
    summary: str
    reason: str | None
    metrics: list[dict[str, Any]]
    changed_at: datetime


class SupplyPublic(_Out):
    supply_index: int
    name: str
    kind: str
    colour: str | None
    level_percent: float | None
    status: CheckStatus


class HistoryPointPublic(_Out):
    check_id: str
    status: CheckStatus
    summary: str
    metrics: list[dict[str, Any]]
    at: datetime


class EventPublic(_Out):
    kind: EventKind
    at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class MergePublic(_Out):
    reason: MatchReason
    key: str
    note: str
    at: datetime


class DeviceDetailPublic(DevicePublic):
    type_reason: str
    sys_name: str | None
    sys_descr: str | None
    sys_object_id: str | None
    mac_vendor: str | None
    details: dict[str, Any]
    checks: list[CheckPublic]
    supplies: list[SupplyPublic]
    history: list[HistoryPointPublic]
    events: list[EventPublic]
    merges: list[MergePublic]


class AlertPublic(_Out):
    id: int
    school: str
    device_id: int | None
    check_id: str
    severity: Severity
    state: AlertState
    summary: str
    opened_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    ack_note: str | None
