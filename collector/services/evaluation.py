"""The year-end evaluation of a cluster: per school and in total, with monthly trends.

Dates are the cluster's (``since`` and ``until`` are whole local days, both included).
Every figure is defined in ``DEFINITIONS``, which the page, the CSV and the API carry along.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from collector.contracts_evaluation import Definition, Evaluation, Figures, Month
from collector.db.models import Cluster, Device, Incident, School, Visit
from collector.domain import Role
from collector.domain_ops import IncidentOrigin, VisitKind
from collector.errors import BadRequestError, NotFoundError
from collector.services import incidents, visits
from collector.services.access import cluster_filter, require_role
from collector.services.credentials import UserPrincipal
from collector.services.evaluation_supplies import SupplyResult, supply_outcomes
from collector.services.evaluation_uptime import MonthOf, UptimeResult, uptime
from collector.services.evaluation_words import DEFINITIONS

MAX_DAYS = 3 * 366


def evaluation(
    session: Session,
    user: UserPrincipal,
    cluster_slug: str,
    *,
    since: date,
    until: date,
    now: datetime,
) -> Evaluation:
    """The report (technicians: their cluster; admins: any); 400 for a bad period."""
    require_role(user, Role.ADMIN, Role.TECHNICIAN)
    cluster = session.scalars(
        select(Cluster).where(Cluster.slug == cluster_slug, cluster_filter(user))
    ).first()
    if cluster is None:
        raise NotFoundError(f"no cluster {cluster_slug!r}")
    if until < since or (until - since).days > MAX_DAYS:
        raise BadRequestError(
            f"choose a period of one day to {MAX_DAYS} days, ending after it starts"
        )
    schools = list(
        session.scalars(select(School).where(School.cluster_id == cluster.id).order_by(School.name))
    )
    zone = ZoneInfo(cluster.timezone)
    start = datetime.combine(since, time.min, tzinfo=zone)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
    ids = [s.id for s in schools]
    data = _Data.load(session, ids, start, end, since, until, MonthOf(zone))
    rows = [data.figures(s.slug, s.name, [s.id]) for s in schools]
    return Evaluation(
        cluster=cluster.slug,
        cluster_name=cluster.name,
        timezone=cluster.timezone,
        since=since,
        until=until,
        generated_at=now,
        schools=rows,
        total=data.figures("total", "All schools", [s.id for s in schools]),
        months=data.months(since, until),
        definitions=[Definition(figure=f, how=h) for f, h in DEFINITIONS],
        forecast_available=data.supplies.forecast_in_time is not None,
    )


def _hours(seconds: Sequence[float]) -> float | None:
    return round(median(seconds) / 3600, 1) if seconds else None


@dataclass(frozen=True)
class _Data:
    """Everything the figures need, loaded once for the whole cluster."""

    incidents: list[Incident]
    visits: list[Visit]
    covered: dict[int, int]
    up: UptimeResult
    supplies: SupplyResult
    month_of: MonthOf

    @classmethod
    def load(  # noqa: PLR0917 (one loader, called once)
        cls,
        session: Session,
        school_ids: list[int],
        start: datetime,
        end: datetime,
        since: date,
        until: date,
        month_of: MonthOf,
    ) -> _Data:
        return cls(
            incidents.incidents_for(session, school_ids, start, end),
            visits.visits_for_schools(session, school_ids, since, until),
            devices_covered(session, school_ids, start, end),
            uptime(session, school_ids, start, end, month_of),
            supply_outcomes(session, school_ids, start, end),
            month_of,
        )

    def figures(self, slug: str, name: str, school_ids: list[int]) -> Figures:
        ids = set(school_ids)
        mine = [i for i in self.incidents if i.school_id in ids]
        done = [s for i in mine if (s := incidents.seconds_to_resolve(i)) is not None]
        acked = [s for i in mine if (s := incidents.seconds_to_acknowledge(i)) is not None]
        trips = [v for v in self.visits if v.school_id in ids]
        on_site = [v for v in trips if v.kind is VisitKind.VISIT]
        nights = sum(self.up.schools[s].nights for s in ids if s in self.up.schools)
        up = sum(self.up.schools[s].up for s in ids if s in self.up.schools)
        forecast = self.supplies.forecast_in_time
        tallies = [self.supplies.schools[s] for s in ids if s in self.supplies.schools]
        return Figures(
            school=slug,
            name=name,
            incidents_agent=sum(i.origin is IncidentOrigin.AGENT for i in mine),
            incidents_school=sum(i.origin is IncidentOrigin.SCHOOL for i in mine),
            incidents_resolved=len(done),
            incidents_unresolved=len(mine) - len(done),
            median_hours_to_acknowledge=_hours(acked),
            median_hours_to_resolve=_hours(done),
            visits=len(on_site),
            remote_fixes=len(trips) - len(on_site),
            hours_on_site=round(sum(v.minutes for v in on_site) / 60, 2),
            hours_remote=round(sum(v.minutes for v in trips if v not in on_site) / 60, 2),
            devices_covered=sum(self.covered.get(s, 0) for s in ids),
            key_devices=sum(self.up.key_devices.get(s, 0) for s in ids),
            key_device_nights=nights,
            key_device_up_nights=up,
            uptime_percent=round(100 * up / nights, 1) if nights else None,
            supplies_replaced_in_time=sum(t.in_time for t in tallies),
            supplies_ran_out=sum(t.ran_out for t in tallies),
            supplies_forecast_in_time=None
            if forecast is None
            else sum(forecast.get(s, 0) for s in ids),
        )

    def months(self, since: date, until: date) -> list[Month]:
        by_month: dict[date, list[Incident]] = defaultdict(list)
        for row in self.incidents:
            by_month[self.month_of(row.opened_at)].append(row)
        trips: dict[date, list[Visit]] = defaultdict(list)
        for visit in self.visits:
            trips[visit.visited_on.replace(day=1)].append(visit)
        return [self._month(m, by_month[m], trips[m]) for m in month_starts(since, until)]

    def _month(self, month: date, rows: list[Incident], trips: list[Visit]) -> Month:
        done = [s for i in rows if (s := incidents.seconds_to_resolve(i)) is not None]
        tally = self.up.months.get(month)
        return Month(
            month=month,
            incidents_agent=sum(i.origin is IncidentOrigin.AGENT for i in rows),
            incidents_school=sum(i.origin is IncidentOrigin.SCHOOL for i in rows),
            median_hours_to_resolve=_hours(done),
            visits=sum(v.kind is VisitKind.VISIT for v in trips),
            hours=round(sum(v.minutes for v in trips) / 60, 2),
            uptime_percent=tally.percent if tally else None,
        )


def month_starts(since: date, until: date) -> list[date]:
    months, month = [], since.replace(day=1)
    while month <= until:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def devices_covered(
    session: Session, school_ids: Sequence[int], start: datetime, end: datetime
) -> dict[int, int]:
    query = (
        select(Device.school_id, func.count())
        .where(
            Device.school_id.in_(school_ids),
            Device.first_seen_at < end,
            Device.last_seen_at >= start,
            Device.transient.is_(False),
            Device.randomised.is_(False),
        )
        .group_by(Device.school_id)
    )
    return {row[0]: row[1] for row in session.execute(query)}
