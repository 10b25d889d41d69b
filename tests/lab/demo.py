"""``make demo``: the whole chain on the simulated school.

1. A collector on SQLite (``demo-out/collector.sqlite3``) with a cluster, a school, an admin and
   a one-time enrollment code.
2. The simulated school comes up; the collector runs on the agent namespace's loopback, the
   agent enrolls with the code, scans the school, shows what needs attention and the inventory,
   queues the report and sends it over HTTP.
3. What the collector now knows is read back through its API, the inventory is compared with
   what the lab really contains, and the lab is torn down.

Everything stays on loopback and inside the lab's namespaces.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.lab.agent_config import LAB_NETWORK, write_agent_config
from tests.lab.collector_api import api_get
from tests.lab.expectations import report_mismatches
from tests.lab.lab import REPO, Lab
from tests.lab.peers.base import in_ns
from tests.lab.preflight import problems

OUT = REPO / "demo-out"
DATABASE = OUT / "collector.sqlite3"
DB_URL = f"sqlite:///{DATABASE}"
PORT = 8600
URL = f"http://127.0.0.1:{PORT}"
ADMIN, PASSWORD = "admin", "lankeeper-demo"
SCHOOL = "lab-school"
PYTHON = str(REPO / ".venv" / "bin" / "python")


def collector(*args: str, stdin: str | None = None) -> str:
    argv = [PYTHON, "-m", "collector", *args, "--database-url", DB_URL]
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"lankeeper-collector {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def prepare_collector() -> str:
    """A fresh collector database with one school; returns a one-time enrollment code."""
    DATABASE.unlink(missing_ok=True)
    collector("migrate")
    collector("cluster", "add", "lab", "--name", "Lab cluster", "--timezone", "Europe/London")
    collector("school", "add", SCHOOL, "--cluster", "lab", "--name", "Lab Primary School")
    collector("user", "add", ADMIN, "--role", "admin", "--password-stdin", stdin=PASSWORD)
    return collector("enrollment-code", "create", "--school", SCHOOL, "--ttl", "1")


def serve(lab: Lab) -> subprocess.Popen[bytes]:
    argv = [PYTHON, "-m", "collector", "serve", "--database-url", DB_URL]
    argv += ["--host", "127.0.0.1", "--port", str(PORT)]
    log = (OUT / "collector.log").open("wb")
    server = subprocess.Popen(in_ns(lab.agent_ns, argv), stdout=log, stderr=log, cwd=REPO)
    probe = f"import urllib.request; urllib.request.urlopen('{URL}/healthz', timeout=1)"
    for _ in range(60):
        if lab.exec_in(lab.agent_ns, [PYTHON, "-c", probe]).returncode == 0:
            return server
        time.sleep(0.25)
    server.terminate()
    raise RuntimeError(f"the collector did not start; see {OUT / 'collector.log'}")


def agent(lab: Lab, *args: str) -> int:
    argv = [PYTHON, "-m", "agent.cli", *args, "--state-dir", str(OUT / "agent-state")]
    return lab.exec_in(lab.agent_ns, argv, timeout=600, capture=False).returncode


def enroll_scan_send(lab: Lab, code: str) -> int:
    config = write_agent_config(OUT / "agent.toml", extra=LAB_NETWORK)
    if agent(lab, "enroll", "--collector", URL, "--code", code) != 0:
        return 1
    return agent(lab, "scan", "--config", str(config), "--json", str(OUT / "report.json"))


def readback(lab: Lab) -> dict[str, Any]:
    schools, alerts = api_get(
        lab, URL, (ADMIN, PASSWORD), ["/api/v1/schools", "/api/v1/alerts?state=open"]
    )
    return {"schools": schools, "alerts": alerts}


def compare(lab: Lab, report: Path) -> None:
    mismatches = report_mismatches(json.loads(report.read_text()), lab.hosts)
    right = len(lab.hosts) - len({m.split(" ", 1)[0] for m in mismatches})
    print(f"\n{right}/{len(lab.hosts)} lab hosts found and described as the lab defines them.")
    for mismatch in mismatches:
        print(f"  - {mismatch}")


def summarise(known: dict[str, Any]) -> None:
    print("\nWhat the collector now knows (read back through its API):")
    for school in known["schools"]["items"]:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(school["status_counts"].items()))
        print(
            f"  {school['name']}: {school['device_count']} devices ({counts}), "
            f"{school['open_alerts']} open alerts, last report {school['last_report_at']}"
        )
    for alert in known["alerts"]["items"][:12]:
        print(f"    [{alert['severity']}] {alert['summary']}")


def where_to_look() -> None:
    print(
        f"""
Where to look:
  the agent's report (JSON) ........ {OUT / "report.json"}
  the agent's configuration ........ {OUT / "agent.toml"}
  the collector's database ......... {DATABASE}
  the dashboard: run `make collector`, then open {URL}/ and log in as {ADMIN} / {PASSWORD}
    school page ...... {URL}/schools/{SCHOOL}
    pre-visit sheet .. {URL}/schools/{SCHOOL}/visit
    the cluster side by side .. {URL}/clusters/lab/compare
    asset register ... {URL}/schools/{SCHOOL}/assets.csv
    evaluation ....... {URL}/clusters/lab/evaluation (school year so far; print, CSV, API)
    API docs ......... {URL}/docs"""
    )


def run(lab: Lab) -> int:
    code = prepare_collector()
    seconds = lab.up()
    print(f"simulated school up: {len(lab.hosts)} hosts in {seconds:.1f} s")
    server = serve(lab)
    try:
        status = enroll_scan_send(lab, code)
        if status != 0:
            print(f"the agent failed (exit {status})", file=sys.stderr)
            return status
        known = readback(lab)
    finally:
        server.terminate()
        server.wait(timeout=10)
    compare(lab, OUT / "report.json")
    summarise(known)
    where_to_look()
    return 0


def main() -> int:
    found = problems()
    if found:
        print("the demo needs the namespace lab:\n  " + "\n  ".join(found), file=sys.stderr)
        return 2
    shutil.rmtree(OUT / "agent-state", ignore_errors=True)
    OUT.mkdir(exist_ok=True)
    lab = Lab.from_env()
    try:
        return run(lab)
    finally:
        lab.down()


if __name__ == "__main__":
    raise SystemExit(main())
