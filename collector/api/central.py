"""Central configuration and "scan now": the agent's check-in, settings per level, scan requests.

Secrets go out only in the check-in answer (agent token); people's answers say "set" or not
and at which level.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Response
from sqlalchemy.orm import Session

from collector.api.deps import AdminDep, AgentDep, SessionDep, SettingsDep, UserDep, utcnow
from collector.contracts_central import (
    ScanRequestPublic,
    ScopeSettingsPublic,
    SettingPublic,
    SettingValue,
)
from collector.domain import Role
from collector.errors import NotFoundError
from collector.services import central_settings as central
from collector.services import scan_requests
from collector.services.access import require_role, visible_school
from collector.services.central_keys import KEYS
from collector.services.checkin import check_in
from collector.services.credentials import UserPrincipal
from collector.services.secret_box import SecretBox
from collector.settings import CollectorSettings
from schemas.checkin import CheckinRequest, CheckinResponse, reveal

router = APIRouter(prefix="/api/v1", tags=["central configuration"])


def box_of(settings: CollectorSettings) -> SecretBox:
    return SecretBox(settings.secret_key)


@router.post("/agent/checkin", response_model=CheckinResponse)
def post_checkin(
    request: CheckinRequest, agent: AgentDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """The school's effective settings (secrets included: agent token only) and "scan now"."""
    retry = timedelta(minutes=settings.scan_request_retry_minutes)
    answer = check_in(session, box_of(settings), agent, request, utcnow(), retry)
    headers = {"Cache-Control": "no-store"}
    return Response(reveal(answer), media_type="application/json", headers=headers)


def scope_public(
    session: Session, user: UserPrincipal, scope: central.Scope
) -> ScopeSettingsPublic:
    """Admins see every key; technicians the non-secret ones of their cluster."""
    require_role(user, Role.ADMIN, Role.TECHNICIAN)
    if user.role is Role.TECHNICIAN and user.cluster_id != scope.cluster.id:
        raise NotFoundError("no such cluster or school")
    found = central.views(session, scope, secrets=user.role is Role.ADMIN)
    overrides = central.device_overrides(session, scope.school) if scope.school else []
    return ScopeSettingsPublic(
        cluster=scope.cluster.slug,
        school=scope.school.slug if scope.school else None,
        device=scope.device,
        settings=[_public(view) for view in found],
        device_overrides=overrides,
    )


def _public(view: central.SettingView) -> SettingPublic:
    return SettingPublic(
        key=view.key,
        label=view.label,
        secret=view.secret,
        set=view.is_set,
        level=view.level,
        value=None if view.secret else view.value,
        example=KEYS[view.key].example,
        updated_at=view.updated_at,
        updated_by=view.updated_by,
    )


@router.get("/settings/clusters/{cluster}", response_model=ScopeSettingsPublic)
def get_cluster_settings(cluster: str, user: UserDep, session: SessionDep) -> ScopeSettingsPublic:
    return scope_public(session, user, central.cluster_scope(session, cluster))


@router.get("/settings/schools/{school}", response_model=ScopeSettingsPublic)
def get_school_settings(
    school: str, user: UserDep, session: SessionDep, device: str | None = None
) -> ScopeSettingsPublic:
    """Effective settings of a school (or of one device: ``?device=MAC-or-IP``), with levels."""
    return scope_public(session, user, central.school_scope(session, school, device))


def _put(
    session: Session,
    settings: CollectorSettings,
    admin: UserPrincipal,
    scope: central.Scope,
    change: tuple[str, SettingValue],
) -> ScopeSettingsPublic:
    key, data = change
    box = box_of(settings)
    central.set_setting(session, box, scope, key, data.value, admin.username, utcnow())
    return scope_public(session, admin, scope)


@router.put("/admin/settings/clusters/{cluster}/{key}", response_model=ScopeSettingsPublic)
def put_cluster_setting(  # noqa: PLR0917
    cluster: str,
    key: str,
    data: SettingValue,
    admin: AdminDep,
    session: SessionDep,
    settings: SettingsDep,
) -> ScopeSettingsPublic:
    """Set a key for every school of the cluster (schools and devices may override it)."""
    return _put(session, settings, admin, central.cluster_scope(session, cluster), (key, data))


@router.put("/admin/settings/schools/{school}/{key}", response_model=ScopeSettingsPublic)
def put_school_setting(  # noqa: PLR0917
    school: str,
    key: str,
    data: SettingValue,
    admin: AdminDep,
    session: SessionDep,
    settings: SettingsDep,
    device: str | None = None,
) -> ScopeSettingsPublic:
    """Set a key for one school, or for one device of it (``?device=MAC-or-IP``)."""
    scope = central.school_scope(session, school, device)
    return _put(session, settings, admin, scope, (key, data))


@router.delete("/admin/settings/clusters/{cluster}/{key}", response_model=ScopeSettingsPublic)
def delete_cluster_setting(
    cluster: str, key: str, admin: AdminDep, session: SessionDep
) -> ScopeSettingsPublic:
    scope = central.cluster_scope(session, cluster)
    central.clear_setting(session, scope, key, admin.username, utcnow())
    return scope_public(session, admin, scope)


@router.delete("/admin/settings/schools/{school}/{key}", response_model=ScopeSettingsPublic)
def delete_school_setting(
    school: str, key: str, admin: AdminDep, session: SessionDep, device: str | None = None
) -> ScopeSettingsPublic:
    scope = central.school_scope(session, school, device)
    central.clear_setting(session, scope, key, admin.username, utcnow())
    return scope_public(session, admin, scope)


@router.post("/schools/{school}/scan-requests", response_model=ScanRequestPublic, status_code=201)
def post_scan_request(school: str, user: UserDep, session: SessionDep) -> ScanRequestPublic:
    """ "Scan now" (technicians, admins): the agent in service mode runs at its next check-in."""
    scan_requests.request_scan(session, user, school, utcnow())
    return get_scan_request(school, user, session)


@router.get("/schools/{school}/scan-requests/latest", response_model=ScanRequestPublic)
def get_scan_request(school: str, user: UserDep, session: SessionDep) -> ScanRequestPublic:
    found = visible_school(session, user, school)
    status = scan_requests.latest_status(session, found)
    if status is None:
        raise NotFoundError(f"no scan was requested for {school!r}")
    return ScanRequestPublic(
        request_id=status.request_id,
        school=found.slug,
        requested_at=status.requested_at,
        requested_by=status.requested_by,
        delivered_at=status.delivered_at,
        done=status.done,
        report_at=status.report_at,
    )
