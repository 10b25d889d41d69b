"""The cluster comparison page: schools side by side, baseline checks now and month by month."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from collector.api.deps import SessionDep, utcnow
from collector.services.comparison import compare
from collector.services.comparison_public import HOW
from collector.web.pages import page
from collector.web.viewer import PageRoute, StaffDep

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/clusters/{slug}/compare")
def comparison_page(request: Request, slug: str, found: StaffDep, session: SessionDep) -> Response:
    view = compare(session, found.user, slug, utcnow())
    zone = view.cluster.timezone
    return page(request, "compare.html", found, zone=zone, view=view, how=HOW)
