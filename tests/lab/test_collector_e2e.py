"""End to end, on SQLite and on PostgreSQL: a collector process runs on the lab agent's
loopback, the agent enrolls with a one-time code, scans the simulated school and reports over
real HTTP; then a PC changes address and a projector lamp is replaced, the agent scans again,
and the collector's API shows one device per MAC (IP updated, not duplicated), the change
events with before/after, the history, and the lamp alert resolved."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from tests.collector.databases import empty_database
from tests.lab.agent_config import LAB_NETWORK, write_agent_config
from tests.lab.collector_api import api_get
from tests.lab.inventory import host
from tests.lab.lab import REPO, Lab
from tests.lab.peers.base import in_ns
from tests.lab.specs import Pjlink

pytestmark = pytest.mark.lab

PYTHON = str(REPO / ".venv" / "bin" / "python")
ADMIN, PASSWORD = "admin", "e2e password"


@dataclass
class Collector:
    lab: Lab
    url: str
    db_url: str
    state_dir: Path
    config: Path

    def cli(self, *args: str, stdin: str | None = None) -> str:
        argv = [PYTHON, "-m", "collector", *args, "--database-url", self.db_url]
        done = subprocess.run(
            argv, input=stdin, capture_output=True, text=True, cwd=REPO, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def agent(self, *args: str) -> subprocess.CompletedProcess[str]:
        argv = [PYTHON, "-m", "agent.cli", *args, "--state-dir", str(self.state_dir)]
        return self.lab.exec_in(self.lab.agent_ns, argv, timeout=300)

    def scan(self) -> dict[str, Any]:
        out = self.state_dir.parent / "report.json"
        done = self.agent("scan", "--config", str(self.config), "--quiet", "--json", str(out))
        assert done.returncode == 0, done.stderr
        assert "1 report(s), 0 still queued" in done.stderr, done.stderr
        report: dict[str, Any] = json.loads(out.read_text())
        return report

    def get(self, path: str) -> Any:
        return api_get(self.lab, self.url, (ADMIN, PASSWORD), [path])[0]

    def device(self, mac: str) -> dict[str, Any]:
        found = self.get(f"/api/v1/schools/lab-school/devices?q={mac}")["items"]
        assert len(found) == 1, found
        detail: dict[str, Any] = self.get(f"/api/v1/devices/{found[0]['id']}")
        return detail


def _serve(lab: Lab, db_url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    argv = [PYTHON, "-m", "collector", "serve", "--database-url", db_url]
    argv += ["--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(in_ns(lab.agent_ns, argv), stdout=out, stderr=out, cwd=REPO)
    probe = f"import urllib.request; urllib.request.urlopen('http://127.0.0.1:{port}/healthz')"
    for _ in range(80):
        if lab.exec_in(lab.agent_ns, [PYTHON, "-c", probe]).returncode == 0:
            return server
        time.sleep(0.25)
    server.terminate()
    pytest.fail(f"collector did not start:\n{log.read_text()}")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def collector(
    request: pytest.FixtureRequest, lab: Lab, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Collector]:
    tmp = tmp_path_factory.mktemp(f"e2e-{request.param}")
    port = 8611 if request.param == "sqlite" else 8612
    for db_url in empty_database(request.param, tmp):
        config = write_agent_config(tmp / "agent.toml", extra=LAB_NETWORK)
        found = Collector(lab, f"http://127.0.0.1:{port}", db_url, tmp / "state", config)
        found.cli("migrate")
        found.cli("cluster", "add", "lab", "--name", "Lab cluster", "--timezone", "Europe/London")
        found.cli("school", "add", "lab-school", "--cluster", "lab", "--name", "Lab Primary")
        found.cli("user", "add", ADMIN, "--role", "admin", "--password-stdin", stdin=PASSWORD)
        server = _serve(lab, db_url, port, tmp / "collector.log")
        try:
            yield found
        finally:
            server.terminate()
            server.wait(timeout=10)


@dataclass(frozen=True)
class Nights:
    first: dict[str, Any]
    second: dict[str, Any]
    moved_mac: str
    new_ip: str
    remembered: dict[str, float]
    second_report: dict[str, Any]


def _pretend_the_router_was_up_longer(state_dir: Path) -> dict[str, float]:
    """Yesterday's uptimes as the agent remembered them, with the router's made 30 days
    longer: tonight's (shorter) uptime then means it restarted in between."""
    path = state_dir / "last-uptimes.json"
    remembered: dict[str, float] = json.loads(path.read_text())
    gateway = host("gw").mac
    path.write_text(json.dumps({**remembered, gateway: remembered[gateway] + 30 * 86400}))
    return remembered


def _readdress(lab: Lab, ns: str, old: object, new: object) -> None:
    """Move the host to a new address (deleting first: the old one would take its secondaries)."""
    lab.exec_in(ns, ["ip", "addr", "del", f"{old}/24", "dev", "eth0"])
    lab.exec_in(ns, ["ip", "addr", "add", f"{new}/24", "dev", "eth0"], check=True)
    lab.exec_in(ns, ["ip", "route", "replace", "224.0.0.0/4", "dev", "eth0"])


@pytest.fixture(scope="module")
def nights(collector: Collector, lab: Lab) -> Iterator[Nights]:
    code = collector.cli("enrollment-code", "create", "--school", "lab-school", "--ttl", "1")
    enrolled = collector.agent("enroll", "--collector", collector.url, "--code", code)
    assert enrolled.returncode == 0, enrolled.stderr
    collector.scan()
    first = collector.get("/api/v1/schools/lab-school")
    remembered = _pretend_the_router_was_up_longer(collector.state_dir)
    pc, projector = host("pc05"), host("proj-nec")
    new_ip = "198.18.0.160"
    lamp = next(p for p in projector.peers if isinstance(p, Pjlink)).state
    ns = lab.ns(pc)
    try:
        _readdress(lab, ns, pc.ip, new_ip)
        lab.set_pjlink_state(projector, replace(lamp, lamps=((12, True),)))
        second_report = collector.scan()
        second = collector.get("/api/v1/schools/lab-school")
        yield Nights(first, second, pc.mac, new_ip, remembered, second_report)
    finally:
        _readdress(lab, ns, new_ip, pc.ip)
        lab.set_pjlink_state(projector, lamp)


def test_enrolled_agent_reports_every_lab_host(
    lab: Lab, collector: Collector, nights: Nights
) -> None:
    devices = collector.get("/api/v1/schools/lab-school/devices?limit=200")["items"]
    macs = [d["mac"] for d in devices if d["mac"]]
    assert len(macs) == len(set(macs)), "a MAC appears twice"
    assert {row.mac for row in lab.hosts} <= set(macs)
    assert nights.first["last_report_at"] is not None


def test_an_ip_change_updates_the_device_and_is_an_event(
    collector: Collector, nights: Nights
) -> None:
    assert nights.second["device_count"] == nights.first["device_count"]
    pc = collector.device(nights.moved_mac)
    assert pc["ips"] == [nights.new_ip]
    [moved] = [e for e in pc["events"] if e["kind"] == "ip_changed"]
    assert str(host("pc05").ip) in json.dumps(moved["before"])
    assert nights.new_ip in json.dumps(moved["after"])
    assert any(e["kind"] == "new" for e in pc["events"])


def test_a_replaced_lamp_resolves_its_alert_and_history_keeps_both_readings(
    collector: Collector, nights: Nights
) -> None:
    alerts = collector.get("/api/v1/alerts?school=lab-school&limit=100")["items"]
    lamp = [a for a in alerts if a["check_id"] == "projector.lamp.1"]
    assert lamp, alerts
    assert {a["state"] for a in lamp} == {"resolved"}
    projector = collector.device(host("proj-nec").mac)
    points = [h for h in projector["history"] if h.get("check_id") == "projector.lamp.1"]
    assert len(points) >= 2, projector["history"]


def test_critical_supplies_stay_open_alerts(collector: Collector, nights: Nights) -> None:
    alerts = collector.get("/api/v1/alerts?school=lab-school&state=open&limit=100")["items"]
    summaries = " | ".join(a["summary"] for a in alerts)
    assert "Black toner empty" in summaries
    assert "Black ink at 1 %" in summaries


def test_the_agent_remembers_uptimes_and_reports_a_restart(
    collector: Collector, nights: Nights
) -> None:
    assert host("gw").mac in nights.remembered
    assert host("switch").mac in nights.remembered
    router = next(d for d in nights.second_report["devices"] if d["mac"] == host("gw").mac)
    [uptime] = [c for c in router["checks"] if c["check_id"].endswith(".uptime")]
    assert uptime["status"] == "warning"
    assert uptime["summary"].startswith("Restarted since the last check")


def test_clock_compared_with_the_collector_and_collector_reachable(nights: Nights) -> None:
    checks = {c["check_id"]: c for c in nights.second_report["host_checks"]}
    assert checks["host.clock"]["status"] == "ok", checks["host.clock"]
    assert checks["network.collector"]["status"] == "ok", checks["network.collector"]
