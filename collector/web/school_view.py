"""What a school page shows: problems in plain sentences, devices by type, low supplies, changes.

Every query is limited to one school the viewer may see (``visible_school`` first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from collector.db.models import Alert, Cluster, Device, DeviceEvent, School, SupplyState
from collector.domain import Presence
from collector.services.access import visible_school
from collector.services.credentials import UserPrincipal
from collector.services.devices import effective_last_seen, is_transient
from collector.services.supply_outlook import FORECAST_KINDS, SupplyOutlook, school_outlook
from collector.web import words
from schemas import CheckStatus, DeviceType

LOW = (CheckStatus.WARNING, CheckStatus.CRITICAL)
RECENT_CHANGES = 30
MAX_CHANGES = 500
LIST_COLUMNS = (
    Device.hostname,
    Device.sys_name,
    Device.model,
    Device.ip,
    Device.mac,
    Device.vendor,
    Device.mac_vendor,
    Device.device_type,
    Device.status,
    Device.presence,
    Device.last_seen_at,
    Device.missed_reports,
    Device.randomised,
    Device.transient,
)


@dataclass(frozen=True)
class Problem:
    alert_id: int
    severity: str
    sentence: str
    device_id: int | None
    device_name: str | None
    opened_at: datetime
    acknowledged_by: str | None
    ack_note: str | None


@dataclass(frozen=True)
class DeviceRow:
    id: int
    name: str
    device_type: DeviceType
    vendor: str | None
    model: str | None
    ip: str | None
    status: str  # a device status, or "missing"
    last_seen_at: datetime


@dataclass(frozen=True)
class DeviceGroup:
    label: str
    devices: list[DeviceRow]


@dataclass(frozen=True)
class LowSupply:
    device_id: int
    device_name: str
    name: str  # exactly as the printer reports it (carries the part number)
    kind: str
    colour: str | None
    level_percent: float | None
    status: str


@dataclass(frozen=True)
class Change:
    at: datetime
    device_id: int
    device_name: str
    sentence: str


@dataclass(frozen=True)
class SchoolPage:
    school: School
    cluster_name: str
    problems: list[Problem]
    groups: list[DeviceGroup]
    personal_devices: int  # phones and other randomised-MAC devices, not listed
    supplies: list[LowSupply]
    changes: list[Change]
    outlook: list[SupplyOutlook]  # toner, ink and drums with their run-out forecast


def school_page(
    session: Session, user: UserPrincipal, slug: str, now: datetime | None = None
) -> SchoolPage:
    school = visible_school(session, user, slug)
    devices = school_devices(session, school.id)
    names = {row.id: words.device_name(row) for row in devices}
    lasting = [row for row in devices if not is_transient(row)]
    return SchoolPage(
        school=school,
        cluster_name=session.get_one(Cluster, school.cluster_id).name,
        problems=problems(session, school.id, names),
        groups=device_groups(lasting, school),
        personal_devices=len(devices) - len(lasting),
        supplies=low_supplies(session, school.id, names),
        changes=changes(session, school.id, names, limit=RECENT_CHANGES),
        outlook=[
            item
            for item in school_outlook(session, school, names, now or datetime.now(UTC))
            if item.kind in {kind.value for kind in FORECAST_KINDS}
        ],
    )


def school_devices(session: Session, school_id: int) -> list[Device]:
    query = select(Device).where(Device.school_id == school_id)
    return list(session.scalars(query.options(load_only(*LIST_COLUMNS))))


def device_names(session: Session, school_id: int) -> dict[int, str]:
    return {row.id: words.device_name(row) for row in school_devices(session, school_id)}


def problems(session: Session, school_id: int, names: dict[int, str]) -> list[Problem]:
    """Unresolved alerts, most urgent first, then the oldest first."""
    query = select(Alert).where(Alert.school_id == school_id, Alert.resolved_at.is_(None))
    found = [_problem(alert, names) for alert in session.scalars(query)]
    return sorted(found, key=lambda p: (words.SEVERITY_RANK.get(p.severity, 9), p.opened_at))


def _problem(alert: Alert, names: dict[int, str]) -> Problem:
    return Problem(
        alert_id=alert.id,
        severity=alert.severity.value,
        sentence=words.alert_sentence(alert.check_id, alert.summary),
        device_id=alert.device_id,
        device_name=names.get(alert.device_id) if alert.device_id is not None else None,
        opened_at=alert.opened_at,
        acknowledged_by=alert.acknowledged_by,
        ack_note=alert.ack_note,
    )


def device_groups(devices: list[Device], school: School) -> list[DeviceGroup]:
    grouped: dict[DeviceType, list[DeviceRow]] = {}
    for row in devices:
        grouped.setdefault(row.device_type, []).append(_device_row(row, school))
    ordered = sorted(grouped.items(), key=lambda item: words.TYPE_ORDER.get(item[0], 99))
    return [
        DeviceGroup(
            words.type_label(device_type, plural=True),
            sorted(rows, key=lambda r: r.name.casefold()),
        )
        for device_type, rows in ordered
    ]


def _device_row(row: Device, school: School) -> DeviceRow:
    missing = row.presence is Presence.MISSING
    return DeviceRow(
        id=row.id,
        name=words.device_name(row),
        device_type=row.device_type,
        vendor=row.vendor or row.mac_vendor,
        model=row.model,
        ip=row.ip,
        status="missing" if missing else row.status.value,
        last_seen_at=effective_last_seen(row, school.last_scan_started_at),
    )


def low_supplies(session: Session, school_id: int, names: dict[int, str]) -> list[LowSupply]:
    """Supplies the printer itself puts under its warning threshold, emptiest first."""
    query = (
        select(SupplyState)
        .where(SupplyState.school_id == school_id, SupplyState.status.in_(LOW))
        .order_by(
            SupplyState.level_percent.asc().nulls_last(),
            SupplyState.device_id,
            SupplyState.supply_index,
        )
    )
    return [
        LowSupply(
            device_id=row.device_id,
            device_name=names.get(row.device_id, "a printer"),
            name=row.name,
            kind=row.kind,
            colour=row.colour,
            level_percent=row.level_percent,
            status=row.status.value,
        )
        for row in session.scalars(query)
    ]


def changes(
    session: Session,
    school_id: int,
    names: dict[int, str],
    *,
    since: datetime | None = None,
    limit: int = MAX_CHANGES,
) -> list[Change]:
    query = select(DeviceEvent).where(DeviceEvent.school_id == school_id)
    if since is not None:
        query = query.where(DeviceEvent.at >= since)
    query = query.order_by(DeviceEvent.at.desc(), DeviceEvent.id.desc()).limit(limit)
    return [
        Change(
            at=event.at,
            device_id=event.device_id,
            device_name=names.get(event.device_id, "a device"),
            sentence=words.describe_event(event.kind, event.before, event.after),
        )
        for event in session.scalars(query)
    ]
