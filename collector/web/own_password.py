"""``/password``: anyone signed in changes their own password (the admin hands out the first
one on the People page). Through ``services.login.change_password``, like
``POST /api/v1/auth/password``: this session stays, every other one ends, and a wrong current
password counts as a failed login."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import SecretStr, ValidationError

from collector.api.deps import FactoryDep, SettingsDep, client_address, utcnow
from collector.contracts_admin import PasswordChange as PasswordChangeRequest
from collector.errors import TooManyRequestsError, UnauthorizedError
from collector.services.login import PasswordChange, change_password
from collector.web.forms import FormDep
from collector.web.pages import page
from collector.web.security import CSRF_FIELD, check_form
from collector.web.viewer import PageRoute, Viewer, ViewerDep

router = APIRouter(route_class=PageRoute, include_in_schema=False)
MISMATCH = "The two new passwords are not the same; type the new one twice."


@router.get("/password")
def password_page(request: Request, found: ViewerDep) -> Response:
    return page(request, "password.html", found, error=None, changed=False)


@router.post("/password")
def change(
    request: Request, found: ViewerDep, form: FormDep, factory: FactoryDep, settings: SettingsDep
) -> Response:
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    if form.get("new_password", "") != form.get("repeat", ""):
        return _again(request, found, 400, MISMATCH)
    try:
        data = PasswordChangeRequest(
            current_password=SecretStr(form.get("current_password", "")),
            new_password=SecretStr(form.get("new_password", "")),
        )
        change_password(
            factory, _change(request, found.user.user_id, found.token, data), settings, utcnow()
        )
    except ValidationError as exc:  # the one rule a typed password can break: its length
        reason = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        return _again(request, found, 400, reason)
    except (UnauthorizedError, TooManyRequestsError) as exc:
        return _again(request, found, exc.status_code, exc.message)
    return page(request, "password.html", found, error=None, changed=True)


def _again(request: Request, found: Viewer, status: int, message: str) -> Response:
    error = message[:1].upper() + message[1:]
    return page(request, "password.html", found, status, error=error, changed=False)


def _change(
    request: Request, user_id: int, token: str, data: PasswordChangeRequest
) -> PasswordChange:
    return PasswordChange(
        user_id=user_id,
        current=data.current_password.get_secret_value(),
        new=data.new_password.get_secret_value(),
        address=client_address(request),
        session_token=token,
    )
