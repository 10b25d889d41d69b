"""The figures pages in a real browser (Debian's chromium via Playwright) against a real
``lankeeper-collector serve``, seeded through the ingest API with ten nights of toner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import upgrade
from schemas import Report
from tests.collector.helpers import bearer
from tests.collector.live import collector_process
from tests.e2e.browser import browser_log_in
from tests.e2e.figures_world import EVIL_HOST, EVIL_SUPPLY, Expected, expected, seed_figures

Page = Any  # playwright.sync_api.Page


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Expected]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('figures') / 'collector.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    try:
        with collector_process(url) as base:

            def post(token: str, document: Report) -> int:
                body = document.model_dump_json().encode()
                headers = {**bearer(token), "Content-Type": "application/json"}
                response = requests.post(
                    f"{base}/api/v1/reports", data=body, headers=headers, timeout=30
                )
                return response.status_code

            now = datetime.now(UTC)
            seed_figures(make_session_factory(engine), post, now)
            yield base, expected(now)
    finally:
        engine.dispose()


@pytest.fixture
def page(browser: Any, served: tuple[str, Expected]) -> Iterator[Page]:
    context = browser.new_context(base_url=served[0])
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()
    assert dialogs == [], "a device's text ran as script"


def test_technician_reads_the_forecast_and_what_to_bring(
    page: Page, served: tuple[str, Expected]
) -> None:
    numbers = served[1]
    browser_log_in(page, "tech")
    page.goto("/schools/oakhill")
    row = page.locator("#forecasts tbody tr").filter(has_text="office-brother")
    assert f"runs out in about {numbers.days_left} school days" in row.inner_text()
    assert page.locator("#forecasts").get_by_text(EVIL_SUPPLY, exact=True).is_visible()
    page.get_by_role("link", name="Pre-visit sheet").click()
    page.wait_for_url("**/schools/oakhill/visit")
    items = page.locator("ul.running-out li").all_inner_texts()
    brother = next(text for text in items if "office-brother" in text)
    assert f"Bring a {numbers.part}" in brother
    assert f"runs out in about {numbers.days_left} school days" in brother
    assert any(EVIL_HOST in text for text in items)  # shown as text, never run


def test_technician_compares_the_cluster(page: Page) -> None:
    browser_log_in(page, "tech")
    page.wait_for_url("**/overview")
    page.get_by_role("link", name="Compare these schools").click()
    page.wait_for_url("**/clusters/north/compare")

    def cell(figure: str) -> str:
        text: str = page.locator(
            f'tr[data-figure="{figure}"] td[data-school="oakhill"]'
        ).inner_text()
        return text

    assert cell("type-printer") == "2"
    assert cell("fw-behind") == "1"
    snmp = page.locator('#baselines table.baselines tr[data-baseline="snmp_public"]')
    assert snmp.locator("td.passing").inner_text() == "1 of 2"
    assert snmp.get_by_text(EVIL_HOST).is_visible()
    assert page.locator("#how li").count() >= 5
