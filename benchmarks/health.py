"""Health benchmark: our health pass over the SNMP devices vs Net-SNMP reading the same tables.

Run as root: ``.venv/bin/python -m benchmarks.health [--runs 5]``. It builds the simulated
school (prefix ``lkb2``), starts a worker in the agent's namespace and tears everything down.

What is timed, and why it is a fair race:

* **ours** — ``agent.health.check_devices``, the function the agent's run loop calls, over the
  devices that answered SNMP (11 in the lab). Discovery (ARP sweep + SNMP probe) runs once in
  the worker beforehand, as in a real run, so the SNMP engine exists and SNMPv3 has already
  learnt the NAS's engine ID; each timed pass builds fresh sessions exactly as a run does. The
  pass is the *whole* check of those devices: the projector's PJLink query and the printers'
  IPP attempts are included, not subtracted. Timing whole scans and subtracting discovery
  would bury this one-second figure under the noise of the multi-second mDNS and ARP windows,
  so the call itself is timed.
* **Net-SNMP** — the same requests, learnt by wrapping each device's SNMP source during an
  untimed pass: one ``snmpbulkwalk -Cr25`` (our max-repetitions) per column walked and one
  ``snmpget`` per batch of scalars, with the credential discovery found (v2c, or v3 authPriv
  for the NAS), MIB loading off (``-m ''``, its best case). Sequentially; in parallel with one
  shell per device (its walks in turn, as a per-device script would); and fully parallel, one
  process per request. The rows both read are counted and compared (printed).

All runs are interleaved (ours, sequential, per device, per request) and the medians reported,
with the ratio to the per-device parallel Net-SNMP (the issue's goal: ratio <= 1). The last
row is the ``health`` method time from full ``lankeeper-agent scan`` runs (every device, 44
in the lab), for scale. RSS: the worker's own peak (VmHWM, discovery included); Net-SNMP's is
measured under GNU time in an untimed pass: its largest process (sequential), and the sum of
the processes that run at once (parallel rows).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
PREFIX = "lkb2"
NET_SNMP_TIMEOUT_S = "2"
NET_SNMP_RETRIES = "1"
EMPTY_ANSWER = re.compile(r"No Such (Object|Instance)|No more variables")


# -- the worker, inside the agent's namespace ---------------------------------------------


@dataclass
class Recorder:
    """An ``SnmpSource`` that notes every request (and how many rows came back)."""

    inner: Any
    requests: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    rows: int = 0

    async def get(self, oids: Sequence[str]) -> dict[str, Any]:
        self.requests.append(("get", tuple(oids)))
        found: dict[str, Any] = await self.inner.get(oids)
        self.rows += len(found)
        return found

    async def walk(
        self, prefix: str, max_rows: int, start: str | None = None
    ) -> list[tuple[str, Any]]:
        self.requests.append(("walk", (prefix,)))
        found: list[tuple[str, Any]] = await self.inner.walk(prefix, max_rows, start)
        self.rows += len(found)
        return found


def _auth(credential: Any) -> list[str]:
    if credential.version == "v2c":
        return ["-v2c", "-c", credential.community.get_secret_value()]
    argv = ["-v3", "-u", credential.user, "-l", "authPriv"]
    argv += ["-a", credential.auth_protocol.upper(), "-A", credential.auth_key.get_secret_value()]
    argv += ["-x", credential.priv_protocol.upper(), "-X", credential.priv_key.get_secret_value()]
    return argv


def net_snmp_commands(ip: str, credential: Any, requests: Sequence[Any]) -> list[list[str]]:
    """One Net-SNMP command line per request our checks made of this device."""
    common = [*_auth(credential), "-m", "", "-On", "-t", NET_SNMP_TIMEOUT_S, "-r", NET_SNMP_RETRIES]
    commands = []
    for kind, oids in requests:
        if kind == "walk":
            commands.append(["snmpbulkwalk", *common, "-Cr25", ip, *oids])
        else:
            commands.append(["snmpget", *common, ip, *oids])
    return commands


async def _discover(settings: Any, client: Any) -> tuple[list[Any], list[Any]]:
    """ARP sweep and SNMP probe, as the run does; the groups and devices that answered SNMP."""
    from agent.arp.sweep import arp_sweep
    from agent.discovery.merge import group_by_device
    from agent.discovery.observations import Observations
    from agent.knowledge.device import build_device
    from agent.net.interfaces import select_interface
    from agent.snmp.probe import probe_snmp

    interface = select_interface(settings.scan.interface)
    links = await arp_sweep(interface, list(settings.scan.subnets))
    live = [link.ip for link in links if link.ip != interface.ip]
    snmp, misses = await probe_snmp(
        live,
        [*settings.snmp.v2c, *settings.snmp.v3],
        timeout_s=settings.snmp.timeout_s,
        retries=settings.snmp.retries,
        concurrency=settings.scan.concurrency,
        client=client,
    )
    observed = Observations(links=links, mdns=[], snmp=snmp, ports=[], misses=misses)
    groups = [g for g in group_by_device(observed) if g.snmp is not None]
    return groups, [build_device(g) for g in groups]


async def _record(settings: Any, groups: list[Any], devices: list[Any], client: Any) -> list[Any]:
    """One untimed pass with every SNMP source wrapped: which requests each device got."""
    from agent.checks.runner import DeviceJob, run_all
    from agent.health import sources_for

    credentials = {c.name: c for c in [*settings.snmp.v2c, *settings.snmp.v3]}
    jobs, recorders = [], []
    for group, device in zip(groups, devices, strict=True):
        sources = sources_for(group, client, credentials, {})
        recorder = Recorder(sources.snmp)
        recorders.append((group, credentials[group.snmp.credential], recorder))
        jobs.append(DeviceJob(device, replace(sources, snmp=recorder)))
    await run_all(jobs, settings.health_settings(), concurrency=settings.scan.concurrency)
    return recorders


def _run_commands(commands: list[list[str]], parallel: bool) -> float:
    started = time.monotonic()
    if parallel:
        procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL) for c in commands]
        codes = [p.wait() for p in procs]
    else:
        codes = [
            subprocess.run(c, stdout=subprocess.DEVNULL, check=False).returncode for c in commands
        ]
    if any(codes):
        raise RuntimeError(f"Net-SNMP failed: exit codes {codes}")
    return time.monotonic() - started


def _measured(command: list[str]) -> tuple[float, int]:
    """One untimed run under GNU time: the command's own peak RSS (MB) and the rows it printed.
    (wait4 on a direct child of this process would report our own size: a spawned child's
    maxrss starts from its parent's memory.)"""
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, check=True
    )
    rows = [line for line in done.stdout.splitlines() if not EMPTY_ANSWER.search(line)]
    return int(done.stderr.strip().splitlines()[-1]) / 1024, len(rows)


def _own_peak_rss_mb() -> float:
    """This process's VmHWM (not ``ru_maxrss``, which counts the spawner's size at exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def net_snmp_check(scripts: list[list[list[str]]]) -> dict[str, Any]:
    """Rows Net-SNMP read (to compare with ours) and its peak RSS: the largest process, and
    the sums of the processes running at once in the parallel variants."""
    per_device = [[_measured(c) for c in cmds] for cmds in scripts]
    rss = [[mb for mb, _ in d] for d in per_device]
    return {
        "rows": sum(n for d in per_device for _, n in d),
        "rss_mb": {
            "sequential": max(max(d) for d in rss),
            "per-device": sum(max(d) for d in rss),
            "per-request": sum(sum(d) for d in rss),
        },
    }


def _per_device(scripts: list[list[list[str]]]) -> float:
    """One shell per device, running that device's commands one after the other."""
    import shlex

    shells = [["sh", "-c", " && ".join(shlex.join(c) for c in cmds)] for cmds in scripts]
    return _run_commands(shells, parallel=True)


async def worker(config: Path) -> None:
    from agent.health import check_devices
    from agent.settings import load_settings
    from agent.snmp.client import SnmpClient

    settings = load_settings(config)
    async with SnmpClient(
        timeout_s=settings.snmp.timeout_s, retries=settings.snmp.retries
    ) as client:
        groups, devices = await _discover(settings, client)
        recorded = await _record(settings, groups, devices, client)
        scripts = [
            net_snmp_commands(str(g.snmp.ip), cred, rec.requests) for g, cred, rec in recorded
        ]
        flat = [c for cmds in scripts for c in cmds]
        ready = {
            "devices": [f"{d.ips[0]} {d.device_type.value}" for d in devices],
            "requests": len(flat),
            "rows": sum(rec.rows for _, _, rec in recorded),
            "net_snmp": net_snmp_check(scripts),
        }
        print(json.dumps(ready), flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "ours":
                started = time.monotonic()
                await check_devices(
                    settings,
                    groups=groups,
                    devices=devices,
                    client=client,
                    deadline_s=60,
                    previous_uptimes={},
                )
                seconds = time.monotonic() - started
            elif command == "sequential":
                seconds = _run_commands(flat, parallel=False)
            elif command == "per-device":
                seconds = _per_device(scripts)
            elif command == "per-request":
                seconds = _run_commands(flat, parallel=True)
            else:
                break
            print(json.dumps({"seconds": seconds}), flush=True)
    print(json.dumps({"rss_mb": _own_peak_rss_mb()}), flush=True)


# -- the driver, in the root namespace ----------------------------------------------------


class Worker:
    def __init__(self, ns: str, config: Path) -> None:
        argv = ["ip", "netns", "exec", ns, str(PYTHON), "-m", "benchmarks.health", "--worker"]
        self.proc = subprocess.Popen(
            [*argv, str(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        self.ready = self._read()

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the worker exited with {self.proc.wait()}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, command: str) -> float:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return float(self._read()["seconds"])

    def close(self) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        usage = self._read()
        self.proc.wait(timeout=30)
        return usage


def health_in_full_scans(lab: Any, config: Path, report: Path, runs: int) -> list[float]:
    """The ``health`` method's duration in full agent scans (every device of the lab)."""
    seconds = []
    for _ in range(runs):
        argv = [str(PYTHON), "-m", "agent.cli", "scan", "--config", str(config)]
        argv += ["--state-dir", str(report.parent / "agent-state")]
        lab.exec_in(
            lab.agent_ns, [*argv, "--json", str(report), "--quiet"], check=True, timeout=300
        )
        methods = json.loads(report.read_text())["scan"]["methods"]
        seconds += [m["duration_s"] for m in methods if m["method"] == "health"]
    return seconds


ROWS = (
    ("ours: check_devices, SNMP devices", "ours"),
    ("Net-SNMP sequential", "sequential"),
    ("Net-SNMP parallel, 1 shell/device", "per-device"),
    ("Net-SNMP parallel, 1 process/request", "per-request"),
)


def run(runs: int) -> None:
    from tests.lab.agent_config import write_agent_config
    from tests.lab.lab import Lab

    lab = Lab(prefix=PREFIX)
    print(f"building the lab … {lab.up():.1f} s", file=sys.stderr)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_dir = Path(tmp)
            tmp_dir.chmod(0o755)
            config = write_agent_config(tmp_dir / "agent.toml")
            bench = Worker(lab.agent_ns, config)
            times: dict[str, list[float]] = {command: [] for _, command in ROWS}
            for _ in range(runs):
                for _, command in ROWS:
                    times[command].append(bench.ask(command))
            usage = bench.close()
            scans = health_in_full_scans(lab, config, tmp_dir / "report.json", min(runs, 3))
    finally:
        lab.down()
    _print(bench.ready, times, usage, scans)


def _print(
    ready: dict[str, Any], times: dict[str, list[float]], usage: dict[str, Any], scans: list[float]
) -> None:
    devices = len(ready["devices"])
    print(f"{devices} SNMP devices: {', '.join(ready['devices'])}")
    rows, theirs = ready["rows"], ready["net_snmp"]["rows"]
    same = "" if rows == theirs else "  <-- NOT THE SAME DATA"
    print(f"{ready['requests']} SNMP requests per pass (walks + get batches)")
    print(f"rows read per pass: ours {rows}, Net-SNMP {theirs}{same}")
    reference = statistics.median(times["per-device"])
    print(f"{'':38} {'devices':>7} {'median s':>9} {'/parallel':>9} {'RSS MB':>7}")
    for name, command in ROWS:
        median = statistics.median(times[command])
        rss = usage["rss_mb"] if command == "ours" else ready["net_snmp"]["rss_mb"][command]
        print(f"{name:38} {devices:7} {median:9.3f} {median / reference:9.2f} {rss:7.0f}")
    if scans:
        median = statistics.median(scans)
        name = "ours: health method in a full scan"
        print(f"{name:38} {'all':>7} {median:9.3f} {median / reference:9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asyncio.run(worker(args.worker))
    else:
        run(args.runs)


if __name__ == "__main__":
    main()
