"""Fuzz the collector's whole OpenAPI (schemathesis) on SQLite and PostgreSQL; count answers.

For each database: a fresh database is migrated and seeded (two clusters, three schools with
an enrolled agent each, an admin, two technicians, a principal); then every operation is
driven with valid and invalid inputs under each role's credentials (admin, technician,
principal, agent token, none) until at least ``--requests`` requests were sent. Reports for
``POST /api/v1/reports`` are generated from the report model and re-addressed to the agent's
own school with a fresh scan time, so they reach the database. Prints the answers by status
class; any 5xx is listed and makes the exit status 1.

    PYTHONPATH=. .venv/bin/python benchmarks/fuzz_collector.py              # 10,000 per database
    PYTHONPATH=. .venv/bin/python benchmarks/fuzz_collector.py --requests 500 --db sqlite
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from collector.app import create_app
from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import upgrade
from collector.settings import CollectorSettings
from tests.collector.conftest import PASSWORD, add_people, build_world
from tests.collector.databases import PgDatabase, find_pg_admin
from tests.collector.fuzz import MODES, Role, Tally, fuzz

CLASSES = ("2xx", "3xx", "4xx", "5xx")
ROUND_EXAMPLES = 10  # per operation, role and mode in one round (progress shows per round)
REPORT_WEIGHT = 10  # ten times as many examples for POST /api/v1/reports as for the others


@contextmanager
def database(kind: str, admin_url: str | None) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{Path(directory) / 'fuzz.sqlite3'}"
        return
    admin = admin_url or find_pg_admin()[0]
    if admin is None:
        raise SystemExit("PostgreSQL not reachable; start it (scripts/start-postgres.sh)")
    pg = PgDatabase(admin)
    pg.create()
    try:
        yield pg.url
    finally:
        pg.drop()


def run(url: str, target: int, seed: int) -> tuple[Tally, float]:
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    world = build_world(factory)
    add_people(factory)
    app = create_app(CollectorSettings(database_url=url), engine)
    started = time.perf_counter()
    with TestClient(app, raise_server_exceptions=False) as client:
        roles = [*_people(client), Role("agent", world.tokens["alpha"], school="alpha")]
        roles.append(Role("anonymous", None))
        operations = sum(len(item) for item in app.openapi()["paths"].values())
        per_round = (operations + REPORT_WEIGHT - 1) * len(roles) * len(MODES)
        total = Tally()
        while total.requests < target:
            examples = min(ROUND_EXAMPLES, math.ceil((target - total.requests) / per_round))
            tally = fuzz(
                app,
                client,
                roles,
                examples,
                random_seed=seed + total.requests + 1,
                report_weight=REPORT_WEIGHT,
            )
            total.by_class.update(tally.by_class)
            total.server_errors += tally.server_errors
            total.reports_stored += tally.reports_stored
            print(
                f"  {url.split(':', maxsplit=1)[0]}: {total.requests} requests",
                file=sys.stderr,
                flush=True,
            )
    engine.dispose()
    return total, time.perf_counter() - started


def _people(client: TestClient) -> list[Role]:
    roles = []
    for name, username in (
        ("admin", "admin"),
        ("technician", "tech-north"),
        ("principal", "head-alpha"),
    ):
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
        )
        response.raise_for_status()
        roles.append(Role(name, response.json()["token"]))
    return roles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000, help="at least, per database")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg-admin-url", help="database URL allowed to CREATE DATABASE")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    rows, errors = [], []
    for kind in kinds:
        with database(kind, args.pg_admin_url) as url:
            tally, seconds = run(url, args.requests, args.seed)
        rows.append((kind, tally, seconds))
        errors += [f"[{kind}] {line}" for line in tally.server_errors]
    print(
        f"{'database':<11}{'requests':>9}"
        + "".join(f"{c:>7}" for c in CLASSES)
        + "  reports stored  seconds"
    )
    for kind, tally, seconds in rows:
        counts = "".join(f"{tally.by_class.get(c, 0):>7}" for c in CLASSES)
        stored = tally.reports_stored
        print(f"{kind:<11}{tally.requests:>9}{counts}  {stored:>14}  {seconds:7.1f}")
    for line in errors[:20]:
        print(line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
