"""Load a school's calendar (cluster time zone, weekends, cluster and school entries)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from collector.db.models import CalendarEntry, Cluster, School
from collector.services.calendar import DayRange, SchoolCalendar


def load_calendar(session: Session, school: School) -> SchoolCalendar:
    cluster = session.get_one(Cluster, school.cluster_id)
    entries = session.scalars(
        select(CalendarEntry).where(
            or_(CalendarEntry.cluster_id == cluster.id, CalendarEntry.school_id == school.id)
        )
    ).all()

    def ranges(for_school: bool) -> tuple[DayRange, ...]:
        return tuple(
            DayRange(e.kind, e.first_day, e.last_day)
            for e in entries
            if (e.school_id is not None) == for_school
        )

    return SchoolCalendar(
        timezone=cluster.timezone,
        weekend_days=frozenset(cluster.weekend_days),
        cluster_days=ranges(for_school=False),
        school_days=ranges(for_school=True),
    )
