"""The dashboard's session cookie, CSRF tokens and redirect targets.

Every form POST is checked twice: the browser's ``Origin`` (and ``Sec-Fetch-Site``) header,
when sent, must name this site, and the form must carry the right hidden token:

* signed-in forms (log out, acknowledge) carry ``csrf_token(session token)``, an HMAC of the
  session token. That token sits in an HttpOnly cookie no other site can read, so nothing is
  stored and any replica can check it;
* the login form has no session yet: a double-submit cookie (a random value in an HttpOnly,
  SameSite=Strict cookie, the same value in the form).

The JSON API never reads these cookies (it wants ``Authorization: Bearer``), so it needs no
CSRF protection of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from fastapi import Request, Response

from collector.errors import ForbiddenError

SESSION_COOKIE = "lankeeper_session"
LOGIN_COOKIE = "lankeeper_login_csrf"
LOGIN_PATH = "/login"
CSRF_FIELD = "csrf"
_CSRF_CONTEXT = b"lankeeper dashboard form v1"
_LOGIN_TOKEN_BYTES = 32
EXPIRED = (
    "This form has expired or did not come from this site. Go back, reload the page and try again."
)


class CsrfError(ForbiddenError):
    """A form POST without the right token, or from another site."""

    def __init__(self) -> None:
        super().__init__(EXPIRED)


def csrf_token(session_token: str) -> str:
    return hmac.new(session_token.encode(), _CSRF_CONTEXT, hashlib.sha256).hexdigest()


def new_login_token() -> str:
    return secrets.token_urlsafe(_LOGIN_TOKEN_BYTES)


def tokens_match(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def same_site(request: Request, public_url: str) -> bool:
    """False when the browser says the request came from another site."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True  # browsers send Origin on POST; without it the token alone decides
    parts = urlsplit(origin)
    allowed = {request.headers.get("host", ""), urlsplit(public_url).netloc}
    return parts.scheme in ("http", "https") and parts.netloc in allowed


def check_form(request: Request, public_url: str, expected: str | None, given: str | None) -> None:
    if not same_site(request, public_url) or not tokens_match(expected, given):
        raise CsrfError


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything else (other sites, odd forms) is ``/``."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(char in target for char in "\\\r\n\t") or target.startswith(LOGIN_PATH):
        return "/"
    return target


def is_secure(request: Request, public_url: str) -> bool:
    return request.url.scheme == "https" or public_url.startswith("https://")


def set_session_cookie(response: Response, token: str, ttl: timedelta, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(ttl.total_seconds()),
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )


def set_login_cookie(response: Response, token: str, secure: bool) -> None:
    response.set_cookie(
        LOGIN_COOKIE, token, path=LOGIN_PATH, secure=secure, httponly=True, samesite="strict"
    )


def clear_cookie(response: Response, name: str, path: str, secure: bool) -> None:
    response.delete_cookie(name, path=path, secure=secure, httponly=True, samesite="strict")
