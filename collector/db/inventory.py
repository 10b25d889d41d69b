"""Inventory tables: reports, devices, their identity merges, events and health history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from collector.db.base import Base, JsonType, slug_enum
from collector.domain import DeviceStatus, EventKind, MatchReason, Presence
from schemas import CheckStatus, DeviceType


class Report(Base):
    """One ingested report; ``(school_id, report_uuid)`` is the idempotency key (one school's
    report id says nothing about another school's). Raw devices are not kept."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_school_scan", "school_id", "scan_started_at"),
        UniqueConstraint("school_id", "report_uuid", name="uq_reports_school_report_uuid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_uuid: Mapped[str] = mapped_column(String(36))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    schema_version: Mapped[str] = mapped_column(String(8))
    scan_started_at: Mapped[datetime]
    scan_finished_at: Mapped[datetime]
    received_at: Mapped[datetime]
    device_count: Mapped[int]
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    methods: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    settings: Mapped[dict[str, Any] | None] = mapped_column(JsonType)  # 1.2: settings used


class Device(Base):
    __tablename__ = "devices"
    __table_args__ = (
        Index(
            "uq_devices_school_mac",
            "school_id",
            "mac",
            unique=True,
            sqlite_where=text("mac IS NOT NULL"),
            postgresql_where=text("mac IS NOT NULL"),
        ),
        Index("ix_devices_school_serial_key", "school_id", "serial_key"),
        Index("ix_devices_school_type", "school_id", "device_type"),
        Index("ix_devices_school_status", "school_id", "status"),
        {"postgresql_with": {"fillfactor": 70}},  # room for HOT updates of last_seen_at
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), index=True)
    mac: Mapped[str | None] = mapped_column(String(17))
    serial: Mapped[str | None] = mapped_column(String(1024))
    vendor: Mapped[str | None] = mapped_column(String(1024))
    serial_key: Mapped[str | None] = mapped_column(String(1100))  # identity.serial_vendor_key
    uuid: Mapped[str | None] = mapped_column(String(128))
    engine_id: Mapped[str | None] = mapped_column(String(128))
    device_type: Mapped[DeviceType] = mapped_column(slug_enum(DeviceType))
    type_reason: Mapped[str] = mapped_column(Text)
    hostname: Mapped[str | None] = mapped_column(String(1024))
    sys_name: Mapped[str | None] = mapped_column(String(1024))
    model: Mapped[str | None] = mapped_column(String(1024))
    firmware: Mapped[str | None] = mapped_column(String(1024))
    mac_vendor: Mapped[str | None] = mapped_column(String(1024))
    sys_descr: Mapped[str | None] = mapped_column(Text)
    sys_object_id: Mapped[str | None] = mapped_column(String(1024))
    ip: Mapped[str | None] = mapped_column(String(15))
    ips: Mapped[list[str]] = mapped_column(JsonType, default=list)
    randomised: Mapped[bool] = mapped_column(default=False)
    transient: Mapped[bool] = mapped_column(default=False)
    status: Mapped[DeviceStatus] = mapped_column(slug_enum(DeviceStatus))
    presence: Mapped[Presence] = mapped_column(slug_enum(Presence))
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    missed_reports: Mapped[int] = mapped_column(default=0)
    fingerprint: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class DeviceEvent(Base):
    """Append-only change history with before/after values."""

    __tablename__ = "device_events"
    __table_args__ = (
        Index("ix_device_events_device_at", "device_id", "at"),
        Index("ix_device_events_school_at", "school_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    kind: Mapped[EventKind] = mapped_column(slug_enum(EventKind))
    at: Mapped[datetime]
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonType)


class IdentityMerge(Base):
    """Why an incoming device was merged into a known one, so a wrong merge can be split."""

    __tablename__ = "identity_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    reason: Mapped[MatchReason] = mapped_column(slug_enum(MatchReason))
    key: Mapped[str] = mapped_column(String(1100))
    note: Mapped[str] = mapped_column(Text, default="")
    incoming: Mapped[dict[str, Any]] = mapped_column(JsonType)
    at: Mapped[datetime]


class CheckState(Base):
    """The current result of one check of one device; rewritten only when it changes."""

    __tablename__ = "check_states"
    __table_args__ = (UniqueConstraint("device_id", "check_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    check_id: Mapped[str] = mapped_column(String(128))
    status: Mapped[CheckStatus] = mapped_column(slug_enum(CheckStatus))
    summary: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str | None] = mapped_column(String(300))
    metrics: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    changed_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CheckHistory(Base):
    __tablename__ = "check_history"
    __table_args__ = (Index("ix_check_history_device_check_at", "device_id", "check_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    check_id: Mapped[str] = mapped_column(String(128))
    status: Mapped[CheckStatus] = mapped_column(slug_enum(CheckStatus))
    summary: Mapped[str] = mapped_column(String(300))
    metrics: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    at: Mapped[datetime]


class SupplyState(Base):
    __tablename__ = "supply_states"
    __table_args__ = (UniqueConstraint("device_id", "supply_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    supply_index: Mapped[int]
    name: Mapped[str] = mapped_column(String(256))
    kind: Mapped[str] = mapped_column(String(16))
    colour: Mapped[str | None] = mapped_column(String(64))
    level_percent: Mapped[float | None] = mapped_column(Float)
    status: Mapped[CheckStatus] = mapped_column(slug_enum(CheckStatus))
    changed_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SupplyHistory(Base):
    __tablename__ = "supply_history"
    __table_args__ = (Index("ix_supply_history_device_at", "device_id", "supply_index", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    supply_index: Mapped[int]
    level_percent: Mapped[float | None] = mapped_column(Float)
    status: Mapped[CheckStatus] = mapped_column(slug_enum(CheckStatus))
    at: Mapped[datetime]
