"""Device knowledge stays in data: no vendor OID (1.3.6.1.4.1.*) in code outside the tables.

STYLE.md principle 3: vendor OIDs may appear only in ``agent/knowledge`` (the tables) and
``agent/checks`` (per-kind health checks, whose readings are rows of OIDs).
"""

from __future__ import annotations

import re
from pathlib import Path

AGENT = Path(__file__).resolve().parents[3] / "agent"
ALLOWED = ("knowledge", "checks")
VENDOR_OID = re.compile(r"1\.3\.6\.1\.4\.1\.\d")


def test_no_vendor_oid_literals_outside_the_knowledge_tables() -> None:
    offenders = []
    for path in sorted(AGENT.rglob("*.py")):
        if path.relative_to(AGENT).parts[0] in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if VENDOR_OID.search(line):
                offenders.append(f"{path.relative_to(AGENT.parent)}:{number}: {line.strip()}")
    assert not offenders, "vendor OIDs belong in agent/knowledge tables:\n" + "\n".join(offenders)


def test_the_tables_do_hold_vendor_oids() -> None:
    tables = (AGENT / "knowledge" / "snmp_tables.py").read_text(encoding="utf-8")
    assert len(VENDOR_OID.findall(tables)) > 20
