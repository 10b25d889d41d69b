"""A few kill -9 trials in the suite (the long run is ``benchmarks/kill_trials.py``)."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from tests.collector.conftest import World
from tests.collector.kill_trials import Collector, Counts, Trials
from tests.collector.test_outbox import enrolled_state

TRIALS = 6


def test_kill_9_of_send_or_collector_loses_and_doubles_nothing(
    database_url: str, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    collector = Collector(database_url)
    collector.start()
    try:
        state = enrolled_state(tmp_path, collector.base, world)
        rng = random.Random(20261206)
        trials = Trials(collector, state, factory, "alpha", rng, Counts(), [])
        counts = trials.run(TRIALS)
    finally:
        collector.stop()
    print(counts.line(database_url.split(":", maxsplit=1)[0]))
    assert counts.trials == TRIALS
    assert counts.send_killed == counts.collector_killed == TRIALS // 2
    assert (counts.lost, counts.duplicated) == (0, 0)
    assert counts.in_collector == counts.reports  # and the resend delivered everything
