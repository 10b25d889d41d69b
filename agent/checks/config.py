"""Health-check settings: thresholds, ports, time-outs. One object per run, passed down.

Built by the caller (``agent.settings`` owns the TOML); every field has a default, so
``HealthSettings()`` is a working configuration. Secrets are ``SecretStr`` and never logged.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

Percent = Annotated[float, Field(ge=0, le=100)]
Seconds = Annotated[float, Field(gt=0, le=600)]


class Threshold(BaseModel):
    """``below``: warning when value < warning, critical when < critical (and vice versa)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    warning: float
    critical: float
    direction: Literal["below", "above"] = "below"

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        below = self.direction == "below"
        if (self.critical > self.warning) if below else (self.critical < self.warning):
            raise ValueError(f"critical {self.critical} must be beyond warning {self.warning}")
        return self


class HealthSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # printers
    supply: Threshold = Threshold(warning=15, critical=5)
    ipp_port: Annotated[int, Field(ge=1, le=65535)] = 631
    ipp_paths: tuple[str, ...] = ("/ipp/print", "/ipp", "/")
    # projectors
    pjlink_port: Annotated[int, Field(ge=1, le=65535)] = 4352
    pjlink_password: SecretStr | None = None
    lamp_life_hours: Annotated[int, Field(gt=0)] = 3000
    lamp_life: Threshold = Threshold(warning=90, critical=100, direction="above")
    # UPS
    ups_charge: Threshold = Threshold(warning=50, critical=20)
    ups_runtime_min: Threshold = Threshold(warning=10, critical=5)
    ups_load_percent: Threshold = Threshold(warning=80, critical=95, direction="above")
    ups_temperature_c: Threshold = Threshold(warning=40, critical=50, direction="above")
    # switches, access points
    interface_error_percent: Threshold = Threshold(warning=1, critical=5, direction="above")
    poe_budget_percent: Threshold = Threshold(warning=90, critical=100, direction="above")
    # computers and the agent's own PC
    disk_free_percent: Threshold = Threshold(warning=15, critical=5)
    memory_used_percent: Threshold = Threshold(warning=90, critical=97, direction="above")
    # a PC busy for 15 minutes deserves a look, not an alarm: never critical (load caps at 100)
    cpu_load_percent: Threshold = Threshold(warning=90, critical=101, direction="above")
    battery_percent: Threshold = Threshold(warning=20, critical=10)
    uptime_days: Threshold = Threshold(warning=30, critical=90, direction="above")
    clock_skew_s: Threshold = Threshold(warning=60, critical=300, direction="above")
    # network
    latency_ms: Threshold = Threshold(warning=200, critical=1000, direction="above")
    # limits
    request_timeout_s: Seconds = 3.0
    device_timeout_s: Seconds = 15.0
    max_walk_rows: Annotated[int, Field(ge=1, le=100_000)] = 2000
