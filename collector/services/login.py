"""Logging in: throttle check, password check, the attempt recorded, a session issued.

The attempt is committed whatever the answer (a failed try must count even though the
caller answers with an error), so this module runs its own transaction; the caller turns a
refusal into its own answer (an HTTP error, a sentence on the login page).

The refusals (``CollectorError`` subclasses, so the API answers them as they are):

    WrongPasswordError     401  wrong user name or password (the same for unknown users)
    AccountDisabledError   403  right password, but an admin disabled the account
    TooManyAttemptsError   429  throttled or locked (``retry_after_s``)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.contracts import TokenResponse
from collector.db.models import User, UserSession
from collector.domain import LoginOutcome
from collector.errors import ForbiddenError, TooManyRequestsError, UnauthorizedError
from collector.services import accounts, login_throttle
from collector.services.login_throttle import ThrottlePolicy
from collector.services.secrets import (
    SESSION_TOKEN_PREFIX,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)
from collector.settings import CollectorSettings

log = logging.getLogger(__name__)
_DUMMY_HASH = hash_password("timing equaliser for unknown users")
WRONG = "wrong user name or password"
DISABLED = "This account has been disabled; ask your administrator to enable it."


class WrongPasswordError(UnauthorizedError):
    pass


class AccountDisabledError(ForbiddenError):
    pass


class TooManyAttemptsError(TooManyRequestsError):
    pass


@dataclass(frozen=True)
class LoginTry:
    username: str
    password: str
    address: str  # login_throttle.address_key(client host)


def log_in(
    factory: sessionmaker[Session],
    attempt: LoginTry,
    settings: CollectorSettings,
    now: datetime,
) -> TokenResponse:
    """A session token, or one of the refusals above (the attempt is recorded either way)."""
    with factory.begin() as session:
        outcome = _try(session, attempt, now, settings)
    if isinstance(outcome, TokenResponse):
        return outcome
    log.info("login refused for user %r from %s: %s", attempt.username, attempt.address, outcome)
    raise outcome


def _try(
    session: Session, attempt: LoginTry, now: datetime, settings: CollectorSettings
) -> TokenResponse | WrongPasswordError | AccountDisabledError | TooManyAttemptsError:
    if "\x00" in attempt.username:  # no account has one (PostgreSQL cannot even store it)
        return WrongPasswordError(WRONG)
    policy = ThrottlePolicy.from_settings(settings)
    refusal = login_throttle.check(session, attempt.username, attempt.address, now, policy)
    if refusal is not None:
        return TooManyAttemptsError(refusal.message, refusal.retry_after_s)
    user = session.scalar(select(User).where(User.username == attempt.username))
    right = verify_password(user.password_hash if user else _DUMMY_HASH, attempt.password)
    if user is None or not right:
        _record(session, attempt, LoginOutcome.FAILURE, now)
        return WrongPasswordError(WRONG)
    if user.disabled:
        return AccountDisabledError(DISABLED)
    _record(session, attempt, LoginOutcome.SUCCESS, now)
    return issue_session(session, user.id, now, timedelta(hours=settings.session_ttl_hours))


def _record(session: Session, attempt: LoginTry, outcome: LoginOutcome, now: datetime) -> None:
    login_throttle.record(session, attempt.username, attempt.address, outcome, now)


def issue_session(session: Session, user_id: int, now: datetime, ttl: timedelta) -> TokenResponse:
    token = new_token(SESSION_TOKEN_PREFIX)
    session.add(
        UserSession(
            user_id=user_id, token_hash=token_hash(token), created_at=now, expires_at=now + ttl
        )
    )
    return TokenResponse(token=token, expires_at=now + ttl)


@dataclass(frozen=True)
class PasswordChange:
    user_id: int
    current: str
    new: str
    address: str
    session_token: str  # the session asking: it stays, every other one ends


def change_password(
    factory: sessionmaker[Session],
    change: PasswordChange,
    settings: CollectorSettings,
    now: datetime,
) -> int:
    """A person changes their own password; a wrong current one counts as a failed login
    (a stolen session cannot guess it any faster). Returns how many sessions ended."""
    with factory.begin() as session:
        outcome = _change(session, change, now, settings)
    if isinstance(outcome, int):
        return outcome
    raise outcome


def _change(
    session: Session, change: PasswordChange, now: datetime, settings: CollectorSettings
) -> int | WrongPasswordError | TooManyAttemptsError:
    user = session.get_one(User, change.user_id)
    policy = ThrottlePolicy.from_settings(settings)
    refusal = login_throttle.check(session, user.username, change.address, now, policy)
    if refusal is not None:
        return TooManyAttemptsError(refusal.message, refusal.retry_after_s)
    if not verify_password(user.password_hash, change.current):
        login_throttle.record(session, user.username, change.address, LoginOutcome.FAILURE, now)
        return WrongPasswordError("the current password is wrong; nothing was changed")
    return accounts.set_password(
        session, user.username, change.new, now, user.username, keep_token=change.session_token
    )
