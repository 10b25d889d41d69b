"""The PJLink class-1 simulator (``tests.lab.pjlink_sim``) as a separate process on TCP 4352.

Its state lives in a JSON file; rewrite it and send SIGHUP (``Lab.set_pjlink_state``) to change
power, errors or lamp hours while the lab runs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from tests.lab.inventory import Host
from tests.lab.peers.base import Daemon, LabContext, start_daemon, tcp_listening
from tests.lab.specs import Pjlink, PjlinkState

DAEMON_NAME = "pjlink"


def state_file(ctx: LabContext, host: Host) -> Path:
    return ctx.host_dir(host) / "pjlink-state.json"


def write_state(ctx: LabContext, host: Host, state: PjlinkState) -> Path:
    path = state_file(ctx, host)
    path.write_text(json.dumps(asdict(state), indent=2))
    return path


def start(ctx: LabContext, host: Host, spec: Pjlink, _started: Sequence[Daemon]) -> list[Daemon]:
    state = write_state(ctx, host, spec.state)
    argv = [ctx.python, "-m", "tests.lab.pjlink_sim", "--host", str(host.ip)]
    argv += ["--port", str(spec.port), "--state", str(state)]
    return [start_daemon(ctx, host, DAEMON_NAME, argv, tcp_listening(spec.port))]
