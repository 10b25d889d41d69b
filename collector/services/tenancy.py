"""Clusters, schools, users and calendar entries: create and look up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.contracts import CalendarEntryCreate, ClusterCreate, SchoolCreate, UserCreate
from collector.db.models import AuditEntry, CalendarEntry, Cluster, School, User
from collector.db.savepoint import insert_in_savepoint
from collector.domain import Role
from collector.errors import BadRequestError, ConflictError, NotFoundError
from collector.services.secrets import hash_password


def get_cluster(session: Session, slug: str) -> Cluster:
    cluster = session.scalar(select(Cluster).where(Cluster.slug == slug))
    if cluster is None:
        raise NotFoundError(f"no cluster {slug!r}")
    return cluster


def get_school(session: Session, slug: str) -> School:
    school = session.scalar(select(School).where(School.slug == slug))
    if school is None:
        raise NotFoundError(f"no school {slug!r}")
    return school


def create_cluster(session: Session, data: ClusterCreate, now: datetime) -> Cluster:
    if session.scalar(select(Cluster.id).where(Cluster.slug == data.slug)) is not None:
        raise ConflictError(f"cluster {data.slug!r} already exists")
    cluster = Cluster(
        slug=data.slug,
        name=data.name,
        timezone=data.timezone,
        weekend_days=sorted(set(data.weekend_days)),
        created_at=now,
    )
    _insert_new(session, cluster, f"cluster {data.slug!r}")
    return cluster


def create_school(session: Session, data: SchoolCreate, now: datetime) -> School:
    cluster = get_cluster(session, data.cluster)
    if session.scalar(select(School.id).where(School.slug == data.slug)) is not None:
        raise ConflictError(f"school {data.slug!r} already exists")
    school = School(
        cluster_id=cluster.id, slug=data.slug, name=data.name, created_at=now, status_counts={}
    )
    _insert_new(session, school, f"school {data.slug!r}")
    return school


def create_user(session: Session, data: UserCreate, now: datetime) -> User:
    if session.scalar(select(User.id).where(User.username == data.username)) is not None:
        raise ConflictError(f"user {data.username!r} already exists")
    cluster_id, school_id = user_scope(session, data.role, data.cluster, data.school)
    user = User(
        username=data.username,
        password_hash=hash_password(data.password.get_secret_value()),
        role=data.role,
        cluster_id=cluster_id,
        school_id=school_id,
        email=data.email,
        created_at=now,
    )
    _insert_new(session, user, f"user {data.username!r}")
    return user


def _insert_new(session: Session, row: Cluster | School | User, what: str) -> None:
    """Insert a row whose name was just checked to be free. Another admin creating the same
    name at the same moment commits first and this insert hits the unique index (PostgreSQL
    waits, then collides): that is a 409 with a sentence, never a 500."""
    collision = insert_in_savepoint(session, row)
    if collision is not None:
        message = f"{what} was created by someone else a moment ago; reload to see it"
        raise ConflictError(message) from collision


def user_scope(
    session: Session, role: Role, cluster: str | None, school: str | None
) -> tuple[int | None, int | None]:
    """(cluster id, school id) a ``role`` looks after: a technician one cluster, a principal
    one school (its cluster follows), an admin everything; what the role does not use is ignored."""
    if role is Role.TECHNICIAN:
        if cluster is None:
            raise BadRequestError(
                "a technician needs a cluster: the one whose schools they look after"
            )
        return get_cluster(session, cluster).id, None
    if role is Role.PRINCIPAL:
        if school is None:
            raise BadRequestError("a principal needs a school: the one they run")
        found = get_school(session, school)
        return found.cluster_id, found.id
    return None, None


def add_calendar_entry(session: Session, data: CalendarEntryCreate) -> CalendarEntry:
    if (data.cluster is None) == (data.school is None):
        raise BadRequestError("a calendar entry belongs to exactly one cluster or one school")
    if data.last_day < data.first_day:
        raise BadRequestError("last_day is before first_day")
    entry = CalendarEntry(
        cluster_id=get_cluster(session, data.cluster).id if data.cluster else None,
        school_id=get_school(session, data.school).id if data.school else None,
        kind=data.kind,
        first_day=data.first_day,
        last_day=data.last_day,
        label=data.label,
    )
    session.add(entry)
    session.flush()
    return entry


def audit(session: Session, now: datetime, actor: str, action: str, **detail: Any) -> None:
    session.add(AuditEntry(at=now, actor=actor, action=action, detail=detail))
