"""Can this machine run the lab? A list of reasons why not (empty when it can)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

TOOLS = (
    "ip", "unshare", "nsenter", "sysctl", "snmpd", "snmpget", "avahi-daemon", "avahi-browse",
    "dbus-daemon", "ippeveprinter", "ipptool", "arp-scan", "tcpdump", "ping",
)  # fmt: skip


def problems() -> list[str]:
    from tests.lab.lab import find_snmprec_dir
    from tests.lab.runtime import SYSTEM_PYTHON

    if not sys.platform.startswith("linux"):
        return [f"needs Linux network namespaces (this is {sys.platform})"]
    found = [] if os.geteuid() == 0 else ["needs root (network namespaces)"]
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        found.append(f"missing tools: {', '.join(missing)}")
    if not Path(SYSTEM_PYTHON).exists():
        found.append(
            f"{SYSTEM_PYTHON} (Debian's python3) is missing; snmpsim's venv is made from it"
        )
    if importlib.util.find_spec("snmpsim") is None:
        found.append(f"snmpsim is not installed in {sys.prefix} (run: make venv)")
    snmprec = find_snmprec_dir()
    if not any(snmprec.glob("*.snmprec")):
        found.append(f"no SNMP recordings in {snmprec} (set LK_SNMPREC_DIR)")
    return found
