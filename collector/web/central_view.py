"""What the dashboard shows of central configuration and "scan now" (read through services)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.db.models import Agent, AgentCheckin, Cluster, Report, School
from collector.domain import Role
from collector.errors import BadRequestError, NotFoundError
from collector.services import central_settings as central
from collector.services.access import cluster_filter, school_filter, visible_school
from collector.services.central_keys import KEYS
from collector.services.credentials import UserPrincipal
from collector.services.scan_requests import ScanRequestStatus, latest_status

RAW_TEXT_KEYS = frozenset({"pjlink_password", "nightly_time"})  # typed as plain text


@dataclass(frozen=True)
class ScanPanel:
    request: ScanRequestStatus | None
    last_checkin_at: datetime | None
    service_mode: bool  # the agent checks in every few minutes (else: only when it scans)
    settings_used: str | None  # the last report's settings source, in words


SOURCE_WORDS = {
    "central": "the central settings it received when it checked in",
    "cached": "the last central settings it had received (the collector was unreachable)",
    "local": "only the configuration file on the school PC",
}


@dataclass(frozen=True)
class SettingsPage:
    level: str
    cluster: Cluster
    school: School | None
    device: str | None
    rows: list[central.SettingView]
    device_overrides: list[str]
    can_edit: bool

    @property
    def action(self) -> str:
        if self.school is None:
            return f"/settings/clusters/{self.cluster.slug}"
        return f"/settings/schools/{self.school.slug}"

    def example(self, key: str) -> str:
        return KEYS[key].example

    def shown(self, view: central.SettingView) -> str:
        return json.dumps(view.value) if view.value is not None else ""


def scan_panel(session: Session, user: UserPrincipal, slug: str) -> ScanPanel | None:
    if user.role is Role.PRINCIPAL:
        return None
    school = visible_school(session, user, slug)
    latest = session.execute(
        select(AgentCheckin.at, AgentCheckin.mode)
        .join(Agent, Agent.id == AgentCheckin.agent_id)
        .where(Agent.school_id == school.id)
        .order_by(AgentCheckin.at.desc())
        .limit(1)
    ).one_or_none()
    used = session.scalar(
        select(Report.settings)
        .where(Report.school_id == school.id)
        .order_by(Report.scan_started_at.desc())
        .limit(1)
    )
    return ScanPanel(
        request=latest_status(session, school),
        last_checkin_at=latest[0] if latest else None,
        service_mode=bool(latest and latest[1] == "service"),
        settings_used=SOURCE_WORDS.get(used.get("source", "")) if used else None,
    )


def settings_index(session: Session, user: UserPrincipal) -> list[tuple[Cluster, list[School]]]:
    clusters = session.scalars(select(Cluster).where(cluster_filter(user)).order_by(Cluster.name))
    schools = list(session.scalars(select(School).where(school_filter(user)).order_by(School.name)))
    return [(c, [s for s in schools if s.cluster_id == c.id]) for c in clusters]


def settings_page(session: Session, user: UserPrincipal, scope: central.Scope) -> SettingsPage:
    """Admins see and change everything; technicians see their cluster's non-secret keys."""
    if user.role is Role.PRINCIPAL or (
        user.role is Role.TECHNICIAN and user.cluster_id != scope.cluster.id
    ):
        raise NotFoundError("no such page")
    admin = user.role is Role.ADMIN
    return SettingsPage(
        level=scope.level,
        cluster=scope.cluster,
        school=scope.school,
        device=scope.device,
        rows=central.views(session, scope, secrets=admin),
        device_overrides=central.device_overrides(session, scope.school) if scope.school else [],
        can_edit=admin,
    )


def form_value(key: str, text: str) -> Any:
    """What a settings form's textarea means: JSON, or plain text for the string keys."""
    if key in RAW_TEXT_KEYS:
        return text.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        example = KEYS[key].example if key in KEYS else ""
        raise BadRequestError(f"{key}: write the value as JSON, e.g. {example}") from exc
