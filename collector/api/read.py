"""Read API for technicians, principals and admins (each sees only their scope)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from collector.api.deps import SessionDep, UserDep
from collector.api.params import Limit, Offset, RowId
from collector.contracts import (
    AlertPublic,
    ClusterPublic,
    DeviceDetailPublic,
    DevicePublic,
    Page,
    SchoolPublic,
)
from collector.domain import AlertState, DeviceStatus
from collector.services import read
from collector.services.export import asset_register_csv
from schemas import DeviceType

router = APIRouter(prefix="/api/v1", tags=["read"])


@router.get("/clusters", response_model=list[ClusterPublic])
def get_clusters(user: UserDep, session: SessionDep) -> list[ClusterPublic]:
    return read.list_clusters(session, user)


@router.get("/schools", response_model=Page[SchoolPublic])
def get_schools(
    *,
    user: UserDep,
    session: SessionDep,
    cluster: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[SchoolPublic]:
    """Schools with their health summary: devices by status, missing, open alerts, last report."""
    return read.list_schools(session, user, cluster=cluster, limit=limit, offset=offset)


@router.get("/schools/{school}", response_model=SchoolPublic)
def get_school(school: str, user: UserDep, session: SessionDep) -> SchoolPublic:
    return read.school_summary(session, user, school)


@router.get("/schools/{school}/devices", response_model=Page[DevicePublic])
def get_devices(
    *,
    school: str,
    user: UserDep,
    session: SessionDep,
    device_type: Annotated[DeviceType | None, Query(alias="type")] = None,
    status: DeviceStatus | None = None,
    q: Annotated[str | None, Query(max_length=100, description="text search")] = None,
    include_transient: bool = True,
    limit: Limit = 200,
    offset: Offset = 0,
) -> Page[DevicePublic]:
    wanted = read.DeviceFilter(device_type, status, q, include_transient)
    return read.list_devices(session, user, slug=school, wanted=wanted, limit=limit, offset=offset)


@router.get(
    "/schools/{school}/assets.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "one row per device"}},
)
def get_asset_register(school: str, user: UserDep, session: SessionDep) -> Response:
    """The school's asset register (devices with randomised MACs left out)."""
    body = asset_register_csv(session, user, school)
    headers = {"Content-Disposition": f'attachment; filename="{school}-assets.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/devices/{device_id}", response_model=DeviceDetailPublic)
def get_device(device_id: RowId, user: UserDep, session: SessionDep) -> DeviceDetailPublic:
    """One device with its current checks, supplies, history, change events and merges."""
    return read.device_detail(session, user, device_id)


@router.get("/alerts", response_model=Page[AlertPublic])
def get_alerts(
    *,
    user: UserDep,
    session: SessionDep,
    state: AlertState | None = None,
    school: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[AlertPublic]:
    return read.list_alerts(session, user, state=state, school=school, limit=limit, offset=offset)
