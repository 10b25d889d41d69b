"""The collector's Debian package on this machine: build, ``dpkg -i`` (postinst creates the user
and migrates the SQLite database), ``systemd-analyze verify``, the admin command run as root
(it runs as the service user), the service started the way systemd would start it (in the lab
agent's namespace, on its loopback) answering the API; then ``dpkg --purge`` leaves nothing.
The package is purged even when a test fails."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.lab.collector_api import api_get
from tests.lab.lab import Lab
from tests.packaging import debian
from tests.packaging.debian import Unit, as_root_installer, owner

pytestmark = pytest.mark.lab

PACKAGE = "lankeeper-collector"
SERVICE_USER = "lankeeper-collector"
STATE = Path("/var/lib/lankeeper-collector")
SETTINGS = Path("/etc/lankeeper/collector.env")
UNITS = ("lankeeper-collector.service", "lankeeper-collector-tick.service")
TIMER = "lankeeper-collector-tick.timer"
OWNED = [
    Path("/opt/lankeeper-collector"),
    SETTINGS,
    STATE,
    Path("/usr/bin/lankeeper-collector"),
    *(debian.UNIT_DIR / name for name in (*UNITS, TIMER)),
    Path("/usr/share/doc/lankeeper-collector"),
]
ADMIN, PASSWORD = "admin", "collector deb password"


@dataclass
class Installed:
    install: subprocess.CompletedProcess[str]
    unit: Unit


@pytest.fixture(scope="module")
def installed(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    debian.refuse_foreign_user(PACKAGE, SERVICE_USER)
    deb = debian.build("collector", tmp_path_factory.mktemp("deb"))
    with debian.set_aside(PACKAGE, OWNED):
        debian.purge(PACKAGE)
        try:
            done = debian.dpkg("-i", str(deb))
            assert done.returncode == 0, done.stdout + done.stderr
            yield Installed(done, Unit.read(debian.UNIT_DIR / UNITS[0]))
        finally:
            debian.purge(PACKAGE)


def _collector(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    argv = as_root_installer(["/usr/bin/lankeeper-collector", *args])
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, check=False)


def test_install_creates_the_user_and_a_migrated_database(installed: Installed) -> None:
    assert debian.user_exists(SERVICE_USER)
    assert owner(STATE)[:2] == (SERVICE_USER, SERVICE_USER)
    assert owner(SETTINGS) == ("root", SERVICE_USER, 0o640)
    database = STATE / "collector.sqlite3"
    assert owner(database)[0] == SERVICE_USER
    wants = Path("/etc/systemd/system")
    assert (wants / "multi-user.target.wants" / UNITS[0]).is_symlink()
    assert (wants / "timers.target.wants" / TIMER).is_symlink()
    assert "user add admin" in installed.install.stdout


def test_the_installed_units_verify(installed: Installed) -> None:
    units = [str(debian.UNIT_DIR / name) for name in (*UNITS, TIMER)]
    done = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "lankeeper" not in done.stderr, done.stderr


def test_the_admin_command_as_root_works_as_the_service_user(installed: Installed) -> None:
    done = _collector("user", "add", ADMIN, "--role", "admin", "--password-stdin", stdin=PASSWORD)
    assert done.returncode == 0, done.stderr
    done = _collector("cluster", "add", "north", "--name", "North", "--timezone", "Europe/London")
    assert done.returncode == 0, done.stderr
    strays = [p for p in STATE.rglob("*") if owner(p)[0] != SERVICE_USER]
    assert not strays, f"not owned by the service user: {strays}"


def test_the_service_serves_the_api(lab: Lab, installed: Installed) -> None:
    unit = installed.unit
    assert unit.exec_start_pre is not None
    migrate = lab.exec_in(lab.agent_ns, unit.argv(unit.exec_start_pre))
    assert migrate.returncode == 0, migrate.stderr
    server = subprocess.Popen(
        ["ip", "netns", "exec", lab.agent_ns, *unit.argv()],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    port = unit.environment["LANKEEPER_COLLECTOR_PORT"]
    url = f"http://127.0.0.1:{port}"
    try:
        probe = f"import urllib.request; urllib.request.urlopen('{url}/healthz', timeout=1)"
        for _ in range(80):
            if lab.exec_in(lab.agent_ns, ["/usr/bin/python3", "-c", probe]).returncode == 0:
                break
            assert server.poll() is None, server.communicate()[0]
            time.sleep(0.25)
        [clusters] = api_get(lab, url, (ADMIN, PASSWORD), ["/api/v1/clusters"])
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "north" in str(clusters)


def test_purge_leaves_nothing_behind(installed: Installed) -> None:
    done = debian.dpkg("--purge", PACKAGE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert debian.leftovers(PACKAGE, OWNED, SERVICE_USER) == []
