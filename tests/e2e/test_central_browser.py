"""In Debian's chromium against a real ``lankeeper-collector serve``: an admin sets the
cluster's SNMP community and the settings page shows only "set"; a technician presses "scan
now", the page says it waits for the agent, the agent (over HTTP, its token) picks the request
up and reports, and the page shows the new report. The collector's log never holds the secret."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import upgrade
from collector.services.secret_box import generate_key
from schemas import SettingsInfo, SettingsSource
from tests.collector.helpers import bearer, free_port
from tests.collector.live import ROOT, wait_healthy
from tests.collector.reports import device, report
from tests.e2e.browser import browser_log_in
from tests.e2e.world import World, build_tenancy

COMMUNITY = "browser-Community-5e2b"
Page = Any


@dataclass(frozen=True)
class Live:
    url: str
    world: World
    log: Path


@pytest.fixture(scope="module")
def central_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("central-dashboard")
    url = f"sqlite:///{tmp / 'collector.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    world = build_tenancy(make_session_factory(engine))
    engine.dispose()
    port, log = free_port(), tmp / "collector.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANKEEPER_COLLECTOR_SECRET_KEY": generate_key()}
    argv = [sys.executable, "-m", "collector", "serve", "--database-url", url]
    argv += ["--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", server)
        yield Live(f"http://127.0.0.1:{port}", world, log)
    finally:
        server.terminate()
        server.wait(timeout=15)


@pytest.fixture
def page(browser: Any, central_live: Live) -> Iterator[Page]:
    context = browser.new_context(base_url=central_live.url)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_admin_sets_the_cluster_community_and_the_page_shows_only_set(
    page: Page, central_live: Live
) -> None:
    browser_log_in(page, "admin")
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="North cluster").click()
    page.wait_for_url("**/settings/clusters/north")
    row = page.locator('tr[data-key="snmp_v2c"]')
    assert row.locator("td.value").inner_text() == "not set"
    row.get_by_label("New value for snmp_v2c").fill(
        f'[{{"name": "north", "community": "{COMMUNITY}"}}]'
    )
    row.get_by_role("button", name="Set snmp_v2c").click()
    page.wait_for_url("**/settings/clusters/north")
    row = page.locator('tr[data-key="snmp_v2c"]')
    assert row.locator("td.value").inner_text() == "set"
    assert "by admin" in row.inner_text()
    assert COMMUNITY not in page.content()
    page.goto("/settings/schools/stmarys")
    row = page.locator('tr[data-key="snmp_v2c"]')
    assert row.locator("td.value").inner_text() == "set"
    assert "cluster" in row.inner_text()
    assert COMMUNITY not in page.content()
    answer = checkin(central_live, "stmarys", "scan")
    assert answer["settings"]["snmp_v2c"][0]["community"] == COMMUNITY  # the agent gets it


def checkin(live: Live, school: str, mode: str) -> dict[str, Any]:
    body = {"agent_version": "e2e", "hostname": "pc", "mode": mode}
    response = requests.post(
        f"{live.url}/api/v1/agent/checkin",
        json=body,
        headers=bearer(live.world.tokens[school]),
        timeout=30,
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_technician_presses_scan_now_and_sees_the_fresh_report(
    page: Page, central_live: Live
) -> None:
    browser_log_in(page, "tech")
    page.goto("/schools/oakhill")
    page.get_by_role("button", name="Scan now").click()
    page.wait_for_url("**/schools/oakhill#scan")
    status = page.locator("#scan .scan-status")
    assert "waiting for the agent" in status.inner_text()
    handed = checkin(central_live, "oakhill", "service")["scan_requested"]
    assert handed is not None
    fresh = report(
        "oakhill", [device(20, hostname="oak-printer")], started=datetime.now(UTC), version="1.2"
    )
    used = SettingsInfo(source=SettingsSource.CENTRAL, central_keys=["snmp_v2c"])
    fresh = fresh.model_copy(update={"scan": fresh.scan.model_copy(update={"settings": used})})
    posted = requests.post(
        f"{central_live.url}/api/v1/reports",
        data=fresh.model_dump_json(),
        headers={
            **bearer(central_live.world.tokens["oakhill"]),
            "Content-Type": "application/json",
        },
        timeout=30,
    )
    assert posted.status_code == 202, posted.text
    page.reload()
    status = page.locator("#scan .scan-status")
    assert "new report received" in status.inner_text()
    assert "received never" not in status.inner_text()
    panel = page.locator("#scan").inner_text()
    assert "It checks in every few minutes" in panel
    assert "The last report used the central settings it received" in panel


def test_no_secret_in_the_collectors_log(central_live: Live) -> None:
    text = central_live.log.read_text(encoding="utf-8", errors="replace")
    assert "/api/v1/agent/checkin" in text  # the log was captured
    assert COMMUNITY not in text
