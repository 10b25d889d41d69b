"""``lankeeper-agent service``: stay running, check in every few minutes, scan when asked."""

from __future__ import annotations

import argparse
import asyncio
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.enroll import default_state_dir

if TYPE_CHECKING:
    from agent.central.service import Service

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


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
    return asyncio.run(_serve(service))


async def _serve(service: Service) -> int:
    """Run the loop with SIGTERM/SIGINT handled by the event loop: the handler only sets the
    service's stop event (``signal.signal`` handlers that take a lock can deadlock)."""
    loop = asyncio.get_running_loop()
    for signum in STOP_SIGNALS:
        try:
            loop.add_signal_handler(signum, service.request_stop, signum.name)
        except NotImplementedError:  # Windows: the plain handler hands over to the loop
            signal.signal(
                signum,
                lambda num, _f: loop.call_soon_threadsafe(service.request_stop, str(num)),
            )
    return await service.run()
