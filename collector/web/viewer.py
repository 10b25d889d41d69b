"""Who is looking: the signed-in person behind the session cookie, and the page errors.

``PageRoute`` turns what the services raise into pages: no or an expired session → the login
page (coming back afterwards), anything not visible → a 404 page, a role that may not → 403.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.api.deps import FactoryDep, utcnow
from collector.db.models import Cluster, School
from collector.domain import Role
from collector.errors import CollectorError, ForbiddenError, NotFoundError, UnauthorizedError
from collector.services.access import require_role
from collector.services.credentials import UserPrincipal, authenticate_user
from collector.services.secrets import SESSION_TOKEN_PREFIX
from collector.web.render import pages_of
from collector.web.security import LOGIN_PATH, SESSION_COOKIE, CsrfError, csrf_token

log = logging.getLogger(__name__)
STAFF = (Role.ADMIN, Role.TECHNICIAN)


class NotLoggedInError(Exception):
    """No valid session cookie: send the browser to the login page."""


@dataclass(frozen=True)
class Viewer:
    user: UserPrincipal
    token: str
    school_slug: str | None  # a principal's school
    timezone: str = "UTC"  # the viewer's cluster's (admins: the clusters' one zone, or UTC)

    @property
    def csrf(self) -> str:
        return csrf_token(self.token)

    @property
    def is_staff(self) -> bool:
        return self.user.role in STAFF

    @property
    def home(self) -> str:
        return f"/schools/{self.school_slug}" if self.school_slug else "/overview"


def viewer(request: Request, factory: FactoryDep) -> Viewer:
    token = request.cookies.get(SESSION_COOKIE)
    if not token or not token.startswith(SESSION_TOKEN_PREFIX):
        raise NotLoggedInError
    try:
        with factory.begin() as session:
            user = authenticate_user(session, token, utcnow())
            school = session.get(School, user.school_id) if user.school_id else None
            zone = viewer_zone(session, user, school)
    except UnauthorizedError as exc:
        raise NotLoggedInError from exc
    return Viewer(user, token, school.slug if school else None, zone)


def viewer_zone(session: Session, user: UserPrincipal, school: School | None) -> str:
    """The zone a person's pages use: their cluster's; an admin's only if all clusters share one."""
    cluster_id = school.cluster_id if school is not None else user.cluster_id
    if cluster_id is not None:
        return session.get_one(Cluster, cluster_id).timezone
    zones = set(session.scalars(select(Cluster.timezone).distinct().limit(2)))
    return zones.pop() if len(zones) == 1 else "UTC"


def staff(found: Annotated[Viewer, Depends(viewer)]) -> Viewer:
    require_role(found.user, *STAFF)
    return found


ViewerDep = Annotated[Viewer, Depends(viewer)]
StaffDep = Annotated[Viewer, Depends(staff)]


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        target = urlsplit(request.headers.get("referer", "/")).path or "/"
    return RedirectResponse(f"{LOGIN_PATH}?{urlencode({'next': target})}", status_code=303)


def error_page(request: Request, status: int, message: str) -> Response:
    return pages_of(request).render("error.html", {"status": status, "message": message}, status)


class PageRoute(APIRoute):
    """A dashboard route: errors become pages, never JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except NotLoggedInError:
                return login_redirect(request)
            except (RequestValidationError, CollectorError) as exc:
                return page_for_error(request, exc)

        return page_handler


def page_for_error(request: Request, exc: RequestValidationError | CollectorError) -> Response:
    if isinstance(exc, RequestValidationError | NotFoundError):
        return error_page(request, 404, NOT_FOUND)
    log.info("%s %s -> %s: %s", request.method, request.url.path, exc.status_code, exc.message)
    if isinstance(exc, ForbiddenError) and not isinstance(exc, CsrfError):
        return error_page(request, 403, NOT_ALLOWED)
    return error_page(request, exc.status_code, exc.message)


NOT_FOUND = "There is no such page, or it belongs to a school you do not look after."
NOT_ALLOWED = "This is for the IT technicians who look after your school."
