"""The work in a real browser (Debian's chromium via Playwright, a real collector process):
a principal reports a problem, the technician sees it with the agent's view of the device,
handles it and records the visit from the pre-visit sheet; the evaluation report prints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.test_browser import log_in
from tests.e2e.world import XSS_HOSTNAME

Page = Any
HOSTILE = '<img src=x onerror=alert("principal")> Printer says "Paper jam" & stops'


@pytest.fixture
def context(browser: Any, live: str) -> Iterator[Any]:
    opened = browser.new_context(base_url=live)
    yield opened
    opened.close()


def _page(context: Any, seen: list[str]) -> Page:
    page = context.new_page()
    page.set_default_timeout(15_000)

    def record(dialog: Any) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return page


def test_principal_reports_technician_handles_and_records_the_visit(
    browser: Any, live: str
) -> None:
    dialogs: list[str] = []
    head_context = browser.new_context(base_url=live)
    tech_context = browser.new_context(base_url=live)
    try:
        head = _page(head_context, dialogs)
        log_in(head, "head")
        head.wait_for_url("**/schools/stmarys")
        assert head.get_by_role("heading", name="Record a visit or a remote fix").count() == 0
        head.get_by_label("What is wrong?").fill(HOSTILE)
        head.get_by_label("More detail (optional)").fill("Since the Monday delivery")
        head.get_by_label("Which device (optional)").select_option(label="office-printer (printer)")
        head.get_by_role("button", name="Send to the technicians").click()
        head.wait_for_url("**/schools/stmarys#incident-*")
        row = head.locator("#incidents tr[data-origin='school']")
        assert row.locator(".incident-title").inner_text() == HOSTILE
        assert "Reported by the school" in row.inner_text()
        assert head.locator("#incidents").get_by_role("button", name="Resolve").count() == 0
        assert head.goto("/schools/riverside").status == 404

        tech = _page(tech_context, dialogs)
        log_in(tech, "tech")
        tech.goto("/schools/stmarys/visit")
        assert (
            "No visit recorded yet: showing the last 30 days"
            in tech.locator("#since-source").inner_text()
        )
        reported = tech.locator("#reported tr[data-origin='school']")
        assert reported.locator(".incident-title").inner_text() == HOSTILE
        view = reported.locator(".agent-view").inner_text()
        assert "What the monitoring sees of office-printer" in view
        assert "Black toner almost empty" in view  # the agent's failing check on that printer

        tech.goto("/schools/stmarys")
        row = tech.locator("#incidents tr[data-origin='school']")
        row.get_by_role("button", name="Acknowledge").click()
        tech.wait_for_url("**/schools/stmarys#incident-*")
        row = tech.locator("#incidents tr[data-origin='school']")
        assert "Being handled" in row.inner_text()
        row.get_by_label("What fixed incident").fill("Cleared the jam, replaced the roller")
        row.get_by_role("button", name="Resolve").click()
        tech.wait_for_url("**/schools/stmarys#incident-*")
        done = tech.locator("#incidents tr[data-origin='school']")
        assert "Resolved" in done.inner_text()
        assert "by tech" in done.inner_text()
        assert "Cleared the jam, replaced the roller" in done.inner_text()

        tech.goto("/schools/stmarys/visit")
        form = tech.locator("#record-visit")
        form.get_by_label("Date").fill("2026-11-20")
        form.get_by_label("Time spent").fill("2")
        form.get_by_label("minutes").fill("15")
        form.get_by_label("What was done").fill(f"Toner for {XSS_HOSTNAME}; roller replaced")
        form.locator("input[name='alert']").first.check()
        form.get_by_role("button", name="Record").click()
        tech.wait_for_url("**/schools/stmarys/visit#visit-*")
        assert (
            tech.locator("#since-source").inner_text()
            == "Since the last visit, on 20 November 2026 (tech)."
        )
        tech.goto("/schools/stmarys")
        visit = tech.locator("#visits tbody tr").first
        assert "20/11/2026" in visit.inner_text()
        assert "2 h 15 min" in visit.inner_text()
        assert f"Toner for {XSS_HOSTNAME}; roller replaced" in visit.inner_text()
        assert "1 alert" in visit.inner_text()

        head.goto("/schools/stmarys")
        assert "Resolved" in head.locator("#incidents").inner_text()
        assert head.locator("img").count() == 0
        assert dialogs == []
    finally:
        head_context.close()
        tech_context.close()


def test_evaluation_report_opens_from_the_overview_and_prints(context: Any) -> None:
    page = _page(context, [])
    log_in(page, "tech")
    page.wait_for_url("**/overview")
    page.get_by_role("link", name="Year-end evaluation report").first.click()
    page.wait_for_url("**/clusters/north/evaluation")
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Evaluation of the support cluster")
    )
    assert page.locator("svg.chart").count() == 4
    total = page.locator("#schools tr.total")
    assert total.locator("[data-figure='devices_covered']").inner_text() != "0"
    page.emulate_media(media="print")
    assert page.locator("form.period").is_hidden()
    assert page.locator("#trends svg.chart").first.is_visible()
    assert page.locator("#how").is_visible()
