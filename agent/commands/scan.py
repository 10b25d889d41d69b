"""``lankeeper-agent scan``: discover the school LAN, show the inventory, write the report."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Callable, Mapping
from ipaddress import IPv4Network
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.status import Status

from agent.enroll import Enrollment, NotEnrolledError, default_state_dir, load_enrollment
from agent.enroll.ownership import owned_like_state_dir
from agent.last_run import LastRun, now, save_last_run
from agent.memory import load_uptimes, save_uptimes, uptimes_of
from agent.outbox import enqueue, flush
from agent.outbox.status import outbox_problems, outbox_status
from agent.settings import Settings, SettingsError, load_settings
from schemas import Report

NOT_ENROLLED_EXIT = 3


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "scan", help="find the devices on the network, check them, and report"
    )
    parser.add_argument("--config", type=Path, help="TOML configuration file")
    parser.add_argument(
        "--interface", help="network card to scan from (default: the one with the default route)"
    )
    parser.add_argument(
        "--subnet",
        action="append",
        type=IPv4Network,
        metavar="CIDR",
        help="subnet to scan (repeatable)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress and no table")
    parser.add_argument(
        "--state-dir", type=Path, help=f"enrollment and outbox (default {default_state_dir()})"
    )
    parser.add_argument(
        "--no-send", action="store_true", help="keep the report in the outbox; send it later"
    )
    parser.set_defaults(func=run)


def with_overrides(settings: Settings, args: argparse.Namespace) -> Settings:
    update: dict[str, object] = {}
    if args.interface:
        update["interface"] = args.interface
    if args.subnet:
        update["subnets"] = args.subnet
    if not update:
        return settings
    scan = settings.scan.model_validate({**settings.scan.model_dump(), **update})
    return settings.model_copy(update={"scan": scan})


def enrolled_identity(settings: Settings, enrollment: Enrollment | None) -> Settings:
    """Report as the agent and school the collector enrolled us as."""
    if enrollment is None:
        return settings
    agent = settings.agent.model_copy(update={"id": enrollment.agent_id})
    school = settings.school.model_copy(update={"id": enrollment.school_id})
    return settings.model_copy(update={"agent": agent, "school": school})


def run(args: argparse.Namespace) -> int:
    state_dir: Path = args.state_dir or default_state_dir()
    # SIGTERM (the service stopping, systemd) stops the scan as Ctrl+C does: cleanup runs, the
    # outbox holds whole reports only (atomic writes), the CLI exits 130 saying "interrupted".
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with owned_like_state_dir(state_dir):
        return _run(args, state_dir)


def _run(args: argparse.Namespace, state_dir: Path) -> int:
    from agent.central.resolve import settings_for_run
    from agent.net.errors import NetConfigError
    from agent.render import render_report
    from agent.run import Context, run_scan

    try:
        enrollment: Enrollment | None = load_enrollment(state_dir)
    except NotEnrolledError as exc:
        if args.quiet and args.json is None:
            return not_enrolled(exc, state_dir)
        enrollment = None
    chosen = settings_for_run(load_settings(args.config), state_dir, enrollment)
    settings = enrolled_identity(with_overrides(chosen.settings, args), enrollment)
    context = Context(
        collector_url=enrollment.collector_url if enrollment else None,
        previous_uptimes=load_uptimes(state_dir),
        settings_info=chosen.info,
    )
    out, err = Console(width=None if sys.stdout.isatty() else 200), Console(stderr=True)
    try:
        with err.status("Starting…", spinner="dots") as status:
            report = asyncio.run(run_scan(settings, _progress(status, args.quiet), context))
    except NetConfigError as exc:
        save_last_run(
            state_dir,
            LastRun(command="scan", finished_at=now(), ok=False, summary=f"cannot scan: {exc}"),
        )
        raise SettingsError(f"cannot scan: {exc}") from exc
    remember(state_dir, report, context.previous_uptimes, err)
    if enrollment is not None:
        report = with_outbox_problems(report, state_dir)
    if args.json:
        write_report(args.json, report.model_dump_json(indent=2))
        err.print(f"Report written to {args.json}")
    if not args.quiet:
        render_report(report, out)
    return deliver(report, state_dir, enrollment, send=not args.no_send, console=err)


def not_enrolled(problem: NotEnrolledError, state_dir: Path) -> int:
    """A run nobody watches (``--quiet``, no ``--json``: the nightly one) whose report could
    reach no collector is a failure: say so in one sentence and exit non-zero."""
    sentence = f"this run's report could reach no collector, so it did not scan: {problem}"
    sys.stderr.write(f"lankeeper-agent: {sentence}\n")
    save_last_run(state_dir, LastRun(command="scan", finished_at=now(), ok=False, summary=sentence))
    return NOT_ENROLLED_EXIT


def remember(
    state_dir: Path, report: Report, previous: Mapping[str, float], console: Console
) -> None:
    """Keep tonight's uptimes (and the ones of devices not seen tonight) for tomorrow."""
    try:
        save_uptimes(state_dir, {**previous, **uptimes_of(report.devices)})
    except OSError as exc:
        console.print(f"Could not remember device uptimes in {state_dir}: {exc}")


def with_outbox_problems(report: Report, state_dir: Path) -> Report:
    """Say in tonight's report when earlier reports are stuck on this PC."""
    problems = outbox_problems(outbox_status(state_dir))
    if not problems:
        return report
    scan = report.scan.model_copy(update={"problems": [*report.scan.problems, *problems]})
    return report.model_copy(update={"scan": scan})


def deliver(
    report: Report, state_dir: Path, enrollment: Enrollment | None, *, send: bool, console: Console
) -> int:
    """Queue the report durably, then (unless told not to) send everything queued."""
    from agent.commands.send import details, record

    devices = len(report.devices)
    if enrollment is None:
        console.print(f"Not enrolled with a collector, so the report was not sent. {_ENROLL_HINT}")
        _scanned(state_dir, devices, "not enrolled with a collector: the report was not sent")
        return 0
    path = enqueue(report, state_dir)
    if not send:
        console.print(f"Report queued in {path.parent}; `lankeeper-agent send` delivers it.")
        _scanned(state_dir, devices, "report queued, not sent (--no-send)")
        return 0
    result = flush(state_dir)
    console.print(
        f"Sent to {enrollment.collector_url}: {len(result.sent)} report(s), "
        f"{result.remaining} still queued."
    )
    for line in details(result):
        console.print(line, markup=False, highlight=False)
    record(state_dir, result, command="scan")
    return 1 if result.credentials else 0  # a refused token: the unit shows as failed


_ENROLL_HINT = "To send it, run as root: lankeeper-agent enroll --collector URL --code CODE"


def _scanned(state_dir: Path, devices: int, summary: str) -> None:
    record = LastRun(command="scan", finished_at=now(), ok=True, summary=summary, devices=devices)
    save_last_run(state_dir, record)


def _progress(status: Status, quiet: bool) -> Callable[[str], None]:
    def show(message: str) -> None:
        if not quiet:
            status.update(message)

    return show


def write_report(path: Path, text: str) -> None:
    """Write atomically: a reader never sees half a report."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
