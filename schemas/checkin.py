"""The check-in: what an agent asks the collector before a run, and what it gets back.

Separate from the report (it has its own ``checkin_version``). The answer carries the school's
*effective* central settings (cluster, then school, then device overrides already resolved by
the collector) and whether a technician asked for a scan. Secrets (SNMP communities and v3
keys, PJLink passwords) are ``SecretStr``: they print as ``**********`` everywhere and are
written out only when serialised with ``context={"reveal_secrets": True}`` — which the
collector does for the authenticated check-in answer alone, and the agent for its 0600 cache.
"""

from __future__ import annotations

from datetime import time
from ipaddress import IPv4Address, IPv4Network
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    SecretStr,
    SerializationInfo,
    model_validator,
)

from schemas.report import MacAddress, UtcDateTime

CHECKIN_VERSION: Literal["1"] = "1"

THRESHOLD_NAMES = (
    "supply",
    "lamp_life",
    "ups_charge",
    "ups_runtime_min",
    "ups_load_percent",
    "ups_temperature_c",
    "interface_error_percent",
    "poe_budget_percent",
    "disk_free_percent",
    "memory_used_percent",
    "cpu_load_percent",
    "battery_percent",
    "uptime_days",
    "clock_skew_s",
    "latency_ms",
)
"""The agent's health thresholds that may be set centrally (``agent.checks.config``'s
``Threshold`` fields; a unit test keeps the two lists equal)."""

SECRET_MASK = "**********"  # noqa: S105 (what a hidden secret prints as)


def _reveal(value: SecretStr, info: SerializationInfo) -> str:
    context = info.context if isinstance(info.context, dict) else {}
    return value.get_secret_value() if context.get("reveal_secrets") else SECRET_MASK


Secret = Annotated[SecretStr, PlainSerializer(_reveal, return_type=str)]
Name = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\s].*$")]
AuthProtocol = Literal["md5", "sha", "sha224", "sha256", "sha384", "sha512"]
PrivProtocol = Literal[
    "des", "3des", "aes", "aes192", "aes256", "aes192-blumenthal", "aes256-blumenthal"
]


class _Model(BaseModel):
    """Answers ignore fields they do not know: a newer collector must not break older agents."""

    model_config = ConfigDict(frozen=True, extra="ignore", hide_input_in_errors=True)


class V2cCommunity(_Model):
    """An SNMPv2c community; ``name`` is what reports and pages show instead of it."""

    name: Name
    community: Annotated[Secret, Field(min_length=1, max_length=255)]


class V3User(_Model):
    """An SNMPv3 USM user (the agent checks protocol/key pairs when it loads it)."""

    name: Name
    user: Annotated[str, Field(min_length=1, max_length=32)]
    auth_protocol: AuthProtocol | None = None
    auth_key: Annotated[Secret, Field(min_length=8)] | None = None
    priv_protocol: PrivProtocol | None = None
    priv_key: Annotated[Secret, Field(min_length=8)] | None = None


class ThresholdSetting(_Model):
    warning: float
    critical: float


class DeviceOverride(_Model):
    """Credentials for one device, matched by MAC address or by IPv4 address."""

    mac: MacAddress | None = None
    ip: IPv4Address | None = None
    snmp_v2c: list[V2cCommunity] | None = None
    snmp_v3: list[V3User] | None = None
    pjlink_password: Secret | None = None

    @model_validator(mode="after")
    def _one_match(self) -> Self:
        if (self.mac is None) == (self.ip is None):
            raise ValueError("a device override matches exactly one of mac or ip")
        return self


class CentralSettings(_Model):
    """The school's effective central settings; ``None`` means not set centrally."""

    snmp_v2c: list[V2cCommunity] | None = None
    snmp_v3: list[V3User] | None = None
    pjlink_password: Secret | None = None
    subnets: list[IPv4Network] | None = None
    nightly_time: time | None = Field(
        default=None, description="local time of the school PC for the nightly run, HH:MM"
    )
    thresholds: dict[str, ThresholdSetting] = Field(
        default={}, description="by name (THRESHOLD_NAMES); an agent skips names it does not know"
    )
    devices: list[DeviceOverride] = []


class CheckinRequest(_Model):
    model_config = ConfigDict(frozen=True, extra="forbid")

    checkin_version: Literal["1"] = CHECKIN_VERSION
    agent_version: Annotated[str, Field(max_length=64)]
    hostname: Annotated[str, Field(max_length=256)]
    mode: Literal["scan", "service"]


class ScanRequest(_Model):
    request_id: int
    requested_at: UtcDateTime


class CheckinResponse(_Model):
    checkin_version: Literal["1"] = CHECKIN_VERSION
    server_time: UtcDateTime
    settings_updated_at: UtcDateTime | None = Field(
        description="when any of this school's effective central settings last changed"
    )
    settings: CentralSettings
    scan_requested: ScanRequest | None = None


def reveal(model: BaseModel) -> str:
    """JSON with the secrets written out: only for the check-in answer and the agent's cache."""
    return model.model_dump_json(context={"reveal_secrets": True})
