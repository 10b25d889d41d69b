"""The collector's settings: one object, built in ``main()`` from TOML, environment and flags.

Precedence: command-line flag > environment (``LANKEEPER_COLLECTOR_<KEY>``) > TOML file
(``[collector]`` table) > default. Errors name the key (``SettingsError``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

ENV_PREFIX = "LANKEEPER_COLLECTOR_"
DEFAULT_DATABASE_URL = "sqlite:///./lankeeper-collector.sqlite3"
MiB = 1024 * 1024


class SettingsError(Exception):
    """The configuration cannot be used; the message names the key and the fix."""


class ClusterRoute(BaseModel):
    """Where one cluster's notifications go (TOML: ``[collector.cluster_routes.<slug>]``).

    ``webhook_url`` replaces the global one for this cluster; e-mail goes to the cluster's
    technicians (unless ``technicians = false``) and to ``emails``. With ``digest = "daily"``
    people get one e-mail a day at ``digest_hour`` (cluster time) instead of one per alert;
    webhooks stay immediate.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    webhook_url: Annotated[str, Field(pattern=r"^https?://")] | None = None
    emails: list[Annotated[str, Field(max_length=256, pattern=r"^[^@\s]+@[^@\s]+$")]] = []
    technicians: bool = True
    digest: Literal["off", "daily"] = "off"
    digest_hour: Annotated[int, Field(ge=0, le=23)] = 7


class CollectorSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8600
    log_format: Literal["kv", "json"] = "kv"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # ingest
    max_body_bytes: Annotated[int, Field(ge=1024)] = 5 * MiB
    # every other request body (login, enroll, admin, dashboard forms)
    max_request_bytes: Annotated[int, Field(ge=1024)] = 64 * 1024
    replay_max_age_days: Annotated[int, Field(ge=1)] = 14
    future_skew_minutes: Annotated[int, Field(ge=0)] = 60
    missing_after_reports: Annotated[int, Field(ge=1)] = 3
    offline_school_days: Annotated[int, Field(ge=1)] = 2
    # tenancy
    session_ttl_hours: Annotated[float, Field(gt=0)] = 12
    enrollment_ttl_hours: Annotated[float, Field(gt=0)] = 72
    token_rotation_grace_hours: Annotated[float, Field(ge=0)] = 24
    # login throttling and lockout (attempts are database rows: every replica counts them)
    login_throttle_minutes: Annotated[float, Field(gt=0, le=24 * 60)] = 15
    login_account_failures: Annotated[int, Field(ge=1)] = 5
    login_address_failures: Annotated[int, Field(ge=1)] = 30
    login_lockout_failures: Annotated[int, Field(ge=1)] = 10
    login_lockout_minutes: Annotated[float, Field(gt=0)] = 60
    login_attempts_keep_days: Annotated[int, Field(ge=1)] = 30
    # reverse proxies whose X-Forwarded-For names the client (comma-separated addresses or
    # networks, "*" for any); everyone else is counted by the address that connected
    trusted_proxies: str = "127.0.0.1"
    # agent silence: a school day's report is due by midnight (cluster time) + grace
    silent_grace_hours: Annotated[float, Field(ge=0)] = 6
    # notifications
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    smtp_host: str | None = None
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 25
    smtp_from: str = "lankeeper@localhost"
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    notify_max_attempts: Annotated[int, Field(ge=1)] = 8
    notify_timeout_s: Annotated[float, Field(gt=0)] = 10
    public_url: str = "http://127.0.0.1:8600"
    # per cluster (TOML only): [collector.cluster_routes.<cluster slug>]
    cluster_routes: dict[str, ClusterRoute] = {}
    # central configuration: Fernet key(s) for the secrets stored at rest, comma-separated,
    # the first encrypts (`lankeeper-collector secret-key generate` makes one)
    secret_key: SecretStr | None = None
    scan_request_retry_minutes: Annotated[float, Field(gt=0)] = 15


def build_settings(
    toml_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> CollectorSettings:
    """Merge the sources (see the module docstring) and validate."""
    data: dict[str, Any] = _read_toml(toml_path) if toml_path else {}
    data.update(_from_environ(os.environ if environ is None else environ))
    data.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return CollectorSettings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(_explain(exc)) from exc


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SettingsError(f"{path}: no such configuration file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from exc
    section = document.get("collector", {})
    if not isinstance(section, dict):
        raise SettingsError(f"{path}: [collector] must be a table")
    return dict(section)


def _from_environ(environ: Mapping[str, str]) -> dict[str, str]:
    known = CollectorSettings.model_fields
    found = {}
    for name, value in environ.items():
        key = name.removeprefix(ENV_PREFIX).lower()
        if name.startswith(ENV_PREFIX) and key in known:
            found[key] = value
    return found


def _explain(exc: ValidationError) -> str:
    lines = [f"the collector configuration has {exc.error_count()} problem(s):"]
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        message = (
            "unknown key; check the spelling"
            if error["type"] == "extra_forbidden"
            else error["msg"]
        )
        lines.append(f"  - {key} ({ENV_PREFIX}{key.upper()}): {message}")
    return "\n".join(lines)
