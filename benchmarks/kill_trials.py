"""Kill -9 trials, the long version: ``--trials`` (default 100) random SIGKILLs of the agent's
``send`` process and of ``lankeeper-collector serve`` mid-ingest, on SQLite and PostgreSQL;
after each kill the collector is restarted and the next run resends. At the end every report
is counted in the outbox and in the collector: the figures to expect are 0 lost, 0 duplicated.

    PYTHONPATH=. .venv/bin/python benchmarks/kill_trials.py
    PYTHONPATH=. .venv/bin/python benchmarks/kill_trials.py --trials 20 --db sqlite

Exit status 1 when anything was lost or duplicated. PostgreSQL: a throw-away database on the
local server (unix socket), dropped afterwards.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import upgrade
from tests.collector.conftest import build_world
from tests.collector.databases import PgDatabase, find_pg_admin, fresh_sqlite, sqlite_template
from tests.collector.kill_trials import Collector, Counts, Trials
from tests.collector.test_outbox import enrolled_state


@contextmanager
def database(kind: str, directory: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield fresh_sqlite(sqlite_template(directory), directory)
        return
    admin, reason = find_pg_admin()
    if admin is None:
        raise SystemExit(f"PostgreSQL not available: {reason}")
    pg = PgDatabase(admin)
    pg.create()
    try:
        engine = make_engine(pg.url)
        upgrade(engine)
        engine.dispose()
        yield pg.url
    finally:
        pg.drop()


def run(kind: str, trials: int, seed: int) -> Counts:
    with tempfile.TemporaryDirectory(prefix="lk-kill-") as temp, database(kind, Path(temp)) as url:
        engine = make_engine(url)
        factory = make_session_factory(engine)
        world = build_world(factory)
        collector = Collector(url)
        collector.start()
        try:
            state = enrolled_state(Path(temp), collector.base, world)
            runner = Trials(collector, state, factory, "alpha", random.Random(seed), Counts(), [])
            counts = runner.run(trials)
        finally:
            collector.stop()
            engine.dispose()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    failed = False
    for kind in kinds:
        counts = run(kind, args.trials, args.seed)
        print(counts.line(kind), flush=True)
        failed |= bool(counts.lost or counts.duplicated or counts.trials < args.trials)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
