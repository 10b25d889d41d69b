"""``/alerts``: the lists, and acknowledging an alert with a note (technicians and admins)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from collector.api.deps import FactoryDep, SessionDep, SettingsDep, utcnow
from collector.api.params import RowId
from collector.contracts import AcknowledgeRequest, Page
from collector.contracts_admin import NotificationPublic
from collector.domain import DeliveryStatus, Role
from collector.services.access import require_role
from collector.services.notification_log import list_notifications
from collector.web.alerts_view import acknowledge_alert, alert_lists
from collector.web.forms import FormDep
from collector.web.pages import page
from collector.web.security import CSRF_FIELD, check_form
from collector.web.viewer import STAFF, PageRoute, Viewer, ViewerDep

router = APIRouter(route_class=PageRoute, include_in_schema=False)
NOTE_NEEDED = "Write a short note (up to 2000 characters) to acknowledge an alert."
SchoolQuery = Annotated[str | None, Query(max_length=64)]
UNDELIVERED_SHOWN = 20


def _lists(session: Session, found: Viewer, school: str | None) -> dict[str, Any]:
    """The alert lists; for admins on the all-schools page, also the notifications that
    were given up on, with the reason."""
    failed: Page[NotificationPublic] | None = None
    if found.user.role is Role.ADMIN and not school:
        failed = list_notifications(
            session, DeliveryStatus.FAILED, limit=UNDELIVERED_SHOWN, offset=0
        )
    return {"lists": alert_lists(session, found.user, school or None), "undelivered": failed}


@router.get("/alerts")
def alerts_page(
    request: Request, found: ViewerDep, session: SessionDep, school: SchoolQuery = None
) -> Response:
    return page(request, "alerts.html", found, error=None, **_lists(session, found, school))


@router.post("/alerts/{alert_id}/acknowledge")
def acknowledge(  # noqa: PLR0917 (FastAPI dependencies)
    request: Request,
    alert_id: RowId,
    found: ViewerDep,
    form: FormDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> Response:
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    require_role(found.user, *STAFF)
    try:
        data = AcknowledgeRequest(note=form.get("note", "").strip())
    except ValidationError:
        with factory.begin() as session:
            lists = _lists(session, found, None)
            return page(request, "alerts.html", found, 400, error=NOTE_NEEDED, **lists)
    with factory.begin() as session:
        acknowledge_alert(session, found.user, alert_id, data.note, utcnow())
    return RedirectResponse(f"/alerts#alert-{alert_id}", status_code=303)
