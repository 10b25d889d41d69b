"""What the agent remembers between runs: each device's last reported uptime, by MAC, so a
device that restarted since the previous night can be told apart from one that did not.

A small JSON file in the state directory, written atomically; a missing or damaged file is
an empty memory (the worst case is one night without reboot detection), never an error.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from schemas import Device

log = logging.getLogger(__name__)

UPTIMES_FILE = "last-uptimes.json"
MAX_ENTRIES = 10_000


def load_uptimes(state_dir: Path) -> dict[str, float]:
    path = state_dir / UPTIMES_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring %s (%s); reboot detection starts again tonight", path, exc)
        return {}
    if not isinstance(raw, dict):
        return {}
    return {
        str(mac): float(value)
        for mac, value in list(raw.items())[:MAX_ENTRIES]
        if isinstance(value, int | float) and not isinstance(value, bool)
    }


def uptimes_of(devices: Iterable[Device]) -> dict[str, float]:
    """The uptime metric of every device's ``*.uptime`` check, by MAC."""
    return {
        device.mac: metric.value
        for device in devices
        if device.mac
        for check in device.checks
        if check.check_id.endswith(".uptime")
        for metric in check.metrics
        if metric.name == "uptime"
    }


def save_uptimes(state_dir: Path, uptimes: Mapping[str, float]) -> None:
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / UPTIMES_FILE
    tmp = path.with_name(f".{UPTIMES_FILE}.tmp")
    tmp.write_text(json.dumps(dict(uptimes), sort_keys=True), encoding="utf-8")
    tmp.replace(path)
