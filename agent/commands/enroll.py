"""``lankeeper-agent enroll``: exchange a one-time code for this agent's token."""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path
from typing import Any

from agent.enroll import EnrollError, NotEnrolledError, default_state_dir, enroll, rotate_token
from agent.enroll.ownership import owned_like_state_dir


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "enroll", help="enroll this agent with a collector (one-time code from the provider)"
    )
    parser.add_argument("--collector", help="collector base URL, e.g. https://collector.example")
    parser.add_argument("--code", help="one-time enrollment code, e.g. K7QM-2XPA-9HRT")
    parser.add_argument("--name", help="a name for this agent (default: the hostname)")
    parser.add_argument("--state-dir", type=Path, help=f"default {default_state_dir()}")
    parser.add_argument(
        "--rotate", action="store_true", help="instead of enrolling, get a fresh token"
    )
    parser.add_argument(
        "--insecure",
        action="store_true",
        help="allow a plain http:// collector address outside this machine and the lab "
        "(the token then crosses the network unencrypted)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    state_dir: Path = args.state_dir or default_state_dir()
    with owned_like_state_dir(state_dir):
        return _run(args, state_dir)


def _run(args: argparse.Namespace, state_dir: Path) -> int:
    try:
        if args.rotate:
            rotate_token(state_dir)
            print(f"new token saved in {state_dir}")
            return 0
        if not args.collector or not args.code:
            print("lankeeper-agent enroll: --collector and --code are required", file=sys.stderr)
            return 2
        hostname = socket.gethostname()
        enrollment = enroll(
            args.collector,
            args.code,
            agent_name=args.name or hostname,
            hostname=hostname,
            state_dir=state_dir,
            insecure=getattr(args, "insecure", False),
        )
    except (EnrollError, NotEnrolledError, OSError) as exc:
        print(f"lankeeper-agent enroll: {exc}", file=sys.stderr)
        return 1
    print(
        f"enrolled: agent {enrollment.agent_id}, school {enrollment.school_id}, "
        f"collector {enrollment.collector_url} (token saved in {state_dir}, mode 0600)"
    )
    return 0
