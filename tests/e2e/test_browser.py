"""The dashboard in a real browser (Debian's chromium via Playwright) against a real
``lankeeper-collector serve`` process on 127.0.0.1, seeded through the ingest API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.world import BLACK, BROTHER, CYAN, PASSWORD, XSS_HOSTNAME, XSS_SUMMARY, XSS_SUPPLY

Page = Any  # playwright.sync_api.Page (imported lazily: the package may be missing locally)


@pytest.fixture
def page(browser: Any, live: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Every alert()/confirm() the page opens (there must be none)."""
    seen: list[str] = []

    def record(dialog: Any) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return seen


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/")
    assert "/login" in page.url
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_wrong_password_is_explained_then_login_works(page: Page) -> None:
    log_in(page, "tech", "not the password")
    assert page.get_by_role("alert").inner_text() == (
        "Wrong user name or password. Check both and try again."
    )
    assert page.get_by_label("User name").input_value() == "tech"
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/overview")
    assert page.get_by_role("heading", level=1).inner_text() == "Schools"
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")
    page.goto("/overview")
    assert "/login" in page.url


def test_technician_clicks_from_cluster_to_school_to_device(page: Page) -> None:
    log_in(page, "tech")
    page.wait_for_url("**/overview")
    rows = page.locator("table.schools tbody tr")
    names = [rows.nth(i).locator("th a").inner_text() for i in range(rows.count())]
    assert names == ["St Mary's Primary", "Elmwood Infants", "Oak Hill Academy"]
    assert "Silent" in rows.nth(1).inner_text()
    assert page.get_by_text("Riverside School").count() == 0
    page.get_by_role("link", name="St Mary's Primary").click()
    page.wait_for_url("**/schools/stmarys")
    headings = page.locator("h2").all_inner_texts()
    assert headings[0] == "Needs attention"
    attention = page.locator("#attention li").all_inner_texts()
    assert "office-printer: Black toner almost empty (4 %) — cartridge HP CF400X" in attention[0]
    page.locator("#devices").get_by_role("link", name="staffroom-printer").click()
    page.wait_for_url("**/devices/*")
    assert page.get_by_role("heading", level=1).inner_text() == "staffroom-printer"
    assert page.locator("#identity").get_by_text("VNB3R00123").is_visible()
    assert page.locator("#supplies").get_by_text(BLACK).is_visible()
    assert page.locator("#supplies svg.spark").count() == 2
    page.get_by_role("link", name="St Mary's Primary").click()
    page.wait_for_url("**/schools/stmarys")


def test_principal_sees_only_their_school_and_cannot_acknowledge(page: Page) -> None:
    log_in(page, "head")
    page.wait_for_url("**/schools/stmarys")
    assert page.get_by_role("heading", level=1).inner_text() == "St Mary's Primary"
    assert page.get_by_role("link", name="Pre-visit sheet").count() == 0
    response = page.goto("/schools/riverside")
    assert response is not None
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page.get_by_text("Riverside").count() == 0
    page.goto("/alerts")
    assert page.locator("#open tbody tr").count() >= 3
    assert page.get_by_role("button", name="Acknowledge").count() == 0
    assert page.locator("textarea").count() == 0


def test_markup_in_device_names_is_shown_as_text(page: Page, dialogs: list[str]) -> None:
    log_in(page, "tech")
    page.goto("/schools/stmarys")
    assert page.locator("#devices").get_by_text(XSS_HOSTNAME, exact=True).is_visible()
    assert page.locator("#attention").get_by_text(XSS_SUMMARY).is_visible()
    assert page.locator("#supplies").get_by_text(XSS_SUPPLY, exact=True).is_visible()
    page.locator("#devices").get_by_role("link", name=XSS_HOSTNAME).click()
    page.wait_for_url("**/devices/*")
    assert page.get_by_role("heading", level=1).inner_text() == XSS_HOSTNAME
    for path in ("/alerts", "/schools/stmarys/visit"):
        page.goto(path)
        assert page.get_by_text(XSS_HOSTNAME).first.is_visible()
    assert page.locator("img").count() == 0  # no <img onerror=…> ever became an element
    assert dialogs == []


def test_pre_visit_sheet_lists_parts_to_bring_and_prints_cleanly(page: Page) -> None:
    log_in(page, "tech")
    page.goto("/schools/stmarys")
    page.get_by_role("link", name="Pre-visit sheet").click()
    page.wait_for_url("**/schools/stmarys/visit")
    rows = page.locator("#bring tbody tr")
    bring = {
        rows.nth(i).locator("td.supply-name").inner_text(): rows.nth(i)
        .locator("td.count")
        .inner_text()
        for i in range(rows.count())
    }
    assert bring[BLACK] == "2"
    assert bring[CYAN] == "1"
    assert BROTHER not in bring
    assert page.locator("#since").input_value()  # defaults to 30 days ago
    page.locator("#since").fill("2999-01-01")
    page.get_by_role("button", name="Update").click()
    page.wait_for_url("**/visit?since=2999-01-01")
    assert page.locator("#changed").get_by_text("Nothing changed since then.").is_visible()
    page.emulate_media(media="print")
    assert page.locator("form.since").is_hidden()
    assert page.locator("header.top").is_hidden()
    assert page.locator("#bring").is_visible()


def test_acknowledging_with_a_note_moves_the_alert(page: Page) -> None:
    log_in(page, "tech")
    page.goto("/alerts")
    row = page.locator("#open tbody tr", has_text="hall-projector")
    alert_id = row.get_attribute("data-alert")
    row.locator("textarea").fill("Spare lamp ordered; fitting on Tuesday")
    row.get_by_role("button", name="Acknowledge").click()
    page.wait_for_url(f"**/alerts#alert-{alert_id}")
    assert page.locator(f'#open tr[data-alert="{alert_id}"]').count() == 0
    moved = page.locator(f'#acknowledged tr[data-alert="{alert_id}"]')
    assert "Spare lamp ordered; fitting on Tuesday" in moved.inner_text()
    assert "by tech" in moved.inner_text()


def test_a_form_posted_from_elsewhere_is_refused(page: Page, live: str) -> None:
    log_in(page, "tech")
    page.goto("/alerts")
    alert_id = page.locator("#open tbody tr", has_text="office-printer").get_attribute("data-alert")
    # a page on another origin of the same site (another port on 127.0.0.1, answered by the
    # test itself) that posts the acknowledge form: it cannot know the CSRF token
    evil = "http://127.0.0.1:9/evil.html"
    form = (
        f'<form method="post" action="{live}/alerts/{alert_id}/acknowledge">'
        '<input name="note" value="pwned"><button>go</button></form>'
    )
    page.route(evil, lambda route: route.fulfill(body=form, content_type="text/html"))
    page.goto(evil)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="go").click()
    response = navigation.value
    assert response is not None
    assert response.status == 403
    assert "This form has expired" in page.content()
    # the same, straight from the logged-in browser context but without the token
    direct = page.request.post(f"{live}/alerts/{alert_id}/acknowledge", form={"note": "pwned"})
    assert direct.status == 403
    page.goto("/alerts")
    assert page.locator(f'#open tr[data-alert="{alert_id}"]').count() == 1
    assert "pwned" not in page.content()
