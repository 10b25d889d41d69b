"""Read side: clusters, schools with their health summary, devices, alerts (scoped per user)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, Subquery, func, or_, select
from sqlalchemy.orm import Session

from collector.contracts import (
    AlertPublic,
    CheckPublic,
    ClusterPublic,
    DeviceDetailPublic,
    DevicePublic,
    EventPublic,
    HistoryPointPublic,
    MergePublic,
    Page,
    SchoolPublic,
    SupplyPublic,
)
from collector.db.models import (
    Alert,
    CheckHistory,
    CheckState,
    Cluster,
    Device,
    DeviceEvent,
    IdentityMerge,
    School,
    SupplyState,
)
from collector.domain import AlertState, DeviceStatus
from collector.errors import NotFoundError
from collector.services.access import can_see, cluster_filter, school_filter, visible_school
from collector.services.credentials import UserPrincipal
from collector.services.devices import effective_last_seen
from schemas import DeviceType

DETAIL_HISTORY_LIMIT = 200
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class DeviceFilter:
    device_type: DeviceType | None = None
    status: DeviceStatus | None = None
    text: str | None = None
    include_transient: bool = True


def list_clusters(session: Session, user: UserPrincipal) -> list[ClusterPublic]:
    query = select(Cluster).where(cluster_filter(user)).order_by(Cluster.name)
    return [ClusterPublic.model_validate(c) for c in session.scalars(query)]


def _school_public(school: School, cluster_slug: str) -> SchoolPublic:
    return SchoolPublic(
        slug=school.slug,
        name=school.name,
        cluster=cluster_slug,
        last_report_at=school.last_report_at,
        device_count=school.device_count,
        transient_count=school.transient_count,
        missing_count=school.missing_count,
        status_counts=school.status_counts,
        open_alerts=school.open_alerts,
    )


def list_schools(
    session: Session, user: UserPrincipal, *, cluster: str | None, limit: int, offset: int
) -> Page[SchoolPublic]:
    query = select(School, Cluster.slug).join(Cluster).where(school_filter(user))
    if cluster is not None:
        query = query.where(Cluster.slug == cluster)
    total = _count(session, query.subquery())
    rows = session.execute(query.order_by(School.name, School.id).limit(limit).offset(offset))
    items = [_school_public(school, slug) for school, slug in rows]
    return Page(total=total, limit=limit, offset=offset, items=items)


def school_summary(session: Session, user: UserPrincipal, slug: str) -> SchoolPublic:
    school = visible_school(session, user, slug)
    return _school_public(school, session.get_one(Cluster, school.cluster_id).slug)


def _count(session: Session, query: Subquery) -> int:
    return int(session.scalar(select(func.count()).select_from(query)) or 0)


def list_devices(
    session: Session,
    user: UserPrincipal,
    *,
    slug: str,
    wanted: DeviceFilter,
    limit: int,
    offset: int,
) -> Page[DevicePublic]:
    school = visible_school(session, user, slug)
    query = _device_query(school.id, wanted)
    total = _count(session, query.subquery())
    rows = session.scalars(
        query.order_by(Device.device_type, Device.ip, Device.id).limit(limit).offset(offset)
    )
    items = [device_public(row, school) for row in rows]
    return Page(total=total, limit=limit, offset=offset, items=items)


def device_public(row: Device, school: School) -> DevicePublic:
    public = DevicePublic.model_validate(row)
    public.last_seen_at = effective_last_seen(row, school.last_scan_started_at)
    return public


def _device_query(school_id: int, wanted: DeviceFilter) -> Select[Any]:
    query = select(Device).where(Device.school_id == school_id)
    if wanted.device_type is not None:
        query = query.where(Device.device_type == wanted.device_type)
    if wanted.status is not None:
        query = query.where(Device.status == wanted.status)
    if not wanted.include_transient:
        query = query.where(Device.randomised.is_(False), Device.transient.is_(False))
    if wanted.text:
        pattern = f"%{_escape_like(wanted.text.strip())}%"
        columns = (
            Device.hostname,
            Device.sys_name,
            Device.vendor,
            Device.model,
            Device.serial,
            Device.mac,
            Device.ip,
        )
        query = query.where(or_(*(col.ilike(pattern, escape="\\") for col in columns)))
    return query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def visible_device(session: Session, user: UserPrincipal, device_id: int) -> Device:
    device = session.get(Device, device_id)
    if device is None or not can_see(user, session.get_one(School, device.school_id)):
        raise NotFoundError(f"no device {device_id}")
    return device


def device_detail(session: Session, user: UserPrincipal, device_id: int) -> DeviceDetailPublic:
    device = visible_device(session, user, device_id)
    base = device_public(device, session.get_one(School, device.school_id)).model_dump()
    return DeviceDetailPublic(
        **base,
        type_reason=device.type_reason,
        sys_name=device.sys_name,
        sys_descr=device.sys_descr,
        sys_object_id=device.sys_object_id,
        mac_vendor=device.mac_vendor,
        details=device.details,
        checks=_rows(
            session,
            CheckPublic,
            select(CheckState)
            .where(CheckState.device_id == device_id)
            .order_by(CheckState.check_id),
        ),
        supplies=_rows(
            session,
            SupplyPublic,
            select(SupplyState)
            .where(SupplyState.device_id == device_id)
            .order_by(SupplyState.supply_index),
        ),
        history=_rows(
            session,
            HistoryPointPublic,
            select(CheckHistory)
            .where(CheckHistory.device_id == device_id)
            .order_by(CheckHistory.at.desc(), CheckHistory.id.desc())
            .limit(DETAIL_HISTORY_LIMIT),
        ),
        events=_rows(
            session,
            EventPublic,
            select(DeviceEvent)
            .where(DeviceEvent.device_id == device_id)
            .order_by(DeviceEvent.at.desc(), DeviceEvent.id.desc())
            .limit(DETAIL_HISTORY_LIMIT),
        ),
        merges=_rows(
            session,
            MergePublic,
            select(IdentityMerge)
            .where(IdentityMerge.device_id == device_id)
            .order_by(IdentityMerge.at.desc())
            .limit(DETAIL_HISTORY_LIMIT),
        ),
    )


def _rows(session: Session, model: type[M], query: Select[Any]) -> list[M]:
    return [model.model_validate(row) for row in session.scalars(query)]


def list_alerts(
    session: Session,
    user: UserPrincipal,
    *,
    state: AlertState | None,
    school: str | None,
    limit: int,
    offset: int,
) -> Page[AlertPublic]:
    query = (
        select(Alert, School.slug)
        .join(School, School.id == Alert.school_id)
        .where(school_filter(user))
    )
    if state is not None:
        query = query.where(Alert.state == state)
    if school is not None:
        query = query.where(School.slug == school)
    total = _count(session, query.subquery())
    rows = session.execute(
        query.order_by(Alert.opened_at.desc(), Alert.id.desc()).limit(limit).offset(offset)
    )
    items = [alert_public(alert, slug) for alert, slug in rows]
    return Page(total=total, limit=limit, offset=offset, items=items)


def alert_public(alert: Alert, school_slug: str) -> AlertPublic:
    data = {name: getattr(alert, name) for name in AlertPublic.model_fields if name != "school"}
    return AlertPublic(school=school_slug, **data)


def visible_alert(session: Session, user: UserPrincipal, alert_id: int) -> Alert:
    alert = session.get(Alert, alert_id)
    if alert is None or not can_see(user, session.get_one(School, alert.school_id)):
        raise NotFoundError(f"no alert {alert_id}")
    return alert
