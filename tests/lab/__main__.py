"""``python -m tests.lab up|down|status`` (as root, from the repository root).

``LK_LAB_PREFIX`` (default ``lk``) names the lab; labs with different prefixes coexist.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from tests.lab.lab import Lab
from tests.lab.peers.base import LabError
from tests.lab.preflight import problems


def _table(lab: Lab) -> str:
    rows = [f"{'namespace':<18} {'ip':<13} {'mac':<17} {'kind':<16} {'expected':<13} procs"]
    for s in lab.status():
        kind = "agent" if s.host is lab.agent else s.host.kind
        state = str(s.processes) if s.exists else "-"
        rows.append(
            f"{s.ns:<18} {s.host.ip!s:<13} {s.host.mac:<17} {kind:<16} "
            f"{s.host.expected_type.value:<13} {state}"
        )
    return "\n".join(rows)


def up(lab: Lab) -> int:
    found = problems()
    if found:
        print("cannot build the lab:\n  " + "\n  ".join(found), file=sys.stderr)
        return 2
    seconds = lab.up()
    print(_table(lab))
    print(
        f"lab {lab.prefix!r} up: {len(lab.hosts)} hosts + agent ({lab.agent_ns}) in {seconds:.1f} s"
    )
    return 0


def down(lab: Lab) -> int:
    lab.down()
    print(f"lab {lab.prefix!r} down")
    return 0


def status(lab: Lab) -> int:
    print(_table(lab))
    print(f"lab {lab.prefix!r} is {'up' if lab.is_up() else 'down'}")
    return 0 if lab.is_up() else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.lab", description=__doc__)
    parser.add_argument("command", choices=("up", "down", "status"))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    lab = Lab.from_env()
    try:
        return {"up": up, "down": down, "status": status}[args.command](lab)
    except LabError as exc:
        print(f"lab error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
