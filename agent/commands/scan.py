"""``lankeeper-agent scan``: discover the school LAN, show the inventory, write the report."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from ipaddress import IPv4Network
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.status import Status

from agent.settings import Settings, SettingsError, load_settings


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


def run(args: argparse.Namespace) -> int:
    from agent.net.errors import NetConfigError
    from agent.render import render_report
    from agent.run import run_scan

    settings = with_overrides(load_settings(args.config), args)
    out, err = Console(width=None if sys.stdout.isatty() else 200), Console(stderr=True)
    try:
        with err.status("Starting…", spinner="dots") as status:
            report = asyncio.run(run_scan(settings, _progress(status, args.quiet)))
    except NetConfigError as exc:
        raise SettingsError(f"cannot scan: {exc}") from exc
    if args.json:
        write_report(args.json, report.model_dump_json(indent=2))
        err.print(f"Report written to {args.json}")
    if not args.quiet:
        render_report(report, out)
    return 0


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
