"""``/clusters/{slug}/evaluation``: the year-end evaluation as a printable page and as CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from collector.api.deps import SessionDep, utcnow
from collector.contracts_evaluation import Evaluation
from collector.errors import BadRequestError
from collector.services.evaluation import evaluation
from collector.services.evaluation_csv import file_name, months_csv, schools_csv
from collector.timefmt import TimeFormat, short_month
from collector.web.charts import Chart, bar_chart, line_chart
from collector.web.pages import page
from collector.web.viewer import PageRoute, StaffDep, Viewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)
DayQuery = Annotated[str | None, Query(max_length=32)]
SCHOOL_YEAR_STARTS = 9  # September
BAD_PERIOD = "Those dates could not be used; showing the school year so far."


def school_year_start(today: date) -> date:
    """1 September of the school year ``today`` is in (Irish schools start in September)."""
    year = today.year if today.month >= SCHOOL_YEAR_STARTS else today.year - 1
    return date(year, SCHOOL_YEAR_STARTS, 1)


def period(since: str | None, until: str | None, today: date) -> tuple[date, date, bool]:
    """The chosen period, or the school year so far; False when the dates could not be read."""
    try:
        first = date.fromisoformat(since) if since else school_year_start(today)
        last = date.fromisoformat(until) if until else today
    except ValueError:
        return school_year_start(today), today, False
    if last < first:
        return school_year_start(today), today, False
    return first, last, True


def _report(
    session: Session, found: Viewer, slug: str, since: str | None, until: str | None
) -> tuple[Evaluation, bool]:
    now = utcnow()
    today = TimeFormat.named(found.timezone).today(now)
    first, last, valid = period(since, until, today)
    try:
        return evaluation(session, found.user, slug, since=first, until=last, now=now), valid
    except BadRequestError:
        first, last = school_year_start(today), today
        return evaluation(session, found.user, slug, since=first, until=last, now=now), False


def charts(report: Evaluation) -> list[Chart]:
    months = [short_month(m.month) for m in report.months]
    return [
        bar_chart(
            "Incidents per month",
            months,
            [
                ("found by the agent", [m.incidents_agent for m in report.months]),
                ("reported by the school", [m.incidents_school for m in report.months]),
            ],
        ),
        bar_chart(
            "Hours of technician time per month",
            months,
            [("hours", [m.hours for m in report.months])],
        ),
        line_chart(
            "Median hours to resolve",
            months,
            [m.median_hours_to_resolve for m in report.months],
        ),
        line_chart(
            "Uptime of key devices (%)", months, [m.uptime_percent for m in report.months], 100.0
        ),
    ]


@router.get("/clusters/{slug}/evaluation")
def evaluation_page(  # noqa: PLR0917 (FastAPI dependencies)
    request: Request,
    slug: str,
    found: StaffDep,
    session: SessionDep,
    since: DayQuery = None,
    until: DayQuery = None,
) -> Response:
    report, valid = _report(session, found, slug, since, until)
    context: dict[str, Any] = {"report": report, "charts": charts(report), "valid": valid}
    context["error"] = None if valid else BAD_PERIOD
    return page(request, "evaluation.html", found, zone=report.timezone, **context)


@router.get("/clusters/{slug}/evaluation.csv")
def evaluation_csv(  # noqa: PLR0917 (FastAPI dependencies)
    slug: str,
    found: StaffDep,
    session: SessionDep,
    since: DayQuery = None,
    until: DayQuery = None,
    part: Annotated[str, Query(pattern="^(schools|months)$")] = "schools",
) -> Response:
    report, _valid = _report(session, found, slug, since, until)
    body = schools_csv(report) if part == "schools" else months_csv(report)
    headers = {"Content-Disposition": f'attachment; filename="{file_name(report, part)}"'}
    headers |= {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
