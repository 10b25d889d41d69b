"""Collector load benchmark: synthetic nights at cluster scale, on SQLite and PostgreSQL.

For each database: a fresh database is migrated, ``--schools`` schools with one enrolled
agent each are created, then ``--nights`` nightly reports per school (``--devices`` devices
each, gzip JSON as an agent sends them) are ingested by ``--processes`` processes (each like a
collector replica: its own engine, heap settled as ``serve`` does) through the same code path
as ``POST /api/v1/reports`` (gunzip with limits, schema validation, one transaction). Night 1
creates every device; later nights are the steady state (a few IP changes, toner going down,
devices going missing and coming back).

Then the read API is timed in-process (FastAPI TestClient, a logged-in admin): the school
list (first page of 100) and one school's device list (all of its devices).

The final table gives, per database, the first night and the normal nights apart: reports/s,
device rows/s, p50/p95 ingest latency, and the CPU per report of the ingest processes and
(local PostgreSQL only) of the server, with the load average before and after, since the
wall-clock rates depend on whatever else the machine runs.

    PYTHONPATH=. .venv/bin/python benchmarks/collector/run.py --schools 3000 --devices 150
    PYTHONPATH=. .venv/bin/python benchmarks/collector/run.py --quick
    PYTHONPATH=. .venv/bin/python benchmarks/collector/run.py --schools 50 --db sqlite

PostgreSQL: a throw-away database is created with ``--pg-admin-url`` (default: the local
server over its unix socket) and dropped afterwards.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.collector.figures import (
    Figures,
    Night,
    load_average,
    percentile,
    postgres_cpu_seconds,
    table,
)
from benchmarks.collector.synthetic import PASSWORD, report_body, setup_tenancy
from collector.app import create_app
from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import upgrade
from collector.db.models import CheckHistory, Device
from collector.runtime import settle_heap
from collector.services.credentials import AgentPrincipal
from collector.services.ingest import ingest_report
from collector.services.report_input import decode_body, parse_report
from collector.settings import CollectorSettings
from tests.collector.databases import PgDatabase, find_pg_admin

QUICK_SCHOOLS = 60

# ----------------------------------------------------------------- ingest
_WORKER: dict[str, Any] = {}


def _init_worker(url: str) -> None:
    """Each ingest process is like one collector replica: its own engine and pool."""
    import logging

    logging.disable(logging.INFO)
    engine = make_engine(url)
    _WORKER["factory"] = make_session_factory(engine)
    _WORKER["settings"] = CollectorSettings(database_url=url)
    settle_heap()  # as ``lankeeper-collector serve`` does before serving


def _ingest_task(job: tuple[AgentPrincipal, bytes]) -> tuple[float, float, int]:
    agent, body = job
    cpu = time.process_time()
    latency, devices = ingest_one(_WORKER["factory"], _WORKER["settings"], agent, body)
    return latency, time.process_time() - cpu, devices


def ingest_one(
    factory: sessionmaker[Session], settings: CollectorSettings, agent: AgentPrincipal, body: bytes
) -> tuple[float, int]:
    """What ``POST /api/v1/reports`` does after authentication: gunzip, validate, ingest.

    Returns the latency in seconds and the number of devices in the report.
    """
    start = time.perf_counter()
    document = parse_report(decode_body(body, "gzip", settings.max_body_bytes))
    with factory.begin() as session:
        outcome = ingest_report(session, settings, agent, document, datetime.now(UTC))
    assert outcome.status == "accepted", outcome
    return time.perf_counter() - start, len(document.devices)


def run_night(
    url: str, agents: list[AgentPrincipal], args: argparse.Namespace, night: int, processes: int
) -> Night:
    started = datetime.now(UTC) - timedelta(days=args.nights - night, hours=1)
    jobs = [
        (agent, report_body(i, agent.school_slug, args.devices, night, started))
        for i, agent in enumerate(agents)
    ]  # made before the clock starts
    with ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(url,)) as pool:
        list(pool.map(_init_noop, range(processes)))  # warm the workers up
        server_cpu = postgres_cpu_seconds() if url.startswith("postgresql") else None
        begin = time.perf_counter()
        results = list(pool.map(_ingest_task, jobs, chunksize=4))
        elapsed = time.perf_counter() - begin
        if server_cpu is not None:
            server_cpu = (postgres_cpu_seconds() or 0.0) - server_cpu
    latencies = [latency for latency, _, _ in results]
    figures = Night(
        reports=len(jobs),
        devices=sum(devices for _, _, devices in results),
        seconds=elapsed,
        latencies=latencies,
        client_cpu=sum(cpu for _, cpu, _ in results),
        server_cpu=server_cpu,
    )
    print(
        f"  night {night + 1}: {len(jobs)} reports in {elapsed:.1f} s "
        f"({len(jobs) / elapsed:.1f}/s), p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms; load average {load_average()}",
        flush=True,
    )
    return figures


def _init_noop(_index: int) -> None:
    time.sleep(0.05)


# ----------------------------------------------------------------- reads
def time_reads(
    settings: CollectorSettings, engine: Engine, schools: int, samples: int, figures: Figures
) -> None:
    rng = random.Random(7)
    with TestClient(create_app(settings, engine)) as client:
        token = client.post(
            "/api/v1/auth/login", json={"username": "admin", "password": PASSWORD}
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        paths: dict[str, Callable[[], str]] = {
            "school list (page of 100)": lambda: "/api/v1/schools",
            "one school's devices": lambda: (
                f"/api/v1/schools/school-{rng.randrange(schools):05d}/devices"
            ),
        }
        for name, make_path in paths.items():
            timings = []
            for _ in range(samples):
                path = make_path()
                start = time.perf_counter()
                response = client.get(path, headers=headers)
                timings.append(time.perf_counter() - start)
                assert response.status_code == 200, response.text
            figures.read[name] = (percentile(timings, 0.5), percentile(timings, 0.95))


def count_rows(factory: sessionmaker[Session], figures: Figures) -> None:
    with factory() as session:
        for name, model in (("devices", Device), ("check_history", CheckHistory)):
            query = select(func.count()).select_from(model)
            figures.rows[name] = int(session.scalar(query) or 0)


def bench(database: str, url: str, args: argparse.Namespace) -> Figures:
    processes = args.processes if database == "postgresql" else 1  # SQLite: one writer
    figures = Figures(database, processes)
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    settings = CollectorSettings(database_url=url)
    print(f"{database}: setting up {args.schools} schools ...", flush=True)
    agents = setup_tenancy(factory, args.schools)
    for night in range(args.nights):
        figures.nights.append(run_night(url, agents, args, night, processes))
    count_rows(factory, figures)
    time_reads(settings, engine, args.schools, args.read_samples, figures)
    engine.dispose()
    return figures


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--schools", type=int, default=3000)
    parser.add_argument("--devices", type=int, default=150)
    parser.add_argument("--nights", type=int, default=2, help="night 1 creates every device")
    parser.add_argument(
        "--processes", type=int, default=3, help="ingest processes, like replicas (PostgreSQL)"
    )
    parser.add_argument("--read-samples", type=int, default=200)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg-admin-url", help="database URL allowed to CREATE DATABASE")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_SCHOOLS} schools, 50 read samples"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.schools, args.read_samples = QUICK_SCHOOLS, min(args.read_samples, 50)
    return args


def main() -> int:
    args = parse_args()
    before = load_average()
    results = []
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="lkc-bench-") as directory:
            url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
            results.append(bench("sqlite", url, args))
    if args.db in ("postgresql", "both"):
        admin = args.pg_admin_url or find_pg_admin()[0]
        if admin is None:
            print("PostgreSQL not reachable; use --pg-admin-url", file=sys.stderr)
            return 1
        database = PgDatabase(admin)
        database.create()
        try:
            results.append(bench("postgresql", database.url, args))
        finally:
            database.drop()
    size = (
        f"{args.schools} schools x {args.devices} devices, {args.nights} nights, "
        f"{args.processes} ingest processes on PostgreSQL (1 on SQLite)"
    )
    print(table(results, size, (before, load_average())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
