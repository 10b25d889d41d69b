"""``make demo``: build the simulated school, scan it with the agent from the agent's namespace,
show the agent's inventory and how it compares with what the lab really contains, tear down.

Output (the agent config and the JSON report) goes to ``demo-out/``.
"""

from __future__ import annotations

import json
import sys

from tests.lab.agent_config import LAB_NETWORK, write_agent_config
from tests.lab.expectations import report_mismatches
from tests.lab.lab import REPO, Lab
from tests.lab.preflight import problems

OUT = REPO / "demo-out"


def scan_and_compare(lab: Lab) -> int:
    config = write_agent_config(OUT / "agent.toml", extra=LAB_NETWORK)
    report = OUT / "report.json"
    argv = [lab.ctx.python, "-m", "agent.cli", "scan", "--config", str(config)]
    argv += ["--json", str(report)]
    done = lab.exec_in(lab.agent_ns, argv, timeout=600, capture=False)
    if done.returncode != 0:
        print(f"the scan failed (exit {done.returncode})", file=sys.stderr)
        return done.returncode
    mismatches = report_mismatches(json.loads(report.read_text()), lab.hosts)
    right = len(lab.hosts) - len({m.split(" ", 1)[0] for m in mismatches})
    print(f"\n{right}/{len(lab.hosts)} lab hosts found and described as expected; report: {report}")
    for mismatch in mismatches:
        print(f"  - {mismatch}")
    return 0


def main() -> int:
    found = problems()
    if found:
        print("the demo needs the namespace lab:\n  " + "\n  ".join(found), file=sys.stderr)
        return 2
    lab = Lab.from_env()
    try:
        seconds = lab.up()
        print(f"simulated school up: {len(lab.hosts)} hosts in {seconds:.1f} s; scanning...")
        return scan_and_compare(lab)
    finally:
        lab.down()


if __name__ == "__main__":
    raise SystemExit(main())
