"""API models for account administration and the notification log (admin only).

Kept apart from ``contracts.py`` so the two grow without stepping on each other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr, ValidationError

from collector.domain import Channel, DeliveryStatus, Role

MIN_PASSWORD = 8
MAX_PASSWORD = 1024


def _acceptable(password: SecretStr) -> SecretStr:
    length = len(password.get_secret_value())
    if length < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    if length > MAX_PASSWORD:
        raise ValueError(f"a password may have at most {MAX_PASSWORD} characters")
    return password


Password = Annotated[SecretStr, AfterValidator(_acceptable)]


def _plain_name(username: str) -> str:
    if any(ord(char) < 32 or ord(char) == 127 for char in username):
        raise ValueError("a user name may not contain control characters (tabs, line breaks)")
    if username != username.strip():
        raise ValueError("a user name may not start or end with a space")
    return username


Username = Annotated[str, Field(min_length=1, max_length=128), AfterValidator(_plain_name)]


def _address(email: str) -> str:
    local, at, domain = email.partition("@")
    if not (local and at and domain) or "@" in domain or any(c.isspace() for c in email):
        raise ValueError("an e-mail address looks like name@example.org")
    return email


Email = Annotated[str, Field(max_length=256), AfterValidator(_address)]


def problems(exc: ValidationError) -> str:
    """One sentence for what was wrong with the input, field by field (CLI and dashboard)."""
    return "; ".join(
        f"{'.'.join(map(str, error['loc']))}: {str(error['msg']).removeprefix('Value error, ')}"
        for error in exc.errors()
    )


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PasswordSet(_In):
    """An admin sets someone's password; their other sessions end."""

    password: Password


class PasswordChange(_In):
    """A person changes their own password; their other sessions end."""

    current_password: Annotated[SecretStr, Field(max_length=1024)]
    new_password: Password


class NotificationPublic(BaseModel):
    """One queued message. ``target`` is an e-mail address, or a webhook URL cut to its host
    (webhook paths often hold a secret); ``last_error`` is why the last attempt failed."""

    id: int
    alert_id: int
    school: str
    event: str
    channel: Channel
    target: str
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None


class AccountPublic(BaseModel):
    """A person's account as an admin sees it: may they log in, and are they locked out."""

    username: str
    role: Role
    cluster: str | None = Field(description="a technician's or principal's cluster (slug)")
    school: str | None = Field(description="a principal's school (slug)")
    email: str | None
    disabled: bool
    locked_until: datetime | None = Field(
        description="set while too many failed logins keep the account locked"
    )
    active_sessions: int
    last_sign_in: datetime | None = Field(
        description="the newest successful login still on record (attempts are kept "
        "login_attempts_keep_days), or the newest open session"
    )


class SessionsEnded(BaseModel):
    username: str
    ended: int
