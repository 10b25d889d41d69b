"""One device of a school as an ingest sees it: plain values plus what changed tonight (pure).

Ingest loads a school's devices as ``DeviceState`` objects (``collector.db.device_store``)
rather than ORM objects: matching, change detection and the summary read them, ``assign``
records only values that really differ, and the store writes just those columns, in bulk. A device
seen again unchanged therefore costs no write at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Protocol

from collector.domain import DeviceStatus, Presence
from schemas import DeviceType


class SeenTimes(Protocol):
    """What ``effective_last_seen`` needs; an ORM ``Device`` and a ``DeviceState`` both fit."""

    @property
    def missed_reports(self) -> int: ...

    @property
    def last_seen_at(self) -> datetime: ...


class Transience(Protocol):
    @property
    def randomised(self) -> bool: ...

    @property
    def transient(self) -> bool: ...


@dataclass(slots=True, eq=False)
class DeviceState:
    """The ``devices`` columns an ingest reads or writes (``details`` is write-only).

    ``id`` is ``None`` until a new device is inserted. ``changed`` names the columns whose
    value ``assign`` changed since the row was loaded (or inserted).
    """

    id: int | None
    school_id: int
    device_type: DeviceType
    type_reason: str
    status: DeviceStatus
    presence: Presence
    first_seen_at: datetime
    last_seen_at: datetime
    agent_id: int | None = None
    mac: str | None = None
    serial: str | None = None
    vendor: str | None = None
    serial_key: str | None = None
    uuid: str | None = None
    engine_id: str | None = None
    hostname: str | None = None
    sys_name: str | None = None
    model: str | None = None
    firmware: str | None = None
    mac_vendor: str | None = None
    sys_descr: str | None = None
    sys_object_id: str | None = None
    ip: str | None = None
    ips: list[str] = field(default_factory=list)
    randomised: bool = False
    transient: bool = False
    missed_reports: int = 0
    fingerprint: str = ""
    details: dict[str, Any] | None = None
    changed: set[str] = field(default_factory=set)

    def assign(self, name: str, value: Any) -> None:
        """Give column ``name`` a new value; remembered for writing only if it differs."""
        if getattr(self, name) != value:
            setattr(self, name, value)
            self.changed.add(name)

    def column_values(self, names: Iterable[str]) -> dict[str, Any]:
        return {name: getattr(self, name) for name in names}


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(DeviceState) if f.name != "changed")
"""Every column of ``devices`` an ingest knows about, in insert order (``id`` first)."""

LOADED: tuple[str, ...] = tuple(name for name in COLUMNS if name != "details")
"""The columns loaded for matching and change detection (not the bulky ``details``)."""


def is_transient(row: Transience) -> bool:
    return row.randomised or row.transient


def effective_last_seen(row: SeenTimes, school_last_scan: datetime | None) -> datetime:
    """A device in the school's latest report (``missed_reports == 0``) was seen at that
    scan; its row is not rewritten every night just to say so."""
    if row.missed_reports == 0 and school_last_scan is not None:
        return max(row.last_seen_at, school_last_scan)
    return row.last_seen_at
