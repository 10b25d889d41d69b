"""``lankeeper-agent send``: deliver the queued reports in the outbox to the collector."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from agent.enroll import NotEnrolledError, default_state_dir
from agent.enroll.ownership import owned_like_state_dir
from agent.last_run import LastRun, now, save_last_run
from agent.outbox import FlushResult, SendPolicy, flush, requeue_held, requeue_rejected

REENROLL = "re-enroll this agent: lankeeper-agent enroll --collector URL --code CODE"


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("send", help="send queued reports to the collector")
    parser.add_argument("--state-dir", type=Path, help=f"default {default_state_dir()}")
    parser.add_argument("--max-attempts", type=int, default=6, help="per report (default 6)")
    parser.add_argument(
        "--hold-after",
        type=int,
        default=SendPolicy.hold_after,
        help="move a report the collector keeps failing on (HTTP 5xx) aside to held/ after "
        f"this many failures (default {SendPolicy.hold_after})",
    )
    parser.add_argument(
        "--requeue-rejected",
        action="store_true",
        help="first move reports the collector rejected back into the outbox",
    )
    parser.add_argument(
        "--requeue-held",
        action="store_true",
        help="first move held reports (the collector kept failing on them) back into the outbox",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    state_dir: Path = args.state_dir or default_state_dir()
    with owned_like_state_dir(state_dir):
        return _run(args, state_dir)


def _run(args: argparse.Namespace, state_dir: Path) -> int:
    if args.requeue_rejected:
        print(f"{requeue_rejected(state_dir)} rejected report(s) queued again")
    if getattr(args, "requeue_held", False):
        print(f"{requeue_held(state_dir)} held report(s) queued again")
    policy = SendPolicy(
        max_attempts=max(1, args.max_attempts),
        hold_after=max(1, getattr(args, "hold_after", SendPolicy.hold_after)),
    )
    try:
        result = flush(state_dir, policy=policy)
    except (NotEnrolledError, OSError) as exc:
        print(f"lankeeper-agent send: {exc}", file=sys.stderr)
        save_last_run(state_dir, LastRun(command="send", finished_at=now(), ok=False,
                                         summary=str(exc)[:2000]))  # fmt: skip
        return 1
    print(summary(result))
    for line in details(result):
        print(f"  {line}", file=sys.stderr)
    record(state_dir, result)
    return 0 if result.ok else 1


def summary(result: FlushResult) -> str:
    return (
        f"sent {len(result.sent)}, already there {len(result.duplicates)}, "
        f"rejected {len(result.rejected)}, held aside {len(result.held)}, "
        f"failed {len(result.failed)}, waiting to retry {len(result.waiting)}, "
        f"still queued {result.remaining}"
    )


def details(result: FlushResult) -> list[str]:
    """One line per report that needs a look, then why the flush stopped (if it did)."""
    lines = [f"rejected: {path} — {reason}" for path, reason in result.rejected]
    lines += [
        f"held aside: {path} — {reason} (after fixing the collector: "
        "lankeeper-agent send --requeue-held)"
        for path, reason in result.held
    ]
    lines += [f"failed, retried later: {path.name} — {reason}" for path, reason in result.failed]
    if result.error and result.credentials:
        lines.append(f"stopped, nothing was sent: {result.error}; {REENROLL}")
    elif result.error:
        lines.append(f"stopped (kept in the outbox, tried again next run): {result.error}")
    return lines


def record(state_dir: Path, result: FlushResult, command: str = "send") -> None:
    save_last_run(
        state_dir,
        LastRun(
            command="scan" if command == "scan" else "send",
            finished_at=now(),
            ok=result.ok,
            summary=(summary(result) + ("; " + result.error if result.error else ""))[:2000],
            sent=len(result.sent) + len(result.duplicates),
            queued=result.remaining,
            held=len(result.held),
        ),
    )
