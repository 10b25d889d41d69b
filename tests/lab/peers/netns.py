"""Network namespaces, the bridge and the veth links; finding and ending processes per namespace.

Everything happens inside the lab's own namespaces: the bridge lives in the switch namespace and
each veth pair is created there with its far end put straight into the host's namespace, so the
machine's own namespace never sees a lab interface.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from tests.lab.peers.base import LabError, in_ns

log = logging.getLogger(__name__)

NETNS_DIR = Path("/run/netns")
BRIDGE = "br0"
MULTICAST = "224.0.0.0/4"
BASE_SYSCTLS = {
    "net.ipv6.conf.default.disable_ipv6": "1",  # new links (eth0, veths) get no IPv6; lo keeps it
    "net.ipv4.ip_forward": "0",
    "net.ipv4.igmp_link_local_mcast_reports": "0",  # no IGMP reports for 224.0.0.251
}


@dataclass(frozen=True)
class Link:
    """A host's veth: ``eth0`` with ``mac``/``ip`` in ``ns``, peer ``veth`` on the bridge."""

    ns: str
    veth: str
    mac: str
    ip: IPv4Address


def run(argv: Sequence[str], stdin: str | None = None, check: bool = True) -> str:
    """Run a command to completion; raise LabError with its stderr when it fails."""
    done = subprocess.run(
        argv, input=stdin, capture_output=True, text=True, timeout=60, check=False
    )
    if check and done.returncode != 0:
        raise LabError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def existing() -> set[str]:
    try:
        return {entry.name for entry in NETNS_DIR.iterdir()}
    except FileNotFoundError:
        return set()


def add(names: Iterable[str]) -> None:
    run(["ip", "-batch", "-"], "".join(f"netns add {name}\n" for name in names))


def delete(names: Iterable[str]) -> None:
    lines = "".join(f"netns delete {name}\n" for name in names)
    if lines:
        run(["ip", "-force", "-batch", "-"], lines, check=False)


def sysctl(ns: str, settings: Mapping[str, str]) -> None:
    run(in_ns(ns, ["sysctl", "-q", "-w", *(f"{k}={v}" for k, v in settings.items())]))


def build_switch(switch_ns: str, links: Sequence[Link]) -> None:
    """The bridge (multicast snooping off) and one veth pair per host, all in one batch."""
    lines = [f"link add {BRIDGE} type bridge mcast_snooping 0", f"link set {BRIDGE} up"]
    for link in links:
        lines += [
            f"link add {link.veth} type veth peer name eth0 address {link.mac} netns {link.ns}",
            f"link set {link.veth} master {BRIDGE}",
            f"link set {link.veth} up",
        ]
    run(["ip", "-n", switch_ns, "-batch", "-"], "".join(f"{line}\n" for line in lines))


def configure_host(link: Link, subnet: IPv4Network) -> None:
    """Address, up, and the multicast route (there is no default route to carry mDNS)."""
    lines = (
        f"addr add {link.ip}/{subnet.prefixlen} dev eth0",
        "link set lo up",
        "link set eth0 up",
        f"route add {MULTICAST} dev eth0",
    )
    run(["ip", "-n", link.ns, "-batch", "-"], "".join(f"{line}\n" for line in lines))


def _net_inode(path: str) -> int | None:
    try:
        return Path(path).stat().st_ino
    except OSError:
        return None


def pids_by_namespace(names: Iterable[str]) -> dict[str, list[int]]:
    """Processes whose network namespace is one of ``names`` (what ``ip netns pids`` does)."""
    wanted = {ino: name for name in names if (ino := _net_inode(str(NETNS_DIR / name)))}
    found: dict[str, list[int]] = {name: [] for name in wanted.values()}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            name = wanted.get(_net_inode(f"/proc/{entry.name}/ns/net") or -1)
            if name is not None and entry.name != str(os.getpid()):
                found[name].append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _signal(pids: Iterable[int], sig: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def end_processes(pids: Sequence[int], grace_s: float = 3.0) -> None:
    """SIGTERM, then SIGKILL whatever is still alive after ``grace_s``."""
    _signal(pids, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    stragglers = [p for p in pids if _alive(p)]
    if stragglers:
        log.warning("killing %d lab processes that ignored SIGTERM", len(stragglers))
        _signal(stragglers, signal.SIGKILL)
