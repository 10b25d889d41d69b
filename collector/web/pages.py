"""Dashboard pages: cluster overview → school → device, the pre-visit sheet, the asset CSV."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from collector.api.deps import SessionDep, utcnow
from collector.api.params import RowId
from collector.db.models import Cluster, Device, School
from collector.services.export import asset_register_csv
from collector.web.central_view import scan_panel
from collector.web.device_view import device_page
from collector.web.overview import overview
from collector.web.render import pages_of, time_words
from collector.web.school_view import school_page
from collector.web.viewer import PageRoute, StaffDep, Viewer, ViewerDep
from collector.web.visit import LOOKAHEAD_SCHOOL_DAYS, parse_since, visit_sheet
from collector.web.work_view import school_work

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def school_zone(session: Session, school: School) -> str:
    """The time zone of the school's cluster (the page shows its times there)."""
    return session.get_one(Cluster, school.cluster_id).timezone


def device_zone(session: Session, device_id: int) -> str:
    device = session.get_one(Device, device_id)
    return school_zone(session, session.get_one(School, device.school_id))


def page(
    request: Request,
    name: str,
    found: Viewer,
    status: int = 200,
    *,
    zone: str | None = None,
    **context: Any,
) -> Response:
    """Render ``name`` with what every page needs: the viewer, the clock, the form token.

    Times are shown in ``zone`` (the cluster of what the page is about), else the viewer's.
    """
    base = {"viewer": found, "now": utcnow(), "csrf": found.csrf, "path": request.url.path}
    return pages_of(request).render(
        name, base | time_words(zone or found.timezone) | context, status
    )


@router.get("/overview")
def overview_page(request: Request, found: ViewerDep, session: SessionDep) -> Response:
    if not found.is_staff:
        return RedirectResponse(found.home, status_code=303)
    return page(request, "overview.html", found, clusters=overview(session, found.user))


def school_context(session: Session, found: Viewer, slug: str) -> dict[str, Any]:
    """Everything the school page shows (also when a form on it is shown again with an error)."""
    view = school_page(session, found.user, slug, utcnow())
    return {
        "zone": school_zone(session, view.school),
        "view": view,
        "work": school_work(session, found.user, view.school),
        "scan": scan_panel(session, found.user, slug),
    }


@router.get("/schools/{slug}")
def school(request: Request, slug: str, found: ViewerDep, session: SessionDep) -> Response:
    return page(request, "school.html", found, **school_context(session, found, slug), error=None)


@router.get("/schools/{slug}/visit")
def visit(
    request: Request,
    slug: str,
    found: StaffDep,
    session: SessionDep,
    since: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    day, valid = parse_since(since)
    sheet = visit_sheet(session, found.user, slug, day, utcnow())
    return page(
        request,
        "visit.html",
        found,
        zone=sheet.timezone,
        sheet=sheet,
        since_valid=valid,
        lookahead=LOOKAHEAD_SCHOOL_DAYS,
    )


@router.get("/schools/{slug}/assets.csv")
def assets(slug: str, found: ViewerDep, session: SessionDep) -> Response:
    body = asset_register_csv(session, found.user, slug)
    headers = {"Content-Disposition": f'attachment; filename="{slug}-assets.csv"'}
    headers |= {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/devices/{device_id}")
def device(request: Request, device_id: RowId, found: ViewerDep, session: SessionDep) -> Response:
    view = device_page(session, found.user, device_id, utcnow())
    return page(request, "device.html", found, zone=device_zone(session, device_id), view=view)
