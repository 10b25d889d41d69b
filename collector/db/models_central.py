"""Central configuration tables: settings per cluster / school / device, scan requests, check-ins.

A setting row holds one key at one level. Non-secret values are JSON (``value``); secret ones
(SNMP communities and v3 users, PJLink passwords) are a Fernet token (``secret``), never plain.
``scope`` is one string per level so a unique index covers it on every database:
``cluster:<id>``, ``school:<id>``, ``school:<id>/mac:<mac>`` or ``school:<id>/ip:<ip>``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from collector.db.base import Base, JsonType


class CentralSetting(Base):
    __tablename__ = "central_settings"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_central_settings_scope_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(160))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    device: Mapped[str | None] = mapped_column(String(64))  # "mac:…" or "ip:…"
    key: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any | None] = mapped_column(JsonType)
    secret: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(128))


class ScanRequest(Base):
    """A technician's "scan now"; done once the school has a scan started after it."""

    __tablename__ = "scan_requests"
    __table_args__ = (Index("ix_scan_requests_school_at", "school_id", "requested_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    requested_at: Mapped[datetime]
    requested_by: Mapped[str] = mapped_column(String(128))
    delivered_at: Mapped[datetime | None]
    delivered_to: Mapped[str | None] = mapped_column(String(36))  # agent public id


class AgentCheckin(Base):
    """Each agent's last check-in (one row per agent, overwritten)."""

    __tablename__ = "agent_checkins"

    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), primary_key=True)
    at: Mapped[datetime]
    mode: Mapped[str] = mapped_column(String(16))
    agent_version: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
