"""Health check results carried in the report (schema 1.1 and later).

Every check returns a status, a one-line summary a school principal can read, metrics with
units for technicians, and the raw evidence. ``unknown`` always says why in ``reason``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.bounds import INT32_MAX, NO_NUL, Int32, Text32, Text64, Text128, Text2048

EvidenceKey = Text128
EvidenceValue = Text2048
CheckId = Annotated[str, Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_\-]+)*$", max_length=128)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CheckStatus(StrEnum):
    OK = "ok"
    WARNING = "warning"
    CRITICAL = "critical"
    UNKNOWN = "unknown"


class Metric(_Model):
    name: Text128
    value: float
    unit: Text32 | None = None


class CheckResult(_Model):
    """One check of one device (or of the agent's own PC / the network).

    ``check_id`` is stable across runs (e.g. ``printer.supply.1``, ``projector.lamp.1``,
    ``host.disk./``) so the collector can keep history per (device, check).
    """

    check_id: CheckId
    status: CheckStatus
    summary: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
    reason: Annotated[str, Field(max_length=300, pattern=NO_NUL)] | None = None
    metrics: list[Metric] = []
    evidence: dict[EvidenceKey, EvidenceValue] = {}

    @model_validator(mode="after")
    def _unknown_says_why(self) -> Self:
        if self.status is CheckStatus.UNKNOWN and not self.reason:
            raise ValueError("a check with status 'unknown' must say why in 'reason'")
        return self


class SupplyKind(StrEnum):
    TONER = "toner"
    INK = "ink"
    DRUM = "drum"
    WASTE = "waste"
    FUSER = "fuser"
    OTHER = "other"


class Supply(_Model):
    """A printer consumable, named as the printer reports it (often with the part number)."""

    index: Annotated[int, Field(ge=0, le=INT32_MAX)]
    name: Annotated[str, Field(max_length=256, pattern=NO_NUL)]
    kind: SupplyKind
    colour: Text64 | None = None
    level_percent: Annotated[float, Field(ge=0, le=100)] | None = None
    raw_level: Int32 | None = None
    raw_max: Int32 | None = None
    status: CheckStatus
