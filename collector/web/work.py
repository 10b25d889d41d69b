"""Dashboard forms for the work: report a problem, record a visit, acknowledge, resolve.

Every form carries the CSRF token; a form that cannot be used is shown again with what to fix
(nothing stored), a good one redirects back to the page it came from.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from collector.api.deps import FactoryDep, SettingsDep, utcnow
from collector.contracts_ops import IncidentCreate, VisitCreate
from collector.db.models import School
from collector.errors import NotFoundError
from collector.services import work_actions
from collector.services.access import visible_school
from collector.services.incidents import get_incident
from collector.web.forms import FormDep, FormListsDep
from collector.web.pages import page, school_context
from collector.web.security import CSRF_FIELD, check_form
from collector.web.viewer import PageRoute, Viewer, ViewerDep

router = APIRouter(route_class=PageRoute, include_in_schema=False)
REPORT_HELP = "Say in a few words what the problem is (up to 300 characters)."
VISIT_HELP = "Give the date (day/month/year), the time spent (0 to 24 hours) and the kind of work."


def _first(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()


def _ints(form: dict[str, list[str]], name: str) -> list[int]:
    return [int(v) for v in form.get(name, []) if v.strip().isdigit()]


def _school_again(
    request: Request, found: Viewer, factory: FactoryDep, slug: str, error: str
) -> Response:
    with factory.begin() as session:
        context = school_context(session, found, slug)
        return page(request, "school.html", found, 400, **context, error=error)


@router.post("/schools/{slug}/incidents")
def report_problem(  # noqa: PLR0917 (FastAPI dependencies)
    request: Request,
    slug: str,
    found: ViewerDep,
    form: FormDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> Response:
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    device = form.get("device", "").strip()
    try:
        data = IncidentCreate(
            title=form.get("title", "").strip(),
            description=form.get("description", "").strip(),
            device_id=int(device) if device else None,
        )
    except (ValidationError, ValueError):
        return _school_again(request, found, factory, slug, REPORT_HELP)
    with factory.begin() as session:
        incident = work_actions.report_problem(session, found.user, slug, data, utcnow())
        target = f"/schools/{slug}#incident-{incident.id}"
    return RedirectResponse(target, status_code=303)


def _visit_data(form: dict[str, list[str]]) -> VisitCreate:
    hours, minutes = _first(form, "hours") or "0", _first(form, "minutes") or "0"
    return VisitCreate(
        kind=_first(form, "kind") or "visit",
        visited_on=_first(form, "visited_on"),
        minutes=int(hours) * 60 + int(minutes),
        notes=_first(form, "notes"),
        alert_ids=_ints(form, "alert"),
        device_ids=_ints(form, "device"),
    )


@router.post("/schools/{slug}/visits")
def record_visit(  # noqa: PLR0917 (FastAPI dependencies)
    request: Request,
    slug: str,
    found: ViewerDep,
    form: FormListsDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> Response:
    check_form(request, settings.public_url, found.csrf, _first(form, CSRF_FIELD))
    back = _first(form, "back")
    try:
        data = _visit_data(form)
    except (ValidationError, ValueError):
        return _school_again(request, found, factory, slug, VISIT_HELP)
    with factory.begin() as session:
        visit = work_actions.record_visit(session, found.user, slug, data, utcnow())
        visit_id = visit.id
    target = f"/schools/{slug}/visit" if back == "sheet" else f"/schools/{slug}"
    return RedirectResponse(f"{target}#visit-{visit_id}", status_code=303)


@router.post("/incidents/{incident_id}/{action}")
def incident_action(  # noqa: PLR0917 (FastAPI dependencies)
    request: Request,
    incident_id: int,
    action: str,
    found: ViewerDep,
    form: FormDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> Response:
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    now = utcnow()
    with factory.begin() as session:
        incident = get_incident(session, incident_id)
        slug = session.get_one(School, incident.school_id).slug
        visible_school(session, found.user, slug)
        if action == "acknowledge":
            work_actions.acknowledge(session, found.user, incident_id, now)
        elif action == "resolve":
            work_actions.resolve(session, found.user, incident_id, form.get("note", ""), now)
        else:
            raise NotFoundError(f"no action {action!r}")
    return RedirectResponse(f"/schools/{slug}#incident-{incident_id}", status_code=303)
