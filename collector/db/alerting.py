"""Alert and notification-outbox tables (delivery state lives here, never in memory)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from collector.db.base import Base, JsonType, slug_enum
from collector.domain import AlertState, Channel, DeliveryStatus, Severity


class Alert(Base):
    """One problem of one device (or of a school's agent), open until its check is ok again.

    ``dedup_key`` is ``<device id or 'school'>:<check id>``; at most one unresolved alert per
    (school, dedup_key), enforced by a partial unique index.
    """

    __tablename__ = "alerts"
    __table_args__ = (
        Index(
            "uq_alerts_unresolved",
            "school_id",
            "dedup_key",
            unique=True,
            sqlite_where=text("resolved_at IS NULL"),
            postgresql_where=text("resolved_at IS NULL"),
        ),
        Index("ix_alerts_school_state", "school_id", "state"),
        Index("ix_alerts_state_opened", "state", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), index=True)
    check_id: Mapped[str] = mapped_column(String(128))
    dedup_key: Mapped[str] = mapped_column(String(160))
    severity: Mapped[Severity] = mapped_column(slug_enum(Severity))
    state: Mapped[AlertState] = mapped_column(slug_enum(AlertState))
    summary: Mapped[str] = mapped_column(String(300))
    opened_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(128))
    ack_note: Mapped[str | None] = mapped_column(Text)


class Notification(Base):
    """A message to deliver (transactional outbox): written with the alert, sent by ``tick``."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int | None] = mapped_column(
        ForeignKey("alerts.id"), index=True
    )  # digest: none
    event: Mapped[str] = mapped_column(String(32))
    channel: Mapped[Channel] = mapped_column(slug_enum(Channel))
    target: Mapped[str] = mapped_column(String(1024))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonType)
    status: Mapped[DeliveryStatus] = mapped_column(slug_enum(DeliveryStatus))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
