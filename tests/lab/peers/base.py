"""What every peer driver shares: the lab context, a started daemon, spawning and readiness."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.lab.inventory import Host
from tests.lab.runtime import snmpsim_command


class LabError(RuntimeError):
    """The lab could not be built, or a peer did not come up."""


@dataclass(frozen=True)
class LabContext:
    prefix: str
    state_dir: Path
    repo: Path
    python: str
    snmprec_dir: Path
    runtime_root: Path  # world-traversable: see tests.lab.runtime

    def ns(self, suffix: str) -> str:
        return f"{self.prefix}-{suffix}"

    def host_dir(self, host: Host) -> Path:
        """Readable by peers that drop privileges, whatever the umask."""
        path = self.state_dir / "hosts" / host.suffix
        path.mkdir(parents=True, exist_ok=True)
        for directory in (self.state_dir, path.parent, path):
            directory.chmod(0o755)
        return path

    @property
    def snmpsim(self) -> str:
        return str(snmpsim_command(self.runtime_root))


@dataclass
class Daemon:
    """One process the lab started; ``ready()`` says when it serves."""

    name: str
    ns: str
    process: subprocess.Popen[bytes]
    log: Path
    ready: Callable[[], bool] = field(default=lambda: True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def exited(self) -> bool:
        return self.process.poll() is not None

    def log_tail(self, lines: int = 8) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def in_ns(ns: str, argv: Sequence[str]) -> list[str]:
    return ["ip", "netns", "exec", ns, *argv]


def spawn(
    ctx: LabContext, ns: str, argv: Sequence[str], log: Path, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start ``argv`` in namespace ``ns`` in its own session, output appended to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            in_ns(ns, argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ctx.repo,
            env={**os.environ, "PYTHONPATH": str(ctx.repo), **(env or {})},
            start_new_session=True,
        )


def start_daemon(
    ctx: LabContext,
    host: Host,
    name: str,
    argv: Sequence[str],
    ready: Callable[[int], bool],
    *,
    env: Mapping[str, str] | None = None,
) -> Daemon:
    """Spawn a daemon in ``host``'s namespace; ``ready`` gets its pid."""
    ns = ctx.ns(host.suffix)
    log = ctx.host_dir(host) / f"{name}.log"
    process = spawn(ctx, ns, argv, log, env)
    return Daemon(name, ns, process, log, lambda: ready(process.pid))


def _proc_ports(pid: int, table: str, state: str) -> set[int]:
    try:
        lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
    except OSError:
        return set()
    ports = set()
    for line in lines:
        fields = line.split()
        if fields[3] == state:
            ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def udp_bound(port: int) -> Callable[[int], bool]:
    """Readiness: a UDP socket is bound to ``port`` in the namespace of the pid."""
    return lambda pid: port in _proc_ports(pid, "udp", "07")


def tcp_listening(port: int) -> Callable[[int], bool]:
    """Readiness: a TCP socket listens on ``port`` (IPv4 or IPv6) in the namespace of the pid."""
    return lambda pid: any(port in _proc_ports(pid, t, "0A") for t in ("tcp", "tcp6"))


def wait_until(check: Callable[[], bool], timeout_s: float, interval_s: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval_s)
    return check()
