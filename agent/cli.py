"""``lankeeper-agent``: the agent's command line.

Each subcommand lives in ``agent.commands.<name>`` and registers itself; this module only
builds the parser, sets up logging and turns fatal errors into a message and an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from agent.settings import SettingsError

COMMANDS = ("scan", "identify", "enroll", "send", "doctor", "service")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lankeeper-agent",
        description="Find and check the devices on a school network, and report them.",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log detail")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"agent.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"agent.commands.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        code: int = args.func(args)
    except SettingsError as exc:
        sys.stderr.write(f"lankeeper-agent: configuration error\n{exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("lankeeper-agent: interrupted\n")
        return 130
    return code


if __name__ == "__main__":
    raise SystemExit(main())
