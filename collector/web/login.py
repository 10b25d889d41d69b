"""``/login`` and ``/logout``: the API's session tokens, carried in an HttpOnly cookie."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy import delete
from sqlalchemy.orm import Session

from collector.api.deps import FactoryDep, SettingsDep, client_address, utcnow
from collector.db.models import UserSession
from collector.services.login import (
    AccountDisabledError,
    LoginTry,
    TooManyAttemptsError,
    WrongPasswordError,
    log_in,
)
from collector.services.secrets import token_hash
from collector.settings import CollectorSettings
from collector.web.forms import FormDep
from collector.web.render import pages_of
from collector.web.security import (
    CSRF_FIELD,
    EXPIRED,
    LOGIN_COOKIE,
    LOGIN_PATH,
    SESSION_COOKIE,
    check_form,
    clear_cookie,
    is_secure,
    new_login_token,
    safe_next,
    same_site,
    set_login_cookie,
    set_session_cookie,
    tokens_match,
)
from collector.web.viewer import PageRoute, ViewerDep

log = logging.getLogger(__name__)
router = APIRouter(route_class=PageRoute, include_in_schema=False)
WRONG = "Wrong user name or password. Check both and try again."
MISSING = "Enter your user name and your password."
MAX_USERNAME = 128


@router.get("/")
def home(found: ViewerDep) -> RedirectResponse:
    return RedirectResponse(found.home, status_code=303)


@router.get(LOGIN_PATH)
def login_page(
    request: Request, settings: SettingsDep, next_url: Annotated[str, Query(alias="next")] = "/"
) -> Response:
    return login_form(request, settings, next_url=next_url)


def login_form(
    request: Request,
    settings: CollectorSettings,
    *,
    next_url: str,
    error: str | None = None,
    status: int = 200,
    username: str = "",
) -> Response:
    token = request.cookies.get(LOGIN_COOKIE) or new_login_token()
    context = {"csrf": token, "next": safe_next(next_url), "error": error, "username": username}
    response = pages_of(request).render("login.html", context, status)
    set_login_cookie(response, token, is_secure(request, settings.public_url))
    return response


@router.post(LOGIN_PATH)
def login_submit(
    request: Request, form: FormDep, factory: FactoryDep, settings: SettingsDep
) -> Response:
    next_url, username = form.get("next", "/"), form.get("username", "").strip()[:MAX_USERNAME]
    again = {"next_url": next_url, "username": username}
    token = request.cookies.get(LOGIN_COOKIE)
    if not same_site(request, settings.public_url) or not tokens_match(token, form.get(CSRF_FIELD)):
        return login_form(request, settings, error=EXPIRED, status=403, **again)
    password = form.get("password", "")
    if not username or not password:
        return login_form(request, settings, error=MISSING, status=400, **again)
    attempt = LoginTry(username, password, client_address(request))
    try:
        issued = log_in(factory, attempt, settings, utcnow())
    except WrongPasswordError:
        return login_form(request, settings, error=WRONG, status=401, **again)
    except AccountDisabledError as exc:
        return login_form(request, settings, error=exc.message, status=403, **again)
    except TooManyAttemptsError as exc:
        response = login_form(request, settings, error=exc.message, status=429, **again)
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response
    ttl = timedelta(hours=settings.session_ttl_hours)
    response = RedirectResponse(safe_next(next_url), status_code=303)
    secure = is_secure(request, settings.public_url)
    set_session_cookie(response, issued.token, ttl, secure)
    clear_cookie(response, LOGIN_COOKIE, LOGIN_PATH, secure)
    return response


@router.post("/logout")
def logout(
    request: Request, found: ViewerDep, form: FormDep, factory: FactoryDep, settings: SettingsDep
) -> Response:
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    with factory.begin() as session:
        end_session(session, found.token)
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    clear_cookie(response, SESSION_COOKIE, "/", is_secure(request, settings.public_url))
    return response


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_hash == token_hash(token)))
