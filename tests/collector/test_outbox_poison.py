"""The outbox never jams: a report the collector keeps failing on waits aside, newer ones go;
two ``send`` processes at once deliver each report exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from agent.outbox import SendPolicy, enqueue, flush, held, pending, rejected
from agent.outbox.attempts import attempts_path, load_attempts
from agent.outbox.lock import OutboxBusyError, outbox_lock
from agent.outbox.status import outbox_problems, outbox_status
from collector.db.models import Report as ReportRow
from collector.settings import CollectorSettings
from tests.collector.conftest import World
from tests.collector.failing_peer import FailingPeer, failing_peer
from tests.collector.live import ROOT, collector_thread
from tests.collector.reports import device, nightly, report, toner
from tests.collector.test_outbox import enrolled_state, reports_in_db

NO_WAIT = SendPolicy(max_attempts=1, hold_after=3, retry_base_s=0.0)


@pytest.fixture
def live(settings: CollectorSettings, engine: Engine) -> Iterator[str]:
    with collector_thread(settings, engine) as base:
        yield base


@pytest.fixture
def peer(live: str) -> Iterator[FailingPeer]:
    with failing_peer(live) as failing:
        yield failing


def stored_ids(factory: sessionmaker[Session]) -> list[str]:
    with factory() as session:
        return [str(i) for i in session.scalars(select(ReportRow.report_uuid))]


def test_a_poisoned_report_never_delays_the_next_nights_report(
    peer: FailingPeer, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    state = enrolled_state(tmp_path, peer.base, world)
    poisoned = report("alpha", [device(1)], started=nightly(3))
    peer.poisoned.add(str(poisoned.report_id))
    enqueue(poisoned, state)
    nights = []
    for night in (2, 1, 0):
        tonight = report("alpha", [device(1)], started=nightly(night))
        enqueue(tonight, state)
        nights.append(str(tonight.report_id))
        result = flush(state, policy=NO_WAIT)
        assert len(result.sent) == 1  # tonight's report arrived despite the poisoned one
        assert str(tonight.report_id) in stored_ids(factory)
    assert peer.posts.count(str(poisoned.report_id)) == 3  # tried each night, once
    ((path, reason),) = result.held
    assert path.parent.name == "held"
    assert "HTTP 500" in reason
    assert "integer out of range" in reason
    assert "3 failures" in reason
    assert held(state) == [(path, reason)]
    assert pending(state) == []
    assert not attempts_path(state / "outbox" / path.name).exists()
    assert sorted(stored_ids(factory)) == sorted(nights)
    codes = [p.code for p in outbox_problems(outbox_status(state))]
    assert codes == ["outbox.held"]


def test_a_failed_report_waits_for_its_backoff_and_counts_durably(
    peer: FailingPeer, world: World, tmp_path: Path
) -> None:
    state = enrolled_state(tmp_path, peer.base, world)
    poisoned = enqueue(report("alpha", [device(1)], started=nightly(1)), state)
    peer.poisoned.add(poisoned.name.split("-", 1)[1].removesuffix(".json"))
    policy = SendPolicy(max_attempts=1, retry_base_s=600.0)
    first = flush(state, policy=policy)
    record = load_attempts(poisoned)
    assert record is not None
    assert record.failures == 1
    assert record.last_status == 500
    assert (record.next_attempt_at - datetime.now(UTC)).total_seconds() > 500
    assert "failure 1" in first.failed[0][1]
    second = flush(state, policy=policy)  # e.g. a technician's `send` a minute later
    assert second.waiting == [poisoned]
    assert len(peer.posts) == 1  # not posted again before its time
    assert [p.code for p in outbox_problems(outbox_status(state))] == ["outbox.failing"]


def test_a_collector_failing_on_everything_holds_nothing_aside(
    peer: FailingPeer, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    state = enrolled_state(tmp_path, peer.base, world)
    peer.broken = True  # e.g. its database is down: 500 for every report
    for night in (3, 2, 1):
        enqueue(report("alpha", [device(1)], started=nightly(night)), state)
        flush(state, policy=NO_WAIT)
    for _ in range(3):
        flush(state, policy=NO_WAIT)
    assert held(state) == []  # never accepted anything: it is the collector, not the reports
    assert len(pending(state)) == 3
    peer.broken = False
    result = flush(state, policy=NO_WAIT)
    assert (len(result.sent), result.ok, reports_in_db(factory)) == (3, True, 3)


def test_a_real_poisoned_report_does_not_block_a_newer_one(
    live: str, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    """A supply index beyond the database's integer range (a 500 on today's collector; a 422
    once the collector checks it at the edge): either way the newer report arrives."""
    state = enrolled_state(tmp_path, live, world)
    # the agent's models refuse such an index now; a report written by an older agent is
    # put in the outbox as it would arrive (model_copy does not validate)
    poisoned = toner(1, 50.0).model_copy(update={"index": 2**63})
    printer = device(1, supplies=[poisoned])
    enqueue(report("alpha", [printer], started=nightly(2)), state)
    good = report("alpha", [device(2)], started=nightly(1))
    enqueue(good, state)
    result = flush(state, policy=NO_WAIT)
    assert stored_ids(factory) == [str(good.report_id)]
    assert len(result.failed) + len(result.rejected) == 1
    assert pending(state) == [] or load_attempts(pending(state)[0]) is not None
    assert result.error is None
    assert pending(state) or rejected(state)


def agent_send(state: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "agent.cli", "send", "--state-dir", str(state), *extra],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_sends_at_once_deliver_each_report_exactly_once(
    live: str, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    state = enrolled_state(tmp_path, live, world)
    documents = [
        report("alpha", [device(n) for n in range(40)], started=nightly(10 - n / 10))
        for n in range(20)
    ]
    for document in documents:
        enqueue(document, state)
    first, second = agent_send(state), agent_send(state)
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), outputs
    assert all("Traceback" not in err for _out, err in outputs)
    sent = sum(int(out.split("sent ")[1].split(",")[0]) for out, _err in outputs)
    twice = sum(int(out.split("already there ")[1].split(",")[0]) for out, _err in outputs)
    assert (sent, twice) == (20, 0)
    assert sorted(stored_ids(factory)) == sorted(str(d.report_id) for d in documents)
    assert pending(state) == []


HOLDER = """
import sys, time
from pathlib import Path
from agent.outbox.lock import outbox_lock
with outbox_lock(Path(sys.argv[1]), wait_s=1):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_the_lock_names_its_holder_and_dies_with_it(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(OutboxBusyError, match=f"pid {holder.pid}"), outbox_lock(tmp_path, 0.3):
        pass
    holder.kill()  # SIGKILL: the kernel releases the lock, no stale lock file to clean up
    holder.wait()
    holder.stdout.close()
    with outbox_lock(tmp_path, 5.0):
        pass


def test_send_prints_what_it_held_aside_and_the_next_report_says_so(
    peer: FailingPeer,
    world: World,
    factory: sessionmaker[Session],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from argparse import Namespace

    from agent.commands import send as send_command
    from agent.commands.scan import with_outbox_problems
    from agent.outbox.attempts import Attempts, save_attempts
    from agent.outbox.store import save_last_delivery

    state = enrolled_state(tmp_path, peer.base, world)
    poisoned = report("alpha", [device(1)], started=nightly(5))
    peer.poisoned.add(str(poisoned.report_id))
    path = enqueue(poisoned, state)
    now = datetime.now(UTC)
    earlier = Attempts(  # four nights of failures already on disk, as earlier runs left them
        failures=4,
        first_failed_at=now - timedelta(days=4),
        last_failed_at=now - timedelta(days=1),
        next_attempt_at=now - timedelta(hours=1),
        last_status=500,
        last_reason="HTTP 500",
    )
    save_attempts(path, earlier)
    save_last_delivery(state, now - timedelta(days=1))  # other reports got through since
    args = Namespace(state_dir=state, max_attempts=1, requeue_rejected=False, hold_after=5)
    assert send_command.run(args) == 1
    out, err = capsys.readouterr()
    assert "held aside 1" in out
    assert "held aside:" in err
    assert "--requeue-held" in err
    tonight = with_outbox_problems(report("alpha", [device(1)], started=nightly(0)), state)
    enqueue(tonight, state)
    assert send_command.run(args) == 0
    with factory() as session:
        problems = session.scalars(select(ReportRow.problems)).one()
    assert [p["code"] for p in problems] == ["outbox.held"]


def test_plain_http_outside_the_lab_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    import requests

    from agent.enroll import EnrollError, enroll
    from agent.enroll.state import NotEnrolledError, load_enrollment

    class NoNetwork(requests.adapters.BaseAdapter):
        def send(self, *_args: object, **_kwargs: object) -> requests.Response:
            raise AssertionError("nothing may be sent to a refused address")

        def close(self) -> None:
            pass

    session = requests.Session()
    session.mount("http://", NoNetwork())
    with pytest.raises(EnrollError, match="--insecure"):
        enroll("http://10.20.30.40:8600", "K7QM-2XPA-9HRT", agent_name="a", hostname="h",
               state_dir=tmp_path, session=session)  # fmt: skip
    stored = {"collector_url": "http://10.20.30.40:8600", "agent_id": "a", "school_id": "s"}
    (tmp_path / "enrollment.json").write_text(json.dumps({**stored, "token": "t"}))
    with pytest.raises(NotEnrolledError, match="https://"):
        load_enrollment(tmp_path)  # a hand-edited file does not get around it either
    (tmp_path / "enrollment.json").write_text(
        json.dumps({**stored, "token": "t", "insecure": True})
    )
    assert load_enrollment(tmp_path).insecure
