"""Three simulated weeks at the lab school, on SQLite and on PostgreSQL: one real agent scan
of the simulated LAN, replayed over 21 earlier nights through the collector's HTTP ingest
with supply levels falling and replaced, a switch check failing for two nights and an access
point unseen for one; a principal reports a problem, a technician handles it and records two
visits. The run-out forecasts (API and pre-visit sheet), the cluster comparison (API and page)
and the evaluation report must show the figures this test computes from what it sent."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.collector.databases import empty_database
from tests.lab import pilot_outlook as outlook
from tests.lab.agent_config import LAB_NETWORK, write_agent_config
from tests.lab.collector_calls import api_calls
from tests.lab.lab import REPO, Lab
from tests.lab.peers.base import in_ns
from tests.lab.pilot_nights import (
    Choices,
    Expected,
    choose,
    expected_figures,
    key_of,
    local_day,
    median_hours,
    night_doc,
)

pytestmark = pytest.mark.lab

PYTHON = str(REPO / ".venv" / "bin" / "python")
NIGHTS = 21
PEOPLE = {"admin": "pilot admin pw", "tech": "pilot tech pw", "head": "pilot head pw"}
SCHOOL = "lab-school"


@dataclass
class Site:
    lab: Lab
    url: str
    db_url: str
    tmp: Path

    def cli(self, *args: str, stdin: str | None = None) -> str:
        argv = [PYTHON, "-m", "collector", *args, "--database-url", self.db_url]
        done = subprocess.run(
            argv, input=stdin, capture_output=True, text=True, cwd=REPO, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def agent(self, *args: str) -> subprocess.CompletedProcess[str]:
        argv = [PYTHON, "-m", "agent.cli", *args, "--state-dir", str(self.tmp / "state")]
        return self.lab.exec_in(self.lab.agent_ns, argv, timeout=300)

    def calls(self, steps: list[dict[str, Any]]) -> list[tuple[int, Any]]:
        return api_calls(self.lab, self.url, steps, self.tmp / "plan.json")

    def as_user(
        self, user: str, method: str, path: str, body: Any = None, *, page: bool = False
    ) -> Any:
        step = {"method": method, "path": path, "login": [user, PEOPLE[user]], "body": body}
        [(status, answer)] = self.calls([step | {"page": page}])
        assert status < 300, (status, answer)
        return answer


def _serve(site: Site, port: int) -> subprocess.Popen[bytes]:
    argv = [PYTHON, "-m", "collector", "serve", "--database-url", site.db_url]
    argv += ["--host", "127.0.0.1", "--port", str(port)]
    env = os.environ | {"LANKEEPER_COLLECTOR_REPLAY_MAX_AGE_DAYS": str(NIGHTS + 7)}
    log = site.tmp / "collector.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            in_ns(site.lab.agent_ns, argv), stdout=out, stderr=out, cwd=REPO, env=env
        )
    probe = f"import urllib.request; urllib.request.urlopen('http://127.0.0.1:{port}/healthz')"
    for _ in range(80):
        if site.lab.exec_in(site.lab.agent_ns, [PYTHON, "-c", probe]).returncode == 0:
            return server
        time.sleep(0.25)
    server.terminate()
    pytest.fail(f"collector did not start:\n{log.read_text()}")


def _set_up(site: Site) -> None:
    site.cli("migrate")
    site.cli("cluster", "add", "lab", "--name", "Lab cluster", "--timezone", "Europe/Dublin")
    site.cli("school", "add", SCHOOL, "--cluster", "lab", "--name", "Lab Primary")
    site.cli("user", "add", "admin", "--role", "admin", "--password-stdin", stdin=PEOPLE["admin"])
    site.cli(
        "user",
        "add",
        "tech",
        "--role",
        "technician",
        "--cluster",
        "lab",
        "--password-stdin",
        stdin=PEOPLE["tech"],
    )
    site.cli(
        "user",
        "add",
        "head",
        "--role",
        "principal",
        "--school",
        SCHOOL,
        "--password-stdin",
        stdin=PEOPLE["head"],
    )


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(
    request: pytest.FixtureRequest, lab: Lab, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp(f"pilot-{request.param}")
    port = 8621 if request.param == "sqlite" else 8622
    for db_url in empty_database(request.param, tmp):
        found = Site(lab, f"http://127.0.0.1:{port}", db_url, tmp)
        _set_up(found)
        server = _serve(found, port)
        try:
            yield found
        finally:
            server.terminate()
            server.wait(timeout=10)


@dataclass(frozen=True)
class Weeks:
    docs: list[dict[str, Any]]
    times: list[datetime]
    picks: Choices
    expected: Expected
    incident: dict[str, Any]
    evaluation: dict[str, Any]
    forecasts: list[dict[str, Any]]
    asked_at: datetime  # when the forecasts were asked for
    printer_id: int
    sheet: str  # the pre-visit sheet's HTML
    comparison: dict[str, Any]
    compare_page: str


def _real_scan(site: Site) -> tuple[dict[str, Any], str]:
    code = site.cli("enrollment-code", "create", "--school", SCHOOL, "--ttl", "1")
    enrolled = site.agent("enroll", "--collector", site.url, "--code", code)
    assert enrolled.returncode == 0, enrolled.stderr
    config = write_agent_config(site.tmp / "agent.toml", extra=LAB_NETWORK)
    out = site.tmp / "scan.json"
    done = site.agent("scan", "--config", str(config), "--quiet", "--no-send", "--json", str(out))
    assert done.returncode == 0, done.stderr
    token = json.loads((site.tmp / "state" / "enrollment.json").read_text())["token"]
    return json.loads(out.read_text()), token


def _send_nights(
    site: Site, base: dict[str, Any], token: str
) -> tuple[list[dict[str, Any]], list[datetime], Choices]:
    picks = choose(base)
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    times = [
        midnight - timedelta(days=NIGHTS - night) + timedelta(hours=1) for night in range(NIGHTS)
    ]
    docs = [night_doc(base, night, times, picks) for night in range(NIGHTS)]
    steps = []
    for night, doc in enumerate(docs):
        path = site.tmp / f"night-{night:02d}.json"
        path.write_text(json.dumps(doc))
        steps.append(
            {"method": "POST", "path": "/api/v1/reports", "file": str(path), "bearer": token}
        )
    answers = site.calls(steps)
    assert [status for status, _ in answers] == [202] * NIGHTS, answers
    return docs, times, picks


def _device_id(site: Site, key: str) -> int:
    found = site.as_user("tech", "GET", f"/api/v1/schools/{SCHOOL}/devices?q={key}")["items"]
    assert len(found) == 1, found
    return int(found[0]["id"])


def troubled_printer(doc: dict[str, Any]) -> str:
    """A printer the agent sees a problem with (the school reports one there too)."""
    bad = ("warning", "critical", "unknown")
    for device in doc["devices"]:
        checks = device.get("checks", [])
        if device.get("device_type") == "printer" and any(c["status"] in bad for c in checks):
            return key_of(device)
    pytest.fail("the lab has no printer with a problem")


def _school_problem_and_visits(
    site: Site, docs: list[dict[str, Any]], times: list[datetime]
) -> dict[str, Any]:
    printer = _device_id(site, troubled_printer(docs[-1]))
    body = {
        "title": "The office printer jams",
        "description": "every morning",
        "device_id": printer,
    }
    made = site.as_user("head", "POST", f"/api/v1/schools/{SCHOOL}/incidents", body)
    site.as_user("tech", "POST", f"/api/v1/incidents/{made['id']}/acknowledge")
    site.as_user("tech", "POST", f"/api/v1/incidents/{made['id']}/resolve", {"note": "roller"})
    for night, minutes, kind in ((5, 120, "visit"), (12, 25, "remote")):
        visit = {"kind": kind, "visited_on": times[night].date().isoformat(), "minutes": minutes}
        site.as_user("tech", "POST", f"/api/v1/schools/{SCHOOL}/visits", visit)
    return dict(site.as_user("tech", "GET", f"/api/v1/incidents/{made['id']}"))


@pytest.fixture(scope="module")
def weeks(site: Site) -> Weeks:
    base, token = _real_scan(site)
    docs, times, picks = _send_nights(site, base, token)
    incident = _school_problem_and_visits(site, docs, times)
    since, until = times[0].date().isoformat(), datetime.now(UTC).date().isoformat()
    evaluation = site.as_user(
        "tech", "GET", f"/api/v1/clusters/lab/evaluation?since={since}&until={until}"
    )
    asked_at = datetime.now(UTC)
    forecasts = site.as_user("tech", "GET", f"/api/v1/schools/{SCHOOL}/supply-forecasts")
    return Weeks(
        docs,
        times,
        picks,
        expected_figures(docs, times),
        incident,
        evaluation,
        forecasts,
        asked_at,
        _device_id(site, picks.printer),
        site.as_user("tech", "GET", f"/schools/{SCHOOL}/visit", page=True),
        site.as_user("tech", "GET", "/api/v1/clusters/lab/comparison"),
        site.as_user("tech", "GET", "/clusters/lab/compare", page=True),
    )


def test_incidents_by_origin_and_time_to_resolve(weeks: Weeks) -> None:
    [row] = weeks.evaluation["schools"]
    expected = weeks.expected
    assert expected.agent_incidents >= 2  # the lab's own problems plus the failing switch
    assert row["incidents_agent"] == expected.agent_incidents
    assert row["incidents_school"] == 1
    assert row["incidents_resolved"] == len(expected.resolved_hours) + 1
    school_hours = weeks.incident["seconds_to_resolve"] / 3600
    assert school_hours < 0.1
    want = median_hours([*expected.resolved_hours, 0.0])
    assert want is not None
    assert abs(row["median_hours_to_resolve"] - want) <= 0.1
    assert 48.0 in [round(h, 1) for h in expected.resolved_hours]  # the switch: two nights


def test_school_problem_carries_the_agents_view_and_who_did_what(weeks: Weeks) -> None:
    incident = weeks.incident
    assert (incident["origin"], incident["status"]) == ("school", "resolved")
    assert (incident["opened_by"], incident["acknowledged_by"], incident["resolved_by"]) == (
        "head",
        "tech",
        "tech",
    )
    printer = troubled_printer(weeks.docs[-1])
    last = next(d for d in weeks.docs[-1]["devices"] if key_of(d) == printer)
    not_ok = sorted(
        (c for c in last["checks"] if c["status"] in ("warning", "critical", "unknown")),
        key=lambda c: c["check_id"],
    )
    assert incident["device"]["failing_checks"] == [c["summary"] for c in not_ok][:5]


def test_visits_hours_and_devices(weeks: Weeks) -> None:
    [row] = weeks.evaluation["schools"]
    assert (row["visits"], row["hours_on_site"]) == (1, 2.0)
    assert (row["remote_fixes"], row["hours_remote"]) == (1, round(25 / 60, 2))
    lasting = {
        key_of(d)
        for doc in weeks.docs
        for d in doc["devices"]
        if not d.get("transient") and not d.get("randomised_mac")
    }
    # every lasting device the nights saw, and the PC the agent runs on (its host checks)
    assert row["devices_covered"] == len(lasting) + 1


def test_uptime_of_key_devices(weeks: Weeks) -> None:
    [row] = weeks.evaluation["schools"]
    expected = weeks.expected
    assert row["key_devices"] == len(expected.key_devices)
    assert (row["key_device_up_nights"], row["key_device_nights"]) == (
        expected.up_nights,
        expected.device_nights,
    )
    assert row["uptime_percent"] == round(100 * expected.up_nights / expected.device_nights, 1)
    assert expected.device_nights - expected.up_nights >= 3  # switch 2 nights + AP 1 night


def test_supplies_replaced_in_time_or_ran_out(weeks: Weeks) -> None:
    [row] = weeks.evaluation["schools"]
    assert (row["supplies_ran_out"], row["supplies_replaced_in_time"]) == (
        weeks.expected.ran_out,
        weeks.expected.in_time,
    )
    assert weeks.expected.in_time >= 1
    assert weeks.expected.ran_out >= 1


def test_months_add_up_to_the_total(weeks: Weeks) -> None:
    total = weeks.evaluation["total"]
    months = weeks.evaluation["months"]
    assert sum(m["incidents_agent"] for m in months) == total["incidents_agent"]
    assert sum(m["incidents_school"] for m in months) == total["incidents_school"]
    assert round(sum(m["hours"] for m in months), 2) == round(
        total["hours_on_site"] + total["hours_remote"], 2
    )


def _forecast_of(weeks: Weeks, index: int) -> dict[str, Any]:
    [item] = [
        f
        for f in weeks.forecasts
        if (f["device_id"], f["supply_index"]) == (weeks.printer_id, index)
    ]
    return item


def test_run_out_forecast_from_the_levels_sent(weeks: Weeks) -> None:
    runs_out, in_time = outlook.cartridges(weeks.docs, weeks.times, weeks.picks)
    for want, confidence in ((runs_out, "low"), (in_time, "medium")):
        found = _forecast_of(weeks, want.index)["forecast"]
        assert found["outcome"] == "forecast", found
        assert found["use_per_school_day"] == pytest.approx(want.use, rel=0.05)
        days = want.days_left(weeks.times[-1], weeks.asked_at)
        assert found["school_days_left"] == pytest.approx(days, rel=0.06, abs=0.3)
        assert found["level_percent"] == want.level
        assert datetime.fromisoformat(found["cartridge_since"]) == want.since
        today = local_day(weeks.asked_at)
        runs_out_on = date.fromisoformat(found["runs_out_on"])
        assert outlook.walk(today, int(days * 0.94)) <= runs_out_on
        assert runs_out_on <= outlook.walk(today, int(days * 1.06) + 2)
        # under 7 school days (6 calendar days) is low; 11+ school days with 18 readings on
        # a straight line is medium; high needs 15 school days, more than 17 days can hold
        assert want.span < 7 if confidence == "low" else 7 <= want.span < 15
        assert found["confidence"] == confidence
    assert _forecast_of(weeks, in_time.index)["forecast"]["readings"] == in_time.readings
    # the cartridge replaced on night 14 may borrow the previous one's rate (the same here)
    assert _forecast_of(weeks, runs_out.index)["forecast"]["readings"] == runs_out.readings
    others = [
        f["forecast"]["outcome"]
        for f in weeks.forecasts
        if (f["device_id"], f["supply_index"])
        not in {(weeks.printer_id, runs_out.index), (weeks.printer_id, in_time.index)}
    ]
    assert Counter(others) == outlook.other_outcomes(weeks.docs, weeks.picks)
    # a waste toner box fills up: it reads as not forecast, not as "not enough data yet"
    wastes = [f["forecast"] for f in weeks.forecasts if f["kind"] == "waste"]
    assert wastes, "the lab's printers report their waste toner boxes"
    assert {f["outcome"] for f in wastes} == {"fills_up"}
    assert all("not forecast" in f["sentence"] for f in wastes)


def test_pre_visit_sheet_names_what_runs_out_within_30_school_days(weeks: Weeks) -> None:
    runs_out, in_time = outlook.cartridges(weeks.docs, weeks.times, weeks.picks)
    section = weeks.sheet.split("Running out in the next", 1)[1].split("</section>", 1)[0]
    soon = _forecast_of(weeks, runs_out.index)
    later = runs_out.days_left(weeks.times[-1], weeks.asked_at)
    assert later <= outlook.LOOKAHEAD
    assert in_time.days_left(weeks.times[-1], weeks.asked_at) > outlook.LOOKAHEAD + 3
    items = section.split('<li class="forecast">')[1:]
    named = [item for item in items if html.escape(soon["device_name"]) in item]
    assert len(named) == 1, section  # the supply running out, not the one with ~38 days
    assert f"runs out in about {round(soon['forecast']['school_days_left'])} school" in named[0]
    # the part to bring: the one the printer names in the supply's description the test sent
    assert soon["part"]
    assert soon["part"] in runs_out.name
    assert f'Bring a <strong class="part">{html.escape(soon["part"])}</strong>' in named[0]


def test_supplies_forecast_in_time(weeks: Weeks) -> None:
    [row] = weeks.evaluation["schools"]
    expected = outlook.named_in_time(weeks.docs, weeks.times, weeks.picks)
    assert expected == 1  # the cartridge that ran out was named 5 school days before
    assert row["supplies_forecast_in_time"] == expected


def test_cluster_comparison_from_the_nights_sent(weeks: Weeks) -> None:
    [school] = weeks.comparison["schools"]
    last = weeks.docs[-1]
    assert school["devices_by_type"] == outlook.devices_by_type(last)
    assert school["open_alerts"] == outlook.open_alerts(weeks.docs)
    assert (school["open_reported"], school["reported_by_school"]) == (0, 1)
    assert school["found_by_agent"] == weeks.expected.agent_incidents
    assert (school["visits"], school["remote_fixes"]) == (1, 1)
    assert school["hours"] == round((120 + 25) / 60, 2)
    assert school["failing_checks"] == outlook.failing_checks(last)
    verdicts = outlook.baseline_verdicts(last)
    firmware = outlook.firmware_verdict(last)
    if firmware is not None:
        verdicts["firmware_current"] = firmware
    found = {name: school["baselines"][name]["verdict"] for name in verdicts}
    assert found == verdicts
    answering, public = outlook.snmp_public_counts(last)
    assert public >= 1  # the lab's devices answer the factory community
    assert len(school["baselines"]["snmp_public"]["failing"]) == public
    assert school["baselines"]["snmp_public"]["detail"].startswith(f"{public} of {answering} ")
    rows = {row["name"]: row for row in weeks.comparison["baselines"]}
    for name, verdict in verdicts.items():
        judged = verdict in {"pass", "fail"}
        assert (rows[name]["passing"], rows[name]["judged"]) == (verdict == "pass", judged)


def _page_figures(page: str) -> dict[str, str]:
    """The comparison page's figures for the school: ``data-figure`` -> cell text."""
    cell = rf'<tr data-figure="([\w-]+)">.*?<td class="\w+" data-school="{SCHOOL}">(.*?)</td>'
    return {name: re.sub(r"<[^>]+>", "", text) for name, text in re.findall(cell, page, re.S)}


def test_comparison_page_shows_the_figures_computed_here(weeks: Weeks) -> None:
    figures = _page_figures(weeks.compare_page)
    last = weeks.docs[-1]
    for kind, count in outlook.devices_by_type(last).items():
        assert figures.pop(f"type-{kind}") == str(count), kind
    assert not [name for name in figures if name.startswith("type-")]
    assert figures["open"] == str(outlook.open_alerts(weeks.docs))  # none reported still open
    assert figures["by-agent"] == str(weeks.expected.agent_incidents)
    assert (figures["by-school"], figures["visits"], figures["remote"]) == ("1", "1", "1")
    assert figures["hours"] == f"{(120 + 25) / 60:.1f}"
    failing = ", ".join(f"{name} ({count})" for name, count in outlook.failing_checks(last))
    assert figures["failing"] == failing
    for name, verdict in outlook.baseline_verdicts(last).items():
        row = re.search(rf'<tr data-baseline="{name}">.*?</tr>', weeks.compare_page, re.S)
        assert row is not None, name
        judged = int(verdict in {"pass", "fail"})
        assert f'<td class="num passing">{int(verdict == "pass")} of {judged}</td>' in row[0]
        assert f'class="verdict {verdict}"' in row[0]
