"""Login throttling and lockout, counted from ``login_attempts`` rows (any replica sees them).

Three rules, checked before a password is even hashed (so a flood costs no argon2 time):

* **lockout** — ``login_lockout_failures`` failures of one account since its last success
  (or an admin's unlock), within a day: refused until ``login_lockout_minutes`` after the
  last failure, or until an admin unlocks it; each further failure locks it again;
* **account throttle** — ``login_account_failures`` failures of one account within
  ``login_throttle_minutes``: refused until the oldest of them is that old;
* **address throttle** — ``login_address_failures`` failures from one client address (an
  IPv6 client's whole /64) within the same window, whatever the user names.

A user name is counted as typed, whether or not such a user exists: an unknown name is
throttled and locked exactly like a real one. Refused tries are not recorded, so hammering
a throttled account does not extend its wait. Replicas that check at the same instant may
each let one more try through; no more.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from ipaddress import IPv6Address, IPv6Network, ip_address

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from collector.db.models import LoginAttempt
from collector.domain import LoginOutcome
from collector.settings import CollectorSettings

LOCKOUT_MEMORY = timedelta(days=1)
UNKNOWN_ADDRESS = "unknown"
ADDRESS_LENGTH = 64


class RefusalKind(StrEnum):
    THROTTLED = "throttled"
    LOCKED = "locked"


@dataclass(frozen=True)
class ThrottlePolicy:
    window: timedelta
    account_failures: int
    address_failures: int
    lockout_failures: int
    lockout: timedelta

    @classmethod
    def from_settings(cls, settings: CollectorSettings) -> ThrottlePolicy:
        return cls(
            window=timedelta(minutes=settings.login_throttle_minutes),
            account_failures=settings.login_account_failures,
            address_failures=settings.login_address_failures,
            lockout_failures=settings.login_lockout_failures,
            lockout=timedelta(minutes=settings.login_lockout_minutes),
        )


@dataclass(frozen=True)
class Refusal:
    kind: RefusalKind
    retry_after: timedelta

    @property
    def retry_after_s(self) -> int:
        return max(1, math.ceil(self.retry_after.total_seconds()))

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after.total_seconds() / 60))
        wait = f"{minutes} minute{'s' if minutes != 1 else ''}"
        if self.kind is RefusalKind.LOCKED:
            return (
                f"This account is locked after too many failed attempts; try again in {wait} "
                "or ask your administrator to unlock it."
            )
        return f"Too many failed attempts; try again in {wait}."


def decide(
    account: Sequence[datetime], address: Sequence[datetime], now: datetime, policy: ThrottlePolicy
) -> Refusal | None:
    """Pure: ``account`` = the account's failures since its last reset (newest first, within
    ``LOCKOUT_MEMORY``), ``address`` = the address's failures within the window (newest
    first). ``None`` means the try may go ahead."""
    if len(account) >= policy.lockout_failures and account[0] + policy.lockout > now:
        return Refusal(RefusalKind.LOCKED, account[0] + policy.lockout - now)
    recent = [at for at in account if at > now - policy.window]
    for failures, limit in ((recent, policy.account_failures), (address, policy.address_failures)):
        if len(failures) >= limit:
            return Refusal(RefusalKind.THROTTLED, failures[limit - 1] + policy.window - now)
    return None


def address_key(host: str | None) -> str:
    """The client address as counted: IPv4 as is, IPv6 by its /64 (one subscriber's share)."""
    if not host:
        return UNKNOWN_ADDRESS
    try:
        parsed = ip_address(host)
    except ValueError:
        return host[:ADDRESS_LENGTH]
    if isinstance(parsed, IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def check(
    session: Session, username: str, address: str, now: datetime, policy: ThrottlePolicy
) -> Refusal | None:
    return decide(
        account_failures(session, username, now, policy),
        _address_failures(session, address, now, policy),
        now,
        policy,
    )


def account_failures(
    session: Session, username: str, now: datetime, policy: ThrottlePolicy
) -> list[datetime]:
    reset = session.scalar(
        select(func.max(LoginAttempt.at))
        .where(LoginAttempt.username == username)
        .where(LoginAttempt.outcome.in_((LoginOutcome.SUCCESS, LoginOutcome.UNLOCK)))
    )
    since = max(reset, now - LOCKOUT_MEMORY) if reset else now - LOCKOUT_MEMORY
    query = (
        select(LoginAttempt.at)
        .where(LoginAttempt.username == username, LoginAttempt.outcome == LoginOutcome.FAILURE)
        .where(LoginAttempt.at > since)
        .order_by(LoginAttempt.at.desc())
        .limit(max(policy.lockout_failures, policy.account_failures))
    )
    return list(session.scalars(query))


def _address_failures(
    session: Session, address: str, now: datetime, policy: ThrottlePolicy
) -> list[datetime]:
    query = (
        select(LoginAttempt.at)
        .where(LoginAttempt.address == address, LoginAttempt.outcome == LoginOutcome.FAILURE)
        .where(LoginAttempt.at > now - policy.window)
        .order_by(LoginAttempt.at.desc())
        .limit(policy.address_failures)
    )
    return list(session.scalars(query))


def lock_ends(
    session: Session, username: str, now: datetime, policy: ThrottlePolicy
) -> datetime | None:
    """When the account's lockout (or throttle) ends; ``None`` when it may log in now."""
    refusal = decide(account_failures(session, username, now, policy), [], now, policy)
    return now + refusal.retry_after if refusal else None


def record(
    session: Session, username: str, address: str, outcome: LoginOutcome, now: datetime
) -> None:
    session.add(LoginAttempt(at=now, username=username, address=address, outcome=outcome))


def forget_before(session: Session, cutoff: datetime) -> int:
    """Delete attempts older than ``cutoff`` (``tick``); returns how many."""
    result = session.execute(delete(LoginAttempt).where(LoginAttempt.at < cutoff))
    return int(result.rowcount)  # type: ignore[attr-defined]
