"""The role form on a person's page (``/people/account/role``) in TestClient on SQLite and
PostgreSQL: admins only, the session's CSRF token, the new role and scope said on the page,
bad input and refusals answered with a sentence (never a 500), audited under the admin."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import AuditEntry, User
from collector.domain import Role
from tests.e2e.helpers import csrf_of, login
from tests.e2e.world import World, build_tenancy

ROLE = "/people/account/role"


@pytest.fixture
def provider(factory: sessionmaker[Session]) -> World:
    return build_tenancy(factory)


def role_of(factory: sessionmaker[Session], username: str) -> tuple[Role, int | None, int | None]:
    with factory() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        return user.role, user.cluster_id, user.school_id


def status_of(html: str) -> str:
    found = re.search(r'<p class="all-good role-changed" role="status">(.*?)</p>', html, re.S)
    assert found is not None, html
    return found.group(1)


def test_only_admins_change_roles_and_only_with_the_csrf_token(
    app: FastAPI, provider: World, factory: sessionmaker[Session]
) -> None:
    before = role_of(factory, "tech-south")
    for name in ("tech", "head"):
        person = login(app, name)
        form = {"csrf": csrf_of(person.get("/alerts").text), "username": "tech-south"}
        assert person.post(ROLE, data=form | {"role": "admin"}).status_code == 403
    admin, other = login(app, "admin"), login(app, "tech")
    token, foreign = csrf_of(admin.get("/people").text), csrf_of(other.get("/alerts").text)
    for bad in ({}, {"csrf": ""}, {"csrf": foreign}, {"csrf": token + "0"}):
        form = {"username": "tech-south", "role": "admin"} | bad
        assert admin.post(ROLE, data=form).status_code == 403
    assert role_of(factory, "tech-south") == before


def test_admin_moves_a_principal_and_promotes_a_technician_on_the_page(
    app: FastAPI, provider: World, factory: sessionmaker[Session]
) -> None:
    admin, head = login(app, "admin"), login(app, "head")
    page = admin.get("/people/account", params={"name": "head"}).text
    assert 'action="/people/account/role"' in page
    assert '<option value="stmarys" selected>' in page  # the form starts from what they have
    token = csrf_of(page)
    moved = admin.post(
        ROLE, data={"csrf": token, "username": "head", "role": "principal", "school": "riverside"}
    )
    assert moved.status_code == 200
    assert status_of(moved.text) == (
        "head is now principal at Riverside School (South cluster). They were signed out on "
        "1 computer or phone and sign in again with the same password to get their new rights."
    )
    assert "/login" in str(head.get("/overview", follow_redirects=True).url)
    promoted = admin.post(
        ROLE, data={"csrf": token, "username": "tech", "role": "admin", "cluster": "north"}
    )
    assert status_of(promoted.text).startswith("tech is now admin for every cluster.")
    assert role_of(factory, "tech") == (Role.ADMIN, None, None)
    same = admin.post(ROLE, data={"csrf": token, "username": "tech", "role": "admin"})
    assert status_of(same.text) == (
        "Nothing changed: tech already has this role and looks after the same."
    )
    audit = admin.get("/audit").text
    assert len(re.findall(r'<tr data-action="user.role"><td>[^<]+</td><td>admin</td>', audit)) == 2


@pytest.mark.parametrize(
    ("fields", "status", "sentence"),
    [
        (
            {"role": "technician", "cluster": ""},
            400,
            "A technician needs a cluster: the one whose schools they look after",
        ),
        ({"role": "principal", "cluster": "north"}, 400, "A principal needs a school"),
        ({"role": "wizard"}, 400, "Role: Input should be"),
        ({"role": "technician", "cluster": "west"}, 404, "No cluster &#39;west&#39;"),
    ],
)
def test_bad_input_is_answered_with_a_sentence_on_the_page(  # noqa: PLR0917 (fixtures, parameters)
    app: FastAPI,
    provider: World,
    factory: sessionmaker[Session],
    fields: dict[str, str],
    status: int,
    sentence: str,
) -> None:
    before = role_of(factory, "tech-south")
    admin = login(app, "admin")
    token = csrf_of(admin.get("/people").text)
    answer = admin.post(ROLE, data={"csrf": token, "username": "tech-south", **fields})
    assert answer.status_code == status
    assert f'<p class="error" role="alert">{sentence}' in answer.text
    assert 'action="/people/account/role"' in answer.text  # the form is there to try again
    assert role_of(factory, "tech-south") == before
    with factory() as session:
        assert (
            session.scalars(select(AuditEntry).where(AuditEntry.action == "user.role")).all() == []
        )


def test_an_admin_cannot_change_their_own_role_on_the_page(
    app: FastAPI, provider: World, factory: sessionmaker[Session]
) -> None:
    admin = login(app, "admin")
    own = admin.get("/people/account", params={"name": "admin"}).text
    assert "You cannot change your own role; another admin can." in own
    assert 'action="/people/account/role"' not in own
    form = {"csrf": csrf_of(own), "username": "admin", "role": "technician", "cluster": "north"}
    refused = admin.post(ROLE, data=form)
    assert refused.status_code == 409
    assert "is the last enabled admin; make another one first" in refused.text
    promote = {"csrf": csrf_of(own), "username": "tech", "role": "admin"}
    assert admin.post(ROLE, data=promote).status_code == 200
    refused = admin.post(ROLE, data=form)
    assert refused.status_code == 409
    assert "You cannot change your own role; ask another admin to do it." in refused.text
    assert role_of(factory, "admin") == (Role.ADMIN, None, None)
    assert admin.get("/people").status_code == 200  # still signed in
    missing = admin.post(ROLE, data={"csrf": csrf_of(own), "username": "nobody", "role": "admin"})
    assert missing.status_code == 404
