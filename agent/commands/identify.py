"""``lankeeper-agent identify``: what the agent would report for recorded SNMP agents.

    lankeeper-agent identify --snmprec FILE... [--walk FILE...] [--json]

Human table by default; ``--json`` prints one object per file and line:
``{"file": ..., "device": <schemas.Device>}``. A file that cannot be used is reported on
stderr (naming it); the others are still identified, and the exit code is then 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from agent.identify import Identified, identify_files
from agent.snmp.recording import Format
from schemas import Device


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "identify",
        help="identify and classify devices from SNMP recordings (offline)",
        description="Run identification and classification on recorded SNMP agents, one "
        "device per file, and print what a scan would report.",
    )
    parser.add_argument(
        "--snmprec",
        nargs="+",
        action="extend",
        type=Path,
        default=[],
        metavar="FILE",
        help="snmpsim .snmprec recordings",
    )
    parser.add_argument(
        "--walk",
        nargs="+",
        action="extend",
        type=Path,
        default=[],
        metavar="FILE",
        help="'snmpwalk -On' output files",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per file and line")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    files: list[tuple[Path, Format]] = [(path, "snmprec") for path in args.snmprec]
    files += [(path, "walk") for path in args.walk]
    if not files:
        print("identify: give at least one --snmprec FILE or --walk FILE", file=sys.stderr)
        return 2
    results = identify_files(files)
    for result in results:
        _warn(result)
    good = [result for result in results if result.device is not None]
    if args.json:
        _print_json(good)
    elif good:
        _print_table(good)
    return 0 if len(good) == len(results) else 1


def _warn(result: Identified) -> None:
    if result.error:
        print(f"identify: error: {result.error}", file=sys.stderr)
    elif result.skipped_lines:
        print(
            f"identify: note: {result.path}: skipped {result.skipped_lines} unusable line(s), "
            f"the first at line {result.first_skipped_line}",
            file=sys.stderr,
        )


def _print_json(results: list[Identified]) -> None:
    for result in results:
        assert result.device is not None
        record = {"file": str(result.path), "device": result.device.model_dump(mode="json")}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def _print_table(results: list[Identified]) -> None:
    table = Table(title="What a scan would report")
    for column in ("file", "type", "vendor", "model", "serial", "firmware", "MAC"):
        table.add_column(column, overflow="fold")
    reasons = []
    for result in results:
        device = result.device
        assert device is not None
        cells = (device.vendor, device.model, device.serial, device.firmware, device.mac)
        table.add_row(result.path.name, device.device_type.value, *(cell or "–" for cell in cells))
        reasons += explain(result.path.name, device)
    console = Console()
    console.print(table)
    for reason in reasons:
        console.print(reason, markup=False, highlight=False)


def explain(name: str, device: Device) -> list[str]:
    """The decision in one sentence, then every fact seen, strongest first."""
    lines = [f"{name}: {device.type_reason}"]
    for item in sorted(device.evidence, key=lambda item: -item.weight):
        weight = f"{item.weight:3d} for {item.suggests.value}" if item.suggests else "  - no type"
        lines.append(f"    {weight}: {item.fact}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """``python -m agent.commands.identify ...``: the subcommand on its own."""
    parser = argparse.ArgumentParser(prog="lankeeper-agent")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["identify", *(sys.argv[1:] if argv is None else argv)])
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
