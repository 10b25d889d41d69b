"""The asset register of one school as CSV, one row per device.

Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` …) get a leading
apostrophe: device names and serials come from untrusted devices.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.db.models import Device, School
from collector.services.access import visible_school
from collector.services.credentials import UserPrincipal
from collector.services.devices import effective_last_seen

COLUMNS = (
    "type",
    "vendor",
    "model",
    "serial",
    "mac",
    "ip",
    "hostname",
    "firmware",
    "first_seen",
    "last_seen",
    "status",
    "presence",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(device: Device, school: School) -> list[str]:
    values = (
        device.device_type.value,
        device.vendor,
        device.model,
        device.serial,
        device.mac,
        device.ip,
        device.hostname or device.sys_name,
        device.firmware,
        device.first_seen_at.isoformat(),
        effective_last_seen(device, school.last_scan_started_at).isoformat(),
        device.status.value,
        device.presence.value,
    )
    return [safe_cell(value) for value in values]


def asset_register_csv(session: Session, user: UserPrincipal, slug: str) -> str:
    school = visible_school(session, user, slug)
    query = (
        select(Device)
        .where(Device.school_id == school.id, Device.randomised.is_(False))
        .where(Device.transient.is_(False))
        .order_by(Device.device_type, Device.ip, Device.id)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(device, school) for device in session.scalars(query))
    return buffer.getvalue()
