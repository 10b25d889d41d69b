"""``/audit``: who did what (admins), newest first, filterable by action, paged."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from collector.api.deps import SessionDep
from collector.services.audit_log import actions, audit_page
from collector.web.pages import page
from collector.web.viewer import PageRoute, ViewerDep

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PAGE_SIZE = 100


@router.get("/audit")
def audit(
    request: Request,
    found: ViewerDep,
    session: SessionDep,
    action: Annotated[str | None, Query(max_length=64)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    entries = audit_page(session, found.user, action=action or None, limit=PAGE_SIZE, offset=offset)
    return page(
        request,
        "audit.html",
        found,
        entries=entries,
        actions=actions(session),
        action=action or "",
        page_size=PAGE_SIZE,
    )
