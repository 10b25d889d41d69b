"""Account administration: disable, enable, set a password, end sessions, lift a lockout,
change a role and what it looks after.

Shared by the CLI (``lankeeper-collector user …``), the admin API and the dashboard's People
page; every action writes an audit entry. Disabling a user or setting their password ends
their sessions in the same transaction, so a stolen session stops working the moment the
admin acts. Nobody can disable the last enabled admin, and an admin cannot disable themself.
Changing a role or scope ends the person's sessions too (their rights changed); the last
enabled admin keeps the admin role, and an admin cannot change their own role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from collector.contracts import UserCreate
from collector.contracts_admin import AccountPublic
from collector.db.models import Cluster, LoginAttempt, School, User, UserSession
from collector.domain import LoginOutcome, Role
from collector.errors import ConflictError, NotFoundError
from collector.services import login_throttle
from collector.services.login_throttle import ThrottlePolicy
from collector.services.secrets import hash_password, token_hash
from collector.services.tenancy import audit, create_user, user_scope

UNLOCKED_BY = "-"  # the address column of an admin's unlock row
OWN_ACCOUNT = "You cannot disable your own account; ask another admin to do it."
OWN_ROLE = "You cannot change your own role; ask another admin to do it."


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFoundError(f"no user {username!r} (see: lankeeper-collector user list)")
    return user


def create(session: Session, data: UserCreate, now: datetime, actor: str) -> User:
    """A new account (``tenancy.create_user`` checks the name and the role's scope), audited."""
    user = create_user(session, data, now)
    audit(session, now, actor, "user.create", user=data.username, role=data.role.value)
    return user


def disable(
    session: Session,
    username: str,
    now: datetime,
    actor: str,
    *,
    signed_in_as: str | None = None,
) -> int:
    """Refuse the user's logins from now on and end their sessions; returns how many.

    ``signed_in_as``: the admin acting through the API or the dashboard (``None``: the CLI on
    the collector's host), who may not disable their own account.
    """
    user = get_user(session, username)
    if user.role is Role.ADMIN and not user.disabled and _enabled_admins(session) <= 1:
        raise ConflictError(f"{username!r} is the last enabled admin; enable another one first")
    if signed_in_as == username:
        raise ConflictError(OWN_ACCOUNT)
    user.disabled = True
    ended = _end_sessions(session, user.id)
    audit(session, now, actor, "user.disable", user=username, sessions_ended=ended)
    return ended


def enable(session: Session, username: str, now: datetime, actor: str) -> None:
    get_user(session, username).disabled = False
    audit(session, now, actor, "user.enable", user=username)


def set_password(
    session: Session,
    username: str,
    password: str,
    now: datetime,
    actor: str,
    *,
    keep_token: str | None = None,
) -> int:
    """New password; every session of the user but ``keep_token`` ends. Returns how many."""
    user = get_user(session, username)
    user.password_hash = hash_password(password)
    ended = _end_sessions(session, user.id, keep_token)
    audit(session, now, actor, "user.set_password", user=username, sessions_ended=ended)
    return ended


def end_sessions(session: Session, username: str, now: datetime, actor: str) -> int:
    user = get_user(session, username)
    ended = _end_sessions(session, user.id)
    audit(session, now, actor, "user.end_sessions", user=username, sessions_ended=ended)
    return ended


def unlock(session: Session, username: str, now: datetime, actor: str) -> None:
    """Lift a lockout or throttle of the account at once (its failure count starts afresh)."""
    get_user(session, username)
    login_throttle.record(session, username, UNLOCKED_BY, LoginOutcome.UNLOCK, now)
    audit(session, now, actor, "user.unlock", user=username)


@dataclass(frozen=True)
class RoleChanged:
    """What a role change did: whether anything changed, and how many sessions ended."""

    changed: bool
    sessions_ended: int


def change_role(  # noqa: PLR0917 (the change's inputs)
    session: Session,
    username: str,
    role: Role,
    cluster: str | None,
    school: str | None,
    now: datetime,
    actor: str,
    *,
    signed_in_as: str | None = None,
) -> RoleChanged:
    """Give the account ``role`` with the scope it needs (``tenancy.user_scope``: a technician
    a cluster, a principal a school, an admin neither) and end its sessions.

    Nothing changes (no audit entry, sessions stay) when the role and scope are already those.
    ``signed_in_as``: the admin acting through the API or the dashboard, who may not change
    their own role (``None``: the CLI on the collector's host).
    """
    user = get_user(session, username)
    scope = user_scope(session, role, cluster, school)
    if (user.role, user.cluster_id, user.school_id) == (role, *scope):
        return RoleChanged(changed=False, sessions_ended=0)
    if user.role is Role.ADMIN and not user.disabled and _enabled_admins(session) <= 1:
        raise ConflictError(f"{username!r} is the last enabled admin; make another one first")
    if signed_in_as == username:
        raise ConflictError(OWN_ROLE)
    before = _scope_of(session, user)
    user.role, (user.cluster_id, user.school_id) = role, scope
    ended = _end_sessions(session, user.id)
    after = _scope_of(session, user)
    audit(
        session,
        now,
        actor,
        "user.role",
        user=username,
        before=before,
        after=after,
        sessions_ended=ended,
    )
    return RoleChanged(changed=True, sessions_ended=ended)


def account(
    session: Session, username: str, now: datetime, policy: ThrottlePolicy
) -> AccountPublic:
    return _public(session, get_user(session, username), now, policy)


def accounts(session: Session, now: datetime, policy: ThrottlePolicy) -> list[AccountPublic]:
    users = session.scalars(select(User).order_by(User.username))
    return [_public(session, user, now, policy) for user in users]


def _public(session: Session, user: User, now: datetime, policy: ThrottlePolicy) -> AccountPublic:
    sessions = session.scalar(
        select(func.count())
        .select_from(UserSession)
        .where(UserSession.user_id == user.id, UserSession.expires_at > now)
    )
    return AccountPublic(
        username=user.username,
        role=user.role,
        cluster=session.get_one(Cluster, user.cluster_id).slug if user.cluster_id else None,
        school=session.get_one(School, user.school_id).slug if user.school_id else None,
        email=user.email,
        disabled=user.disabled,
        locked_until=login_throttle.lock_ends(session, user.username, now, policy),
        active_sessions=sessions or 0,
        last_sign_in=_last_sign_in(session, user),
    )


def _scope_of(session: Session, user: User) -> dict[str, str | None]:
    """The role and what it looks after, by slug, as the audit entry records them."""
    return {
        "role": user.role.value,
        "cluster": session.get_one(Cluster, user.cluster_id).slug if user.cluster_id else None,
        "school": session.get_one(School, user.school_id).slug if user.school_id else None,
    }


def _last_sign_in(session: Session, user: User) -> datetime | None:
    """The newest successful login still on record (attempts are kept
    ``login_attempts_keep_days``) or the newest open session, whichever is later."""
    logged = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == user.username, LoginAttempt.outcome == LoginOutcome.SUCCESS
        )
    )
    opened = session.scalar(
        select(func.max(UserSession.created_at)).where(UserSession.user_id == user.id)
    )
    known = [moment for moment in (logged, opened) if moment is not None]
    return max(known) if known else None


def _end_sessions(session: Session, user_id: int, keep_token: str | None = None) -> int:
    query = delete(UserSession).where(UserSession.user_id == user_id)
    if keep_token is not None:
        query = query.where(UserSession.token_hash != token_hash(keep_token))
    result = session.execute(query.execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


def _enabled_admins(session: Session) -> int:
    """Locks the enabled admins' rows (PostgreSQL; SQLite's writers queue anyway): two admins
    demoting or disabling each other at the same moment cannot leave nobody in charge."""
    query = select(User.id).where(User.role == Role.ADMIN, User.disabled.is_(False))
    return len(session.scalars(query.with_for_update()).all())
