"""``lankeeper-agent service``: stay running, check in every few minutes, scan when asked."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path
from types import FrameType
from typing import Any

from agent.enroll import default_state_dir


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "service",
        help="run unattended: check in with the collector, scan at night and when asked",
    )
    parser.add_argument("--config", type=Path, help="TOML configuration file")
    parser.add_argument("--state-dir", type=Path, help=f"default {default_state_dir()}")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from agent.central.service import Service
    from agent.settings import load_settings

    load_settings(args.config)  # a bad file stops the start, with the key named
    service = Service(config=args.config, state_dir=args.state_dir or default_state_dir())

    def stop(signum: int, _frame: FrameType | None) -> None:
        service.stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return service.run()
