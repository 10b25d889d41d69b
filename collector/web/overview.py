"""The cluster overview: every school a person looks after, worst first, with a traffic light."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.db.models import Alert, Cluster, School
from collector.domain import AGENT_SILENT_CHECK
from collector.services.access import school_filter
from collector.services.credentials import UserPrincipal

LEVEL_RANK = {"critical": 0, "warning": 1, "unknown": 2, "ok": 3}


@dataclass(frozen=True)
class SchoolRow:
    slug: str
    name: str
    counts: dict[str, int]  # device status -> devices
    devices: int
    missing: int
    open_alerts: int
    last_report_at: datetime | None
    silent: bool  # the school's agent missed its nightly report (an open agent.silent alert)

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def level(self) -> str:
        """The traffic light: red, amber, grey (nothing known) or green."""
        if self.silent or self.count("critical"):
            return "critical"
        if self.count("warning") or self.missing:
            return "warning"
        if self.count("unknown") or self.last_report_at is None:
            return "unknown"
        return "ok"


@dataclass(frozen=True)
class ClusterBlock:
    name: str
    schools: list[SchoolRow]
    slug: str = ""  # for the link to the cluster comparison


def worst_first(rows: list[SchoolRow]) -> list[SchoolRow]:
    def key(row: SchoolRow) -> tuple[int, int, int, int, str]:
        return (
            LEVEL_RANK[row.level],
            -row.count("critical"),
            -row.count("warning"),
            -row.count("unknown"),
            row.name.casefold(),
        )

    return sorted(rows, key=key)


def overview(session: Session, user: UserPrincipal) -> list[ClusterBlock]:
    silent = set(
        session.scalars(
            select(Alert.school_id).where(
                Alert.check_id == AGENT_SILENT_CHECK, Alert.resolved_at.is_(None)
            )
        )
    )
    rows = session.execute(
        select(School, Cluster.name, Cluster.slug)
        .join(Cluster)
        .where(school_filter(user))
        .order_by(Cluster.name)
    )
    blocks: dict[tuple[str, str], list[SchoolRow]] = {}
    for school, cluster_name, cluster_slug in rows:
        key = (cluster_name, cluster_slug)
        blocks.setdefault(key, []).append(_row(school, school.id in silent))
    return [
        ClusterBlock(name, worst_first(schools), slug) for (name, slug), schools in blocks.items()
    ]


def _row(school: School, silent: bool) -> SchoolRow:
    return SchoolRow(
        slug=school.slug,
        name=school.name,
        counts=dict(school.status_counts or {}),
        devices=school.device_count,
        missing=school.missing_count,
        open_alerts=school.open_alerts,
        last_report_at=school.last_report_at,
        silent=silent,
    )
