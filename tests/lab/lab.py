"""The simulated school LAN: build it, run things in it, tear it down.

    lab = Lab.from_env()          # prefix from LK_LAB_PREFIX (default "lk")
    lab.up()                      # tears down a stale lab first; returns the seconds it took
    lab.exec_in(lab.agent_ns, ["arp-scan", "-I", "eth0", "198.18.0.0/24"])
    lab.down()                    # every namespace, process, veth and file it made

Topology: a bridge ``br0`` in ``<prefix>-sw``; every host (and the agent, ``<prefix>-agent`` at
198.18.0.2) is its own namespace with one veth (``eth0``) into it; 198.18.0.0/24, no default
route, no forwarding, IPv6 off on the lab links. Runtime files live under
``/var/tmp/lankeeper-lab/<prefix>`` (``LK_LAB_DIR`` overrides; see ``tests.lab.runtime``), outside
the checkout, so the unprivileged snmpsim user can read them wherever the clone is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tests.lab.inventory import AGENT, HOSTS, SUBNET, Host
from tests.lab.peers import host_sysctls, netns, start_host
from tests.lab.peers import ipp as ipp_peer
from tests.lab.peers import pjlink as pjlink_peer
from tests.lab.peers.base import Daemon, LabContext, LabError, in_ns, wait_until
from tests.lab.runtime import ensure_root, ensure_snmpsim, lab_root
from tests.lab.specs import Dnsmasq, IppPrinter, PjlinkState, SupplyLevels

REPO = Path(__file__).resolve().parents[2]
DEFAULT_PREFIX = "lk"
PREFIX_PATTERN = re.compile(r"[a-z][a-z0-9]{0,7}")
READY_TIMEOUT_S = 25.0
WORKERS = 8
SNMPREC_CANDIDATES = (REPO / "tests" / "fixtures" / "snmprec", REPO.parent / "shared" / "snmprec")

T = TypeVar("T")
R = TypeVar("R")


def find_snmprec_dir() -> Path:
    """``LK_SNMPREC_DIR``, else the first candidate directory that holds recordings."""
    if env := os.environ.get("LK_SNMPREC_DIR"):
        return Path(env)
    found = [d for d in SNMPREC_CANDIDATES if any(d.glob("*.snmprec"))]
    return found[0] if found else SNMPREC_CANDIDATES[-1]


def _parallel(fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(fn, items))


@dataclass(frozen=True)
class HostStatus:
    host: Host
    ns: str
    exists: bool
    processes: int


class Lab:
    """One simulated school; several can coexist when their prefixes differ."""

    def __init__(
        self,
        prefix: str = DEFAULT_PREFIX,
        state_dir: Path | None = None,
        snmprec_dir: Path | None = None,
        hosts: Sequence[Host] = HOSTS,
    ) -> None:
        if not PREFIX_PATTERN.fullmatch(prefix):
            raise ValueError(f"lab prefix {prefix!r}: use 1-8 lower-case letters/digits, e.g. 'lk'")
        root = lab_root()
        state = state_dir or root / prefix
        snmprec = snmprec_dir or find_snmprec_dir()
        self.ctx = LabContext(prefix, state, REPO, sys.executable, snmprec, root)
        self.hosts: tuple[Host, ...] = tuple(hosts)
        self.agent = AGENT
        self.daemons: list[Daemon] = []

    @classmethod
    def from_env(cls) -> Lab:
        state = os.environ.get("LK_LAB_DIR")
        return cls(os.environ.get("LK_LAB_PREFIX", DEFAULT_PREFIX), Path(state) if state else None)

    @property
    def prefix(self) -> str:
        return self.ctx.prefix

    @property
    def state_dir(self) -> Path:
        return self.ctx.state_dir

    @property
    def agent_ns(self) -> str:
        return self.ctx.ns(AGENT.suffix)

    @property
    def switch_ns(self) -> str:
        return self.ctx.ns("sw")

    def ns(self, host: Host | str) -> str:
        """The namespace of a host (row or suffix)."""
        return self.ctx.ns(host if isinstance(host, str) else host.suffix)

    @property
    def namespaces(self) -> tuple[str, ...]:
        return (self.switch_ns, self.agent_ns, *(self.ns(h) for h in self.hosts))

    # -- up ---------------------------------------------------------------------------------

    def up(self) -> float:
        """Build the lab (after tearing down any stale one); returns the seconds it took."""
        started = time.monotonic()
        self.down()
        try:
            self._build_network()
            self._start_peers()
            self._write_state(ready=True)
        except BaseException:
            self.down()
            raise
        return time.monotonic() - started

    def _build_network(self) -> None:
        ensure_root(self.ctx.runtime_root)
        ensure_snmpsim(self.ctx.runtime_root)  # once per machine; later labs reuse it
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.state_dir.chmod(0o755)  # snmpsim runs as nobody and must reach its data
        self._write_state()
        netns.add(self.namespaces)
        sysctls: list[tuple[str, dict[str, str]]] = [(self.switch_ns, {}), (self.agent_ns, {})]
        sysctls += [(self.ns(h), host_sysctls(h)) for h in self.hosts]
        _parallel(lambda item: netns.sysctl(item[0], {**netns.BASE_SYSCTLS, **item[1]}), sysctls)
        links = [
            netns.Link(self.ns(h), f"v{h.ip.packed[3]}", h.mac, h.ip)
            for h in (self.agent, *self.hosts)
        ]
        netns.build_switch(self.switch_ns, links)
        _parallel(lambda link: netns.configure_host(link, SUBNET), links)
        self._write_resolv_conf()

    def _start_peers(self) -> None:
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            futures = [pool.submit(start_host, self.ctx, h) for h in self.hosts if h.peers]
            errors = []
            for future in futures:
                try:
                    self.daemons += future.result()
                except LabError as exc:
                    errors.append(str(exc))
        if errors:
            raise LabError("; ".join(errors))
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        pending = list(self.daemons)
        while pending and time.monotonic() < deadline:
            for daemon in pending:
                if daemon.exited():
                    raise LabError(f"{daemon.name} in {daemon.ns} exited:\n{daemon.log_tail()}")
            pending = [d for d in pending if not d.ready()]
            time.sleep(0.1 if pending else 0)
        if pending:
            details = "\n".join(f"{d.name} in {d.ns}:\n{d.log_tail()}" for d in pending)
            raise LabError(f"not ready after {READY_TIMEOUT_S:.0f} s:\n{details}")

    @property
    def _resolv_dir(self) -> Path:
        return Path("/etc/netns") / self.agent_ns

    def _dns_server(self) -> Host | None:
        has_dns = (h for h in self.hosts if any(isinstance(p, Dnsmasq) for p in h.peers))
        server = next(has_dns, None)
        return server if server and shutil.which("dnsmasq") else None

    def _write_resolv_conf(self) -> None:
        """The agent resolves through the lab DNS (or nothing), never the machine's own."""
        self._resolv_dir.mkdir(parents=True, exist_ok=True)
        server = self._dns_server()
        text = f"nameserver {server.ip}\nsearch school.lan\n" if server else "# no lab DNS\n"
        (self._resolv_dir / "resolv.conf").write_text(text)

    def _write_state(self, *, ready: bool = False) -> None:
        state = {"prefix": self.prefix, "namespaces": list(self.namespaces), "ready": ready}
        (self.state_dir / "lab.json").write_text(json.dumps(state, indent=2))

    def _read_state(self) -> dict[str, Any]:
        try:
            state: dict[str, Any] = json.loads((self.state_dir / "lab.json").read_text())
        except (OSError, ValueError):
            return {}
        return state

    # -- down -------------------------------------------------------------------------------

    def _recorded_namespaces(self) -> set[str]:
        return set(self._read_state().get("namespaces", []))

    def down(self) -> None:
        """Remove every namespace, process, veth and file of this lab (idempotent)."""
        present = (set(self.namespaces) | self._recorded_namespaces()) & netns.existing()
        pids = [pid for pids in netns.pids_by_namespace(present).values() for pid in pids]
        netns.end_processes(pids)
        for daemon in self.daemons:
            try:
                daemon.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                daemon.process.kill()
        self.daemons = []
        netns.delete(present)  # deleting a namespace destroys its veth ends
        shutil.rmtree(self._resolv_dir, ignore_errors=True)
        shutil.rmtree(self.state_dir, ignore_errors=True)

    # -- use --------------------------------------------------------------------------------

    def status(self) -> list[HostStatus]:
        existing = netns.existing()
        hosts = (self.agent, *self.hosts)
        pids = netns.pids_by_namespace(self.ns(h) for h in hosts)
        return [
            HostStatus(h, self.ns(h), self.ns(h) in existing, len(pids.get(self.ns(h), [])))
            for h in hosts
        ]

    def is_up(self) -> bool:
        """Fully built and every peer was ready (a crashed ``up`` leaves this False)."""
        return bool(self._read_state().get("ready")) and set(self.namespaces) <= netns.existing()

    def exec_in(
        self,
        ns: str,
        argv: Sequence[str],
        *,
        timeout: float = 60.0,
        check: bool = False,
        env: Mapping[str, str] | None = None,
        stdin: str | None = None,
        capture: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` inside one of this lab's namespaces (and nowhere else).

        ``capture=False`` lets the output through to the terminal (stdout/stderr are then None).
        """
        if ns not in self.namespaces:
            raise ValueError(f"{ns!r} is not a namespace of lab {self.prefix!r}")
        return subprocess.run(
            in_ns(ns, argv),
            input=stdin,
            capture_output=capture,
            text=True,
            timeout=timeout,
            check=check,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        )

    def pids(self, host: Host | str, needle: str) -> list[int]:
        """Processes in the host's namespace whose command line contains ``needle``."""
        ns = self.ns(host)
        found = netns.pids_by_namespace([ns]).get(ns, [])
        return [pid for pid in found if needle in _cmdline(pid)]

    def set_pjlink_state(self, host: Host | str, state: PjlinkState) -> None:
        """Replace a PJLink simulator's state (power, errors, lamps...) while it runs."""
        row = self._row(host)
        pjlink_peer.write_state(self.ctx, row, state)
        for pid in self.pids(row, "tests.lab.pjlink_sim"):
            os.kill(pid, signal.SIGHUP)

    def set_ipp_supplies(self, host: Host | str, levels: SupplyLevels) -> None:
        """Restart ippeveprinter with new marker levels and derive its state reasons from them."""
        row = self._row(host)
        spec = next(p for p in row.peers if isinstance(p, IppPrinter))
        ipp_peer.write_attributes(self.ctx, row, ipp_peer.ipp_attributes(spec, levels))
        netns.end_processes(self.pids(row, "ippeveprinter"))
        avahi_pid = self.pids(row, "avahi-daemon: running")[0]
        daemon = ipp_peer.launch(self.ctx, row, spec, avahi_pid)
        self.daemons.append(daemon)
        if not wait_until(daemon.ready, timeout_s=20):
            raise LabError(f"ippeveprinter did not come back:\n{daemon.log_tail()}")
        url = f"http://127.0.0.1:{spec.port}/supplies?{ipp_peer.supplies_query(levels)}"
        code = f"import urllib.request; urllib.request.urlopen({url!r}, timeout=10).read()"
        self.exec_in(self.ns(row), [self.ctx.python, "-c", code], check=True)

    def _row(self, host: Host | str) -> Host:
        if isinstance(host, Host):
            return host
        return next(h for h in self.hosts if h.suffix == host)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
