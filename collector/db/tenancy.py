"""Tenancy tables: provider → clusters → schools; users, sessions, agents, tokens, calendar."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collector.db.base import Base, JsonType, slug_enum
from collector.domain import DayKind, Role


class Cluster(Base):
    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(256))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    weekend_days: Mapped[list[int]] = mapped_column(JsonType, default=lambda: [5, 6])
    created_at: Mapped[datetime]


class School(Base):
    """A school; ``slug`` is the ``school_id`` agents put in their reports.

    The counters are a summary kept current by each ingest so the school list stays cheap.
    """

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(256), index=True)
    created_at: Mapped[datetime]
    last_report_at: Mapped[datetime | None]
    last_scan_started_at: Mapped[datetime | None]
    device_count: Mapped[int] = mapped_column(default=0)
    transient_count: Mapped[int] = mapped_column(default=0)
    missing_count: Mapped[int] = mapped_column(default=0)
    status_counts: Mapped[dict[str, int]] = mapped_column(JsonType, default=dict)
    open_alerts: Mapped[int] = mapped_column(default=0)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(128), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(slug_enum(Role))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime]
    disabled: Mapped[bool] = mapped_column(default=False)


class UserSession(Base):
    """A bearer session from ``POST /api/v1/auth/login``; only the token's SHA-256 is kept."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    name: Mapped[str] = mapped_column(String(256))
    hostname: Mapped[str] = mapped_column(String(256))
    enrolled_at: Mapped[datetime]
    last_report_at: Mapped[datetime | None]
    last_scan_started_at: Mapped[datetime | None]


class AgentToken(Base):
    """An agent's bearer token, stored as SHA-256 (the token itself has 256 random bits)."""

    __tablename__ = "agent_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class CalendarEntry(Base):
    """Days a school is closed (holidays) or open despite a cluster closure (override).

    Exactly one of ``cluster_id`` / ``school_id`` is set; a school's entries win over its
    cluster's, which win over the cluster's weekend days.
    """

    __tablename__ = "calendar_entries"
    __table_args__ = (Index("ix_calendar_scope", "cluster_id", "school_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    kind: Mapped[DayKind] = mapped_column(slug_enum(DayKind))
    first_day: Mapped[date]
    last_day: Mapped[date]
    label: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """Admin actions worth reading later (code created, token revoked, alert acknowledged)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
