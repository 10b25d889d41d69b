"""Ingest step 1: match the report's devices to the school's known devices and update them.

Produces change events (new, back, missing, IP changed, firmware changed) and identity-merge
log rows. Descriptive attributes are sticky: a value missing tonight (a probe failed) does not
erase last night's. Devices with randomised MACs or marked transient get no events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import load_only

from collector.db.models import Device
from collector.domain import DeviceStatus, EventKind, MatchReason, Presence
from collector.services.context import IngestContext
from collector.services.health import worst_status
from collector.services.identity import (
    DeviceKeys,
    IdentityIndex,
    Match,
    build_index,
    keys_of,
    match,
    name_type_key,
    serial_vendor_key,
)
from schemas import AgentInfo, DeviceType, Report
from schemas import Device as ReportedDevice

STICKY = (
    "vendor",
    "model",
    "serial",
    "firmware",
    "hostname",
    "sys_name",
    "mac_vendor",
    "sys_descr",
    "sys_object_id",
)


@dataclass
class Seen:
    """A device present in this report, with what the report said about it."""

    row: Device
    reported: list[ReportedDevice] = field(default_factory=list)
    is_new: bool = False


@dataclass(frozen=True)
class DeviceOutcome:
    seen: list[Seen]
    unseen: list[Device]
    host: Seen


def effective_last_seen(row: Device, school_last_scan: datetime | None) -> datetime:
    """A device in the school's latest report (``missed_reports == 0``) was seen at that
    scan; its row is not rewritten every night just to say so."""
    if row.missed_reports == 0 and school_last_scan is not None:
        return max(row.last_seen_at, school_last_scan)
    return row.last_seen_at


def is_transient(row: Device) -> bool:
    return row.randomised or row.transient


def stored_keys(row: Device) -> DeviceKeys:
    return DeviceKeys(
        mac=row.mac,
        serial_vendor=row.serial_key,
        engine_id=row.engine_id,
        uuid=row.uuid,
        name_type=name_type_key(row.mac, row.device_type.value, row.sys_name or row.hostname),
        randomised=is_transient(row),
    )


def apply_devices(ctx: IngestContext, report: Report, agent_id: int) -> DeviceOutcome:
    rows = load_devices(ctx, ctx.school.id)
    known = [row for row in rows if row.agent_id is None]
    index = build_index((stored_keys(row), row.id) for row in known)
    seen = _match_all(ctx, report.devices, index, {row.id: row for row in known})
    host = _host_device(ctx, rows, agent_id, report.agent)
    ctx.session.add_all([s.row for s in [*seen, host] if s.is_new])
    ctx.session.flush()
    _log_new_and_merges(ctx, seen)
    seen_ids = {s.row.id for s in seen}
    unseen = [row for row in known if row.id not in seen_ids]
    _mark_unseen(ctx, unseen)
    return DeviceOutcome(seen=seen, unseen=unseen, host=host)


MATCHING_COLUMNS = (
    Device.agent_id,
    Device.mac,
    Device.serial_key,
    Device.uuid,
    Device.engine_id,
    Device.device_type,
    Device.sys_name,
    Device.hostname,
    Device.firmware,
    Device.ips,
    Device.randomised,
    Device.transient,
    Device.status,
    Device.presence,
    Device.last_seen_at,
    Device.missed_reports,
    Device.fingerprint,
)


def load_devices(ctx: IngestContext, school_id: int) -> Sequence[Device]:
    """The school's devices with just what matching and change detection read."""
    query = select(Device).where(Device.school_id == school_id)
    return ctx.session.scalars(query.options(load_only(*MATCHING_COLUMNS))).all()


def _match_all(
    ctx: IngestContext,
    reported: list[ReportedDevice],
    index: IdentityIndex,
    by_id: dict[int, Device],
) -> list[Seen]:
    claimed: dict[int, Seen] = {}
    for device in reported:
        keys = keys_of(device)
        device_id, target = _claim(ctx, device, keys, match(keys, index), claimed, by_id)
        target.reported.append(device)
        claimed[device_id] = target
        index.add(keys, device_id)
    return list({id(s): s for s in claimed.values()}.values())


def _claim(  # noqa: PLR0917 (one call site, all positional by design)
    ctx: IngestContext,
    device: ReportedDevice,
    keys: DeviceKeys,
    found: Match,
    claimed: dict[int, Seen],
    by_id: dict[int, Device],
) -> tuple[int, Seen]:
    """The device this report's ``device`` is (new ones get a temporary negative id)."""
    if found.device_id is None:
        return -(len(claimed) + 1), Seen(_new_row(ctx, device), is_new=True)
    if found.device_id in claimed:
        target = claimed[found.device_id]
        _merge_note(ctx, target, device, found, "seen twice in one report; merged")
        return found.device_id, target
    target = Seen(by_id[found.device_id])
    _update_row(ctx, target.row, device, keys)
    if found.reason is not MatchReason.MAC:
        _merge_note(ctx, target, device, found, "matched without its MAC")
    return found.device_id, target


def _new_row(ctx: IngestContext, device: ReportedDevice) -> Device:
    keys = keys_of(device)
    row = Device(
        school_id=ctx.school.id,
        mac=device.mac,
        device_type=device.device_type,
        type_reason=device.type_reason,
        status=worst_status([check.status for check in device.checks]),
        presence=Presence.PRESENT,
        first_seen_at=ctx.at,
        last_seen_at=ctx.at,
        missed_reports=0,
        randomised=device.randomised_mac,
        transient=device.transient,
        engine_id=keys.engine_id,
        uuid=keys.uuid,
    )
    _describe(row, device)
    return row


def _describe(row: Device, device: ReportedDevice) -> None:
    """Copy descriptive attributes (sticky), IPs and details; remember the fingerprint."""
    for name in STICKY:
        value = getattr(device, name)
        if value is not None:
            setattr(row, name, value)
    if device.device_type is not DeviceType.UNKNOWN or row.device_type is None:
        row.device_type = device.device_type
        row.type_reason = device.type_reason
    row.serial_key = serial_vendor_key(row.serial, row.vendor or row.mac_vendor)
    row.ips = [str(ip) for ip in device.ips]
    row.ip = row.ips[0] if row.ips else None
    row.details = device.model_dump(mode="json", include={"evidence", "probes", "mdns_services"})
    row.fingerprint = fingerprint(device)


def fingerprint(device: ReportedDevice) -> str:
    text = device.model_dump_json(exclude={"checks", "supplies"})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _update_row(ctx: IngestContext, row: Device, device: ReportedDevice, keys: DeviceKeys) -> None:
    unchanged = fingerprint(device) == row.fingerprint
    if unchanged and row.presence is Presence.PRESENT and not row.missed_reports:
        return  # seen again as it was: nothing to write (see effective_last_seen)
    _presence_back(ctx, row)
    row.last_seen_at = ctx.at
    if unchanged:
        return
    before_ips, before_fw = list(row.ips), row.firmware
    if device.mac is not None and row.mac != device.mac:
        row.mac = device.mac
    row.engine_id = keys.engine_id or row.engine_id
    row.uuid = keys.uuid or row.uuid
    _describe(row, device)
    if not is_transient(row) and set(before_ips) != set(row.ips):
        ctx.event(row.id, EventKind.IP_CHANGED, {"ips": before_ips}, {"ips": row.ips})
    if not is_transient(row) and before_fw and row.firmware != before_fw:
        ctx.event(
            row.id, EventKind.FIRMWARE_CHANGED, {"firmware": before_fw}, {"firmware": row.firmware}
        )


def _presence_back(ctx: IngestContext, row: Device) -> None:
    if row.missed_reports:
        row.missed_reports = 0
    if row.presence is Presence.MISSING:
        row.presence = Presence.PRESENT
        ctx.event(row.id, EventKind.BACK, {"last_seen_at": row.last_seen_at.isoformat()}, None)


def _merge_note(
    ctx: IngestContext, target: Seen, device: ReportedDevice, found: Match, note: str
) -> None:
    incoming = device.model_dump(
        mode="json", include={"mac", "ips", "serial", "vendor", "hostname", "sys_name"}
    )
    ctx.merges.append(
        {
            "school_id": ctx.school.id,
            "_target": target,
            "report_id": ctx.report.id,
            "reason": found.reason,
            "key": found.key,
            "note": note,
            "incoming": incoming,
            "at": ctx.at,
        }
    )


def _log_new_and_merges(ctx: IngestContext, seen: list[Seen]) -> None:
    for merge in ctx.merges:
        merge["device_id"] = merge.pop("_target").row.id
    for item in seen:
        if item.is_new and not is_transient(item.row):
            ctx.event(item.row.id, EventKind.NEW, None, _identity_summary(item.row))


def _identity_summary(row: Device) -> dict[str, str | None]:
    return {
        "mac": row.mac,
        "ip": row.ip,
        "device_type": row.device_type.value,
        "vendor": row.vendor,
        "model": row.model,
        "serial": row.serial,
    }


def _mark_unseen(ctx: IngestContext, unseen: list[Device]) -> None:
    threshold = ctx.settings.missing_after_reports
    for row in unseen:
        if row.missed_reports == 0 and ctx.previous_scan is not None:
            row.last_seen_at = ctx.previous_scan  # it was in the school's previous report
        row.missed_reports += 1
        if is_transient(row):
            continue
        if row.presence is Presence.PRESENT and row.missed_reports >= threshold:
            row.presence = Presence.MISSING
            after = {"missed_reports": row.missed_reports}
            ctx.event(
                row.id, EventKind.MISSING, {"last_seen_at": row.last_seen_at.isoformat()}, after
            )


def _host_device(
    ctx: IngestContext, rows: Sequence[Device], agent_id: int, info: AgentInfo
) -> Seen:
    """The agent's own PC: a device of its own, carrying the report's host checks."""
    for row in rows:
        if row.agent_id == agent_id:
            if row.hostname != info.hostname:
                row.hostname = info.hostname
            return Seen(row)
    row = Device(
        school_id=ctx.school.id,
        agent_id=agent_id,
        device_type=DeviceType.COMPUTER,
        type_reason="the lankeeper agent's own PC",
        hostname=info.hostname,
        model=info.platform,
        firmware=None,
        status=DeviceStatus.UNCHECKED,
        presence=Presence.PRESENT,
        first_seen_at=ctx.at,
        last_seen_at=ctx.at,
        fingerprint="",
        ips=[],
        details={"agent_version": info.version},
    )
    return Seen(row, is_new=True)
