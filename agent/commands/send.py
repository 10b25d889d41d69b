"""``lankeeper-agent send``: deliver the queued reports in the outbox to the collector."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from agent.enroll import NotEnrolledError, default_state_dir
from agent.enroll.ownership import owned_like_state_dir
from agent.outbox import SendPolicy, flush, requeue_rejected


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("send", help="send queued reports to the collector")
    parser.add_argument("--state-dir", type=Path, help=f"default {default_state_dir()}")
    parser.add_argument("--max-attempts", type=int, default=6, help="per report (default 6)")
    parser.add_argument(
        "--requeue-rejected",
        action="store_true",
        help="first move reports the collector rejected back into the outbox",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    state_dir: Path = args.state_dir or default_state_dir()
    with owned_like_state_dir(state_dir):
        return _run(args, state_dir)


def _run(args: argparse.Namespace, state_dir: Path) -> int:
    if args.requeue_rejected:
        print(f"{requeue_rejected(state_dir)} rejected report(s) queued again")
    try:
        result = flush(state_dir, policy=SendPolicy(max_attempts=max(1, args.max_attempts)))
    except (NotEnrolledError, OSError) as exc:
        print(f"lankeeper-agent send: {exc}", file=sys.stderr)
        return 1
    print(
        f"sent {len(result.sent)}, already there {len(result.duplicates)}, "
        f"rejected {len(result.rejected)}, still queued {result.remaining}"
    )
    for path, reason in result.rejected:
        print(f"  rejected: {path} — {reason}", file=sys.stderr)
    if result.error:
        print(f"lankeeper-agent send: stopped: {result.error}", file=sys.stderr)
    return 0 if result.ok else 1
