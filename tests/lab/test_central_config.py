"""Central configuration in the lab, on SQLite and PostgreSQL: a collector on the lab agent's
loopback holds the school's SNMP communities (cluster), v3 user (school) and a projector's PJLink
password (that device only); the agent's own TOML
has none. The agent's next run finds the SNMP devices with them; a community changed in the
cluster settings is what the next run uses; with the collector down the agent uses its cached
copy; ``lankeeper-agent service`` picks up a technician's "scan now" and the fresh report
arrives. No secret appears in any log, report or page captured on the way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from collector.services.secret_box import generate_key
from tests.collector.databases import empty_database
from tests.lab.agent_config import LAB_NETWORK
from tests.lab.collector_api import api_get
from tests.lab.inventory import PJLINK_PASSWORD, SUBNET, V3_USER, host
from tests.lab.lab import REPO, Lab
from tests.lab.peers.base import in_ns

pytestmark = pytest.mark.lab

PYTHON = str(REPO / ".venv" / "bin" / "python")
ADMIN, PASSWORD = "admin", "central lab password"
SCHOOL_COMMUNITY = "lk-school"  # only the file server answers it (Net-SNMP snmpd)
SECRETS = (SCHOOL_COMMUNITY, V3_USER.auth_key, V3_USER.priv_key, PJLINK_PASSWORD)
CLUSTER_V2C = [
    {"name": "central-public", "community": "public"},
    {"name": "central-school", "community": SCHOOL_COMMUNITY},
]
SCHOOL_V3 = [
    {
        "name": "central-v3",
        "user": V3_USER.user,
        "auth_protocol": "sha",
        "auth_key": V3_USER.auth_key,
        "priv_protocol": "aes",
        "priv_key": V3_USER.priv_key,
    }
]
LOCAL_TOML = f"""[school]
id = "lab-school"
name = "Lab Primary School"

[scan]
interface = "eth0"
subnets = ["{SUBNET}"]

[snmp]  # no credentials here: they come from the collector
timeout_s = 2.0  # patient: the machine running the lab may be busy
retries = 2

[checkin]
interval_s = 1
jitter_s = 0
timeout_s = 5
{LAB_NETWORK}"""

_POST = """
import json, sys, urllib.request
base, user, password, path = sys.argv[1:]
def call(p, body, token=None):
    req = urllib.request.Request(base + p, data=json.dumps(body).encode(), method="POST")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    return json.load(urllib.request.urlopen(req, timeout=10))
token = call("/api/v1/auth/login", {"username": user, "password": password})["token"]
print(json.dumps(call(path, {}, token)))
"""


@dataclass
class Central:
    lab: Lab
    url: str
    db_url: str
    port: int
    tmp: Path
    env: dict[str, str]
    server: subprocess.Popen[bytes] | None = None

    @property
    def state_dir(self) -> Path:
        return self.tmp / "state"

    @property
    def config(self) -> Path:
        return self.tmp / "agent.toml"

    def cli(self, *args: str, stdin: str | None = None) -> str:
        argv = [PYTHON, "-m", "collector", *args, "--database-url", self.db_url]
        done = subprocess.run(
            argv, input=stdin, capture_output=True, text=True, cwd=REPO, env=self.env, check=False
        )
        assert done.returncode == 0, done.stderr
        with (self.tmp / "cli.log").open("a") as log:
            log.write(done.stdout + done.stderr)
        return done.stdout.strip()

    def serve(self) -> None:
        argv = [PYTHON, "-m", "collector", "serve", "--database-url", self.db_url]
        argv += ["--host", "127.0.0.1", "--port", str(self.port)]
        with (self.tmp / "collector.log").open("ab") as out:
            self.server = subprocess.Popen(
                in_ns(self.lab.agent_ns, argv), stdout=out, stderr=out, cwd=REPO, env=self.env
            )
        probe = f"import urllib.request; urllib.request.urlopen('{self.url}/healthz')"
        for _ in range(80):
            if self.lab.exec_in(self.lab.agent_ns, [PYTHON, "-c", probe]).returncode == 0:
                return
            time.sleep(0.25)
        pytest.fail(f"collector did not start:\n{(self.tmp / 'collector.log').read_text()}")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=15)
            self.server = None

    def agent(self, *args: str) -> subprocess.CompletedProcess[str]:
        argv = [PYTHON, "-m", "agent.cli", *args, "--state-dir", str(self.state_dir)]
        done = self.lab.exec_in(self.lab.agent_ns, argv, timeout=300)
        with (self.tmp / "agent.log").open("a") as log:
            log.write(done.stdout + done.stderr)
        return done

    def scan(self, name: str, *, send: bool = True) -> dict[str, Any]:
        out = self.tmp / f"{name}.json"
        args = ["scan", "--config", str(self.config), "--quiet", "--json", str(out)]
        done = self.agent(*args, *([] if send else ["--no-send"]))
        assert done.returncode == 0, done.stderr
        report: dict[str, Any] = json.loads(out.read_text())
        return report

    def get(self, path: str) -> Any:
        return api_get(self.lab, self.url, (ADMIN, PASSWORD), [path])[0]

    def post(self, path: str) -> Any:
        argv = [PYTHON, "-c", _POST, self.url, ADMIN, PASSWORD, path]
        done = self.lab.exec_in(self.lab.agent_ns, argv)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def set_secret(self, where: tuple[str, ...], key: str, value: object) -> None:
        self.cli("settings", "set", *where, key, "--value-stdin", stdin=json.dumps(value))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def central(
    request: pytest.FixtureRequest, lab: Lab, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Central]:
    tmp = tmp_path_factory.mktemp(f"central-{request.param}")
    port = 8621 if request.param == "sqlite" else 8622
    env = {**os.environ, "LANKEEPER_COLLECTOR_SECRET_KEY": generate_key()}
    for db_url in empty_database(request.param, tmp):
        found = Central(lab, f"http://127.0.0.1:{port}", db_url, port, tmp, env)
        found.config.write_text(LOCAL_TOML)
        found.cli("migrate")
        found.cli("cluster", "add", "lab", "--name", "Lab cluster", "--timezone", "Europe/London")
        found.cli("school", "add", "lab-school", "--cluster", "lab", "--name", "Lab Primary")
        found.cli("user", "add", ADMIN, "--role", "admin", "--password-stdin", stdin=PASSWORD)
        found.set_secret(("--cluster", "lab"), "snmp_v2c", CLUSTER_V2C)
        found.set_secret(("--school", "lab-school"), "snmp_v3", SCHOOL_V3)
        projector = ("--school", "lab-school", "--device", host("proj-nec").mac)
        found.set_secret(projector, "pjlink_password", PJLINK_PASSWORD)  # one device only
        found.serve()
        code = found.cli("enrollment-code", "create", "--school", "lab-school", "--ttl", "1")
        enrolled = found.agent("enroll", "--collector", found.url, "--code", code)
        assert enrolled.returncode == 0, enrolled.stderr
        try:
            yield found
        finally:
            found.stop()


@dataclass(frozen=True)
class Runs:
    first: dict[str, Any]
    rotated: dict[str, Any]
    offline: dict[str, Any]


def credential_of(report: dict[str, Any], mac: str, method: str = "snmp") -> str | None:
    [found] = [d for d in report["devices"] if d["mac"] == mac]
    answered = [p for p in found["probes"] if p["method"] == method and p["answered"]]
    return answered[0].get("credential") if answered else None


def answered(report: dict[str, Any], mac: str, method: str) -> bool:
    [found] = [d for d in report["devices"] if d["mac"] == mac]
    return any(p["method"] == method and p["answered"] for p in found["probes"])


@pytest.fixture(scope="module")
def runs(central: Central) -> Runs:
    first = central.scan("first")
    central.set_secret(
        ("--cluster", "lab"), "snmp_v2c", [{"name": "rotated", "community": SCHOOL_COMMUNITY}]
    )
    rotated = central.scan("rotated")
    central.stop()
    try:
        offline = central.scan("offline", send=False)
    finally:
        central.serve()
    return Runs(first, rotated, offline)


def test_snmp_devices_are_found_with_credentials_held_only_centrally(runs: Runs) -> None:
    settings = runs.first["scan"]["settings"]
    assert settings["source"] == "central"
    assert {"snmp_v2c", "snmp_v3", "devices"} <= set(settings["central_keys"])
    assert credential_of(runs.first, host("fileserver").mac) == "central-school"
    assert credential_of(runs.first, host("winsrv").mac) == "central-public"
    assert credential_of(runs.first, host("nas").mac) == "central-v3"
    assert answered(runs.first, host("proj-nec").mac, "pjlink")


def test_a_community_changed_in_the_cluster_is_used_by_the_next_run(runs: Runs) -> None:
    assert credential_of(runs.rotated, host("fileserver").mac) == "rotated"
    assert credential_of(runs.rotated, host("winsrv").mac) is None  # "public" was removed
    assert credential_of(runs.rotated, host("nas").mac) == "central-v3"  # school level kept


def test_with_the_collector_down_the_cached_settings_are_used(runs: Runs) -> None:
    settings = runs.offline["scan"]["settings"]
    assert settings["source"] == "cached"
    assert "unreachable" in settings["checkin_error"]
    assert credential_of(runs.offline, host("fileserver").mac) == "rotated"


def test_service_mode_picks_up_scan_now_and_the_fresh_report_arrives(
    central: Central, runs: Runs
) -> None:
    before = central.get("/api/v1/schools/lab-school")["last_report_at"]
    log = central.tmp / "service.log"
    argv = [PYTHON, "-m", "agent.cli", "-v", "service", "--config", str(central.config)]
    argv += ["--state-dir", str(central.state_dir)]
    with log.open("ab") as out:
        service = subprocess.Popen(in_ns(central.lab.agent_ns, argv), stdout=out, stderr=out)
    try:
        requested = central.post("/api/v1/schools/lab-school/scan-requests")
        assert requested["done"] is False
        status = _wait_done(central)
    finally:
        service.send_signal(signal.SIGTERM)
        code = service.wait(timeout=60)
    assert code == 0, log.read_text()
    assert status["delivered_at"] is not None
    assert status["report_at"] != before
    assert "starting a scan: scan requested" in log.read_text()
    assert "service stopped after 1 scan(s)" in log.read_text()


def _wait_done(central: Central) -> dict[str, Any]:
    """Poll until the collector says the request is done (a generous bound, not a measure)."""
    status: dict[str, Any] = {}
    for _ in range(240):
        status = central.get("/api/v1/schools/lab-school/scan-requests/latest")
        if status["done"]:
            return status
        time.sleep(0.5)
    pytest.fail(f"the scan request was not done: {status}")


def test_no_secret_in_any_log_report_or_page(central: Central, runs: Runs) -> None:
    shown = json.dumps(central.get("/api/v1/settings/schools/lab-school"))
    captured = [shown, json.dumps(runs.first), json.dumps(runs.rotated)]
    captured += [path.read_text(errors="replace") for path in central.tmp.glob("*.log")]
    assert len(captured) >= 5, "collector, agent and CLI logs were captured"
    for secret in SECRETS:
        assert not any(secret in text for text in captured), secret
