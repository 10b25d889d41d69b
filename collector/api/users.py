"""Log in (a bearer session), and act on alerts."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter

from collector.api.deps import SessionDep, SettingsDep, UserDep, utcnow
from collector.api.params import RowId
from collector.contracts import AcknowledgeRequest, AlertPublic, LoginRequest, TokenResponse
from collector.db.models import School
from collector.domain import Role
from collector.services import credentials
from collector.services.access import require_role
from collector.services.alerts import acknowledge
from collector.services.read import alert_public, visible_alert

router = APIRouter(prefix="/api/v1", tags=["users"])


@router.post(
    "/auth/login",
    response_model=TokenResponse,
    responses={401: {"description": "wrong user name or password"}},
)
def post_login(data: LoginRequest, session: SessionDep, settings: SettingsDep) -> TokenResponse:
    """Exchange user name and password for a bearer session token (``lks_…``)."""
    ttl = timedelta(hours=settings.session_ttl_hours)
    return credentials.login(
        session, data.username, data.password.get_secret_value(), utcnow(), ttl
    )


@router.get("/alerts/{alert_id}", response_model=AlertPublic)
def get_alert(alert_id: RowId, user: UserDep, session: SessionDep) -> AlertPublic:
    alert = visible_alert(session, user, alert_id)
    return alert_public(alert, session.get_one(School, alert.school_id).slug)


@router.post("/alerts/{alert_id}/acknowledge", response_model=AlertPublic)
def post_acknowledge(
    alert_id: RowId, data: AcknowledgeRequest, user: UserDep, session: SessionDep
) -> AlertPublic:
    """Acknowledge with a note (technicians and admins); the alert stays until it resolves."""
    require_role(user, Role.ADMIN, Role.TECHNICIAN)
    visible_alert(session, user, alert_id)
    alert = acknowledge(session, alert_id, user.username, data.note, utcnow(), user_id=user.user_id)
    return alert_public(alert, session.get_one(School, alert.school_id).slug)
