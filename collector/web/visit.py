"""The pre-visit sheet: open problems by priority, supplies to bring, changes since a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from collector.db.models import Cluster, School
from collector.services.access import visible_school
from collector.services.credentials import UserPrincipal
from collector.web.school_view import (
    Change,
    LowSupply,
    Problem,
    changes,
    device_names,
    low_supplies,
    problems,
)

DEFAULT_SINCE_DAYS = 30


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
    since: date
    problems: list[Problem]
    to_bring: list[ToBring]
    supplies: list[LowSupply]
    changes: list[Change]


def parse_since(text: str | None, today: date) -> tuple[date, bool]:
    """The ``since`` field (YYYY-MM-DD); (default, False) when it is missing or not a date."""
    default = today - timedelta(days=DEFAULT_SINCE_DAYS)
    if not text:
        return default, True
    try:
        return date.fromisoformat(text.strip()), True
    except ValueError:
        return default, False


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


def visit_sheet(session: Session, user: UserPrincipal, slug: str, since: date) -> VisitSheet:
    school = visible_school(session, user, slug)
    names = device_names(session, school.id)
    supplies = low_supplies(session, school.id, names)
    start = datetime.combine(since, time.min, tzinfo=UTC)
    return VisitSheet(
        school=school,
        cluster_name=session.get_one(Cluster, school.cluster_id).name,
        since=since,
        problems=problems(session, school.id, names),
        to_bring=to_bring(supplies),
        supplies=supplies,
        changes=changes(session, school.id, names, since=start),
    )
