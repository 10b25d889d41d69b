"""Admin API (role ``admin``): clusters, schools, users, calendar, enrollment codes, tokens."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter

from collector.api.deps import AdminDep, SessionDep, SettingsDep, utcnow
from collector.contracts import (
    CalendarEntryCreate,
    ClusterCreate,
    ClusterPublic,
    EnrollmentCodeCreate,
    EnrollmentCodePublic,
    SchoolCreate,
    SchoolPublic,
    UserCreate,
    UserPublic,
)
from collector.services import accounts, credentials, tenancy
from collector.services.read import school_summary

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


@router.post("/clusters", response_model=ClusterPublic, status_code=201)
def create_cluster(data: ClusterCreate, admin: AdminDep, session: SessionDep) -> ClusterPublic:
    cluster = tenancy.create_cluster(session, data, utcnow())
    tenancy.audit(session, utcnow(), admin.username, "cluster.create", cluster=data.slug)
    return ClusterPublic.model_validate(cluster)


@router.post("/schools", response_model=SchoolPublic, status_code=201)
def create_school(data: SchoolCreate, admin: AdminDep, session: SessionDep) -> SchoolPublic:
    tenancy.create_school(session, data, utcnow())
    tenancy.audit(session, utcnow(), admin.username, "school.create", school=data.slug)
    return school_summary(session, admin, data.slug)


@router.post("/users", response_model=UserPublic, status_code=201)
def create_user(data: UserCreate, admin: AdminDep, session: SessionDep) -> UserPublic:
    user = accounts.create(session, data, utcnow(), admin.username)
    return UserPublic.model_validate(user)


@router.post("/calendar", status_code=201)
def add_calendar_entry(
    data: CalendarEntryCreate, admin: AdminDep, session: SessionDep
) -> dict[str, int]:
    """Close (holiday, closed day) or open (override) a range of days for a cluster or school."""
    entry = tenancy.add_calendar_entry(session, data)
    tenancy.audit(session, utcnow(), admin.username, "calendar.add", entry=entry.id)
    return {"id": entry.id}


@router.post(
    "/schools/{school}/enrollment-codes", response_model=EnrollmentCodePublic, status_code=201
)
def create_enrollment_code(
    school: str,
    data: EnrollmentCodeCreate,
    admin: AdminDep,
    session: SessionDep,
    settings: SettingsDep,
) -> EnrollmentCodePublic:
    """A one-time code for ``lankeeper-agent enroll``; shown only in this response."""
    ttl = timedelta(hours=data.ttl_hours or settings.enrollment_ttl_hours)
    code, row = credentials.create_enrollment_code(session, school, ttl, utcnow(), admin.username)
    return EnrollmentCodePublic(code=code, school=school, expires_at=row.expires_at)


@router.post("/agents/{agent_id}/revoke")
def revoke_agent(agent_id: str, admin: AdminDep, session: SessionDep) -> dict[str, int]:
    """Revoke every token of an agent (it must enroll again with a new code)."""
    return {"revoked": credentials.revoke_agent_tokens(session, agent_id, utcnow(), admin.username)}
