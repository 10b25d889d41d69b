"""Run CUPS's ``ippeveprinter`` on 127.0.0.1 for tests and for re-recording the fixtures.

ippeveprinter (CUPS 2.4) always opens an Avahi client and exits when there is no D-Bus
system bus. We give it a private, empty bus: a ``dbus-daemon`` started in its own empty
network namespace (``unshare --net``) on a socket in the test's temporary directory. No
avahi-daemon is ever started, so nothing is announced anywhere; the printer listens on
``localhost`` only (``-n localhost``; ``-r off`` asks for no DNS-SD subtypes).

Needs root (for ``unshare --net``) and the ``ippeveprinter`` / ``dbus-daemon`` binaries.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

DATA = Path(__file__).parent / "data"

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>custom</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def missing_requirements() -> str | None:
    """Why ippeveprinter cannot run here, or None."""
    for binary in ("ippeveprinter", "dbus-daemon", "unshare"):
        if shutil.which(binary) is None:
            return f"{binary} not installed"
    if os.geteuid() != 0:
        return "needs root (unshare --net for the private D-Bus)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(predicate: object, what: str, limit_s: float = 10.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not come up within {limit_s} s")


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@contextmanager
def _private_bus(workdir: Path) -> Iterator[str]:
    sock = workdir / "bus.sock"
    config = workdir / "bus.conf"
    config.write_text(_BUS_CONFIG.format(socket=sock))
    bus = subprocess.Popen(
        ["unshare", "--net", "dbus-daemon", f"--config-file={config}", "--nofork"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(sock.exists, "private dbus-daemon")
        yield f"unix:path={sock}"
    finally:
        bus.terminate()
        bus.wait(timeout=5)


@contextmanager
def running_ippeveprinter(
    workdir: Path, attrs: Path | None = None, name: str = "Lab Printer"
) -> Iterator[int]:
    """Start ippeveprinter on a free localhost port; yield the port; stop it afterwards."""
    port = free_port()
    spool = workdir / "spool"
    spool.mkdir(parents=True, exist_ok=True)
    args = ["ippeveprinter", "-p", str(port), "-n", "localhost", "-r", "off", "-d", str(spool)]
    args += ["-a", str(attrs)] if attrs else []
    with _private_bus(workdir) as bus, (workdir / "ippeveprinter.log").open("wb") as log:
        env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": bus}
        printer = subprocess.Popen([*args, name], env=env, stdout=log, stderr=log)
        try:
            _wait(lambda: _port_open(port), "ippeveprinter")
            yield port
        finally:
            printer.terminate()
            printer.wait(timeout=5)


def set_supply_levels(port: int, levels: dict[int, int]) -> None:
    """Drive ippeveprinter's /supplies test form (``supplyN=level``, N from 0, give them all:
    the form rewrites printer-supply from what it gets). It also sets printer-state-reasons:
    toner-low below 10, toner-empty at 0, marker-waste-almost-full above 90, -full at 100."""
    query = urllib.parse.urlencode({f"supply{i}": v for i, v in levels.items()})
    with requests.Session() as session:
        session.trust_env = False
        session.get(f"http://127.0.0.1:{port}/supplies?{query}", timeout=10).raise_for_status()
