"""Admin API for people's accounts: list, disable, enable, set a password, end sessions, unlock,
change a role and what it looks after.

Every action is audited (``audit_log``) under the admin's user name.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from collector.api.deps import AdminDep, Credentials, SessionDep, SettingsDep, utcnow
from collector.contracts import RoleChange
from collector.contracts_admin import AccountPublic, PasswordSet, SessionsEnded
from collector.services import accounts
from collector.services.login_throttle import ThrottlePolicy

router = APIRouter(prefix="/api/v1/admin/users", tags=["admin"])
Username = Annotated[str, Path(min_length=1, max_length=128, pattern=r"^[^\x00]+$")]


@router.get("", response_model=list[AccountPublic])
def list_accounts(
    admin: AdminDep, session: SessionDep, settings: SettingsDep
) -> list[AccountPublic]:
    """Everyone, with whether they may log in, a lockout's end and their open sessions."""
    return accounts.accounts(session, utcnow(), ThrottlePolicy.from_settings(settings))


@router.get("/{username}", response_model=AccountPublic)
def get_account(
    username: Username, admin: AdminDep, session: SessionDep, settings: SettingsDep
) -> AccountPublic:
    return accounts.account(session, username, utcnow(), ThrottlePolicy.from_settings(settings))


@router.post("/{username}/disable", response_model=AccountPublic)
def disable(
    username: Username, admin: AdminDep, session: SessionDep, settings: SettingsDep
) -> AccountPublic:
    """Refuse the user's logins and end all their sessions at once."""
    accounts.disable(session, username, utcnow(), admin.username, signed_in_as=admin.username)
    return get_account(username, admin, session, settings)


@router.post("/{username}/enable", response_model=AccountPublic)
def enable(
    username: Username, admin: AdminDep, session: SessionDep, settings: SettingsDep
) -> AccountPublic:
    accounts.enable(session, username, utcnow(), admin.username)
    return get_account(username, admin, session, settings)


@router.post("/{username}/password", response_model=SessionsEnded)
def set_password(
    username: Username,
    data: PasswordSet,
    admin: AdminDep,
    session: SessionDep,
    credentials: Credentials,
) -> SessionsEnded:
    """Set a new password; the user's other sessions end (the admin's own one stays)."""
    own = credentials.credentials if credentials and admin.username == username else None
    password = data.password.get_secret_value()
    ended = accounts.set_password(
        session, username, password, utcnow(), admin.username, keep_token=own
    )
    return SessionsEnded(username=username, ended=ended)


@router.post("/{username}/end-sessions", response_model=SessionsEnded)
def end_sessions(username: Username, admin: AdminDep, session: SessionDep) -> SessionsEnded:
    """Log the user out everywhere (their password stays)."""
    ended = accounts.end_sessions(session, username, utcnow(), admin.username)
    return SessionsEnded(username=username, ended=ended)


@router.post("/{username}/unlock", response_model=AccountPublic)
def unlock(
    username: Username, admin: AdminDep, session: SessionDep, settings: SettingsDep
) -> AccountPublic:
    """Lift a lockout (or a throttle) after too many failed logins."""
    accounts.unlock(session, username, utcnow(), admin.username)
    return get_account(username, admin, session, settings)


@router.put("/{username}/role", response_model=AccountPublic)
def change_role(
    username: Username,
    data: RoleChange,
    admin: AdminDep,
    session: SessionDep,
    settings: SettingsDep,
) -> AccountPublic:
    """Another role or scope (a technician needs ``cluster``, a principal ``school``, an admin
    neither); the user's sessions end. Not the last enabled admin, not your own role."""
    accounts.change_role(
        session,
        username,
        data.role,
        data.cluster,
        data.school,
        utcnow(),
        admin.username,
        signed_in_as=admin.username,
    )
    return get_account(username, admin, session, settings)
