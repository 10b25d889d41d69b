"""Uptime of key devices (Wi-Fi access points, switches, printers) from the nightly reports.

Definition (the report states it): a school's *nightly report* is its first report of each
UTC day (the report the collector keeps a history point of every check from). A key device
is *up* on a nightly report when that report checked it (it has a check-history point at
that report's scan time) and none of its checks was critical. Its uptime is the share of the
school's nightly reports since the device was first seen in which it was up. Key devices
never checked (no check at all, e.g. a switch without SNMP access) are left out and counted
apart; transient (randomised-MAC) devices are never key devices.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from collector.db.models import CheckHistory, CheckState, Device, Report
from schemas import CheckStatus, DeviceType

KEY_TYPES = (DeviceType.ACCESS_POINT, DeviceType.SWITCH, DeviceType.PRINTER)


@dataclass(frozen=True)
class MonthOf:
    """A UTC time's month in the cluster's zone (the first day of that month)."""

    zone: tzinfo

    def __call__(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date().replace(day=1)


@dataclass
class Tally:
    nights: int = 0
    up: int = 0

    def add(self, up: bool) -> None:
        self.nights += 1
        self.up += int(up)

    @property
    def percent(self) -> float | None:
        return round(100 * self.up / self.nights, 1) if self.nights else None


@dataclass
class UptimeResult:
    """Per school (and per school and month): device-nights and up nights."""

    key_devices: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    schools: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    months: dict[date, Tally] = field(default_factory=lambda: defaultdict(Tally))


def nightly_reports(
    session: Session, school_ids: Sequence[int], start: datetime, end: datetime
) -> dict[int, list[datetime]]:
    """Each school's first scan of each UTC day in ``[start, end)``, oldest first."""
    query = select(Report.school_id, Report.scan_started_at).where(
        Report.school_id.in_(school_ids),
        Report.scan_started_at >= start,
        Report.scan_started_at < end,
    )
    first: dict[tuple[int, date], datetime] = {}
    for school_id, at in session.execute(query):
        key = (school_id, at.date())
        if key not in first or at < first[key]:
            first[key] = at
    nights: dict[int, list[datetime]] = defaultdict(list)
    for (school_id, _day), at in sorted(first.items(), key=lambda item: item[1]):
        nights[school_id].append(at)
    return nights


def key_devices(session: Session, school_ids: Sequence[int]) -> list[Device]:
    """Non-transient APs, switches and printers that have ever been checked."""
    checked = select(CheckState.device_id).distinct()
    query = select(Device).where(
        Device.school_id.in_(school_ids),
        Device.device_type.in_(KEY_TYPES),
        Device.transient.is_(False),
        Device.randomised.is_(False),
        Device.id.in_(checked),
    )
    return list(session.scalars(query))


def _checked_nights(
    session: Session, device_ids: Sequence[int], start: datetime, end: datetime
) -> dict[tuple[int, datetime], bool]:
    """(device, scan time) -> was any check critical, for every history point in range."""
    critical = func.max(case((CheckHistory.status == CheckStatus.CRITICAL, 1), else_=0))
    query = (
        select(CheckHistory.device_id, CheckHistory.at, critical)
        .where(
            CheckHistory.device_id.in_(device_ids),
            CheckHistory.at >= start,
            CheckHistory.at < end,
        )
        .group_by(CheckHistory.device_id, CheckHistory.at)
    )
    return {(row[0], row[1]): bool(row[2]) for row in session.execute(query)}


def uptime(
    session: Session,
    school_ids: Sequence[int],
    start: datetime,
    end: datetime,
    month_of: MonthOf,
) -> UptimeResult:
    result = UptimeResult()
    devices = key_devices(session, school_ids)
    if not devices:
        return result
    nights = nightly_reports(session, school_ids, start, end)
    points = _checked_nights(session, [d.id for d in devices], start, end)
    for device in devices:
        result.key_devices[device.school_id] += 1
        for at in nights.get(device.school_id, []):
            if at < device.first_seen_at:
                continue
            critical = points.get((device.id, at))
            up = critical is False
            result.schools[device.school_id].add(up)
            result.months[month_of(at)].add(up)
    return result
