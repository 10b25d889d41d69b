"""Schools of a cluster side by side, and how many pass each baseline, now and month by month.

Per school: devices by type; firmware age (days since the collector saw its firmware change,
or since it first saw the device: release dates are not known); devices behind the cluster's
most common firmware for their model; open problems (unresolved alerts, and problems the
school reported that are not resolved); incidents opened in the period by origin (found by
the agent / reported by the school); visits, remote fixes and their hours in the period;
the check families failing most (warning or critical now). The period is the school term
where the calendar has terms; the calendar has none yet, so it is the last 3 months, and the
page says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from collector.db.models import Alert, CheckState, Cluster, School
from collector.domain import Role
from collector.domain_ops import IncidentOrigin, VisitKind
from collector.errors import NotFoundError
from collector.services.baselines import BASELINES, Baseline, Facts, Result, Verdict, is_behind
from collector.services.comparison_facts import History, load_history, school_facts
from collector.services.credentials import UserPrincipal
from collector.services.incidents import incidents_for
from collector.services.tenancy import get_cluster
from collector.services.visits import visits_for_schools
from schemas import CheckStatus, DeviceType

PERIOD_MONTHS = 3
TREND_MONTHS = 6
TOP_CHECKS = 3
BAD = (CheckStatus.WARNING, CheckStatus.CRITICAL)


@dataclass(frozen=True)
class SchoolColumn:
    slug: str
    name: str
    devices_by_type: dict[DeviceType, int]
    firmware_age_days: float | None  # median over devices with known firmware
    firmware_behind: int
    open_alerts: int
    open_reported: int
    found_by_agent: int  # incidents opened in the period
    reported_by_school: int
    visits: int
    remote_fixes: int
    minutes: int
    failing_checks: list[tuple[str, int]]
    baselines: dict[str, Result]


@dataclass(frozen=True)
class TrendPoint:
    label: str  # "end of November 2026" or "now"
    at: datetime
    passing: int | None  # None: not known for then
    judged: int


@dataclass(frozen=True)
class BaselineRow:
    baseline: Baseline
    passing: int
    judged: int  # schools it applies to
    trend: list[TrendPoint]


@dataclass(frozen=True)
class Comparison:
    cluster: Cluster
    period_start: date
    period_end: date
    period_note: str
    schools: list[SchoolColumn]
    device_types: list[DeviceType]
    baselines: list[BaselineRow]
    failing_most: list[tuple[str, int, int]]  # check family, schools, checks


def visible_cluster(session: Session, user: UserPrincipal, slug: str) -> Cluster:
    cluster = get_cluster(session, slug)
    if user.role is Role.PRINCIPAL or (
        user.role is Role.TECHNICIAN and cluster.id != user.cluster_id
    ):
        raise NotFoundError(f"no cluster {slug!r}")
    return cluster


def months_back(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, 28))


def compare(session: Session, user: UserPrincipal, slug: str, now: datetime) -> Comparison:
    cluster = visible_cluster(session, user, slug)
    query = select(School).where(School.cluster_id == cluster.id).order_by(School.name)
    schools = list(session.scalars(query))
    ids = [school.id for school in schools]
    history = load_history(session, ids)
    start = months_back(now.date(), PERIOD_MONTHS)
    current = school_facts(history, now, now=True)
    columns = [
        _column(session, school, current.get(school.id), history, start, now) for school in schools
    ]
    return Comparison(
        cluster=cluster,
        period_start=start,
        period_end=now.date(),
        period_note=f"the last {PERIOD_MONTHS} months (the school calendar has no terms)",
        schools=columns,
        device_types=_types(columns),
        baselines=[_baseline_row(b, columns, _past(history, now), ids, now) for b in BASELINES],
        failing_most=_failing_most(session, ids),
    )


def _column(  # noqa: PLR0917 (one call site)
    session: Session,
    school: School,
    facts: Facts | None,
    history: History,
    start: date,
    now: datetime,
) -> SchoolColumn:
    facts = facts or Facts([], {})
    since = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
    incidents = incidents_for(session, [school.id], since=since)
    open_reported = incidents_for(session, [school.id], unresolved_only=True)
    visits = visits_for_schools(session, [school.id], start, now.date())
    return SchoolColumn(
        slug=school.slug,
        name=school.name,
        devices_by_type=dict(Counter(d.device_type for d in facts.devices)),
        firmware_age_days=_firmware_age(history, school.id, now),
        firmware_behind=_behind(facts),
        open_alerts=_open_alerts(session, school.id),
        open_reported=sum(i.origin is IncidentOrigin.SCHOOL for i in open_reported),
        found_by_agent=sum(i.origin is IncidentOrigin.AGENT for i in incidents),
        reported_by_school=sum(i.origin is IncidentOrigin.SCHOOL for i in incidents),
        visits=sum(v.kind is VisitKind.VISIT for v in visits),
        remote_fixes=sum(v.kind is VisitKind.REMOTE for v in visits),
        minutes=sum(v.minutes for v in visits),
        failing_checks=_school_failing(session, school.id),
        baselines={b.name: b.evaluate(facts) for b in BASELINES},
    )


def _behind(facts: Facts) -> int:
    return sum(
        1
        for d in facts.devices
        if d.model
        and d.firmware
        and d.model.casefold() in facts.common_firmware
        and is_behind(d.firmware, facts.common_firmware[d.model.casefold()])
    )


def _firmware_age(history: History, school_id: int, now: datetime) -> float | None:
    ages = []
    for device in history.devices:
        if device.school_id != school_id or not device.firmware:
            continue
        events = history.firmware_events.get(device.id)
        since = events[-1].at if events else device.first_seen_at
        ages.append((now - since).total_seconds() / 86400)
    return median(ages) if ages else None


def _open_alerts(session: Session, school_id: int) -> int:
    query = select(func.count(Alert.id)).where(
        Alert.school_id == school_id, Alert.resolved_at.is_(None)
    )
    return int(session.scalar(query) or 0)


def family(check_id: str) -> str:
    """``printer.supply.3`` → ``printer.supply``; ``host.disk./`` → ``host.disk``."""
    return ".".join(check_id.split(".")[:2])


def _school_failing(session: Session, school_id: int) -> list[tuple[str, int]]:
    query = select(CheckState.check_id).where(
        CheckState.school_id == school_id, CheckState.status.in_(BAD)
    )
    counts = Counter(family(check_id) for check_id in session.scalars(query))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_CHECKS]


def _failing_most(session: Session, school_ids: list[int]) -> list[tuple[str, int, int]]:
    query = select(CheckState.school_id, CheckState.check_id).where(
        CheckState.school_id.in_(school_ids), CheckState.status.in_(BAD)
    )
    checks: Counter[str] = Counter()
    schools: dict[str, set[int]] = {}
    for school_id, check_id in session.execute(query):
        checks[family(check_id)] += 1
        schools.setdefault(family(check_id), set()).add(school_id)
    ranked = sorted(checks, key=lambda name: (-len(schools[name]), -checks[name], name))
    return [(name, len(schools[name]), checks[name]) for name in ranked[:5]]


def _types(columns: list[SchoolColumn]) -> list[DeviceType]:
    present = {t for column in columns for t in column.devices_by_type}
    return [t for t in DeviceType if t in present]


def trend_moments(now: datetime) -> list[tuple[str, datetime]]:
    """The start of each of the last ``TREND_MONTHS`` months (the end of the one before)."""
    moments = []
    for back in range(TREND_MONTHS - 1, -1, -1):
        first = months_back(now.date(), back).replace(day=1)
        end_of = first - timedelta(days=1)
        label = f"end of {end_of:%B %Y}"
        moments.append((label, datetime.combine(first, datetime.min.time(), tzinfo=UTC)))
    return moments


Past = list[tuple[str, datetime, dict[int, Facts]]]


def _past(history: History, now: datetime) -> Past:
    return [
        (label, moment, school_facts(history, moment, now=False))
        for label, moment in trend_moments(now)
    ]


def _baseline_row(
    baseline: Baseline,
    columns: list[SchoolColumn],
    past: Past,
    school_ids: list[int],
    now: datetime,
) -> BaselineRow:
    verdicts = [column.baselines[baseline.name].verdict for column in columns]
    passing, judged = _count(verdicts)
    trend = [
        _trend_point(baseline, facts, school_ids, label, moment) for label, moment, facts in past
    ]
    trend.append(TrendPoint("now", now, passing, judged))
    return BaselineRow(baseline, passing, judged, trend)


def _trend_point(
    baseline: Baseline,
    facts: dict[int, Facts],
    school_ids: list[int],
    label: str,
    moment: datetime,
) -> TrendPoint:
    if not baseline.history:
        return TrendPoint(label, moment, None, 0)
    verdicts = [baseline.evaluate(facts.get(i, Facts([], {}))).verdict for i in school_ids]
    passing, judged = _count(verdicts)
    return TrendPoint(label, moment, passing, judged)


def _count(verdicts: list[Verdict]) -> tuple[int, int]:
    passing = sum(v is Verdict.PASS for v in verdicts)
    return passing, passing + sum(v is Verdict.FAIL for v in verdicts)
