"""Discovery benchmark: our ARP sweep vs arp-scan vs nmap -sn, and the full agent scan.

Run as root: ``make bench`` or ``.venv/bin/python -m benchmarks.discovery [--runs 5]``. It builds
the simulated school (prefix ``lkb``), runs the three sweeps interleaved inside the agent's
namespace on the same /24, then times full ``lankeeper-agent scan`` runs (ARP + mDNS + SNMP +
ports) and their peak RSS, prints one table, and tears the lab down. Nothing leaves the lab.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.lab.agent_config import write_agent_config
from tests.lab.inventory import SUBNET
from tests.lab.lab import Lab

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"


@dataclass(frozen=True)
class Sample:
    hosts: int
    seconds: float
    peak_rss_mb: float = 0.0


def _timed(argv: list[str]) -> tuple[str, Sample]:
    """Run ``argv``; wall time and the child's own peak RSS (wait4 gives that child's rusage)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[4:]} exited with {proc.returncode}")
    return out, Sample(0, time.monotonic() - start, usage.ru_maxrss / 1024)


def arp_scan(lab: Lab) -> Sample:
    out, sample = _timed(
        ["ip", "netns", "exec", lab.agent_ns, "arp-scan", "-q", "-I", "eth0", str(SUBNET)]
    )
    return Sample(len(re.findall(r"^\d+\.\d+\.\d+\.\d+\t", out, re.M)), sample.seconds)


def nmap_sn(lab: Lab) -> Sample:
    out, sample = _timed(["ip", "netns", "exec", lab.agent_ns, "nmap", "-sn", "-n", str(SUBNET)])
    match = re.search(r"\((\d+) hosts? up\)", out)
    return Sample(int(match.group(1)) - 1 if match else 0, sample.seconds)  # nmap counts itself


def our_sweep(lab: Lab) -> tuple[Sample, Sample]:
    """The whole process (interpreter, imports) and the sweep as the agent pays it."""
    code = (
        "import asyncio,json,sys,time;"
        "from agent.net.interfaces import select_interface;"
        "from agent.arp.sweep import arp_sweep;"
        "from ipaddress import IPv4Network;"
        "from agent.settings import Settings;"
        "s=Settings().scan;"
        "t=time.monotonic();i=select_interface('eth0');"
        f"r=asyncio.run(arp_sweep(i,[IPv4Network('{SUBNET}')],rate_pps=s.arp_rate_pps,"
        "retries=s.arp_retries,wait_s=s.arp_timeout_s));"
        "print(json.dumps([len(r),time.monotonic()-t]))"
    )
    out, sample = _timed(["ip", "netns", "exec", lab.agent_ns, str(PYTHON), "-c", code])
    hosts, inside = json.loads(out)
    return Sample(hosts, sample.seconds, sample.peak_rss_mb), Sample(hosts, inside)


def full_scan(lab: Lab, config: Path, report: Path) -> Sample:
    argv = [
        "ip",
        "netns",
        "exec",
        lab.agent_ns,
        str(REPO / ".venv" / "bin" / "lankeeper-agent"),
        "scan",
        "--config",
        str(config),
        "--json",
        str(report),
        "--quiet",
        "--state-dir",
        str(report.parent / "agent-state"),
    ]
    _, sample = _timed(argv)
    devices = json.loads(report.read_text())["devices"]
    return Sample(len(devices), sample.seconds, sample.peak_rss_mb)


def _row(name: str, samples: list[Sample], reference: float | None) -> str:
    hosts = statistics.median(s.hosts for s in samples)
    median = statistics.median(s.seconds for s in samples)
    ratio = f"{median / reference:9.2f}" if reference else f"{'':9}"
    rss = max(s.peak_rss_mb for s in samples)
    rss_text = f"{rss:8.0f}" if rss else f"{'':8}"
    return f"{name:32} {hosts:6.0f} {median:9.2f} {ratio} {rss_text}"


def run(runs: int) -> None:
    lab = Lab(prefix="lkb")
    print(f"building the lab … {lab.up():.1f} s", file=sys.stderr)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = write_agent_config(Path(tmp) / "agent.toml")
            results: dict[str, list[Sample]] = {}
            for _ in range(runs):
                results.setdefault("arp-scan", []).append(arp_scan(lab))
                process, inside = our_sweep(lab)
                results.setdefault("ours: ARP sweep (whole process)", []).append(process)
                results.setdefault("ours: ARP sweep (in the agent)", []).append(inside)
                results.setdefault("nmap -sn -n", []).append(nmap_sn(lab))
            for _ in range(runs):
                results.setdefault("ours: full scan ARP+mDNS+SNMP+ports", []).append(
                    full_scan(lab, config, Path(tmp) / "report.json")
                )
    finally:
        lab.down()
    reference = statistics.median(s.seconds for s in results["arp-scan"])
    print(f"{'tool':32} {'hosts':>6} {'median s':>9} {'/arp-scan':>9} {'RSS MB':>8}")
    for name, samples in results.items():
        print(_row(name, samples, reference))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    run(parser.parse_args().runs)


if __name__ == "__main__":
    main()
