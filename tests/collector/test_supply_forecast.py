"""Supply forecasts through the real ingest (SQLite and PostgreSQL): three weeks of nightly
reports with falling toner, a refill and a page counter; the numbers are computed here."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import School
from collector.services.forecast_in_time import forecast_in_time
from collector.settings import CollectorSettings
from collector.web.security import SESSION_COOKIE
from schemas import Device, Supply, SupplyKind
from tests.collector.conftest import World
from tests.collector.helpers import bearer, get_json, post_report
from tests.collector.reports import check, device, metric, report

NIGHTS = 22
WEEKEND = (5, 6)  # the south cluster keeps the default weekend and has no holidays
BROTHER_RATE, HP_RATE, HP_OLD_RATE = 2.5, 3.0, 1.5  # points per school day
PAGES_PER_DAY = 120
REFILL_NIGHT = 9


@pytest.fixture
def settings(database_url: str) -> CollectorSettings:
    return CollectorSettings(database_url=database_url, replay_max_age_days=60)


def is_school_day(day: date) -> bool:
    return day.weekday() not in WEEKEND


def school_days_before(first: date, day: date) -> int:
    """School days in [first, day): the days whose printing a reading on ``day`` has seen."""
    return sum(1 for n in range((day - first).days) if is_school_day(first + timedelta(days=n)))


def school_days_since(moment: datetime, now: datetime) -> float:
    """School time from ``moment`` to ``now``, hour by hour (a school day counts 24 hours)."""
    hours = int((now - moment).total_seconds() // 3600)
    return sum(is_school_day((moment + timedelta(hours=h)).date()) for h in range(hours)) / 24


def walk(start: date, school_days: int) -> date:
    day = start
    while school_days > 0:
        day += timedelta(days=1)
        school_days -= is_school_day(day)
    return day


@dataclass
class Night:
    at: datetime
    brother: float
    hp: float
    pages: int


def nights(now: datetime) -> list[Night]:
    last = datetime.combine(now.date() - timedelta(days=1), time(2, 0), tzinfo=UTC)
    times = [last - timedelta(days=NIGHTS - 1 - n) for n in range(NIGHTS)]  # nightly, 02:00
    first = times[0].date()
    refill_day = times[REFILL_NIGHT].date()
    result = []
    for at in times:
        used = school_days_before(first, at.date())
        if at.date() < refill_day:
            hp = 60 - HP_OLD_RATE * used
        else:
            hp = 100 - HP_RATE * school_days_before(refill_day, at.date())
        result.append(Night(at, 90 - BROTHER_RATE * used, hp, 10_000 + PAGES_PER_DAY * used))
    return result


def toner(index: int, name: str, level: float, colour: str | None = "black") -> Supply:
    status = "warning" if level < 20 else "ok"
    return Supply.model_validate(
        {
            "index": index,
            "name": name,
            "kind": SupplyKind.TONER,
            "colour": colour,
            "level_percent": level,
            "status": status,
        }
    )


def printers(night: Night, with_new: bool) -> list[Device]:
    pages = check("printer.pages", "ok", "pages", metrics=[metric("pages", night.pages, "pages")])
    found = [
        device(
            1,
            hostname="office-brother",
            vendor="Brother",
            model="HL-5370DW",
            supplies=[toner(1, "Black Toner Cartridge", night.brother, None)],
            checks=[pages],
        ),
        device(2, hostname="staff-hp", supplies=[toner(1, "Black Cartridge HP CF400X", night.hp)]),
    ]
    if with_new:
        found.append(
            device(3, hostname="new-kyocera", vendor="Kyocera", model="ECOSYS P5026cdw",
                   supplies=[toner(1, "Cyan toner", 80.0, "cyan")])
        )  # fmt: skip
    return found


def ingest(client: TestClient, world: World, now: datetime) -> list[Night]:
    plan = nights(now)
    for n, night in enumerate(plan):
        document = report("gamma", printers(night, n >= NIGHTS - 2), started=night.at)
        response = post_report(client, world.tokens["gamma"], document)
        assert response.status_code == 202, response.text
    return plan


def by_host(found: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["device_name"]: item for item in found}


def test_forecasts_match_the_numbers_computed_here(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    now = datetime.now(UTC)
    plan = ingest(client, world, now)
    found = by_host(
        get_json(client, "/api/v1/schools/gamma/supply-forecasts", people["tech-south"])
    )
    today = now.date()

    brother = found["office-brother"]["forecast"]
    assert brother["outcome"] == "forecast"
    assert brother["use_per_school_day"] == pytest.approx(BROTHER_RATE, rel=0.05)
    gone = school_days_since(plan[-1].at, now)
    expected = plan[-1].brother / BROTHER_RATE - gone
    assert brother["school_days_left"] == pytest.approx(expected, abs=0.3)
    assert brother["runs_out_on"] == walk(today, math.ceil(brother["school_days_left"])).isoformat()
    assert brother["readings"] == NIGHTS
    # pages per point on this cartridge: 120 pages a school day for 2.5 points
    assert brother["pages_left"] == pytest.approx(
        plan[-1].brother * PAGES_PER_DAY / BROTHER_RATE, rel=0.02
    )
    assert brother["confidence"] == "high"

    hp = found["staff-hp"]["forecast"]
    assert hp["use_per_school_day"] == pytest.approx(HP_RATE, rel=0.05)  # not the old cartridge's
    assert hp["school_days_left"] == pytest.approx(plan[-1].hp / HP_RATE - gone, abs=0.3)
    assert hp["readings"] == NIGHTS - REFILL_NIGHT
    assert datetime.fromisoformat(hp["cartridge_since"]) == plan[REFILL_NIGHT].at
    assert found["new-kyocera"]["forecast"]["outcome"] == "not_enough_data"
    # soonest first
    days = [item["forecast"]["school_days_left"] for item in found.values()]
    known = [d for d in days if d is not None]
    assert known == sorted(known)


def test_parts_come_from_the_printer_or_the_catalogue_and_the_provider_wins(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    ingest(client, world, datetime.now(UTC))
    path = "/api/v1/schools/gamma/supply-forecasts"
    found = by_host(get_json(client, path, people["tech-south"]))
    assert (found["staff-hp"]["part"], found["staff-hp"]["part_source"]) == ("CF400X", "printer")
    brother = found["office-brother"]
    assert (brother["part"], brother["part_source"]) == ("TN-3280", "catalogue")  # EU numbers
    assert "TN-3230" in brother["alternatives"]
    assert found["new-kyocera"]["part"] == "TK-5240C"  # colour from the reported colour

    row = {
        "vendor": "Brother",
        "model": "HL-5370DW",
        "kind": "toner",
        "colour": "black",
        "part": "TN-3280 (cluster contract)",
        "source": "provider price list 2026",
    }
    denied = client.post("/api/v1/admin/catalogue", json=row, headers=bearer(people["tech-south"]))
    assert denied.status_code == 403
    bad = client.post(
        "/api/v1/admin/catalogue", json=row | {"colour": "purple"}, headers=bearer(people["admin"])
    )
    assert bad.status_code == 422
    added = client.post("/api/v1/admin/catalogue", json=row, headers=bearer(people["admin"]))
    assert added.status_code == 201, added.text
    brother = by_host(get_json(client, path, people["tech-south"]))["office-brother"]
    assert (brother["part"], brother["part_source"]) == (row["part"], "provider catalogue")
    listed = get_json(client, "/api/v1/catalogue", people["tech-south"], model="Brother HL-5370DW")
    assert listed[0]["part"] == row["part"]
    assert listed[0]["from_provider"]
    assert {"TN-3280", "TN-3230", "DR-3200"} <= {item["part"] for item in listed}

    entry = added.json()["id"]
    gone = client.delete(f"/api/v1/admin/catalogue/{entry}", headers=bearer(people["admin"]))
    assert gone.status_code == 204
    brother = by_host(get_json(client, path, people["tech-south"]))["office-brother"]
    assert brother["part"] == "TN-3280"


def test_forecasts_are_scoped_like_the_school(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    ingest(client, world, datetime.now(UTC))
    for user in ("tech-north", "head-alpha"):
        response = client.get(
            "/api/v1/schools/gamma/supply-forecasts", headers=bearer(people[user])
        )
        assert response.status_code == 404


def test_forecast_in_time_for_the_evaluation(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    now = datetime.now(UTC)
    plan = ingest(client, world, now)
    # the old HP cartridge ended at the refill; five school days before, at 1.5 points a school
    # day, its level said "more than 30 school days": not named in time (computed here)
    refill = plan[REFILL_NIGHT].at
    cutoff_day, left = refill.date(), 5
    while left:
        cutoff_day -= timedelta(days=1)
        left -= is_school_day(cutoff_day)
    known = [n for n in plan if n.at.date() <= cutoff_day]
    assert known[-1].hp / HP_OLD_RATE > 30
    with factory() as session:
        gamma = session.scalars(select(School.id).where(School.slug == "gamma")).one()
        counts = forecast_in_time(session, [gamma], now - timedelta(days=60), now)
    assert counts == {gamma: 0}


def supply(index: int, name: str, kind: SupplyKind, level: float) -> Supply:
    return Supply.model_validate(
        {"index": index, "name": name, "kind": kind, "level_percent": level, "status": "ok"}
    )


def _row_of(page: str, name: str) -> str:
    """The table row of the page that names the supply ``name``."""
    return page.split(f">{name}</td>", 1)[1].split("</tr>", 1)[0]


def test_a_waste_box_reads_as_filling_up_not_forecast_on_the_api_and_the_pages(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    """Its level falls night after night like a toner's would (remaining room), yet it is not
    forecast because of its kind in the report; a fuser neither; the toner beside it is."""
    plan = nights(datetime.now(UTC))
    for night in plan:
        used = (night.pages - 10_000) / PAGES_PER_DAY
        supplies = [
            toner(1, "Black Toner Cartridge", 90 - BROTHER_RATE * used, None),
            supply(2, "Waste Toner Box", SupplyKind.WASTE, 90 - 2 * used),
            supply(3, "Fuser Unit", SupplyKind.FUSER, 70 - used),
        ]
        document = report("gamma", [device(1, hostname="office-brother", supplies=supplies)],
                          started=night.at)  # fmt: skip
        assert post_report(client, world.tokens["gamma"], document).status_code == 202
    token = people["tech-south"]
    found = {
        item["name"]: item["forecast"]
        for item in get_json(client, "/api/v1/schools/gamma/supply-forecasts", token)
    }
    assert found["Black Toner Cartridge"]["outcome"] == "forecast"
    assert found["Waste Toner Box"]["outcome"] == "fills_up"
    assert found["Waste Toner Box"]["school_days_left"] is None
    assert "not forecast" in found["Waste Toner Box"]["sentence"]
    assert found["Fuser Unit"]["outcome"] == "not_forecast"
    assert "not enough data" not in found["Fuser Unit"]["sentence"]

    client.cookies.set(SESSION_COOKIE, token)
    school = client.get("/schools/gamma")
    assert school.status_code == 200
    forecasts = school.text.split('<section id="forecasts">', 1)[1].split("</section>", 1)[0]
    assert "runs out in about" in _row_of(forecasts, "Black Toner Cartridge")
    assert "Waste Toner Box" not in forecasts  # the school's run-out list: toner, ink, drums
    device_id = int(forecasts.split('href="/devices/', 1)[1].split('"', 1)[0])
    page = client.get(f"/devices/{device_id}")
    assert page.status_code == 200
    waste = _row_of(page.text, "Waste Toner Box")
    assert "fills up rather than runs out: not forecast" in waste
    assert "warns when the box is nearly full" in waste  # the reason, for staff
    assert "not forecast" in _row_of(page.text, "Fuser Unit")
    assert "not enough data" not in page.text
