"""Dashboard routes: "scan now" on the school page, and the central settings pages.

Every form carries the CSRF token; changing settings is for admins, "scan now" for admins
and technicians. A secret typed into a form is never written back into a page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from collector.api.deps import FactoryDep, SessionDep, SettingsDep, utcnow
from collector.domain import Role
from collector.errors import BadRequestError
from collector.services import central_settings as central
from collector.services.access import require_role
from collector.services.scan_requests import request_scan
from collector.services.secret_box import SecretBox, SecretKeyError
from collector.web.central_view import form_value, settings_index, settings_page
from collector.web.forms import FormDep
from collector.web.pages import page
from collector.web.security import CSRF_FIELD, check_form
from collector.web.viewer import PageRoute, StaffDep, Viewer, ViewerDep

router = APIRouter(route_class=PageRoute, include_in_schema=False)
DeviceQuery = Annotated[str | None, Query(max_length=64)]


@router.post("/schools/{slug}/scan-now")
def scan_now(  # noqa: PLR0917 (FastAPI dependencies)
    request: Request,
    slug: str,
    found: ViewerDep,
    form: FormDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> Response:
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    require_role(found.user, Role.ADMIN, Role.TECHNICIAN)
    with factory.begin() as session:
        request_scan(session, found.user, slug, utcnow())
    return RedirectResponse(f"/schools/{slug}#scan", status_code=303)


@router.get("/settings")
def index(request: Request, found: StaffDep, session: SessionDep) -> Response:
    return page(request, "settings_index.html", found, clusters=settings_index(session, found.user))


@router.get("/settings/clusters/{slug}")
def cluster_settings(request: Request, slug: str, found: StaffDep, session: SessionDep) -> Response:
    view = settings_page(session, found.user, central.cluster_scope(session, slug))
    return page(request, "settings.html", found, view=view, error=None)


@router.get("/settings/schools/{slug}")
def school_settings(
    request: Request, slug: str, found: StaffDep, session: SessionDep, device: DeviceQuery = None
) -> Response:
    view = settings_page(session, found.user, central.school_scope(session, slug, device))
    return page(request, "settings.html", found, view=view, error=None)


@router.post("/settings/clusters/{slug}/{key}")
def change_cluster(  # noqa: PLR0917 (FastAPI dependencies)
    request: Request,
    slug: str,
    key: str,
    found: StaffDep,
    form: FormDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> Response:
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    return _change(
        request, found, factory, SecretBox(settings.secret_key), ("cluster", slug, None, key), form
    )


@router.post("/settings/schools/{slug}/{key}")
def change_school(  # noqa: PLR0917 (FastAPI dependencies)
    request: Request,
    slug: str,
    key: str,
    found: StaffDep,
    form: FormDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> Response:
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    device = form.get("device", "").strip() or None
    return _change(
        request, found, factory, SecretBox(settings.secret_key), ("school", slug, device, key), form
    )


def _change(  # noqa: PLR0917
    request: Request,
    found: Viewer,
    factory: FactoryDep,
    box: SecretBox,
    target: tuple[str, str, str | None, str],
    form: dict[str, str],
) -> Response:
    require_role(found.user, Role.ADMIN)
    level, slug, device, key = target
    try:
        with factory.begin() as session:
            scope = _scope(session, level, slug, device)
            if form.get("action") == "clear":
                central.clear_setting(session, scope, key, found.user.username, utcnow())
            else:
                value = form_value(key, form.get("value", ""))
                central.set_setting(session, box, scope, key, value, found.user.username, utcnow())
            target_url = _url(scope)
    except (BadRequestError, SecretKeyError) as exc:
        with factory.begin() as session:
            view = settings_page(session, found.user, _scope(session, level, slug, device))
            return page(
                request, "settings.html", found, exc.status_code, view=view, error=exc.message
            )
    return RedirectResponse(target_url, status_code=303)


def _scope(session: SessionDep, level: str, slug: str, device: str | None) -> central.Scope:
    if level == "cluster":
        return central.cluster_scope(session, slug)
    return central.school_scope(session, slug, device)


def _url(scope: central.Scope) -> str:
    if scope.school is None:
        return f"/settings/clusters/{scope.cluster.slug}"
    suffix = f"?device={scope.device}" if scope.device else ""
    return f"/settings/schools/{scope.school.slug}{suffix}"
