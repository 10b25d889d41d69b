"""Real SNMP peers for the probe's integration tests, inside a scratch network namespace.

Everything runs in its own namespace (``lks-t<pid>``) with only ``lo`` up: snmpsim serving the
recordings, Debian's snmpd with an SNMPv3 authPriv user, a UDP responder that answers with
garbage. The code under test runs in a thread that has joined that namespace (``setns``), so
no packet ever leaves it. Needs root, ``ip``, snmpd and snmpsim; without them the tests skip
(and fail under ``CI=true``, where they must run).
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[3]
SNMPSIM = ROOT / ".venv" / "bin" / "snmpsim-command-responder"
SNMPD = Path("/usr/sbin/snmpd")
SNMPGET = shutil.which("snmpget") or "/usr/bin/snmpget"
CLONE_NEWNET = 0x40000000
PORT = 11161
V3 = {"user": "lkv3", "auth": "lk-auth-pass-1", "priv": "lk-priv-pass-1"}
# Answers every datagram with malformed BER, cycling through kinds seen from broken agents:
# noise that makes pysnmp 7.1's decoder raise TypeError (found by fuzzing its receive path),
# the request cut short, a 4 GiB length, BER that is not SNMP, a bad version.
PYSNMP_TYPEERROR = (
    "752666ae81c78b283592edff935d406e8fdb72a34980be64d347bdcdda5117b919f538dcb77eacfe863e52"
    "82fa940bf3eb573f5fc12f4f8b12cd8aefd2f6e1716f7b8780ce6cab448db5e6"
)
GARBAGE_RESPONDER = """
import socket
replies = (
    lambda r: bytes.fromhex("{noise}"),
    lambda r: r[: max(2, len(r) * 2 // 3)],
    lambda r: bytes([0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xF0, 0x02, 0x01, 0x01]),
    lambda r: bytes([0x30, 0x03, 0x02, 0x01, 0x05]),
    lambda r: r[:4] + bytes([42]) + r[5:],
)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("{ip}", {port}))
count = 0
while True:
    data, peer = s.recvfrom(65535)
    s.sendto(replies[count % len(replies)](data), peer)
    count += 1
"""

_T = TypeVar("_T")


def require_peers() -> None:
    """Skip (or fail under CI=true) when the real peers cannot run here."""
    missing = [
        what
        for what, ok in (
            ("root", os.geteuid() == 0),
            ("ip (iproute2)", shutil.which("ip") is not None),
            ("snmpd", SNMPD.exists()),
            ("snmpget", Path(SNMPGET).exists()),
            ("snmpsim", SNMPSIM.exists()),
            ("user nobody", _has_user("nobody")),
        )
        if not ok
    ]
    if missing:
        reason = "SNMP peers unavailable: missing " + ", ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def run_in_netns(namespace: str, make: Callable[[], Awaitable[_T]]) -> _T:
    """Run ``make()`` on a fresh event loop in a thread that joined ``namespace``."""
    box: dict[str, object] = {}

    async def main() -> _T:
        return await make()

    def target() -> None:
        try:
            _join(namespace)
            box["value"] = asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - handed back to the calling thread
            box["error"] = exc

    thread = threading.Thread(target=target, name=f"netns-{namespace}")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def _join(namespace: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    with Path(f"/run/netns/{namespace}").open("rb") as handle:
        if libc.setns(handle.fileno(), CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns into {namespace} failed")


@dataclass
class Peers:
    namespace: str
    snmpsim_ip: str = "127.0.0.1"
    snmpsim_ip2: str = "127.0.0.2"
    garbage_ip: str = "127.0.0.3"
    silent_ip: str = "127.0.0.4"
    snmpd_ip: str = "127.0.0.5"
    port: int = PORT


@contextmanager
def scratch_peers(snmprec_dir: Path) -> Iterator[Peers]:
    namespace = f"lks-t{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="lks-snmp-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        _run("ip", "netns", "add", namespace)
        _run("ip", "-n", namespace, "link", "set", "lo", "up")
        peers = Peers(namespace)
        processes.append(_start_snmpsim(peers, snmprec_dir, work))
        processes.append(_start_snmpd(peers, work))
        processes.append(
            _netns_popen(
                namespace,
                [
                    str(ROOT / ".venv/bin/python"),
                    "-c",
                    GARBAGE_RESPONDER.format(
                        ip=peers.garbage_ip, port=peers.port, noise=PYSNMP_TYPEERROR
                    ),
                ],
                work,
            )
        )
        _wait_for(peers, peers.snmpsim_ip, ["-c", "epson"], work)
        _wait_for(peers, peers.snmpd_ip, ["-c", "lk-school"], work)
        yield peers
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            _reap(process)
        subprocess.run(["ip", "netns", "del", namespace], check=False, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def _reap(process: subprocess.Popen[bytes]) -> None:
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _netns_popen(
    namespace: str, command: list[str], work: Path, **env: str
) -> subprocess.Popen[bytes]:
    log = (work / f"{Path(command[0]).name}-{len(list(work.glob('*.log')))}.log").open("wb")
    return subprocess.Popen(
        ["ip", "netns", "exec", namespace, *command],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env},
    )  # fmt: skip


def _start_snmpsim(peers: Peers, snmprec_dir: Path, work: Path) -> subprocess.Popen[bytes]:
    data, cache = work / "data", work / "cache"
    data.mkdir()
    cache.mkdir()
    for path in snmprec_dir.glob("*.snmprec"):  # community = file name without .snmprec
        _copy_numeric_rows(path, data / path.name)
    nobody = pwd.getpwnam("nobody")
    os.chown(cache, nobody.pw_uid, nobody.pw_gid)
    for path in (work, data, *data.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    command = [
        str(SNMPSIM), f"--data-dir={data}", f"--cache-dir={cache}",
        f"--agent-udpv4-endpoint={peers.snmpsim_ip}:{peers.port}",
        f"--agent-udpv4-endpoint={peers.snmpsim_ip2}:{peers.port}",
        "--process-user=nobody", "--process-group=nogroup", "--logging-method=stderr",
    ]  # fmt: skip
    return _netns_popen(peers.namespace, command, work)


def _copy_numeric_rows(source: Path, target: Path) -> None:
    """Copy a recording without rows whose OID is not numeric (LibreNMS's "10.xx"): snmpsim
    stops answering GETs near such rows (SOURCES.md says to drop them in a served copy)."""
    lines = source.read_bytes().decode("latin-1").splitlines(keepends=True)
    kept = [line for line in lines if re.fullmatch(r"[0-9.]+", line.split("|", 1)[0])]
    target.write_bytes("".join(kept).encode("latin-1"))


def _start_snmpd(peers: Peers, work: Path) -> subprocess.Popen[bytes]:
    config = work / "snmpd.conf"
    config.write_text(
        f"agentAddress udp:{peers.snmpd_ip}:{peers.port}\n"
        f'createUser {V3["user"]} SHA "{V3["auth"]}" AES "{V3["priv"]}"\n'
        f"rouser {V3['user']} priv\n"
        "rocommunity lk-school 127.0.0.0/8\n"
        "sysServices 78\nsysName lab-router\nsysLocation Server cupboard\n",
        encoding="utf-8",
    )
    state = work / "snmpd-state"
    state.mkdir()
    command = [str(SNMPD), "-f", "-Lo", "-C", "-c", str(config), "-p", str(work / "snmpd.pid")]
    return _netns_popen(peers.namespace, command, work, SNMP_PERSISTENT_DIR=str(state), MIBS="")


def _wait_for(peers: Peers, ip: str, auth: list[str], work: Path, deadline_s: float = 60) -> None:
    """Until the agent answers snmpget (snmpsim indexes its data first; that takes seconds)."""
    env = {**os.environ, "SNMP_PERSISTENT_DIR": str(work / "client-state"), "MIBS": ""}
    command = ["ip", "netns", "exec", peers.namespace, SNMPGET, "-v2c", *auth, "-t", "0.5",
               "-r", "0", f"{ip}:{peers.port}", "1.3.6.1.2.1.1.2.0"]  # fmt: skip
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if subprocess.run(command, capture_output=True, env=env, check=False).returncode == 0:
            return
        time.sleep(0.3)
    logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in work.glob("*.log"))
    raise RuntimeError(f"SNMP peer at {ip} did not answer within {deadline_s} s\n{logs}")
