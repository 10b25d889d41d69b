"""The figures on the dashboard pages (TestClient on SQLite and PostgreSQL): forecasts on the
school, device and pre-visit pages, the catalogue's part for a printer that names none, the
cluster comparison, and markup from devices shown as text."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from collector.settings import CollectorSettings
from tests.collector.helpers import post_report
from tests.e2e.figures_world import (
    EVIL_HOST,
    EVIL_MODEL,
    EVIL_SUPPLY,
    Expected,
    expected,
    seed_figures,
)
from tests.e2e.helpers import login

AsUser = Callable[[str], TestClient]


@pytest.fixture
def numbers(
    factory: sessionmaker[Session], settings: CollectorSettings, client: TestClient
) -> Expected:
    now = datetime.now(UTC)
    seed_figures(factory, lambda token, doc: post_report(client, token, doc).status_code, now)
    return expected(now)


@pytest.fixture
def as_user(app: FastAPI, numbers: Expected) -> AsUser:
    return lambda username: login(app, username)


def section(page: str, name: str) -> str:
    found = re.search(rf'<section id="{name}">(.*?)</section>', page, re.S)
    assert found, f"no section {name}"
    return found.group(1)


def text_of(page: str) -> str:
    """Visible text, roughly: tags dropped, whitespace squeezed, entities decoded."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    return html.unescape(re.sub(r" ([,:.])", r"\1", text))


def days(n: int) -> str:
    return f"runs out in about {n} school day{'s' if n != 1 else ''}"


def test_pre_visit_sheet_names_the_catalogue_part(as_user: AsUser, numbers: Expected) -> None:
    sheet = as_user("tech").get("/schools/oakhill/visit")
    assert sheet.status_code == 200
    bring = text_of(section(sheet.text, "bring"))
    line = f"Bring a {numbers.part}: office-brother, black {days(numbers.days_left)}"
    assert line in bring
    assert "TN-3280 (from the catalogue)" in bring  # the low-supply table's part column
    # the printer with markup: no part known, its model shown as text
    assert f"Part unknown (add {EVIL_MODEL} to the catalogue)" in bring
    assert "<b>M</b>" not in sheet.text
    assert "<script>alert(5)" not in sheet.text


def test_school_and_device_pages_show_the_forecast(as_user: AsUser, numbers: Expected) -> None:
    head_view = as_user("tech").get("/schools/oakhill").text
    forecasts = text_of(section(head_view, "forecasts"))
    assert f"Black Toner Cartridge {numbers.level:.0f} % {days(numbers.days_left)}" in forecasts
    assert EVIL_SUPPLY in forecasts  # as text
    assert "<img src=x" not in head_view
    device = re.search(r'href="/devices/(\d+)">office-brother<', head_view)
    assert device
    page = as_user("tech").get(f"/devices/{device.group(1)}").text
    supplies = text_of(section(page, "supplies"))
    assert days(numbers.days_left) in supplies
    assert "TN-3280 (from the catalogue) or TN-3230" in supplies
    assert re.search(r"Likely \d+ (to \d+|or more) school days", supplies)


def test_cluster_comparison_page(as_user: AsUser, numbers: Expected) -> None:
    del numbers
    overview = as_user("tech").get("/overview").text
    assert 'href="/clusters/north/compare"' in overview
    page = as_user("tech").get("/clusters/north/compare")
    assert page.status_code == 200
    heads = re.findall(r'<th scope="col" data-school="([^"]+)">', page.text)
    assert sorted(heads) == ["elmwood", "oakhill", "stmarys"]

    def cell(slug: str, name: str) -> str:
        row = re.search(rf'<tr data-figure="{name}">(.*?)</tr>', page.text, re.S)
        assert row, name
        found = re.search(rf'<td class="num" data-school="{slug}">([^<]*)', row.group(1))
        assert found, (slug, name)
        return found.group(1).strip()

    # counted here: Oak Hill has two printers, one AP and the agent's PC; St Mary's two APs
    assert (cell("oakhill", "type-printer"), cell("oakhill", "type-access_point")) == ("2", "1")
    assert (cell("stmarys", "type-printer"), cell("stmarys", "type-access_point")) == ("0", "2")
    assert (cell("oakhill", "fw-behind"), cell("stmarys", "fw-behind")) == ("1", "0")
    passing = dict(
        re.findall(
            r'<tr data-baseline="([a-z_]+)">.*?<td class="num passing">([^<]+)</td>',
            section(page.text, "baselines"),
            re.S,
        )
    )
    assert passing == {
        "snmp_public": "1 of 2",
        "firmware_current": "1 of 2",
        "ups_battery": "0 of 0",
        "projector_lamps": "0 of 0",
    }
    assert "the last 3 months (the school calendar has no terms)" in text_of(page.text)
    assert html.escape(EVIL_HOST) in page.text  # named as failing "SNMP public", as text
    assert "<script>alert(5)" not in page.text


def test_comparison_is_not_for_principals_or_other_clusters(as_user: AsUser) -> None:
    assert as_user("head").get("/clusters/north/compare").status_code in {403, 404}
    assert as_user("tech-south").get("/clusters/north/compare").status_code == 404
