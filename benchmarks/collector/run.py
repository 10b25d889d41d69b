"""Collector load benchmark: synthetic nights at cluster scale, on SQLite and PostgreSQL.

For each database: a fresh database is migrated, ``--schools`` schools with one enrolled
agent each are created, then ``--nights`` nightly reports per school (``--devices`` devices
each, gzip JSON as an agent sends them) are ingested by ``--workers`` threads through the
same code path as ``POST /api/v1/reports`` (gunzip with limits, schema validation, one
transaction). Night 1 creates every device; later nights are the steady state (a few IP
changes, toner going down, devices going missing and coming back).

Then the read API is timed in-process (FastAPI TestClient, a logged-in technician): the
school list (first page of 100) and one school's device list (all of its devices).

    PYTHONPATH=. .venv/bin/python benchmarks/collector/run.py --schools 3000 --devices 150
    PYTHONPATH=. .venv/bin/python benchmarks/collector/run.py --schools 50 --devices 150 --db sqlite

PostgreSQL: a throw-away database is created with ``--pg-admin-url`` (default: the local
server over its unix socket) and dropped afterwards.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from collector.app import create_app
from collector.contracts import ClusterCreate, EnrollRequest, SchoolCreate, UserCreate
from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import upgrade
from collector.db.models import CheckHistory, Device
from collector.domain import Role
from collector.services import credentials, tenancy
from collector.services.credentials import AgentPrincipal
from collector.services.ingest import ingest_report
from collector.services.report_input import decode_body, parse_report
from collector.settings import CollectorSettings
from tests.collector.databases import PgDatabase, find_pg_admin

SCHOOLS_PER_CLUSTER = 30
PASSWORD = "benchmark password"


@dataclass
class Figures:
    database: str
    reports: int = 0
    devices: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    per_night: list[tuple[float, float]] = field(default_factory=list)  # (reports/s, p95 ms)
    read: dict[str, tuple[float, float]] = field(default_factory=dict)  # name -> (p50, p95) ms
    rows: dict[str, int] = field(default_factory=dict)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


# ----------------------------------------------------------------- synthetic reports
def _mac(school: int, n: int, prefix: str = "00:1b:a9") -> str:
    return f"{prefix}:{school % 256:02x}:{n >> 8:02x}:{n & 0xFF:02x}"


def _check(check_id: str, status: str, summary: str, value: float | None = None) -> dict[str, Any]:
    metrics = [{"name": "value", "value": value, "unit": "%"}] if value is not None else []
    return {"check_id": check_id, "status": status, "summary": summary, "metrics": metrics}


def _device(school: int, n: int, night: int, rng: random.Random) -> dict[str, Any] | None:
    kind = n % 10
    moved = rng.random() < 0.02 and night > 0
    ip = f"198.18.{(n + (100 if moved else 0)) // 250}.{(n + (100 if moved else 0)) % 250 + 2}"
    base: dict[str, Any] = {
        "mac": _mac(school, n),
        "ips": [ip],
        "device_type": "computer",
        "type_reason": "synthetic",
        "hostname": f"dev-{n}",
        "vendor": "Dell",
        "serial": f"SN{school:05d}{n:05d}",
        "evidence": [{"source": "oui", "fact": "oui", "value": "Dell", "weight": 10}],
    }
    if night > 0 and n % 97 == 5:
        return None  # missing tonight
    if kind == 0:
        base.update(
            mac=_mac(school, n, "da:a1:19"),
            device_type="phone_tablet",
            randomised_mac=True,
            transient=True,
            serial=None,
            vendor=None,
        )
    elif kind in (1, 2):
        level = max(0.0, 80.0 - 7 * night - n % 50) if n % 3 == 0 else 60.0
        status = "warning" if level < 10 else "ok"
        base.update(
            device_type="printer", vendor="HP", model="LaserJet M404", firmware="2409081_000000"
        )
        base["checks"] = [
            _check("printer.status", "ok", "Ready"),
            _check("printer.alerts", "ok", "No alerts"),
            _check("printer.supply.1", status, f"Black toner {level:.0f} %", level),
        ]
        base["supplies"] = [
            {
                "index": i,
                "name": f"Toner {i}",
                "kind": "toner",
                "level_percent": level,
                "status": status,
            }
            for i in range(1, 5)
        ]
    elif kind == 3:
        base.update(device_type="projector", vendor="Epson")
        base["checks"] = [
            _check("projector.power", "ok", "Standby"),
            _check("projector.lamp", "ok", "Lamp 1,200 h", 40.0),
        ]
    elif kind in (4, 5):
        base.update(device_type="access_point" if kind == 4 else "switch", vendor="Ubiquiti")
        base["checks"] = [
            _check("net.uptime", "ok", "Up 12 days"),
            _check("net.interfaces", "ok", "All links up"),
        ]
    return base


def report_body(school: int, slug: str, devices: int, night: int, started: datetime) -> bytes:
    rng = random.Random(school * 1000 + night)
    items = [d for n in range(devices) if (d := _device(school, n, night, rng)) is not None]
    document = {
        "schema_version": "1.1",
        "report_id": str(uuid.uuid4()),
        "agent": {
            "agent_id": f"agent-{school}",
            "hostname": "office-pc",
            "version": "0.1.0",
            "platform": "Linux",
        },
        "school": {"school_id": slug, "name": slug},
        "scan": {
            "started_at": started.isoformat(),
            "finished_at": (started + timedelta(seconds=60)).isoformat(),
            "interface": "eth0",
            "subnets": ["198.18.0.0/22"],
            "methods": [],
        },
        "devices": items,
        "host_checks": [_check("host.disk.root", "ok", "Disk 40 % full", 40.0)],
    }
    return gzip.compress(json.dumps(document).encode(), compresslevel=6)


# ----------------------------------------------------------------- set-up
def setup_tenancy(factory: sessionmaker[Session], schools: int) -> list[AgentPrincipal]:
    now = datetime.now(UTC) - timedelta(days=60)
    principals = []
    with factory.begin() as session:
        for c in range(0, schools, SCHOOLS_PER_CLUSTER):
            tenancy.create_cluster(
                session,
                ClusterCreate(
                    slug=f"c{c // SCHOOLS_PER_CLUSTER:03d}", name=f"Cluster {c}", weekend_days=[]
                ),
                now,
            )
        tenancy.create_user(
            session,
            UserCreate(username="admin", password=SecretStr(PASSWORD), role=Role.ADMIN),
            now,
        )
        for s in range(schools):
            slug = f"school-{s:05d}"
            tenancy.create_school(
                session,
                SchoolCreate(
                    cluster=f"c{s // SCHOOLS_PER_CLUSTER:03d}", slug=slug, name=f"School {s:05d}"
                ),
                now,
            )
            code, _ = credentials.create_enrollment_code(
                session, slug, timedelta(days=1), now, "bench"
            )
            enrolled = credentials.enroll(
                session, EnrollRequest(code=code, agent_name="pc", hostname="pc"), now
            )
            principals.append(credentials.authenticate_agent(session, enrolled.token, now))
    return principals


# ----------------------------------------------------------------- ingest
_WORKER: dict[str, Any] = {}


def _init_worker(url: str) -> None:
    """Each ingest process is like one collector replica: its own engine and pool."""
    import logging

    logging.disable(logging.INFO)
    engine = make_engine(url)
    _WORKER["factory"] = make_session_factory(engine)
    _WORKER["settings"] = CollectorSettings(database_url=url)


def _ingest_task(job: tuple[AgentPrincipal, bytes]) -> float:
    agent, body = job
    return ingest_one(_WORKER["factory"], _WORKER["settings"], agent, body)


def ingest_one(
    factory: sessionmaker[Session], settings: CollectorSettings, agent: AgentPrincipal, body: bytes
) -> float:
    """What ``POST /api/v1/reports`` does after authentication: gunzip, validate, ingest."""
    start = time.perf_counter()
    document = parse_report(decode_body(body, "gzip", settings.max_body_bytes))
    with factory.begin() as session:
        outcome = ingest_report(session, settings, agent, document, datetime.now(UTC))
    assert outcome.status == "accepted", outcome
    return time.perf_counter() - start


def run_night(
    url: str,
    agents: list[AgentPrincipal],
    *,
    devices: int,
    night: int,
    nights: int,
    processes: int,
    figures: Figures,
) -> None:
    started = datetime.now(UTC) - timedelta(days=nights - night, hours=1)
    jobs = [
        (agent, report_body(i, agent.school_slug, devices, night, started))
        for i, agent in enumerate(agents)
    ]  # made before the clock starts
    with ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(url,)) as pool:
        list(pool.map(_init_noop, range(processes)))  # warm the workers up
        begin = time.perf_counter()
        latencies = list(pool.map(_ingest_task, jobs, chunksize=4))
        elapsed = time.perf_counter() - begin
    figures.reports += len(agents)
    figures.seconds += elapsed
    figures.latencies += latencies
    figures.per_night.append((len(agents) / elapsed, percentile(latencies, 0.95) * 1000))
    print(
        f"  night {night + 1}: {len(agents)} reports in {elapsed:.1f} s "
        f"({len(agents) / elapsed:.1f}/s), p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms",
        flush=True,
    )


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
        paths = {
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
            figures.read[name] = (percentile(timings, 0.5) * 1000, percentile(timings, 0.95) * 1000)


def count_rows(factory: sessionmaker[Session], figures: Figures) -> None:
    with factory() as session:
        figures.rows["devices"] = int(session.scalar(select(func.count()).select_from(Device)) or 0)
        figures.rows["check_history"] = int(
            session.scalar(select(func.count()).select_from(CheckHistory)) or 0
        )


def bench(database: str, url: str, args: argparse.Namespace) -> Figures:
    figures = Figures(database)
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    settings = CollectorSettings(database_url=url)
    print(f"{database}: setting up {args.schools} schools ...", flush=True)
    agents = setup_tenancy(factory, args.schools)
    processes = args.processes if database == "postgresql" else 1  # SQLite: one writer
    for night in range(args.nights):
        run_night(
            url,
            agents,
            devices=args.devices,
            night=night,
            nights=args.nights,
            processes=processes,
            figures=figures,
        )
    figures.devices = figures.reports * args.devices
    count_rows(factory, figures)
    time_reads(settings, engine, args.schools, args.read_samples, figures)
    engine.dispose()
    return figures


def print_figures(figures: Figures) -> None:
    rate = figures.reports / figures.seconds if figures.seconds else 0.0
    print(f"\n== {figures.database} ==")
    print(
        f"reports ingested     {figures.reports} in {figures.seconds:.1f} s = {rate:.1f} reports/s"
    )
    print(f"device rows          {figures.devices / figures.seconds:.0f} devices/s")
    print(
        f"ingest latency       p50 {percentile(figures.latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(figures.latencies, 0.95) * 1000:.0f} ms"
    )
    for night, (per_s, p95) in enumerate(figures.per_night, 1):
        print(f"  night {night}           {per_s:.1f} reports/s, p95 {p95:.0f} ms")
    for name, (p50, p95) in figures.read.items():
        print(f"read {name:<26} p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"rows after           {figures.rows}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=3000)
    parser.add_argument("--devices", type=int, default=150)
    parser.add_argument("--nights", type=int, default=2)
    parser.add_argument(
        "--processes", type=int, default=3, help="ingest processes, like replicas (PostgreSQL)"
    )
    parser.add_argument("--read-samples", type=int, default=200)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg-admin-url", help="database URL allowed to CREATE DATABASE")
    args = parser.parse_args()
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
    for figures in results:
        print_figures(figures)
    print(
        f"\nsize: {args.schools} schools x {args.devices} devices, {args.nights} nights; "
        f"statistics: {statistics.__name__} of {len(results)} database(s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
