"""API models for the provider's own work: visits, incidents, the audit log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from collector.domain_ops import IncidentOrigin, IncidentStatus, VisitKind

MAX_LINKS = 200


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VisitCreate(_In):
    kind: VisitKind = VisitKind.VISIT
    visited_on: date = Field(description="the school-local date of the visit or remote fix")
    minutes: Annotated[int, Field(ge=0, le=24 * 60, description="time on site or spent remotely")]
    notes: Annotated[str, Field(max_length=10_000)] = ""
    alert_ids: Annotated[list[int], Field(max_length=MAX_LINKS)] = []
    device_ids: Annotated[list[int], Field(max_length=MAX_LINKS)] = []


class IncidentCreate(_In):
    title: Annotated[str, Field(min_length=1, max_length=300)]
    description: Annotated[str, Field(max_length=10_000)] = ""
    device_id: int | None = None


class IncidentAction(_In):
    note: Annotated[str, Field(max_length=2000)] = ""


class VisitPublic(BaseModel):
    id: int
    school: str
    kind: VisitKind
    visited_on: date
    minutes: int
    notes: str
    technician: str | None
    alert_ids: list[int]
    device_ids: list[int]
    created_at: datetime


class DeviceViewPublic(BaseModel):
    """What the agent currently sees of a device (for a problem the school reported)."""

    device_id: int
    name: str
    status: str
    last_seen_at: datetime | None
    failing_checks: list[str]


class IncidentPublic(BaseModel):
    id: int
    school: str
    origin: IncidentOrigin
    status: IncidentStatus
    title: str
    description: str
    device_id: int | None
    alert_id: int | None
    opened_at: datetime
    opened_by: str | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    resolved_at: datetime | None
    resolved_by: str | None
    resolution_note: str | None
    seconds_to_acknowledge: float | None
    seconds_to_resolve: float | None
    device: DeviceViewPublic | None = None


class AuditEntryPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    detail: dict[str, Any]
