"""The merge rule, pure: the local file wins wherever it sets a key; central settings fill
the rest. A central value the agent cannot use (e.g. a threshold with critical before
warning) is skipped with a reason, never fatal: the run goes on with the local value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, SecretStr, ValidationError

from agent.central.devices import DeviceCredentials
from agent.checks.config import HealthSettings, Threshold
from agent.settings import Settings
from agent.snmp.credentials import V2cCredential, V3Credential
from schemas.checkin import CentralSettings, DeviceOverride, ThresholdSetting


@dataclass(frozen=True)
class Merged:
    settings: Settings
    taken: list[str] = field(default_factory=list)  # central keys used
    skipped: dict[str, str] = field(default_factory=dict)  # central key -> why not


# central key -> (section, field, converter)
Converter = Callable[[Any], Any]


def _v2c(value: Any) -> list[V2cCredential]:
    return [
        V2cCredential(name=item.name, community=SecretStr(item.community.get_secret_value()))
        for item in value
    ]


def _v3(value: Any) -> list[V3Credential]:
    return [V3Credential.model_validate(_revealed(item)) for item in value]


def _revealed(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(context={"reveal_secrets": True}, exclude_none=True)


def _same(value: Any) -> Any:
    return value


FIELDS: dict[str, tuple[str, str, Converter]] = {
    "snmp_v2c": ("snmp", "v2c", _v2c),
    "snmp_v3": ("snmp", "v3", _v3),
    "pjlink_password": ("pjlink", "password", _same),
    "subnets": ("scan", "subnets", _same),
    "nightly_time": ("schedule", "nightly_time", _same),
}


def merge(local: Settings, central: CentralSettings) -> Merged:
    """``local`` with every key it does not set filled from ``central``."""
    sections: dict[str, dict[str, Any]] = {}
    result = Merged(local)
    for key, (section, name, convert) in FIELDS.items():
        value = getattr(central, key)
        if value is None or name in getattr(local, section).model_fields_set:
            continue
        try:
            sections.setdefault(section, {})[name] = convert(value)
        except ValidationError as exc:
            result.skipped[key] = _why(exc)
            continue
        result.taken.append(key)
    health = _thresholds(local, central.thresholds, result)
    if health:
        sections["health"] = health
    updated: dict[str, Any] = {
        section: getattr(local, section).model_copy(update=values)
        for section, values in sections.items()
    }
    devices = _devices(local, central.devices, result)
    if devices:
        updated["devices"] = [*local.devices, *devices]
    return Merged(local.model_copy(update=updated), result.taken, result.skipped)


def _devices(
    local: Settings, overrides: list[DeviceOverride], result: Merged
) -> list[DeviceCredentials]:
    """Central device overrides for devices the local ``[[devices]]`` does not name."""
    mine = {device.match for device in local.devices}
    found = []
    for override in overrides:
        try:
            device = _device(override)
        except ValidationError as exc:
            result.skipped[f"devices.{override.mac or override.ip}"] = _why(exc)
            continue
        if device.match not in mine:
            found.append(device)
    if found:
        result.taken.append("devices")
    return found


def _device(override: DeviceOverride) -> DeviceCredentials:
    return DeviceCredentials(
        mac=override.mac,
        ip=override.ip,
        snmp_v2c=_v2c(override.snmp_v2c) if override.snmp_v2c is not None else None,
        snmp_v3=_v3(override.snmp_v3) if override.snmp_v3 is not None else None,
        pjlink_password=override.pjlink_password,
    )


def _thresholds(
    local: Settings, thresholds: dict[str, ThresholdSetting], result: Merged
) -> dict[str, Threshold]:
    found = {}
    for name, value in sorted(thresholds.items()):
        if name not in HealthSettings.model_fields:
            result.skipped[f"threshold.{name}"] = "not a threshold this agent knows"
            continue
        if name in local.health.model_fields_set:
            continue
        default: Threshold = getattr(local.health, name)
        try:
            found[name] = Threshold(
                warning=value.warning, critical=value.critical, direction=default.direction
            )
        except ValidationError as exc:
            result.skipped[f"threshold.{name}"] = _why(exc)
            continue
        result.taken.append(f"threshold.{name}")
    return found


def _why(exc: ValidationError) -> str:
    return "; ".join(str(error["msg"]) for error in exc.errors())[:300]
