"""Visits, incidents and the audit log in the JSON API."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from collector.api.deps import SessionDep, UserDep, utcnow
from collector.contracts import Page
from collector.contracts_evaluation import Evaluation
from collector.contracts_ops import (
    AuditEntryPublic,
    IncidentAction,
    IncidentCreate,
    IncidentPublic,
    VisitCreate,
    VisitPublic,
)
from collector.domain_ops import IncidentStatus
from collector.services import audit_log, work_actions, work_read
from collector.services.evaluation import evaluation
from collector.services.evaluation_csv import file_name, months_csv, schools_csv

router = APIRouter(prefix="/api/v1", tags=["work"])
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0)]


@router.get("/schools/{school}/visits", response_model=list[VisitPublic])
def get_visits(
    school: str,
    user: UserDep,
    session: SessionDep,
    since: date | None = None,
    until: date | None = None,
) -> list[VisitPublic]:
    """Visits and remote fixes, newest first (``since``/``until``: school-local dates)."""
    return work_read.school_visits(session, user, school, since, until)


@router.post("/schools/{school}/visits", response_model=VisitPublic, status_code=201)
def post_visit(school: str, data: VisitCreate, user: UserDep, session: SessionDep) -> VisitPublic:
    """Record a visit (``kind: visit``) or a remote fix (``kind: remote``): technicians, admins."""
    visit = work_actions.record_visit(session, user, school, data, utcnow())
    return work_read.visit_publics(session, [visit], school)[0]


@router.get("/schools/{school}/incidents", response_model=list[IncidentPublic])
def get_incidents(
    school: str, user: UserDep, session: SessionDep, status: IncidentStatus | None = None
) -> list[IncidentPublic]:
    """Problems found by the agent and reported by the school, with times and who did what."""
    return work_read.school_incidents(session, user, school, status)


@router.post("/schools/{school}/incidents", response_model=IncidentPublic, status_code=201)
def post_incident(
    school: str, data: IncidentCreate, user: UserDep, session: SessionDep
) -> IncidentPublic:
    """Report a problem at a school (its principal, or the provider's staff)."""
    incident = work_actions.report_problem(session, user, school, data, utcnow())
    return work_read.incident_public(session, user, incident.id)


@router.get("/incidents/{incident_id}", response_model=IncidentPublic)
def get_incident(incident_id: int, user: UserDep, session: SessionDep) -> IncidentPublic:
    return work_read.incident_public(session, user, incident_id)


@router.post("/incidents/{incident_id}/acknowledge", response_model=IncidentPublic)
def post_acknowledge(incident_id: int, user: UserDep, session: SessionDep) -> IncidentPublic:
    work_actions.acknowledge(session, user, incident_id, utcnow())
    return work_read.incident_public(session, user, incident_id)


@router.post("/incidents/{incident_id}/resolve", response_model=IncidentPublic)
def post_resolve(
    incident_id: int, data: IncidentAction, user: UserDep, session: SessionDep
) -> IncidentPublic:
    work_actions.resolve(session, user, incident_id, data.note, utcnow())
    return work_read.incident_public(session, user, incident_id)


@router.get("/audit", response_model=Page[AuditEntryPublic])
def get_audit(
    user: UserDep,
    session: SessionDep,
    action: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[AuditEntryPublic]:
    """Who did what, newest first (admins only)."""
    return audit_log.audit_page(session, user, action=action, limit=limit, offset=offset)


@router.get("/clusters/{cluster}/evaluation", response_model=Evaluation)
def get_evaluation(
    cluster: str, since: date, until: date, user: UserDep, session: SessionDep
) -> Evaluation:
    """The year-end evaluation for a cluster and a period (whole days in the cluster's zone,
    both included): per school and in total, monthly trends, and how each figure is computed."""
    return evaluation(session, user, cluster, since=since, until=until, now=utcnow())


@router.get("/clusters/{cluster}/evaluation.csv", response_class=Response)
def get_evaluation_csv(  # noqa: PLR0917 (FastAPI parameters)
    cluster: str,
    since: date,
    until: date,
    user: UserDep,
    session: SessionDep,
    part: Annotated[str, Query(pattern="^(schools|months)$")] = "schools",
) -> Response:
    """The same as CSV: ``part=schools`` (one row per school and a total) or ``part=months``."""
    report = evaluation(session, user, cluster, since=since, until=until, now=utcnow())
    body = schools_csv(report) if part == "schools" else months_csv(report)
    headers = {"Content-Disposition": f'attachment; filename="{file_name(report, part)}"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
