"""Ingest step 1: match the report's devices to the school's known devices and update them.

Produces change events (new, back, missing, IP changed, firmware changed) and identity-merge
log rows. Descriptive attributes are sticky: a value missing tonight (a probe failed) does not
erase last night's. Devices with randomised MACs or marked transient get no events.

The school's devices are loaded once as plain ``DeviceState`` values; new devices are
inserted in one statement; changes to known devices are only recorded here and written by
``flush_devices`` at the end of the ingest (after health has set their status), in bulk.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from collector.db.device_store import insert_states, load_states, write_changes
from collector.domain import DeviceStatus, EventKind, MatchReason, Presence
from collector.services.context import IngestContext
from collector.services.device_state import DeviceState, effective_last_seen, is_transient
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

__all__ = [
    "STICKY",
    "DeviceOutcome",
    "Seen",
    "apply_devices",
    "effective_last_seen",
    "fingerprint",
    "flush_devices",
    "is_transient",
    "stored_keys",
]

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

    row: DeviceState
    reported: list[ReportedDevice] = field(default_factory=list)
    is_new: bool = False


@dataclass(frozen=True)
class DeviceOutcome:
    seen: list[Seen]
    unseen: list[DeviceState]
    host: Seen

    def rows(self) -> list[DeviceState]:
        return [s.row for s in self.seen] + self.unseen + [self.host.row]


def stored_keys(row: DeviceState) -> DeviceKeys:
    return DeviceKeys(
        mac=row.mac,
        serial_vendor=row.serial_key,
        engine_id=row.engine_id,
        uuid=row.uuid,
        name_type=name_type_key(row.mac, row.device_type.value, row.sys_name or row.hostname),
        randomised=is_transient(row),
    )


def apply_devices(ctx: IngestContext, report: Report, agent_id: int) -> DeviceOutcome:
    rows = load_states(ctx.session, ctx.school.id)
    known = [row for row in rows if row.agent_id is None]
    index = build_index((stored_keys(row), _id(row)) for row in known)
    seen = _match_all(ctx, report.devices, index, {_id(row): row for row in known})
    host = _host_device(ctx, rows, agent_id, report.agent)
    insert_states(ctx.session, [s.row for s in [*seen, host] if s.is_new])
    _log_new_and_merges(ctx, seen)
    seen_ids = {s.row.id for s in seen}
    unseen = [row for row in known if row.id not in seen_ids]
    _mark_unseen(ctx, unseen)
    return DeviceOutcome(seen=seen, unseen=unseen, host=host)


def flush_devices(ctx: IngestContext, outcome: DeviceOutcome) -> int:
    """Write what changed in stored devices (one statement per set of changed columns)."""
    return write_changes(ctx.session, outcome.rows())


def _id(row: DeviceState) -> int:
    if row.id is None:
        raise ValueError("a stored device without an id")
    return row.id


def _match_all(
    ctx: IngestContext,
    reported: list[ReportedDevice],
    index: IdentityIndex,
    by_id: dict[int, DeviceState],
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
    by_id: dict[int, DeviceState],
) -> tuple[int, Seen]:
    """The device this report's ``device`` is (new ones get a temporary negative id)."""
    if found.device_id is None:
        return -(len(claimed) + 1), Seen(_new_row(ctx, device, keys), is_new=True)
    if found.device_id in claimed:
        target = claimed[found.device_id]
        _merge_note(ctx, target, device, found, "seen twice in one report; merged")
        return found.device_id, target
    target = Seen(by_id[found.device_id])
    _update_row(ctx, target.row, device, keys)
    if found.reason is not MatchReason.MAC:
        _merge_note(ctx, target, device, found, "matched without its MAC")
    return found.device_id, target


def _new_row(ctx: IngestContext, device: ReportedDevice, keys: DeviceKeys) -> DeviceState:
    row = DeviceState(
        id=None,
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


def _describe(row: DeviceState, device: ReportedDevice, digest: str | None = None) -> None:
    """Copy descriptive attributes (sticky), IPs and details; remember the fingerprint."""
    for name in STICKY:
        value = getattr(device, name)
        if value is not None:
            row.assign(name, value)
    if device.device_type is not DeviceType.UNKNOWN:
        row.assign("device_type", device.device_type)
        row.assign("type_reason", device.type_reason)
    row.assign("serial_key", serial_vendor_key(row.serial, row.vendor or row.mac_vendor))
    ips = [str(ip) for ip in device.ips]
    row.assign("ips", ips)
    row.assign("ip", ips[0] if ips else None)
    details = device.model_dump(mode="json", include={"evidence", "probes", "mdns_services"})
    row.assign("details", details)
    row.assign("fingerprint", digest or fingerprint(device))


def fingerprint(device: ReportedDevice) -> str:
    text = device.model_dump_json(exclude={"checks", "supplies"})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _update_row(
    ctx: IngestContext, row: DeviceState, device: ReportedDevice, keys: DeviceKeys
) -> None:
    digest = fingerprint(device)
    unchanged = digest == row.fingerprint
    if unchanged and row.presence is Presence.PRESENT and not row.missed_reports:
        return  # seen again as it was: nothing to write (see effective_last_seen)
    _presence_back(ctx, row)
    row.assign("last_seen_at", ctx.at)
    if unchanged:
        return
    before_ips, before_fw = list(row.ips), row.firmware
    if device.mac is not None:
        row.assign("mac", device.mac)
    row.assign("engine_id", keys.engine_id or row.engine_id)
    row.assign("uuid", keys.uuid or row.uuid)
    _describe(row, device, digest)
    if not is_transient(row) and set(before_ips) != set(row.ips):
        ctx.event(_id(row), EventKind.IP_CHANGED, {"ips": before_ips}, {"ips": row.ips})
    if not is_transient(row) and before_fw and row.firmware != before_fw:
        after = {"firmware": row.firmware}
        ctx.event(_id(row), EventKind.FIRMWARE_CHANGED, {"firmware": before_fw}, after)


def _presence_back(ctx: IngestContext, row: DeviceState) -> None:
    row.assign("missed_reports", 0)
    if row.presence is Presence.MISSING:
        row.assign("presence", Presence.PRESENT)
        ctx.event(_id(row), EventKind.BACK, {"last_seen_at": row.last_seen_at.isoformat()}, None)


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
            "report_id": ctx.report_id,
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
            ctx.event(_id(item.row), EventKind.NEW, None, _identity_summary(item.row))


def _identity_summary(row: DeviceState) -> dict[str, str | None]:
    return {
        "mac": row.mac,
        "ip": row.ip,
        "device_type": row.device_type.value,
        "vendor": row.vendor,
        "model": row.model,
        "serial": row.serial,
    }


def _mark_unseen(ctx: IngestContext, unseen: list[DeviceState]) -> None:
    threshold = ctx.settings.missing_after_reports
    for row in unseen:
        if row.missed_reports == 0 and ctx.previous_scan is not None:
            row.assign("last_seen_at", ctx.previous_scan)  # it was in the school's last report
        row.assign("missed_reports", row.missed_reports + 1)
        if is_transient(row):
            continue
        if row.presence is Presence.PRESENT and row.missed_reports >= threshold:
            row.assign("presence", Presence.MISSING)
            after = {"missed_reports": row.missed_reports}
            before = {"last_seen_at": row.last_seen_at.isoformat()}
            ctx.event(_id(row), EventKind.MISSING, before, after)


def _host_device(
    ctx: IngestContext, rows: list[DeviceState], agent_id: int, info: AgentInfo
) -> Seen:
    """The agent's own PC: a device of its own, carrying the report's host checks."""
    for row in rows:
        if row.agent_id == agent_id:
            row.assign("hostname", info.hostname)
            return Seen(row)
    row = DeviceState(
        id=None,
        school_id=ctx.school.id,
        agent_id=agent_id,
        device_type=DeviceType.COMPUTER,
        type_reason="the lankeeper agent's own PC",
        hostname=info.hostname,
        model=info.platform,
        status=DeviceStatus.UNCHECKED,
        presence=Presence.PRESENT,
        first_seen_at=ctx.at,
        last_seen_at=ctx.at,
        details={"agent_version": info.version},
    )
    return Seen(row, is_new=True)
