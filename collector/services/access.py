"""Who may see what: admins everything, technicians their cluster, principals their school.

Objects a user may not see are reported as missing (404), so their existence does not leak.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, true
from sqlalchemy.orm import Session

from collector.db.models import Cluster, School
from collector.domain import Role
from collector.errors import ForbiddenError, NotFoundError
from collector.services.credentials import UserPrincipal
from collector.services.tenancy import get_school


def school_filter(user: UserPrincipal) -> ColumnElement[bool]:
    if user.role is Role.ADMIN:
        return true()
    if user.role is Role.TECHNICIAN:
        return School.cluster_id == user.cluster_id
    return School.id == user.school_id


def cluster_filter(user: UserPrincipal) -> ColumnElement[bool]:
    if user.role is Role.ADMIN:
        return true()
    return Cluster.id == user.cluster_id


def can_see(user: UserPrincipal, school: School) -> bool:
    if user.role is Role.ADMIN:
        return True
    if user.role is Role.TECHNICIAN:
        return school.cluster_id == user.cluster_id
    return school.id == user.school_id


def visible_school(session: Session, user: UserPrincipal, slug: str) -> School:
    school = get_school(session, slug)
    if not can_see(user, school):
        raise NotFoundError(f"no school {slug!r}")
    return school


def require_role(user: UserPrincipal, *roles: Role) -> None:
    if user.role not in roles:
        allowed = " or ".join(role.value for role in roles)
        raise ForbiddenError(f"this needs the {allowed} role; you are {user.role.value}")
