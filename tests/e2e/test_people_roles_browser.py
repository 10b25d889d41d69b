"""The role form of the People page in Debian's chromium against a real ``lankeeper-collector
serve``: an admin moves a signed-in principal to another school; the principal is signed out,
signs in again with the same password and sees the new school only; the admin then makes
them a technician of a cluster, and the audit log shows both changes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import upgrade
from tests.collector.live import collector_process
from tests.e2e.browser import browser_log_in
from tests.e2e.world import build_tenancy

Page = Any  # playwright.sync_api.Page


@pytest.fixture(scope="module")
def roles_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('roles') / 'collector.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    build_tenancy(make_session_factory(engine))
    engine.dispose()
    with collector_process(url) as base:
        yield base


@pytest.fixture
def pages(browser: Any, roles_live: str) -> Iterator[tuple[Page, Page]]:
    """Two browsers with their own cookies: the admin's and the principal's."""
    contexts = [browser.new_context(base_url=roles_live) for _ in range(2)]
    opened = []
    for context in contexts:
        page = context.new_page()
        page.set_default_timeout(15_000)
        opened.append(page)
    yield opened[0], opened[1]
    for context in contexts:
        context.close()


def sign_in(page: Page, username: str) -> None:
    said = browser_log_in(page, username)
    assert "/login" not in page.url, said


def test_admin_moves_a_principal_to_another_school_and_then_makes_them_a_technician(
    pages: tuple[Page, Page],
) -> None:
    admin, head = pages
    sign_in(admin, "admin")
    sign_in(head, "head")
    assert "St Mary's Primary" in head.locator("main").inner_text()
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    admin.get_by_role("link", name="head", exact=True).click()
    admin.wait_for_url("**/people/account?name=*")
    form = admin.locator("form.change-role")
    assert form.get_by_label("Role").input_value() == "principal"
    assert form.get_by_label("School (for a principal)").input_value() == "stmarys"
    form.get_by_label("School (for a principal)").select_option(
        label="Riverside School (South cluster)"
    )
    form.get_by_role("button", name="Change the role").click()
    said = str(admin.get_by_role("status").inner_text())
    assert said.startswith("head is now principal at Riverside School (South cluster).")
    assert "signed out on 1 computer or phone" in said
    assert "Principal at Riverside School (South cluster)." in admin.locator("p.lead").inner_text()

    head.reload()
    assert "/login" in head.url  # their session ended with the change
    sign_in(head, "head")
    seen = str(head.locator("main").inner_text())
    assert "Riverside School" in seen
    assert "St Mary's Primary" not in seen

    form = admin.locator("form.change-role")
    form.get_by_label("Role").select_option(label="Technician")
    form.get_by_label("Cluster (for a technician)").select_option(label="North cluster")
    form.get_by_role("button", name="Change the role").click()
    assert str(admin.get_by_role("status").inner_text()).startswith(
        "head is now technician for North cluster."
    )
    admin.goto("/people")
    row = str(admin.locator('tr[data-user="head"]').inner_text())
    assert "Technician" in row
    assert "North cluster" in row

    admin.goto("/audit")
    changes = admin.locator("tr[data-action='user.role']").all_inner_texts()
    assert len(changes) == 2
    assert all("head" in line and "admin" in line for line in changes)
