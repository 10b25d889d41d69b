"""The provider's own work: visits (on site or remote) and incidents with an origin.

A visit belongs to a school and a technician; ``visit_links`` name the alerts and devices it
touched. An incident is one problem's lifecycle: opened (by the agent through an alert, or by
someone at the school), acknowledged, resolved, each with who and when.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from collector.db.base import Base, slug_enum
from collector.domain_ops import IncidentOrigin, IncidentStatus, VisitKind


class Visit(Base):
    """Time a technician spent on a school: on site (``visit``) or remotely (``remote``).

    ``visited_on`` is the school-local date; ``minutes`` the time on site or spent remotely.
    """

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint("minutes >= 0", name="minutes_not_negative"),
        Index("ix_visits_school_day", "school_id", "visited_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[VisitKind] = mapped_column(slug_enum(VisitKind))
    visited_on: Mapped[date]
    minutes: Mapped[int]
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class VisitLink(Base):
    """An alert or a device a visit touched (one of the two, or both)."""

    __tablename__ = "visit_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), index=True)


class Incident(Base):
    """One problem with a lifecycle and an origin (agent: from an alert; school: reported).

    ``alert_id`` is unique when set: an alert is one incident. A ``resolved_by`` of NULL on a
    resolved agent incident means the agent saw the check ok again.
    """

    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_school_opened", "school_id", "opened_at"),
        Index("ix_incidents_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), index=True)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id"), unique=True)
    origin: Mapped[IncidentOrigin] = mapped_column(slug_enum(IncidentOrigin))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[IncidentStatus] = mapped_column(slug_enum(IncidentStatus))
    opened_at: Mapped[datetime]
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution_note: Mapped[str | None] = mapped_column(Text)


class DigestRun(Base):
    """One cluster's daily digest for one local day: queued once, whichever replica ticks."""

    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("cluster_id", "day", name="uq_digest_runs_cluster_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"))
    day: Mapped[date]
    covers_from: Mapped[datetime]
    covers_to: Mapped[datetime]
    recipients: Mapped[int]
