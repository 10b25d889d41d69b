"""Benchmark groundwork: our ARP sweep vs ``arp-scan`` and ``nmap -sn`` inside a namespace.

``python -m tests.unit.arp.bench --ns NS --subnet 198.18.0.0/24 --runs 5`` (root) runs the
three tools interleaved, ``--runs`` times each, inside namespace NS and prints one row per
tool: hosts found (median), median wall time, and the ratio to arp-scan. "ours (in-process)"
is the sweep alone, as the agent pays it (interpreter start-up and imports excluded);
"ours (process)" is the whole ``python -m tests.unit.net.nsrun arp`` process.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

from tests.unit.net.scratch import ns_python

Measure = Callable[[], tuple[int, float]]


@dataclass(frozen=True)
class Row:
    tool: str
    hosts: float
    median_s: float


def _wall(argv: list[str]) -> tuple[str, float]:
    start = time.monotonic()
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=120).stdout
    return out, time.monotonic() - start


def arp_scan(ns: str, iface: str, subnet: str) -> tuple[int, float]:
    out, wall = _wall(["ip", "netns", "exec", ns, "arp-scan", "-q", "-I", iface, subnet])
    return len(re.findall(r"^\d+\.\d+\.\d+\.\d+\t", out, re.MULTILINE)), wall


def nmap_sn(ns: str, subnet: str) -> tuple[int, float]:
    out, wall = _wall(["ip", "netns", "exec", ns, "nmap", "-sn", "-n", subnet])
    match = re.search(r"\((\d+) hosts? up\)", out)
    return (int(match.group(1)) - 1 if match else 0), wall  # nmap counts itself


def ours(ns: str, subnet: str, extra: list[str]) -> tuple[int, float, float]:
    start = time.monotonic()
    proc = ns_python(ns, ["-m", "tests.unit.net.nsrun", "arp", "--subnet", subnet, *extra])
    wall = time.monotonic() - start
    doc = json.loads(proc.stdout)
    return len(doc["result"]), doc["elapsed_s"], wall


def bench(ns: str, iface: str, subnet: str, runs: int, extra: list[str]) -> list[Row]:
    samples: dict[str, list[tuple[int, float]]] = {}
    for _ in range(runs):
        samples.setdefault("arp-scan", []).append(arp_scan(ns, iface, subnet))
        hosts, inproc, wall = ours(ns, subnet, extra)
        samples.setdefault("ours (in-process)", []).append((hosts, inproc))
        samples.setdefault("ours (process)", []).append((hosts, wall))
        samples.setdefault("nmap -sn", []).append(nmap_sn(ns, subnet))
    return [
        Row(tool, statistics.median(h for h, _ in got), statistics.median(t for _, t in got))
        for tool, got in samples.items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ns", required=True)
    parser.add_argument("--iface", default="eth0")
    parser.add_argument("--subnet", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ours", default="--rate=500 --retries=1 --wait=0.5")
    args = parser.parse_args()
    rows = bench(args.ns, args.iface, args.subnet, args.runs, args.ours.split())
    reference = next(r.median_s for r in rows if r.tool == "arp-scan")
    print(f"{'tool':20} {'hosts':>6} {'median s':>9} {'/arp-scan':>9}")
    for row in rows:
        ratio = row.median_s / reference
        print(f"{row.tool:20} {row.hosts:6.0f} {row.median_s:9.3f} {ratio:9.2f}")


if __name__ == "__main__":
    main()
