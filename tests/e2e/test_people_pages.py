"""The People page (``/people``) in TestClient on SQLite and PostgreSQL: admins only, every form
needs the session's CSRF token, bad input gets the API's sentence (never a 500), each action
writes its audit entry and the audit log page shows it, hostile names stay escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.contracts import SchoolCreate, UserCreate
from collector.db.models import User
from collector.domain import Role
from collector.services import tenancy
from tests.e2e.helpers import csrf_of, login
from tests.e2e.world import PASSWORD, World, build_tenancy

HOSTILE_USER = "<img src=x onerror=alert(5)>"
HOSTILE_SCHOOL = '<script>alert("school")</script> & Co'


@pytest.fixture
def provider(factory: sessionmaker[Session]) -> World:
    """The dashboard world's people (no reports needed) and a school and principal whose
    names are markup."""
    world = build_tenancy(factory)
    now = datetime.now(UTC)
    with factory.begin() as session:
        tenancy.create_school(
            session, SchoolCreate(cluster="south", slug="hostile", name=HOSTILE_SCHOOL), now
        )
        data = UserCreate(
            username=HOSTILE_USER,
            password=SecretStr(PASSWORD),
            role=Role.PRINCIPAL,
            school="hostile",
        )
        tenancy.create_user(session, data, now)
    return world


def disabled(factory: sessionmaker[Session], username: str) -> bool:
    with factory() as session:
        return session.scalars(select(User.disabled).where(User.username == username)).one()


def test_only_admins_see_the_people_page_and_its_link(app: FastAPI, provider: World) -> None:
    admin = login(app, "admin")
    assert '<a href="/people">People</a>' in admin.get("/overview").text
    for name in ("tech", "head"):
        person = login(app, name)
        home = person.get("/alerts").text
        assert 'href="/people"' not in home
        token = csrf_of(home)
        assert person.get("/people").status_code == 403
        assert person.get("/people/account", params={"name": "tech-south"}).status_code == 403
        form = {"csrf": token, "username": "tech-south"}
        assert person.post("/people/account/disable", data=form).status_code == 403
        assert person.post("/people/account/password", data=form).status_code == 403
        made = {"csrf": token, "username": "sneaky", "role": "admin", "password": PASSWORD}
        assert person.post("/people", data=made).status_code == 403
    assert TestClient(app, follow_redirects=False).get("/people").status_code == 303  # log in


def test_every_people_form_needs_the_sessions_csrf_token(
    app: FastAPI, provider: World, factory: sessionmaker[Session]
) -> None:
    admin, other = login(app, "admin"), login(app, "tech")
    token, foreign = csrf_of(admin.get("/people").text), csrf_of(other.get("/alerts").text)
    made = {"username": "new-tech", "role": "technician", "cluster": "north", "password": PASSWORD}
    for bad in ({}, {"csrf": ""}, {"csrf": foreign}, {"csrf": token + "0"}):
        assert admin.post("/people", data=made | bad).status_code == 403
        act = {"username": "tech"} | bad
        assert admin.post("/people/account/disable", data=act).status_code == 403
        assert admin.post("/people/account/password", data=act).status_code == 403
    cross = admin.post(
        "/people/account/disable",
        data={"username": "tech", "csrf": token},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert cross.status_code == 403
    assert "This form has expired or did not come from this site" in cross.text
    assert not disabled(factory, "tech")
    assert "new-tech" not in admin.get("/people").text


def test_the_list_says_role_scope_state_and_escapes_names(app: FastAPI, provider: World) -> None:
    html = login(app, "admin").get("/people").text
    assert HOSTILE_USER not in html
    assert "<script>" not in html
    assert "&lt;img src=x onerror=alert(5)&gt;" in html
    assert "&lt;script&gt;alert(&#34;school&#34;)&lt;/script&gt; &amp; Co" in html
    row = re.search(r'<tr data-user="tech">(.*?)</tr>', html, re.S)
    assert row is not None
    assert "Technician" in row.group(1)
    assert "North cluster" in row.group(1)
    account = login(app, "admin").get("/people/account", params={"name": HOSTILE_USER})
    assert account.status_code == 200
    assert HOSTILE_USER not in account.text
    assert login(app, "admin").get("/people/account", params={"name": "nobody"}).status_code == 404


BAD_FORMS = [
    (
        {"username": "new", "role": "technician"},
        400,
        "A technician needs a cluster: the one whose schools they look after",
    ),
    ({"username": "new", "role": "principal"}, 400, "A principal needs a school: the one they run"),
    ({"username": "tech", "role": "admin"}, 409, "User &#39;tech&#39; already exists"),
    (
        {"username": "new", "role": "technician", "cluster": "west"},
        404,
        "No cluster &#39;west&#39;",
    ),
    (
        {"username": "new", "role": "admin", "password": "short"},
        400,
        "Password: a password needs at least 8 characters",
    ),
    ({"username": "", "role": "admin"}, 400, "Username: String should have at least 1 character"),
    ({"username": "new", "role": "root"}, 400, "Role: Input should be"),
    (
        {"username": "new", "role": "admin", "email": "at home"},
        400,
        "Email: an e-mail address looks like name@example.org",
    ),
]


@pytest.mark.parametrize(("fields", "status", "sentence"), BAD_FORMS)
def test_bad_input_is_answered_with_a_sentence_on_the_page(
    app: FastAPI, provider: World, fields: dict[str, str], status: int, sentence: str
) -> None:
    admin = login(app, "admin")
    token = csrf_of(admin.get("/people").text)
    answer = admin.post("/people", data={"csrf": token, **fields})
    assert answer.status_code == status
    assert f'<p class="error" role="alert">{sentence}' in answer.text
    assert 'name="username"' in answer.text  # the form is there to try again
    if fields["username"] == "new":
        assert 'value="new"' in answer.text  # with what was typed


def test_admin_adds_people_and_acts_on_accounts_with_audit_entries(
    app: FastAPI, provider: World, factory: sessionmaker[Session]
) -> None:
    admin = login(app, "admin")
    token = csrf_of(admin.get("/people").text)
    made = admin.post(
        "/people",
        data={"csrf": token, "username": "tech-new", "role": "technician", "cluster": "south"},
    )
    assert made.status_code == 200
    password = re.search(r'<code class="password">([^<]+)</code>', made.text)
    assert password is not None
    login(app, "tech-new", password.group(1))  # the generated password works
    assert password.group(1) not in admin.get("/people").text  # shown once
    steps = [
        ("disable", "tech-new can no longer sign in (1 open session(s) ended)"),
        ("enable", "tech-new can sign in again."),
        ("end-sessions", "tech-new is signed out everywhere (0 session(s) ended)"),
        ("unlock", "The lockout is lifted: tech-new can try to sign in again now."),
    ]
    for action, said in steps:
        answer = admin.post(
            f"/people/account/{action}", data={"csrf": token, "username": "tech-new"}
        )
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/people/account?name=tech-new&done=")
        assert said in admin.get(answer.headers["location"]).text
    typed = admin.post(
        "/people/account/password",
        data={"csrf": token, "username": "tech-new", "password": "typed by the admin"},
    )
    assert typed.status_code == 200
    assert "It is the one you typed." in typed.text
    login(app, "tech-new", "typed by the admin")
    short = admin.post(
        "/people/account/password",
        data={"csrf": token, "username": "tech-new", "password": "short"},
    )
    assert short.status_code == 400
    assert "Password: a password needs at least 8 characters" in short.text
    audit = admin.get("/audit").text
    for action in (
        "user.create",
        "user.disable",
        "user.enable",
        "user.end_sessions",
        "user.unlock",
        "user.set_password",
    ):
        assert re.search(
            rf'<tr data-action="{action}"><td>[^<]+</td><td>admin</td>.*?user: tech-new', audit
        ), action


def test_an_admin_cannot_disable_themself_on_the_page(
    app: FastAPI, provider: World, factory: sessionmaker[Session]
) -> None:
    admin = login(app, "admin")
    own = admin.get("/people/account", params={"name": "admin"}).text
    assert "You cannot disable your own account; another admin can." in own
    assert 'action="/people/account/disable"' not in own
    refused = admin.post(
        "/people/account/disable", data={"csrf": csrf_of(own), "username": "admin"}
    )
    assert refused.status_code == 409
    assert "is the last enabled admin; enable another one first" in refused.text
    made = {"csrf": csrf_of(own), "username": "admin-two", "role": "admin", "password": PASSWORD}
    assert admin.post("/people", data=made).status_code == 200
    refused = admin.post(
        "/people/account/disable", data={"csrf": csrf_of(own), "username": "admin"}
    )
    assert refused.status_code == 409
    assert "You cannot disable your own account; ask another admin to do it." in refused.text
    assert not disabled(factory, "admin")
    assert admin.get("/people").status_code == 200  # still signed in


# ------------------------------------------------------------------ /password (everyone)
def test_anyone_changes_their_own_password_on_the_page(
    app: FastAPI, provider: World, factory: sessionmaker[Session]
) -> None:
    head, other = login(app, "head"), login(app, "head")
    form = head.get("/password")
    assert form.status_code == 200
    assert '<a href="/password">My password</a>' in form.text
    token = csrf_of(form.text)
    change = {
        "current_password": PASSWORD,
        "new_password": "our school's own",
        "repeat": "our school's own",
    }
    assert head.post("/password", data=change).status_code == 403  # no CSRF token
    mismatch = head.post("/password", data={**change, "csrf": token, "repeat": "something else"})
    assert (mismatch.status_code, "type the new one twice" in mismatch.text) == (400, True)
    wrong = head.post("/password", data={**change, "csrf": token, "current_password": "a guess"})
    assert wrong.status_code == 401
    assert "The current password is wrong; nothing was changed" in wrong.text
    short = {**change, "csrf": token, "new_password": "short", "repeat": "short"}
    said = head.post("/password", data=short)
    assert (said.status_code, "A password needs at least 8 characters" in said.text) == (400, True)
    done = head.post("/password", data={**change, "csrf": token})
    assert done.status_code == 200
    assert "Your password is changed." in done.text
    assert head.get("/schools/stmarys").status_code == 200  # this session stays
    assert other.get("/schools/stmarys").status_code == 303  # the other one ended
    login(app, "head", "our school's own")
    admin = login(app, "admin")
    assert re.search(
        r'data-action="user.set_password"><td>[^<]+</td><td>head</td>', admin.get("/audit").text
    )
