"""The People page in Debian's chromium against a real ``lankeeper-collector serve``: an admin
adds a technician (password made up and shown once), the technician signs in and makes the
password their own, the admin disables them and the technician's next page is refused, the
technician locks themself out, the admin sees until when (in the cluster's zone) and lifts it;
hostile names stay text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import SecretStr

from collector.contracts import ClusterCreate, SchoolCreate, UserCreate
from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import upgrade
from collector.domain import Role
from collector.services import accounts, tenancy
from collector.services.login_throttle import ThrottlePolicy
from collector.settings import CollectorSettings
from collector.timefmt import TimeFormat
from tests.collector.live import collector_process
from tests.e2e.browser import browser_log_in
from tests.e2e.world import PASSWORD, build_tenancy

Page = Any  # playwright.sync_api.Page
ZONE = "Pacific/Auckland"
HOSTILE_USER = "<img src=x onerror=alert(7)>"
HOSTILE_SCHOOL = "<script>alert(8)</script> Primary"
TYPED_HOSTILE = "<b onmouseover=alert(9)>bold</b>"
LOCKOUT_AFTER = 3


@dataclass(frozen=True)
class Live:
    base: str
    url: str


@pytest.fixture(scope="module")
def people_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    url = f"sqlite:///{tmp_path_factory.mktemp('people') / 'collector.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    build_tenancy(factory)
    now = datetime.now(UTC)
    with factory.begin() as session:
        east = ClusterCreate(slug="east", name="East cluster", timezone=ZONE, weekend_days=[5, 6])
        tenancy.create_cluster(session, east, now)
        school = SchoolCreate(cluster="east", slug="harbour", name=HOSTILE_SCHOOL)
        tenancy.create_school(session, school, now)
        head = UserCreate(
            username=HOSTILE_USER,
            password=SecretStr(PASSWORD),
            role=Role.PRINCIPAL,
            school="harbour",
        )
        tenancy.create_user(session, head, now)
    engine.dispose()
    limits = {"LANKEEPER_COLLECTOR_LOGIN_LOCKOUT_FAILURES": str(LOCKOUT_AFTER)}
    with collector_process(url, limits) as base:
        yield Live(base, url)


@pytest.fixture
def pages(browser: Any, people_live: Live) -> Iterator[tuple[Page, Page]]:
    """Two browsers with their own cookies: the admin's and the new technician's."""
    contexts = [browser.new_context(base_url=people_live.base) for _ in range(2)]
    opened = []
    for context in contexts:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("dialog", lambda dialog: pytest.fail(f"a script ran: {dialog.message}"))
        opened.append(page)
    yield opened[0], opened[1]
    for context in contexts:
        context.close()


def open_account(admin: Page, username: str) -> None:
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    admin.get_by_role("link", name=username, exact=True).click()
    admin.wait_for_url("**/people/account?name=*")


def lock_ends(url: str, username: str) -> datetime | None:
    engine = make_engine(url)
    policy = ThrottlePolicy.from_settings(
        CollectorSettings(database_url=url, login_lockout_failures=LOCKOUT_AFTER)
    )
    try:
        with make_session_factory(engine)() as session:
            return accounts.account(session, username, datetime.now(UTC), policy).locked_until
    finally:
        engine.dispose()


def test_admin_manages_a_technician_from_the_people_page(
    pages: tuple[Page, Page], people_live: Live
) -> None:
    admin, tech = pages
    assert browser_log_in(admin, "admin", PASSWORD) == ""
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    admin.get_by_label("User name").fill("tech-anna")
    admin.get_by_label("Role").select_option(label="Technician")
    admin.get_by_label("Cluster (for a technician)").select_option(label="East cluster")
    admin.get_by_role("button", name="Add this person").click()
    password = str(admin.locator("code.password").inner_text())
    assert len(password) == 19
    row = admin.locator('tr[data-user="tech-anna"]')
    assert "East cluster" in row.inner_text()

    assert browser_log_in(tech, "tech-anna", password) == ""
    tech.wait_for_url("**/overview")
    tech.get_by_role("link", name="My password").click()  # the made-up one becomes their own
    tech.get_by_label("Your current password").fill(password)
    password = "anna's own password"
    tech.get_by_label("New password", exact=True).fill(password)
    tech.get_by_label("New password again").fill(password)
    tech.get_by_role("button", name="Change my password").click()
    assert "Your password is changed." in tech.get_by_role("status").inner_text()

    open_account(admin, "tech-anna")
    admin.get_by_role("button", name="Disable the account").click()
    assert (
        "tech-anna can no longer sign in (1 open session(s) ended)"
        in admin.get_by_role("status").inner_text()
    )
    tech.goto("/overview")
    assert "/login" in tech.url  # the session ended with the disable
    assert browser_log_in(tech, "tech-anna", password) == (
        "This account has been disabled; ask your administrator to enable it."
    )

    admin.get_by_role("button", name="Enable the account").click()
    assert "tech-anna can sign in again." in admin.get_by_role("status").inner_text()
    for _ in range(LOCKOUT_AFTER):
        browser_log_in(tech, "tech-anna", "a wrong guess")
    assert browser_log_in(tech, "tech-anna", password).startswith("This account is locked")

    ends = lock_ends(people_live.url, "tech-anna")
    assert ends is not None
    admin.reload()
    shown = TimeFormat.named(ZONE)
    locked = str(admin.locator("dd.locked").inner_text())
    assert f"until {shown.when_long(ends)} ({ZONE})" in locked  # the cluster's zone, named
    admin.get_by_role("button", name="Lift the lockout").click()
    assert "The lockout is lifted" in admin.get_by_role("status").inner_text()
    assert browser_log_in(tech, "tech-anna", password) == ""
    tech.wait_for_url("**/overview")

    admin.goto("/audit")
    actions = admin.locator("tr[data-action^='user.']").all_inner_texts()
    for action in ("user.create", "user.disable", "user.enable", "user.unlock"):
        assert any(action in line and "tech-anna" in line for line in actions), action


def test_hostile_names_stay_text(pages: tuple[Page, Page]) -> None:
    admin, _ = pages
    assert browser_log_in(admin, "admin", PASSWORD) == ""
    admin.goto("/people")
    admin.get_by_label("User name").fill(TYPED_HOSTILE)
    admin.get_by_label("Role").select_option(label="Principal")
    admin.get_by_label("School (for a principal)").select_option(
        label=f"{HOSTILE_SCHOOL} (East cluster)"
    )
    admin.get_by_label("Password (leave empty and one is made up for you)").fill(PASSWORD)
    admin.get_by_role("button", name="Add this person").click()
    assert "They sign in with the password you typed." in admin.get_by_role("status").inner_text()
    assert admin.locator("b").count() == 0  # the typed markup made no element
    assert admin.locator("img").count() == 0
    for name in (HOSTILE_USER, TYPED_HOSTILE):
        row = admin.locator("tr", has=admin.get_by_role("link", name=name, exact=True))
        assert HOSTILE_SCHOOL in row.inner_text()
    open_account(admin, HOSTILE_USER)
    assert admin.get_by_role("heading", level=1).inner_text() == HOSTILE_USER
    assert HOSTILE_SCHOOL in admin.locator("p.lead").inner_text()
