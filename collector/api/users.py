"""Log in (a bearer session), and act on alerts."""

from __future__ import annotations

from fastapi import APIRouter, Request

from collector.api.deps import (
    Credentials,
    FactoryDep,
    SessionDep,
    SettingsDep,
    UserDep,
    client_address,
    utcnow,
)
from collector.api.params import RowId
from collector.contracts import AcknowledgeRequest, AlertPublic, LoginRequest, TokenResponse
from collector.contracts_admin import PasswordChange as PasswordChangeRequest
from collector.contracts_admin import SessionsEnded
from collector.db.models import School
from collector.domain import Role
from collector.services.access import require_role
from collector.services.alerts import acknowledge
from collector.services.login import LoginTry, PasswordChange, change_password, log_in
from collector.services.read import alert_public, visible_alert

router = APIRouter(prefix="/api/v1", tags=["users"])


@router.post(
    "/auth/login",
    response_model=TokenResponse,
    responses={
        401: {"description": "wrong user name or password"},
        403: {"description": "the account is disabled"},
        429: {"description": "too many failed attempts (see Retry-After)"},
    },
)
def post_login(
    data: LoginRequest, request: Request, factory: FactoryDep, settings: SettingsDep
) -> TokenResponse:
    """Exchange user name and password for a bearer session token (``lks_…``).

    Failed attempts are throttled per account and per client address, and an account is
    locked after repeated failures: 429 with ``Retry-After`` and the sentence to show."""
    attempt = LoginTry(
        username=data.username,
        password=data.password.get_secret_value(),
        address=client_address(request),
    )
    return log_in(factory, attempt, settings, utcnow())


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


@router.post("/auth/password", response_model=SessionsEnded)
def post_password(  # noqa: PLR0917 (FastAPI dependencies)
    data: PasswordChangeRequest,
    request: Request,
    user: UserDep,
    credentials: Credentials,
    factory: FactoryDep,
    settings: SettingsDep,
) -> SessionsEnded:
    """Change your own password: this session stays, every other one of yours ends. A wrong
    current password counts as a failed login (throttled the same way)."""
    assert credentials is not None  # UserDep has checked it
    change = PasswordChange(
        user_id=user.user_id,
        current=data.current_password.get_secret_value(),
        new=data.new_password.get_secret_value(),
        address=client_address(request),
        session_token=credentials.credentials,
    )
    ended = change_password(factory, change, settings, utcnow())
    return SessionsEnded(username=user.username, ended=ended)
