"""The dashboard's People page (admins only): everyone's account with the cluster or school it
belongs to, creating an account, and the account actions of ``accounts`` done by the admin
who is signed in (audited under their user name, exactly as through the admin API).

An initial or new password may be typed by the admin or, left empty, generated; either way
it is handed back once (``Handover``) for the page to show and is only ever stored hashed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import SecretStr, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.contracts import RoleChange, UserCreate
from collector.contracts_admin import AccountPublic, PasswordSet, problems
from collector.db.models import Cluster, School
from collector.domain import Role
from collector.errors import BadRequestError
from collector.services import accounts
from collector.services.access import require_role
from collector.services.accounts import RoleChanged
from collector.services.credentials import UserPrincipal
from collector.services.login_throttle import ThrottlePolicy
from collector.services.secrets import new_password


class AccountAction(StrEnum):
    """The one-button actions on an account (setting a password has its own form)."""

    DISABLE = "disable"
    ENABLE = "enable"
    END_SESSIONS = "end-sessions"
    UNLOCK = "unlock"


@dataclass(frozen=True)
class Person:
    """One account as the People page shows it; ``timezone`` is its cluster's (admins: None)."""

    account: AccountPublic
    cluster_name: str | None
    school_name: str | None
    timezone: str | None


@dataclass(frozen=True)
class Handover:
    """A password to give to the person; shown once, never kept in clear."""

    username: str
    password: str
    generated: bool
    sessions_ended: int = 0


@dataclass(frozen=True)
class Choices:
    """What the "new account" form offers: clusters, and schools with their cluster's name."""

    clusters: list[tuple[str, str]]
    schools: list[tuple[str, str, str]]


def people(
    session: Session, admin: UserPrincipal, now: datetime, policy: ThrottlePolicy
) -> list[Person]:
    require_role(admin, Role.ADMIN)
    clusters, schools = _clusters(session), _schools(session)
    return [_person(a, clusters, schools) for a in accounts.accounts(session, now, policy)]


def person(
    session: Session, admin: UserPrincipal, username: str, now: datetime, policy: ThrottlePolicy
) -> Person:
    require_role(admin, Role.ADMIN)
    found = accounts.account(session, username, now, policy)
    return _person(found, _clusters(session), _schools(session))


def choices(session: Session, admin: UserPrincipal) -> Choices:
    require_role(admin, Role.ADMIN)
    clusters = _clusters(session)
    names = {cluster.id: cluster.name for cluster in clusters.values()}
    return Choices(
        clusters=sorted((c.slug, c.name) for c in clusters.values()),
        schools=sorted(
            ((s.slug, s.name, names[s.cluster_id]) for s in _schools(session).values()),
            key=lambda school: (school[2], school[1]),
        ),
    )


def create(
    session: Session, admin: UserPrincipal, fields: Mapping[str, str], now: datetime
) -> Handover:
    """A new account from the form's fields; an empty password field gets a generated one."""
    require_role(admin, Role.ADMIN)
    typed = fields.get("password", "")
    password = typed or new_password()
    values = {name: fields.get(name, "").strip() or None for name in ("cluster", "school", "email")}
    try:
        data = UserCreate.model_validate(
            {
                "username": fields.get("username", ""),
                "password": SecretStr(password),
                "role": fields.get("role", ""),
                **values,
            }
        )
    except ValidationError as exc:
        raise BadRequestError(problems(exc)) from exc
    accounts.create(session, data, now, admin.username)
    return Handover(data.username, password, generated=not typed)


def set_password(  # noqa: PLR0917 (the action's inputs)
    session: Session,
    admin: UserPrincipal,
    username: str,
    typed: str,
    now: datetime,
    keep_token: str | None,
) -> Handover:
    """A new password (typed, or generated when empty); the person's other sessions end."""
    require_role(admin, Role.ADMIN)
    password = typed or new_password()
    try:
        PasswordSet(password=SecretStr(password))
    except ValidationError as exc:
        raise BadRequestError(problems(exc)) from exc
    keep = keep_token if username == admin.username else None
    ended = accounts.set_password(session, username, password, now, admin.username, keep_token=keep)
    return Handover(username, password, generated=not typed, sessions_ended=ended)


def change_role(
    session: Session, admin: UserPrincipal, username: str, fields: Mapping[str, str], now: datetime
) -> RoleChanged:
    """The role and scope of the form's fields (an empty select is none); sessions end."""
    require_role(admin, Role.ADMIN)
    values = {name: fields.get(name, "").strip() or None for name in ("role", "cluster", "school")}
    try:
        data = RoleChange.model_validate(values)
    except ValidationError as exc:
        raise BadRequestError(problems(exc)) from exc
    return accounts.change_role(
        session,
        username,
        data.role,
        data.cluster,
        data.school,
        now,
        admin.username,
        signed_in_as=admin.username,
    )


def act(
    session: Session, admin: UserPrincipal, action: AccountAction, username: str, now: datetime
) -> int:
    """Do ``action`` to the account; returns how many of its sessions ended."""
    require_role(admin, Role.ADMIN)
    actor = admin.username
    if action is AccountAction.DISABLE:
        return accounts.disable(session, username, now, actor, signed_in_as=actor)
    if action is AccountAction.END_SESSIONS:
        return accounts.end_sessions(session, username, now, actor)
    if action is AccountAction.ENABLE:
        accounts.enable(session, username, now, actor)
    else:
        accounts.unlock(session, username, now, actor)
    return 0


def _person(
    account: AccountPublic, clusters: dict[str, Cluster], schools: dict[str, School]
) -> Person:
    cluster = clusters.get(account.cluster) if account.cluster else None
    school = schools.get(account.school) if account.school else None
    return Person(
        account=account,
        cluster_name=cluster.name if cluster else None,
        school_name=school.name if school else None,
        timezone=cluster.timezone if cluster else None,
    )


def _clusters(session: Session) -> dict[str, Cluster]:
    return {cluster.slug: cluster for cluster in session.scalars(select(Cluster))}


def _schools(session: Session) -> dict[str, School]:
    return {school.slug: school for school in session.scalars(select(School))}
