"""A tiny scratch LAN in network namespaces for the LINK helper's integration tests.

Topology: one switch namespace ``<prefix>-sw`` holding bridge ``br0``; one agent namespace
``<prefix>-agent`` and N host namespaces ``<prefix>-hN``, each with ``eth0`` on a veth pair into
the bridge. Addresses in 198.18.1.0/24 (benchmarking space, never routed), MACs set explicitly,
IPv6 off, no default route, a 224.0.0.0/4 route for mDNS, multicast snooping off.

Nothing here touches the machine's own namespace except creating/deleting the namespaces.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
NETWORK = IPv4Network("198.18.1.0/24")


@dataclass(frozen=True)
class ScratchHost:
    ns: str
    ip: IPv4Address
    mac: str


@dataclass(frozen=True)
class ScratchLan:
    switch_ns: str
    agent: ScratchHost
    hosts: tuple[ScratchHost, ...]
    network: IPv4Network = NETWORK


def require_root() -> None:
    """Skip locally without root/ip; under CI=true a skip is a failure."""
    missing = os.geteuid() != 0 or shutil.which("ip") is None
    if not missing:
        return
    reason = "scratch LAN needs root and iproute2 (network namespaces)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true forbids skipping lab tests")
    pytest.skip(reason)


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=20)


def flush_neighbours(ns: str) -> None:
    """Empty the kernel neighbour table of ``ns``."""
    _run("ip", "-n", ns, "neigh", "flush", "all")


def _ns_sh(ns: str, *args: str) -> None:
    _run("ip", "netns", "exec", ns, *args)


def _plug(switch_ns: str, host: ScratchHost, port: str) -> None:
    _run("ip", "netns", "add", host.ns)
    _run(
        "ip",
        "-n",
        switch_ns,
        "link",
        "add",
        port,
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "netns",
        host.ns,
    )
    _run("ip", "-n", switch_ns, "link", "set", port, "master", "br0", "up")
    _ns_sh(host.ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
    _run("ip", "-n", host.ns, "link", "set", "eth0", "address", host.mac)
    _run("ip", "-n", host.ns, "addr", "add", f"{host.ip}/{NETWORK.prefixlen}", "dev", "eth0")
    _run("ip", "-n", host.ns, "link", "set", "lo", "up")
    _run("ip", "-n", host.ns, "link", "set", "eth0", "up")
    _run("ip", "-n", host.ns, "route", "add", "224.0.0.0/4", "dev", "eth0")


def _make_switch(switch_ns: str) -> None:
    _run("ip", "netns", "add", switch_ns)
    _run("ip", "-n", switch_ns, "link", "add", "br0", "type", "bridge")
    _ns_sh(switch_ns, "sh", "-c", "echo 0 > /sys/class/net/br0/bridge/multicast_snooping")
    _run("ip", "-n", switch_ns, "link", "set", "br0", "up")


def plan(prefix: str, n_hosts: int) -> ScratchLan:
    agent = ScratchHost(f"{prefix}-agent", NETWORK[10], "02:00:5e:10:01:0a")
    hosts = tuple(
        ScratchHost(f"{prefix}-h{i}", NETWORK[20 + i], f"00:1b:a9:0b:01:{20 + i:02x}")
        for i in range(1, n_hosts + 1)
    )
    return ScratchLan(f"{prefix}-sw", agent, hosts)


def build(prefix: str = "lkl-s", n_hosts: int = 4) -> ScratchLan:
    lan = plan(prefix, n_hosts)
    teardown(lan)
    _make_switch(lan.switch_ns)
    for index, host in enumerate((lan.agent, *lan.hosts)):
        _plug(lan.switch_ns, host, f"p{index}")
    return lan


def teardown(lan: ScratchLan) -> None:
    for ns in (lan.agent.ns, *(h.ns for h in lan.hosts), lan.switch_ns):
        _kill_ns_pids(ns)
        subprocess.run(["ip", "netns", "del", ns], capture_output=True, check=False)


def _kill_ns_pids(ns: str) -> None:
    out = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True, check=False)
    for pid in out.stdout.split():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid), 9)


@contextlib.contextmanager
def scratch_lan(prefix: str = "lkl-s", n_hosts: int = 4) -> Iterator[ScratchLan]:
    require_root()
    lan = plan(prefix, n_hosts)
    try:
        lan = build(prefix, n_hosts)
        yield lan
    finally:
        teardown(lan)


def ns_python(
    ns: str, args: Sequence[str], *, drop_net_raw: bool = False, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``python args...`` from the checkout inside ``ns``."""
    cmd = [PYTHON, *args]
    if drop_net_raw:
        cmd = ["capsh", "--drop=cap_net_raw", "--", "-c", " ".join(_quote(c) for c in cmd)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        ["ip", "netns", "exec", ns, *cmd],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=env,
        check=False,
    )


def ns_json(ns: str, args: Sequence[str], *, drop_net_raw: bool = False) -> Any:
    """Run the ``nsrun`` module in ``ns`` and decode its JSON stdout (fails with its stderr)."""
    proc = ns_python(ns, ["-m", "tests.unit.net.nsrun", *args], drop_net_raw=drop_net_raw)
    assert proc.returncode == 0, f"nsrun {args} failed ({proc.returncode}):\n{proc.stderr}"
    return json.loads(proc.stdout)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def spawn_in_ns(ns: str, args: Sequence[str]) -> subprocess.Popen[str]:
    """Start a long-running helper (``python args``) in ``ns``; it must print a line when ready."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        ["ip", "netns", "exec", ns, PYTHON, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
