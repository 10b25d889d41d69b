"""The pre-visit sheet: open problems by priority, supplies to bring, changes since a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from collector.db.models import Cluster, School
from collector.services.access import visible_school
from collector.services.credentials import UserPrincipal
from collector.timefmt import zone_of
from collector.web.school_view import (
    Change,
    LowSupply,
    Problem,
    changes,
    device_names,
    low_supplies,
    problems,
)
from collector.web.work_view import SchoolWork, Since, school_work, since_for_sheet


@dataclass(frozen=True)
class ToBring:
    """One part to bring: the name as the printers report it, how many, for which printers."""

    name: str
    kind: str
    count: int
    printers: list[str]
    lowest_percent: float | None


@dataclass(frozen=True)
class VisitSheet:
    school: School
    cluster_name: str
    timezone: str
    since: Since
    work: SchoolWork
    problems: list[Problem]
    to_bring: list[ToBring]
    supplies: list[LowSupply]
    changes: list[Change]


def parse_since(text: str | None) -> tuple[date | None, bool]:
    """The ``since`` field (YYYY-MM-DD); (None, False) when it is not a date."""
    if not text:
        return None, True
    try:
        return date.fromisoformat(text.strip()), True
    except ValueError:
        return None, False


def to_bring(supplies: list[LowSupply]) -> list[ToBring]:
    """Group low supplies by their exact reported name (which carries the part number)."""
    groups: dict[str, list[LowSupply]] = {}
    for supply in supplies:
        groups.setdefault(supply.name, []).append(supply)
    items = [
        ToBring(
            name=name,
            kind=rows[0].kind,
            count=len(rows),
            printers=sorted({row.device_name for row in rows}, key=str.casefold),
            lowest_percent=min(
                (r.level_percent for r in rows if r.level_percent is not None), default=None
            ),
        )
        for name, rows in groups.items()
    ]
    return sorted(items, key=lambda item: (-item.count, item.name.casefold()))


def visit_sheet(
    session: Session, user: UserPrincipal, slug: str, chosen: date | None, now: datetime
) -> VisitSheet:
    """The sheet; changes since ``chosen``, else since the last visit, else 30 days."""
    school = visible_school(session, user, slug)
    cluster = session.get_one(Cluster, school.cluster_id)
    zone = zone_of(cluster.timezone)
    since = since_for_sheet(session, school, chosen, now.astimezone(zone).date())
    names = device_names(session, school.id)
    supplies = low_supplies(session, school.id, names)
    start = datetime.combine(since.day, time.min, tzinfo=zone)
    return VisitSheet(
        school=school,
        cluster_name=cluster.name,
        timezone=cluster.timezone,
        since=since,
        work=school_work(session, user, school),
        problems=problems(session, school.id, names),
        to_bring=to_bring(supplies),
        supplies=supplies,
        changes=changes(session, school.id, names, since=start),
    )
