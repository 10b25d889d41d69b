"""A provider for the figures pages: ten nights of Oak Hill with a Brother HL-5370DW whose toner
runs down (it names no part number: the catalogue does) and a printer with markup in its name
and supply, plus one night of St Mary's; the numbers the pages must show, computed here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy.orm import Session, sessionmaker

from schemas import Device, DeviceType, Method, Probe, Report, Supply, SupplyKind
from tests.collector.reports import check, device, metric, report
from tests.e2e.world import Post, World, build_tenancy

NIGHTS = 10
START, RATE = 60.0, 4.0  # points; the north cluster has no weekend: every day is a school day
EVIL_HOST = "<script>alert(5)</script>"
EVIL_MODEL = "<b>M</b>"
EVIL_SUPPLY = "Toner <img src=x onerror=alert(6)>"
PUBLIC = Probe(method=Method.SNMP, answered=True, credential="public")
V3 = Probe(method=Method.SNMP, answered=True, credential="school-v3")


@dataclass(frozen=True)
class Expected:
    level: float
    days_left: int  # as the pages round it
    part: str = "TN-3280"


def night_times(now: datetime) -> list[datetime]:
    last = datetime.combine(now.date() - timedelta(days=1), time(2, 0), tzinfo=UTC)
    return [last - timedelta(days=NIGHTS - 1 - n) for n in range(NIGHTS)]


def expected(now: datetime) -> Expected:
    last = night_times(now)[-1]
    level = START - RATE * (NIGHTS - 1)
    gone = (now - last).total_seconds() / 86400  # every day a school day in the north
    return Expected(level, round(level / RATE - gone))


def toner(name: str, level: float, colour: str | None) -> Supply:
    status = "warning" if level < 30 else "ok"
    return Supply.model_validate(
        {"index": 1, "name": name, "kind": SupplyKind.TONER, "colour": colour,
         "level_percent": level, "status": status}
    )  # fmt: skip


def ap(n: int, firmware: str) -> Device:
    return device(
        n, device_type=DeviceType.ACCESS_POINT, model="UAP-AC-Lite", vendor="Ubiquiti",
        firmware=firmware, hostname=f"ap-{n}", probes=[V3],
    )  # fmt: skip


def oakhill(level: float) -> list[Device]:
    pages = check("printer.pages", "ok", "pages", metrics=[metric("pages", 5000 - level * 10)])
    return [
        device(40, hostname="office-brother", vendor="Brother", model="HL-5370DW", probes=[V3],
               supplies=[toner("Black Toner Cartridge", level, None)], checks=[pages]),
        device(41, hostname=EVIL_HOST, model=EVIL_MODEL, firmware=None, probes=[PUBLIC],
               supplies=[toner(EVIL_SUPPLY, level + 5, "black")]),
        ap(42, "6.5.28"),
    ]  # fmt: skip


def stmarys() -> list[Device]:
    return [ap(50, "6.6.55"), ap(51, "6.6.55")]


def reports(now: datetime) -> list[tuple[str, Report]]:
    found = [
        ("oakhill", report("oakhill", oakhill(START - RATE * n), started=at))
        for n, at in enumerate(night_times(now))
    ]
    found.append(("stmarys", report("stmarys", stmarys(), started=now - timedelta(hours=2))))
    return found


def seed_figures(factory: sessionmaker[Session], post: Post, now: datetime) -> World:
    world = build_tenancy(factory)
    for slug, document in reports(now):
        status = post(world.tokens[slug], document)
        assert status == 202, f"{slug}: {status}"
    return world
