"""API models for account administration and the notification log (admin only).

Kept apart from ``contracts.py`` so the two grow without stepping on each other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr

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
    email: str | None
    disabled: bool
    locked_until: datetime | None = Field(
        description="set while too many failed logins keep the account locked"
    )
    active_sessions: int


class SessionsEnded(BaseModel):
    username: str
    ended: int
