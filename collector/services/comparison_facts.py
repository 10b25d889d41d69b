"""What the baselines look at, for every school of a cluster at any past moment, from history.

Loaded once per comparison (a handful of queries for the whole cluster), then evaluated in
Python for each moment: which devices existed (first seen before it, not gone missing
before it), their firmware then (from the before/after of firmware-change events), the UPS
battery and projector lamp checks then (the latest history point before it: a point is
written on every change). Which SNMP credential answered is only kept for the latest
report, so it is known for "now" only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from collector.db.models import CheckHistory, Device, DeviceEvent
from collector.domain import EventKind, Presence
from collector.services.baselines import DeviceFact, Facts, common_firmware
from collector.web.words import device_name
from schemas import CheckStatus, Method

BASELINE_CHECKS = ("ups.battery_replace",)
BASELINE_CHECK_PREFIXES = ("projector.lamp.",)


@dataclass(frozen=True)
class History:
    devices: list[Device]
    firmware_events: dict[int, list[DeviceEvent]]  # device id -> oldest first
    checks: dict[tuple[int, str], list[tuple[datetime, CheckStatus, dict[str, float]]]]


def load_history(session: Session, school_ids: list[int]) -> History:
    devices = list(
        session.scalars(
            select(Device).where(Device.school_id.in_(school_ids), Device.transient.is_(False))
        )
    )
    ids = [d.id for d in devices]
    events: dict[int, list[DeviceEvent]] = defaultdict(list)
    query = select(DeviceEvent).where(
        DeviceEvent.school_id.in_(school_ids), DeviceEvent.kind == EventKind.FIRMWARE_CHANGED
    )
    for event in session.scalars(query.order_by(DeviceEvent.at, DeviceEvent.id)):
        events[event.device_id].append(event)
    return History(devices, events, _checks(session, ids))


def _checks(
    session: Session, device_ids: list[int]
) -> dict[tuple[int, str], list[tuple[datetime, CheckStatus, dict[str, float]]]]:
    wanted = or_(
        CheckHistory.check_id.in_(BASELINE_CHECKS),
        *(CheckHistory.check_id.startswith(p) for p in BASELINE_CHECK_PREFIXES),
    )
    query = (
        select(CheckHistory.device_id, CheckHistory.check_id)
        .add_columns(CheckHistory.at, CheckHistory.status, CheckHistory.metrics)
        .where(CheckHistory.device_id.in_(device_ids), wanted)
        .order_by(CheckHistory.at, CheckHistory.id)
    )
    found: dict[tuple[int, str], list[tuple[datetime, CheckStatus, dict[str, float]]]] = (
        defaultdict(list)
    )
    for device_id, check_id, at, status, metrics in session.execute(query):
        found[(device_id, check_id)].append((at, status, _metric_values(metrics)))
    return found


def _metric_values(metrics: list[dict[str, Any]] | None) -> dict[str, float]:
    return {
        str(m.get("name")): float(m["value"])
        for m in metrics or []
        if isinstance(m, dict) and isinstance(m.get("value"), int | float)
    }


def existed(device: Device, moment: datetime) -> bool:
    if device.first_seen_at > moment:
        return False
    return device.presence is not Presence.MISSING or device.last_seen_at >= moment


def firmware_at(device: Device, events: list[DeviceEvent], moment: datetime) -> str | None:
    before = [e for e in events if e.at <= moment]
    if before:
        return str((before[-1].after or {}).get("firmware") or "") or None
    if events:
        return str((events[0].before or {}).get("firmware") or "") or None
    return device.firmware


def snmp_credentials(device: Device) -> frozenset[str]:
    probes = (device.details or {}).get("probes") or []
    return frozenset(
        str(p.get("credential"))
        for p in probes
        if isinstance(p, dict)
        and p.get("method") == Method.SNMP.value
        and p.get("answered")
        and p.get("credential")
    )


def _checks_at(
    history: History, device_id: int, moment: datetime
) -> dict[str, tuple[CheckStatus, dict[str, float]]]:
    found = {}
    for (owner, check_id), points in history.checks.items():
        if owner != device_id:
            continue
        n = bisect_right([p[0] for p in points], moment)
        if n:
            _at, status, metrics = points[n - 1]
            found[check_id] = (status, metrics)
    return found


def facts_at(history: History, moment: datetime, *, now: bool) -> dict[int, list[DeviceFact]]:
    """School id -> the facts of its devices at ``moment`` (``now``: SNMP credentials known)."""
    by_school: dict[int, list[DeviceFact]] = defaultdict(list)
    for device in history.devices:
        if not existed(device, moment):
            continue
        by_school[device.school_id].append(
            DeviceFact(
                device_id=device.id,
                name=device_name(device),
                device_type=device.device_type,
                model=device.model,
                firmware=firmware_at(device, history.firmware_events.get(device.id, []), moment),
                snmp_credentials=snmp_credentials(device) if now else None,
                checks=_checks_at(history, device.id, moment),
            )
        )
    return by_school


def school_facts(history: History, moment: datetime, *, now: bool) -> dict[int, Facts]:
    devices = facts_at(history, moment, now=now)
    common = common_firmware(d for facts in devices.values() for d in facts)
    return {school_id: Facts(found, common) for school_id, found in devices.items()}
