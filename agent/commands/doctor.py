"""``lankeeper-agent doctor``: say what stands between this agent and tonight's report.

Exit status 0 when the agent can do its job tonight (warnings allowed), 1 when it cannot.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from agent.doctor.model import Diagnosis, Status
from agent.enroll import default_state_dir

MARKS = {Status.OK: "ok  ", Status.WARN: "WARN", Status.FAIL: "FAIL", Status.UNKNOWN: "??  "}


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "doctor", help="check everything tonight's run needs, and say how to fix what is wrong"
    )
    parser.add_argument("--config", type=Path, help="TOML configuration file")
    parser.add_argument("--interface", help="network card to check (default: as the scan picks)")
    parser.add_argument("--state-dir", type=Path, help=f"default {default_state_dir()}")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from agent.doctor.run import diagnose

    state_dir: Path = args.state_dir or default_state_dir()
    diagnosis = asyncio.run(diagnose(args.config, state_dir, args.interface))
    print(as_json(diagnosis) if args.json else as_text(diagnosis))
    return 0 if diagnosis.can_run_tonight else 1


def as_json(diagnosis: Diagnosis) -> str:
    data = diagnosis.model_dump(mode="json")
    data["can_run_tonight"] = diagnosis.can_run_tonight
    import json

    return json.dumps(data, indent=2)


def as_text(diagnosis: Diagnosis) -> str:
    lines = [f"[{MARKS[f.status]}] {f.check}: {f.sentence()}" for f in diagnosis.findings]
    verdict = (
        "The agent can do its job tonight."
        if diagnosis.can_run_tonight
        else "The agent cannot do its job tonight: fix the FAIL lines above."
    )
    return "\n".join([*lines, "", verdict])
