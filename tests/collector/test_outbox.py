"""The agent's side over real HTTP: enrollment file, durable outbox, sender answers, crashes."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from agent.enroll import Enrollment, enroll, load_enrollment, rotate_token
from agent.enroll.state import save_enrollment
from agent.outbox import SendPolicy, enqueue, flush, pending, rejected
from agent.outbox.store import outbox_dir
from collector.db.models import Report as ReportRow
from collector.services.credentials import create_enrollment_code, revoke_agent_tokens
from collector.settings import CollectorSettings
from schemas import Report
from tests.collector.conftest import World
from tests.collector.helpers import free_port
from tests.collector.live import ROOT, collector_thread
from tests.collector.reports import device, nightly, report


@pytest.fixture
def live(settings: CollectorSettings, engine: Engine) -> Iterator[str]:
    with collector_thread(settings, engine) as base:
        yield base


def enrolled_state(tmp_path: Path, base: str, world: World, school: str = "alpha") -> Path:
    state = tmp_path / "state"
    save_enrollment(
        state,
        Enrollment(
            collector_url=base,
            agent_id=world.agents[school],
            school_id=school,
            token=SecretStr(world.tokens[school]),
        ),
    )
    return state


def reports_in_db(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count()).select_from(ReportRow)) or 0)


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_enroll_saves_a_private_file_and_rotates(
    live: str, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as session:
        code, _ = create_enrollment_code(session, "beta", timedelta(hours=1), nightly(0), "t")
    state = tmp_path / "state"
    enrollment = enroll(live, code, agent_name="office-pc", hostname="pc-1", state_dir=state)
    path = state / "enrollment.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_enrollment(state) == enrollment
    assert enrollment.school_id == "beta"
    rotated = rotate_token(state)
    assert rotated.token != enrollment.token
    assert load_enrollment(state).token == rotated.token
    enqueue(report("beta", [device(1)]), state)
    assert flush(state).sent


def test_report_is_on_disk_before_sending_and_gone_after_the_ack(
    live: str, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    state = enrolled_state(tmp_path, live, world)
    document = report("alpha", [device(1), device(2)])
    path = enqueue(document, state)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Report.model_validate_json(path.read_bytes()) == document
    assert [p.name for p in outbox_dir(state).iterdir()] == [path.name]  # no temp files left
    result = flush(state)
    assert (len(result.sent), result.ok) == (1, True)
    assert pending(state) == []
    assert reports_in_db(factory) == 1


def test_collector_down_keeps_the_report(world: World, tmp_path: Path) -> None:
    state = enrolled_state(tmp_path, f"http://127.0.0.1:{free_port()}", world)
    path = enqueue(report("alpha", [device(1)]), state)
    sleeps = Sleeps()
    result = flush(state, policy=SendPolicy(max_attempts=3, base_delay_s=2), sleep=sleeps)
    assert sleeps == [2.0, 4.0]  # exponential backoff between the three attempts
    assert result.remaining == 1
    assert "unreachable" in (result.error or "")
    assert path.exists()


@pytest.fixture
def busy_collector() -> Iterator[tuple[str, list[str]]]:
    """A peer that answers 503 + Retry-After: 7 once, then acknowledges."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(self.headers.get("Content-Encoding", ""))
            if len(seen) == 1:
                self.send_response(503)
                self.send_header("Retry-After", "7")
                self.end_headers()
                return
            body = json.dumps({"status": "accepted", "report_id": "x"}).encode()
            self.send_response(202)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def test_503_retry_after_is_honoured(
    busy_collector: tuple[str, list[str]], world: World, tmp_path: Path
) -> None:
    base, seen = busy_collector
    state = enrolled_state(tmp_path, base, world)
    enqueue(report("alpha", [device(1)]), state)
    sleeps = Sleeps()
    result = flush(state, sleep=sleeps)
    assert sleeps == [7.0]
    assert seen == ["gzip", "gzip"]
    assert (len(result.sent), pending(state)) == (1, [])


def test_422_moves_the_report_to_rejected_with_the_reason(
    live: str, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    state = enrolled_state(tmp_path, live, world)
    broken = json.loads(report("alpha", [device(1)], started=nightly(2)).model_dump_json())
    broken["devices"][0]["mac"] = "zz:zz"
    outbox_dir(state).mkdir(parents=True)
    (outbox_dir(state) / "00000000T000000000000Z-broken.json").write_text(json.dumps(broken))
    good = enqueue(report("alpha", [device(1)]), state)
    result = flush(state)
    ((moved, reason),) = result.rejected
    assert moved.parent.name == "rejected"
    assert "HTTP 422" in reason
    assert "devices.0.mac" in reason
    assert rejected(state) == [(moved, reason)]
    assert json.loads(moved.read_text()) == broken  # kept intact
    assert not good.exists()  # the next one was still delivered
    assert reports_in_db(factory) == 1


def test_stale_replay_is_rejected_not_retried(live: str, world: World, tmp_path: Path) -> None:
    state = enrolled_state(tmp_path, live, world)
    enqueue(report("alpha", [device(1)], started=nightly(1)), state)
    assert flush(state).ok
    enqueue(report("alpha", [device(1)], started=nightly(2)), state)
    result = flush(state)
    assert "HTTP 409" in result.rejected[0][1]


def test_duplicate_counts_as_delivered(live: str, world: World, tmp_path: Path) -> None:
    state = enrolled_state(tmp_path, live, world)
    document = report("alpha", [device(1)])
    enqueue(document, state)
    assert flush(state).sent
    enqueue(document, state)  # e.g. a crash after sending, before the file was removed
    result = flush(state)
    assert (len(result.duplicates), pending(state)) == (1, [])


def test_revoked_token_stops_and_keeps_everything(
    live: str, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    state = enrolled_state(tmp_path, live, world)
    with factory.begin() as session:
        revoke_agent_tokens(session, world.agents["alpha"], nightly(0), "test")
    for days in (2, 1):
        enqueue(report("alpha", [device(1)], started=nightly(days)), state)
    result = flush(state)
    assert (result.remaining, len(pending(state)), result.rejected) == (2, 2, [])
    assert "HTTP 401" in (result.error or "")
    assert "re-enroll" in (result.error or "")


CHILD = """
import sys
from pathlib import Path
from tests.collector.reports import device, report
from agent.outbox import enqueue
state = Path(sys.argv[1])
devices = [device(n) for n in range(150)]
print("ready", flush=True)
for _ in range(10_000):
    enqueue(report("alpha", devices), state)
"""


def test_a_crash_while_writing_loses_nothing(
    live: str, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    state = enrolled_state(tmp_path, live, world)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(state)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"ready"
    while len(pending(state)) < 3:
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)  # mid-loop: very likely inside a write
    child.wait()
    child.stdout.close()
    queued = pending(state)
    for path in queued:
        Report.model_validate_json(path.read_bytes())  # every queued file is whole and valid
    result = flush(state, policy=SendPolicy(max_attempts=2))
    assert result.error is None
    assert result.rejected == []
    assert len(result.sent) + len(result.duplicates) == len(queued)
    assert reports_in_db(factory) >= 1


def test_agent_commands_enroll_and_send(
    live: str,
    world: World,
    factory: sessionmaker[Session],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from argparse import Namespace

    from agent.commands import enroll as enroll_command
    from agent.commands import send as send_command

    state = tmp_path / "state"
    send_args = Namespace(state_dir=state, max_attempts=1, requeue_rejected=False)
    assert send_command.run(send_args) == 1  # not enrolled yet: a clear message
    assert "lankeeper-agent enroll" in capsys.readouterr().err
    with factory.begin() as session:
        code, _ = create_enrollment_code(session, "beta", timedelta(hours=1), nightly(0), "t")
    enroll_args = Namespace(state_dir=state, collector=live, code=code, name=None, rotate=False)
    assert enroll_command.run(enroll_args) == 0
    assert "school beta" in capsys.readouterr().out
    assert enroll_command.run(enroll_args) == 1  # the code is spent
    assert "already used" in capsys.readouterr().err
    enqueue(report("beta", [device(1)]), state)
    assert send_command.run(send_args) == 0
    assert "sent 1" in capsys.readouterr().out
