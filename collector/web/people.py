"""``/people``: everyone's account, a new account, and an account's page with its actions,
its role and what it looks after among them (admins only; technicians and principals get the
403 page, like ``/audit``).

Reads and writes go through ``services.people`` (the admin API's account actions, audited under
the admin's user name). User names travel in a form field or the query, never in the path,
so any name (slashes, hostile text) works. A password, typed or generated, is shown once in the
answer to the form that set it (the page is ``no-store``) and never written to a log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session, sessionmaker

from collector.api.deps import FactoryDep, SessionDep, SettingsDep, utcnow
from collector.errors import BadRequestError, CollectorError, ConflictError, NotFoundError
from collector.services import people
from collector.services.accounts import RoleChanged
from collector.services.login_throttle import ThrottlePolicy
from collector.services.people import AccountAction, Handover
from collector.settings import CollectorSettings
from collector.timefmt import TimeFormat
from collector.web.forms import FormDep
from collector.web.pages import page
from collector.web.security import CSRF_FIELD, check_form
from collector.web.viewer import PageRoute, Viewer, ViewerDep

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Outcome = Handover | RoleChanged  # what a form on a person's page did
NameQuery = Annotated[str, Query(min_length=1, max_length=128)]
NEW_FIELDS = ("username", "role", "cluster", "school", "email")
ROLE_WORDS = {"admin": "Admin", "technician": "Technician", "principal": "Principal"}
DONE_WORDS = {
    AccountAction.DISABLE.value: "{name} can no longer sign in ({ended} open session(s) ended). "
    "Enable the account to let them back in.",
    AccountAction.ENABLE.value: "{name} can sign in again.",
    AccountAction.END_SESSIONS.value: "{name} is signed out everywhere ({ended} session(s) "
    "ended); their password is unchanged.",
    AccountAction.UNLOCK.value: "The lockout is lifted: {name} can try to sign in again now.",
}


def _zones(found: Viewer) -> dict[str, Any]:
    """``fmt_of(person)``: times of an account in its cluster's zone (admins: the page's)."""
    return {
        "fmt_of": lambda p: TimeFormat.named(p.timezone or found.timezone),
        "role_words": ROLE_WORDS,
        "done_words": DONE_WORDS,
    }


def _list_context(session: Session, found: Viewer, settings: CollectorSettings) -> dict[str, Any]:
    policy = ThrottlePolicy.from_settings(settings)
    return {
        "people": people.people(session, found.user, utcnow(), policy),
        "choices": people.choices(session, found.user),
        "keep_days": settings.login_attempts_keep_days,
        **_zones(found),
    }


@router.get("/people")
def people_page(
    request: Request, found: ViewerDep, session: SessionDep, settings: SettingsDep
) -> Response:
    context = _list_context(session, found, settings)
    return page(request, "people.html", found, **context, error=None, handover=None, typed={})


@router.post("/people")
def create_account(
    request: Request,
    found: ViewerDep,
    form: FormDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> Response:
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    typed = {name: form.get(name, "") for name in NEW_FIELDS}
    error, status, handover = None, 200, None
    try:
        with factory.begin() as session:
            handover = people.create(session, found.user, form, utcnow())
    except (BadRequestError, ConflictError, NotFoundError) as exc:
        error, status = _sentence(exc.message), exc.status_code
    with factory.begin() as session:
        context = _list_context(session, found, settings)
    return page(
        request,
        "people.html",
        found,
        status,
        **context,
        error=error,
        handover=handover,
        typed=typed if error else {},
    )


@router.get("/people/account")
def account_page(  # noqa: PLR0917 (FastAPI dependencies)
    request: Request,
    found: ViewerDep,
    session: SessionDep,
    settings: SettingsDep,
    name: NameQuery,
    done: Annotated[AccountAction | None, Query()] = None,
    ended: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    return _account(request, found, session, settings, name, done=done, ended=ended)


@router.post("/people/account/password")
def set_password(
    request: Request,
    found: ViewerDep,
    form: FormDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> Response:
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    username, typed = form.get("username", ""), form.get("password", "")

    def work(session: Session) -> Outcome:
        return people.set_password(session, found.user, username, typed, utcnow(), found.token)

    return _act_and_show(request, found, factory, settings, username, work)


@router.post("/people/account/role")
def change_role(
    request: Request,
    found: ViewerDep,
    form: FormDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> Response:
    """Registered before ``/people/account/{action}``, which would take "role" for an action."""
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    username = form.get("username", "")

    def work(session: Session) -> Outcome:
        return people.change_role(session, found.user, username, form, utcnow())

    return _act_and_show(request, found, factory, settings, username, work)


@router.post("/people/account/{action}")
def account_action(  # noqa: PLR0917 (FastAPI dependencies)
    request: Request,
    action: AccountAction,
    found: ViewerDep,
    form: FormDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> Response:
    check_form(request, settings.public_url, found.csrf, form.get(CSRF_FIELD))
    username = form.get("username", "")
    try:
        with factory.begin() as session:
            ended = people.act(session, found.user, action, username, utcnow())
    except ConflictError as exc:
        with factory.begin() as session:
            return _account(request, found, session, settings, username, error=exc)
    query = urlencode({"name": username, "done": action.value, "ended": ended})
    return RedirectResponse(f"/people/account?{query}", status_code=303)


def _act_and_show(  # noqa: PLR0917 (the page's request context and the work)
    request: Request,
    found: Viewer,
    factory: sessionmaker[Session],
    settings: CollectorSettings,
    username: str,
    work: Callable[[Session], Outcome],
) -> Response:
    """Run a form's ``work`` in its own transaction, then show the person's page with what it
    did, or with the error's sentence (an unknown user's page is the 404 page)."""
    try:
        with factory.begin() as session:
            outcome = work(session)
    except (BadRequestError, ConflictError, NotFoundError) as exc:
        with factory.begin() as session:
            return _account(request, found, session, settings, username, error=exc)
    with factory.begin() as session:
        return _account(request, found, session, settings, username, outcome=outcome)


def _account(
    request: Request,
    found: Viewer,
    session: Session,
    settings: CollectorSettings,
    username: str,
    *,
    error: CollectorError | None = None,
    outcome: Outcome | None = None,
    done: AccountAction | None = None,
    ended: int = 0,
) -> Response:
    policy = ThrottlePolicy.from_settings(settings)
    shown = people.person(session, found.user, username, utcnow(), policy)
    return page(
        request,
        "person.html",
        found,
        error.status_code if error else 200,
        person=shown,
        error=_sentence(error.message) if error else None,
        handover=outcome if isinstance(outcome, Handover) else None,
        changed=outcome if isinstance(outcome, RoleChanged) else None,
        choices=people.choices(session, found.user),
        done=done,
        ended=ended,
        own=username == found.user.username,
        keep_days=settings.login_attempts_keep_days,
        **_zones(found),
    )


def _sentence(message: str) -> str:
    """Service messages start in lower case (they also end up in JSON and on the CLI)."""
    return message[:1].upper() + message[1:]
