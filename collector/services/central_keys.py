"""The central settings' keys as data, and how a value is checked, stored and read back.

Every key and value type comes from the check-in contract (``schemas.checkin``): a key is a
``CentralSettings`` field (or ``threshold.<name>``); device overrides take the credential keys.
Secret values are stored as one Fernet token of their JSON; others as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from collector.errors import BadRequestError
from collector.services.secret_box import SecretBox
from schemas.checkin import THRESHOLD_NAMES, CentralSettings, DeviceOverride, ThresholdSetting


@dataclass(frozen=True)
class KeySpec:
    key: str
    label: str
    secret: bool
    per_device: bool
    example: str


_BASE = (
    KeySpec(
        "snmp_v2c",
        "SNMP v2c communities",
        True,
        True,
        '[{"name": "school", "community": "…"}]',
    ),
    KeySpec(
        "snmp_v3",
        "SNMP v3 users",
        True,
        True,
        '[{"name": "v3", "user": "monitor", "auth_protocol": "sha256", "auth_key": "…", '
        '"priv_protocol": "aes", "priv_key": "…"}]',
    ),
    KeySpec("pjlink_password", "PJLink password", True, True, '"…"'),
    KeySpec("subnets", "Subnets to scan", False, False, '["192.168.10.0/24"]'),
    KeySpec("nightly_time", "Nightly run (school PC's local time)", False, False, '"02:30"'),
)
KEYS: dict[str, KeySpec] = {spec.key: spec for spec in _BASE} | {
    f"threshold.{name}": KeySpec(
        f"threshold.{name}",
        f"Threshold: {name.replace('_', ' ')}",
        False,
        False,
        '{"warning": 15, "critical": 5}',
    )
    for name in THRESHOLD_NAMES
}


def spec_of(key: str, *, device: bool = False) -> KeySpec:
    spec = KEYS.get(key)
    if spec is None:
        raise BadRequestError(f"unknown setting {key!r}; known: {', '.join(KEYS)}")
    if device and not spec.per_device:
        allowed = ", ".join(k for k, s in KEYS.items() if s.per_device)
        raise BadRequestError(f"{key} cannot be set per device; per device: {allowed}")
    return spec


def _adapter(key: str) -> TypeAdapter[Any]:
    if key.startswith("threshold."):
        return TypeAdapter(ThresholdSetting)
    annotation: Any = CentralSettings.model_fields[key].annotation
    return TypeAdapter(annotation)


def parse_value(key: str, value: Any) -> Any:
    """The validated value (a model, list of models or plain value); 400 naming the key."""
    try:
        return _adapter(key).validate_python(value)
    except ValidationError as exc:
        problems = "; ".join(_problem(key, error) for error in exc.errors())
        raise BadRequestError(problems) from exc


def _problem(key: str, error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"])
    return f"{key}{'.' + where if where else ''}: {error['msg']}"


def to_json(key: str, value: Any) -> Any:
    """JSON-ready, secrets written out (the caller encrypts them before storing)."""
    return _adapter(key).dump_python(value, mode="json", context={"reveal_secrets": True})


def seal(box: SecretBox, spec: KeySpec, value: Any) -> tuple[Any | None, str | None]:
    """(value column, secret column) for storing ``value``."""
    document = to_json(spec.key, value)
    if spec.secret:
        return None, box.seal(json.dumps(document))
    return document, None


def unseal(box: SecretBox, spec: KeySpec, value: Any | None, secret: str | None) -> Any:
    """The stored JSON document (secrets decrypted)."""
    if spec.secret:
        return json.loads(box.open(secret or ""))
    return value


def assemble(documents: dict[str, Any]) -> dict[str, Any]:
    """Key → JSON documents into the ``CentralSettings`` input shape (thresholds nested)."""
    out: dict[str, Any] = {}
    for key, document in documents.items():
        if key.startswith("threshold."):
            out.setdefault("thresholds", {})[key.removeprefix("threshold.")] = document
        else:
            out[key] = document
    return out


def device_override(match: str, documents: dict[str, Any]) -> DeviceOverride:
    kind, _, address = match.partition(":")
    return DeviceOverride.model_validate({kind: address, **documents})
