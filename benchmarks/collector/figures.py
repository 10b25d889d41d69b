"""What the collector benchmark measures, and the table it prints at the end.

Besides wall-clock rates (which depend on whatever else the machine runs), every night records
the CPU time the ingest processes spent per report and, when the PostgreSQL server is local,
the server's CPU time per report: together they say what the code costs, load or no load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

FIRST, NORMAL = "first night", "normal nights"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


@dataclass
class Night:
    """One night of ingest: every school's report once."""

    reports: int
    devices: int  # devices in those reports
    seconds: float  # wall clock, all ingest processes together
    latencies: list[float]  # per report, seconds (gunzip + validation + transaction)
    client_cpu: float  # CPU seconds of the ingest processes
    server_cpu: float | None  # CPU seconds of local PostgreSQL processes, if readable


@dataclass
class Figures:
    database: str
    processes: int
    nights: list[Night] = field(default_factory=list)
    read: dict[str, tuple[float, float]] = field(default_factory=dict)  # name -> (p50, p95) s
    rows: dict[str, int] = field(default_factory=dict)

    def phases(self) -> dict[str, list[Night]]:
        return {FIRST: self.nights[:1], NORMAL: self.nights[1:]}


def postgres_cpu_seconds() -> float | None:
    """CPU time (user + system) of every ``postgres`` process on this machine, or None."""
    total, found, tick = 0, False, os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        if name.startswith("postgres"):
            fields = stat[stat.rindex(")") + 2 :].split()
            total, found = total + int(fields[11]) + int(fields[12]), True
    return total / tick if found else None


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _row(figures: Figures, phase: str, nights: list[Night]) -> str:
    reports = sum(n.reports for n in nights)
    seconds = sum(n.seconds for n in nights) or float("nan")
    latencies = [x for n in nights for x in n.latencies]
    client = sum(n.client_cpu for n in nights) / reports * 1000
    servers = [n.server_cpu for n in nights]
    server = "n/a" if None in servers else f"{sum(s or 0 for s in servers) / reports * 1000:.1f}"
    return (
        f"{figures.database:<11} {phase:<14} {reports / seconds:>9.1f} "
        f"{sum(n.devices for n in nights) / seconds:>10.0f} "
        f"{percentile(latencies, 0.5) * 1000:>8.0f} {percentile(latencies, 0.95) * 1000:>8.0f} "
        f"{client:>12.1f} {server:>12}"
    )


def table(results: list[Figures], size: str, loads: tuple[str, str]) -> str:
    """The final summary: ingest per database and phase, then the read API."""
    lines = [
        f"\n== collector benchmark: {size}; load average before {loads[0]}, after {loads[1]} ==",
        "database    nights         reports/s  devices/s  p50 ms   p95 ms  "
        "client CPU ms  server CPU ms",
    ]
    for figures in results:
        lines += [_row(figures, phase, n) for phase, n in figures.phases().items() if n]
    lines.append("(ingest p50/p95: gunzip + validation + transaction; CPU per report)")
    lines.append("\nread API (in-process)                   p50 ms   p95 ms")
    for figures in results:
        for name, (p50, p95) in figures.read.items():
            label = f"{figures.database} {name}"
            lines.append(f"{label:<39} {p50 * 1000:>7.1f} {p95 * 1000:>8.1f}")
    for figures in results:
        lines.append(f"{figures.database} rows after: {figures.rows}")
    return "\n".join(lines)
