"""API models for central configuration and "scan now" (the check-in itself is in ``schemas``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class SettingValue(BaseModel):
    """``PUT`` body: the value, shaped as the key's example (secrets included, write-only)."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    value: Any = Field(description="JSON value; see GET …/settings for each key's example")


class SettingPublic(BaseModel):
    """One key as a person may see it: a secret shows only whether it is set, and where."""

    key: str
    label: str
    secret: bool
    set: bool
    level: Literal["cluster", "school", "device"] | None
    value: Any | None = Field(description="null for secrets, always")
    example: str
    updated_at: datetime | None
    updated_by: str | None


class ScopeSettingsPublic(BaseModel):
    cluster: str
    school: str | None = None
    device: str | None = None
    settings: list[SettingPublic]
    device_overrides: list[str] = []


class ScanRequestPublic(BaseModel):
    request_id: int
    school: str
    requested_at: datetime
    requested_by: str
    delivered_at: datetime | None
    done: bool
    report_at: datetime | None
