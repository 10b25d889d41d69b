"""The agent's Debian package, as a provider installs it on a school PC, on this machine.

Build the ``.deb`` with ``packaging/debian/build-deb.sh``, ``dpkg -i`` it, check the units with
``systemd-analyze verify``; then, against the lab school and a lab collector on the agent
namespace's loopback: enroll as root (what the installer types), run the nightly service the way
systemd would (the ``lankeeper`` user, CAP_NET_RAW only, ``STATE_DIRECTORY``) and find the
report in the collector's API; finally ``dpkg --purge`` and check nothing is left. The package
is purged even when a test fails.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.lab.agent_config import LAB_NETWORK, agent_config_toml
from tests.lab.collector_api import api_get
from tests.lab.lab import Lab, find_snmprec_dir
from tests.lab.peers.base import in_ns
from tests.packaging import debian
from tests.packaging.debian import Unit, as_root_installer, owner

pytestmark = pytest.mark.lab

PACKAGE = "lankeeper-agent"
SERVICE_USER = "lankeeper"
STATE = Path("/var/lib/lankeeper")
CONFIG = Path("/etc/lankeeper/agent.toml")
OWNED = [
    Path("/opt/lankeeper"),
    Path("/etc/lankeeper"),
    STATE,
    Path("/usr/bin/lankeeper-agent"),
    debian.UNIT_DIR / "lankeeper-agent.service",
    debian.UNIT_DIR / "lankeeper-agent.timer",
    debian.UNIT_DIR / "lankeeper-agent-service.service",
    Path("/usr/share/doc/lankeeper-agent"),
]
PYTHON = str(debian.REPO / ".venv" / "bin" / "python")
PORT = 8613
URL = f"http://127.0.0.1:{PORT}"
ADMIN, PASSWORD = "admin", "deb test password"
CAP_NET_RAW = 1 << 13


@dataclass
class Installed:
    deb: Path
    install: subprocess.CompletedProcess[str]
    unit: Unit


@pytest.fixture(scope="module")
def installed(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    debian.refuse_foreign_user(PACKAGE, SERVICE_USER)
    deb = debian.build("agent", tmp_path_factory.mktemp("deb"))
    with debian.set_aside(PACKAGE, OWNED):
        debian.purge(PACKAGE)
        try:
            done = debian.dpkg("-i", str(deb))
            assert done.returncode == 0, done.stdout + done.stderr
            yield Installed(deb, done, Unit.read(debian.UNIT_DIR / "lankeeper-agent.service"))
        finally:
            debian.purge(PACKAGE)


@dataclass
class LabCollector:
    db_url: str

    def cli(self, *args: str, stdin: str | None = None) -> str:
        argv = [PYTHON, "-m", "collector", *args, "--database-url", self.db_url]
        done = subprocess.run(argv, input=stdin, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def get(self, lab: Lab, path: str) -> Any:
        return api_get(lab, URL, (ADMIN, PASSWORD), [path])[0]


@pytest.fixture(scope="module")
def collector(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabCollector]:
    tmp = tmp_path_factory.mktemp("deb-collector")
    found = LabCollector(f"sqlite:///{tmp / 'collector.sqlite3'}")
    found.cli("migrate")
    found.cli("cluster", "add", "lab", "--name", "Lab cluster", "--timezone", "Europe/London")
    found.cli("school", "add", "lab-school", "--cluster", "lab", "--name", "Lab Primary")
    found.cli("user", "add", ADMIN, "--role", "admin", "--password-stdin", stdin=PASSWORD)
    argv = [PYTHON, "-m", "collector", "serve", "--database-url", found.db_url]
    argv += ["--host", "127.0.0.1", "--port", str(PORT)]
    log = tmp / "collector.log"
    with log.open("wb") as out:
        server = subprocess.Popen(in_ns(lab.agent_ns, argv), stdout=out, stderr=out)
    try:
        probe = f"import urllib.request; urllib.request.urlopen('{URL}/healthz', timeout=1)"
        for _ in range(80):
            if lab.exec_in(lab.agent_ns, [PYTHON, "-c", probe]).returncode == 0:
                break
            time.sleep(0.25)
        else:
            pytest.fail(f"the lab collector did not start:\n{log.read_text()}")
        yield found
    finally:
        server.terminate()
        server.wait(timeout=10)


def _nightly(lab: Lab, unit: Unit) -> subprocess.CompletedProcess[str]:
    return lab.exec_in(lab.agent_ns, unit.argv(), timeout=600)


def test_the_package_installs_the_agent_its_user_state_and_timer(installed: Installed) -> None:
    assert debian.user_exists(SERVICE_USER)
    assert owner(STATE) == (SERVICE_USER, SERVICE_USER, 0o750)
    assert owner(CONFIG) == ("root", SERVICE_USER, 0o640)
    timer_link = Path("/etc/systemd/system/timers.target.wants/lankeeper-agent.timer")
    assert timer_link.is_symlink(), "postinst did not enable the timer"
    assert not Path("/opt/lankeeper/venv/lib/python3.11/site-packages/collector").exists()
    assert "enroll this PC once" in installed.install.stdout


def test_the_installed_units_verify(installed: Installed) -> None:
    names = ("lankeeper-agent.service", "lankeeper-agent.timer", "lankeeper-agent-service.service")
    units = [str(debian.UNIT_DIR / name) for name in names]
    done = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "lankeeper" not in done.stderr, done.stderr
    timer = (debian.UNIT_DIR / "lankeeper-agent.timer").read_text()
    assert "RandomizedDelaySec=" in timer
    assert installed.unit.user == SERVICE_USER
    assert installed.unit.ambient == "CAP_NET_RAW"
    assert installed.unit.state_directory == "lankeeper"


def test_the_installed_command_runs_without_the_checkout(
    installed: Installed, tmp_path: Path
) -> None:
    recording = tmp_path / "device.snmprec"
    recording.write_bytes(next(find_snmprec_dir().glob("*.snmprec")).read_bytes())
    argv = ["/usr/bin/lankeeper-agent", "identify", "--json", "--snmprec", str(recording)]
    done = subprocess.run(as_root_installer(argv), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert '"device_type"' in done.stdout


def test_only_cap_net_raw_reaches_the_service(lab: Lab, installed: Installed) -> None:
    status = ["/opt/lankeeper/venv/bin/python", "-c", "print(open('/proc/self/status').read())"]
    done = lab.exec_in(lab.agent_ns, installed.unit.argv(status))
    assert done.returncode == 0, done.stderr
    fields = dict(line.split(":\t", 1) for line in done.stdout.splitlines() if ":\t" in line)
    assert int(fields["CapEff"], 16) == CAP_NET_RAW
    assert int(fields["CapBnd"], 16) == CAP_NET_RAW
    assert fields["Uid"].split()[0] != "0"


def test_a_nightly_run_before_enrolling_fails_and_says_what_to_do(
    lab: Lab, installed: Installed
) -> None:
    CONFIG.write_text(agent_config_toml(extra=LAB_NETWORK))  # as an admin edits the conffile
    done = _nightly(lab, installed.unit)
    assert done.returncode == 3, done.stderr
    assert "not enrolled" in done.stderr
    assert "lankeeper-agent enroll --collector URL --code CODE" in done.stderr
    assert str(STATE) in done.stderr


def test_enroll_as_root_then_the_nightly_run_delivers(
    lab: Lab, installed: Installed, collector: LabCollector
) -> None:
    code = collector.cli("enrollment-code", "create", "--school", "lab-school", "--ttl", "1")
    enroll = ["/usr/bin/lankeeper-agent", "enroll", "--collector", URL, "--code", code]
    done = lab.exec_in(lab.agent_ns, as_root_installer(enroll))
    assert done.returncode == 0, done.stderr
    assert str(STATE) in done.stdout
    assert owner(STATE / "enrollment.json") == (SERVICE_USER, SERVICE_USER, 0o600)

    done = _nightly(lab, installed.unit)
    assert done.returncode == 0, done.stderr
    assert "1 report(s), 0 still queued" in done.stderr, done.stderr

    school = collector.get(lab, "/api/v1/schools/lab-school")
    assert school["last_report_at"] is not None
    devices = collector.get(lab, "/api/v1/schools/lab-school/devices?limit=200")["items"]
    assert {row.mac for row in lab.hosts} <= {d["mac"] for d in devices}
    strays = [p for p in STATE.rglob("*") if owner(p)[0] != SERVICE_USER]
    assert not strays, f"not owned by the service user: {strays}"


def test_purge_leaves_nothing_behind(installed: Installed) -> None:
    done = debian.dpkg("--purge", PACKAGE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert debian.leftovers(PACKAGE, OWNED, SERVICE_USER) == []
