"""Dashboard pages: cluster overview → school → device, the pre-visit sheet, the asset CSV."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from collector.api.deps import SessionDep, utcnow
from collector.api.params import RowId
from collector.services.export import asset_register_csv
from collector.web.device_view import device_page
from collector.web.overview import overview
from collector.web.render import pages_of
from collector.web.school_view import school_page
from collector.web.viewer import PageRoute, StaffDep, Viewer, ViewerDep
from collector.web.visit import parse_since, visit_sheet

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def page(request: Request, name: str, found: Viewer, status: int = 200, **context: Any) -> Response:
    """Render ``name`` with what every page needs: the viewer, the clock, the form token."""
    base = {"viewer": found, "now": utcnow(), "csrf": found.csrf, "path": request.url.path}
    return pages_of(request).render(name, base | context, status)


@router.get("/overview")
def overview_page(request: Request, found: ViewerDep, session: SessionDep) -> Response:
    if not found.is_staff:
        return RedirectResponse(found.home, status_code=303)
    return page(request, "overview.html", found, clusters=overview(session, found.user))


@router.get("/schools/{slug}")
def school(request: Request, slug: str, found: ViewerDep, session: SessionDep) -> Response:
    return page(request, "school.html", found, view=school_page(session, found.user, slug))


@router.get("/schools/{slug}/visit")
def visit(
    request: Request,
    slug: str,
    found: StaffDep,
    session: SessionDep,
    since: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    day, valid = parse_since(since, utcnow().date())
    sheet = visit_sheet(session, found.user, slug, day)
    return page(request, "visit.html", found, sheet=sheet, since_valid=valid)


@router.get("/schools/{slug}/assets.csv")
def assets(slug: str, found: ViewerDep, session: SessionDep) -> Response:
    body = asset_register_csv(session, found.user, slug)
    headers = {"Content-Disposition": f'attachment; filename="{slug}-assets.csv"'}
    headers |= {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/devices/{device_id}")
def device(request: Request, device_id: RowId, found: ViewerDep, session: SessionDep) -> Response:
    return page(request, "device.html", found, view=device_page(session, found.user, device_id))
