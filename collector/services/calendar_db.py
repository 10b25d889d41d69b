"""Load a school's calendar (cluster time zone, weekends, cluster and school entries)."""

from __future__ import annotations

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from collector.db.models import CalendarEntry, Cluster, School
from collector.services.calendar import DayRange, SchoolCalendar

_CLUSTER = select(Cluster.id, Cluster.timezone, Cluster.weekend_days).where(
    Cluster.id == bindparam("cluster_row")
)
_ENTRIES = select(
    CalendarEntry.school_id, CalendarEntry.kind, CalendarEntry.first_day, CalendarEntry.last_day
).where(
    or_(
        CalendarEntry.cluster_id == bindparam("cluster_row"),
        CalendarEntry.school_id == bindparam("school_row"),
    )
)


def load_calendar(session: Session, school: School) -> SchoolCalendar:
    """Two plain queries (no ORM objects): the cluster's zone and weekend, then the entries."""
    connection = session.connection()
    ids = {"cluster_row": school.cluster_id, "school_row": school.id}
    cluster = connection.execute(_CLUSTER, ids).one()
    entries = connection.execute(_ENTRIES, ids).all()

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
