"""The agent's settings: one object per program, built in ``main()`` from a TOML file.

Errors name the key and say what is expected (``SettingsError``); nothing is read at import time.
"""

from __future__ import annotations

import socket
import tomllib
from datetime import time
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from agent.central.devices import CredentialPlan, DeviceCredentials
from agent.checks.config import HealthSettings
from agent.snmp.credentials import V2cCredential, V3Credential


class SettingsError(Exception):
    """The configuration cannot be used; the message names the file, the key and the fix."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class AgentSection(_Section):
    id: Annotated[str, Field(min_length=1, max_length=128)] = Field(
        default_factory=socket.gethostname
    )


class SchoolSection(_Section):
    id: Annotated[str, Field(min_length=1, max_length=128)] = "unassigned"
    name: Annotated[str, Field(min_length=1, max_length=256)] = "Unnamed school"


class ScanSection(_Section):
    interface: str | None = None
    subnets: list[IPv4Network] = []
    allow_public: bool = False
    force_large: bool = False
    arp_rate_pps: Annotated[int, Field(ge=1, le=10_000)] = 1000
    arp_retries: Annotated[int, Field(ge=0, le=5)] = 1
    arp_timeout_s: Annotated[float, Field(gt=0, le=30)] = 0.3
    mdns_window_s: Annotated[float, Field(gt=0, le=60)] = 3.0
    pjlink_search: bool = True
    pjlink_search_window_s: Annotated[float, Field(gt=0, le=60)] = 1.0
    ports_timeout_s: Annotated[float, Field(gt=0, le=10)] = 0.5
    deadline_s: Annotated[float, Field(gt=0, le=3600)] = 120.0
    concurrency: Annotated[int, Field(ge=1, le=1024)] = 64


def default_v2c() -> list[V2cCredential]:
    """With no ``[[snmp.v2c]]`` configured: the read-only community "public" (named "public")."""
    return [V2cCredential(name="public", community=SecretStr("public"))]


class SnmpSection(_Section):
    """SNMP credentials; a configured ``[[snmp.v2c]]`` list replaces the default "public"
    (``v2c = []`` turns v2c off)."""

    v2c: list[V2cCredential] = Field(default_factory=default_v2c)
    v3: list[V3Credential] = []
    timeout_s: Annotated[float, Field(gt=0, le=30)] = 1.0
    retries: Annotated[int, Field(ge=0, le=5)] = 1


class PjlinkSection(_Section):
    password: SecretStr | None = None
    lamp_life_hours: Annotated[int, Field(gt=0)] = 3000


class NetworkSection(_Section):
    """Targets of the network check. Default gateway: the default route's."""

    gateway: IPv4Address | None = None
    dns_name: Annotated[str, Field(max_length=253)] | None = None


class ScheduleSection(_Section):
    """When ``lankeeper-agent service`` runs the nightly scan (this PC's local time)."""

    nightly_time: time | None = None
    scan_timeout_s: Annotated[float, Field(gt=0, le=6 * 3600)] = 1800.0


class CheckinSection(_Section):
    """Asking the collector for central settings and "scan now" requests."""

    enabled: bool = True
    interval_s: Annotated[float, Field(ge=1, le=86_400)] = 120.0
    jitter_s: Annotated[float, Field(ge=0, le=3600)] = 20.0
    timeout_s: Annotated[float, Field(gt=0, le=120)] = 10.0
    max_backoff_s: Annotated[float, Field(ge=1, le=86_400)] = 900.0


class PrivacySection(_Section):
    redact_transient_names: bool = True
    exclude_transient: bool = False


class Settings(_Section):
    agent: AgentSection = AgentSection()
    school: SchoolSection = SchoolSection()
    scan: ScanSection = ScanSection()
    snmp: SnmpSection = SnmpSection()
    pjlink: PjlinkSection = PjlinkSection()
    health: HealthSettings = HealthSettings()
    network: NetworkSection = NetworkSection()
    privacy: PrivacySection = PrivacySection()
    schedule: ScheduleSection = ScheduleSection()
    checkin: CheckinSection = CheckinSection()
    devices: list[DeviceCredentials] = []

    @model_validator(mode="after")
    def _pjlink_in_one_place(self) -> Settings:
        if self.health.pjlink_password is not None:
            raise ValueError("health.pjlink_password: set the password under [pjlink] instead")
        return self

    def credential_plan(self) -> CredentialPlan:
        """SNMP credentials and PJLink password per host (``[[devices]]`` first)."""
        return CredentialPlan(self.snmp.v2c, self.snmp.v3, self.pjlink.password, self.devices)

    def health_settings(self) -> HealthSettings:
        """Thresholds from [health], the projector password and lamp life from [pjlink]."""
        update = {
            "pjlink_password": self.pjlink.password,
            "lamp_life_hours": self.pjlink.lamp_life_hours,
        }
        return self.health.model_copy(update=update)


def load_settings(path: Path | None) -> Settings:
    """Read ``path`` (TOML) into Settings; ``None`` gives the defaults."""
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SettingsError(f"{path}: no such configuration file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from exc
    return parse_settings(data, origin=str(path))


def parse_settings(data: dict[str, object], origin: str = "config") -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(_explain(exc, origin)) from exc


def _explain(exc: ValidationError, origin: str) -> str:
    lines = [f"{origin}: the configuration has {exc.error_count()} problem(s):"]
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        unknown = error["type"] == "extra_forbidden"
        message = "unknown key; check the spelling" if unknown else error["msg"]
        lines.append(f"  - {key}: {message}")
    return "\n".join(lines)
