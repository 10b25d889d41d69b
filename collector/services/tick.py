"""The periodic job (``lankeeper-collector tick``): agent-silence alerts, deliveries, then
housekeeping (expired sessions and old login attempts deleted).

Stateless: everything it needs is in the database, so any replica (or cron) may run it, and
running it twice in a row changes nothing the second time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import Agent, School
from collector.domain import AGENT_SILENT_CHECK, Severity
from collector.services.alerts import AlertBook
from collector.services.calendar import first_missed_school_day
from collector.services.calendar_db import load_calendar
from collector.services.delivery import DeliveryResult, deliver_due
from collector.services.digest import queue_digests
from collector.services.housekeeping import Housekeeping, clean
from collector.settings import CollectorSettings
from collector.timefmt import TimeFormat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TickResult:
    silent_schools: int
    delivery: DeliveryResult
    housekeeping: Housekeeping


def tick(factory: sessionmaker[Session], settings: CollectorSettings, now: datetime) -> TickResult:
    silent = sum(
        _check_school(factory, settings, school_id, now)
        for school_id in _candidates(factory, settings, now)
    )
    queue_digests(factory, settings, now)
    delivery = deliver_due(factory, settings, now)
    return TickResult(silent, delivery, clean(factory, settings, now))


def _candidates(
    factory: sessionmaker[Session], settings: CollectorSettings, now: datetime
) -> list[int]:
    """Schools with an agent whose last scan (or enrollment) is older than the grace."""
    since = func.coalesce(School.last_scan_started_at, func.min(Agent.enrolled_at))
    query = (
        select(School.id)
        .join(Agent, Agent.school_id == School.id)
        .group_by(School.id, School.last_scan_started_at)
        .having(since < now - timedelta(hours=settings.silent_grace_hours))
    )
    with factory.begin() as session:
        return list(session.scalars(query))


def _check_school(
    factory: sessionmaker[Session], settings: CollectorSettings, school_id: int, now: datetime
) -> bool:
    with factory.begin() as session:
        school = session.get_one(School, school_id)
        last = school.last_scan_started_at or _first_enrollment(session, school_id)
        grace = timedelta(hours=settings.silent_grace_hours)
        calendar = load_calendar(session, school)
        missed = first_missed_school_day(calendar, last, now, grace)
        if missed is None:
            return False
        book = AlertBook.load(session, settings, school, now)
        fmt = TimeFormat.named(calendar.timezone)
        summary = f"no nightly scan since {fmt.when(last)} (missed {fmt.day(missed)})"
        book.raise_alert(None, AGENT_SILENT_CHECK, Severity.CRITICAL, summary)
        book.finish()
        return True


def _first_enrollment(session: Session, school_id: int) -> datetime:
    first = session.scalar(select(func.min(Agent.enrolled_at)).where(Agent.school_id == school_id))
    assert first is not None  # candidates all have an agent
    return first
