"""Simulated weeks from one real lab scan: the report shifted to earlier nights, with supply
levels, a switch check and an absent access point changed on chosen nights; and the figures
the evaluation report should show, computed here from those documents alone.

The rules applied here are the documented ones (collector README, the evaluation report's
"how each figure is computed"), written again independently of the collector's code.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

KEY_TYPES = {"access_point", "switch", "printer"}
BAD = {"warning", "critical"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
SWITCH_CRITICAL = {4, 5}  # nights the switch's ok check turns critical
AP_ABSENT = {8}  # a night the access point is not seen
REPLACED_JUMP, EMPTY_AT = 10.0, 0.5
ZONE = ZoneInfo("Europe/Dublin")  # the lab cluster's; its calendar: weekends off, no holidays
# the printer's two levelled supplies: (start %, use per school day, night it is replaced);
# after the replacement: 100 % falling at the same use per school day
RUNS_OUT, IN_TIME = (54.0, 6.0, 14), (14.0, 2.0, 3)

Doc = dict[str, Any]


def _shift(value: Any, delta: timedelta) -> Any:
    if isinstance(value, dict):
        return {k: _shift(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, delta) for v in value]
    if isinstance(value, str) and ISO.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return (moment + delta).isoformat()
    return value


def key_of(device: Doc) -> str:
    return str(device.get("mac") or device.get("hostname") or device.get("ips"))


def _first(devices: list[Doc], kind: str, want: Any) -> Doc:
    found = [d for d in devices if d.get("device_type") == kind and want(d)]
    assert found, f"the lab scan has no {kind} to use"
    return found[0]


def local_day(moment: datetime) -> date:
    return moment.astimezone(ZONE).date()


def school_days(first: date, day: date) -> int:
    """School days (Monday to Friday) in [first, day): the printing a reading on ``day`` saw."""
    return sum((first + timedelta(days=n)).weekday() < 5 for n in range((day - first).days))


def _level(days: list[date], night: int, schedule: tuple[float, float, int]) -> float:
    start, use, replaced_at = schedule
    if night < replaced_at:
        return max(0.0, start - use * school_days(days[0], days[night]))
    return 100.0 - use * school_days(days[replaced_at], days[night])


def _supply_status(level: float) -> str:
    return "critical" if level <= EMPTY_AT else "warning" if level <= 10 else "ok"


@dataclass(frozen=True)
class Choices:
    """What the simulated weeks change, picked from the real scan."""

    printer: str  # key of the printer whose supplies follow a schedule
    switch: str
    switch_check: str
    ap: str


def choose(base: Doc) -> Choices:
    devices = base["devices"]
    printer = _first(
        devices,
        "printer",
        lambda d: sum(s.get("level_percent") is not None for s in d.get("supplies", [])) >= 2,
    )
    switch = _first(
        devices, "switch", lambda d: any(c["status"] == "ok" for c in d.get("checks", []))
    )
    ap = _first(devices, "access_point", lambda d: bool(d.get("checks")))
    check = next(c["check_id"] for c in switch["checks"] if c["status"] == "ok")
    return Choices(key_of(printer), key_of(switch), check, key_of(ap))


def night_doc(base: Doc, night: int, times: list[datetime], picks: Choices) -> Doc:
    """The real report as if scanned at ``times[night]`` on simulated night ``night``."""
    delta = times[night] - datetime.fromisoformat(base["scan"]["started_at"])
    doc: Doc = _shift(copy.deepcopy(base), delta)
    doc["report_id"] = str(uuid.uuid4())
    devices = [d for d in doc["devices"] if not (night in AP_ABSENT and key_of(d) == picks.ap)]
    doc["devices"] = devices
    for device in devices:
        if key_of(device) == picks.printer:
            _schedule_supplies(device, night, [local_day(t) for t in times])
        if key_of(device) == picks.switch and night in SWITCH_CRITICAL:
            for check in device["checks"]:
                if check["check_id"] == picks.switch_check:
                    check.update(status="critical", summary="Uplink port down (simulated)")
    return doc


def levelled(printer: Doc) -> list[Doc]:
    """The printer's supplies with a level: the first two follow ``RUNS_OUT`` and ``IN_TIME``."""
    return [s for s in printer["supplies"] if s.get("level_percent") is not None][:2]


def _schedule_supplies(printer: Doc, night: int, days: list[date]) -> None:
    """First supply: falls 6 points a school day from 54 %, so it reads empty after 9 school
    days (by night 13 at the latest), and is replaced on night 14. Second: replaced in time
    on night 3 (at 8-12 %). Levels fall on school days only, as printing does."""
    for supply, schedule in zip(levelled(printer), (RUNS_OUT, IN_TIME), strict=False):
        level = _level(days, night, schedule)
        supply.update(level_percent=level, status=_supply_status(level))


# ---------------------------------------------------------------- expected figures
@dataclass
class Expected:
    agent_incidents: int = 0
    resolved_hours: list[float] = field(default_factory=list)
    key_devices: set[str] = field(default_factory=set)
    device_nights: int = 0
    up_nights: int = 0
    ran_out: int = 0
    in_time: int = 0


def _checks(doc: Doc) -> Iterator[tuple[str, Doc]]:
    for device in doc["devices"]:
        for check in device.get("checks", []):
            yield key_of(device), check
    for check in doc.get("host_checks", []):
        yield "agent-host", check


def expected_figures(docs: list[Doc], times: list[datetime]) -> Expected:
    out = Expected()
    _incidents(docs, times, out)
    _uptime(docs, out)
    _supplies(docs, out)
    return out


def _incidents(docs: list[Doc], times: list[datetime], out: Expected) -> None:
    """An alert per (device, check) opens on warning/critical, closes on ok; unknown and an
    absent device change nothing."""
    opened: dict[tuple[str, str], datetime] = {}
    for doc, at in zip(docs, times, strict=True):
        for key, check in _checks(doc):
            slot = (key, check["check_id"])
            if check["status"] in BAD and slot not in opened:
                opened[slot] = at
                out.agent_incidents += 1
            elif check["status"] == "ok" and slot in opened:
                out.resolved_hours.append((at - opened.pop(slot)).total_seconds() / 3600)


def _is_key(device: Doc) -> bool:
    personal = device.get("transient") or device.get("randomised_mac")
    return device.get("device_type") in KEY_TYPES and not personal and bool(device.get("checks"))


def _uptime(docs: list[Doc], out: Expected) -> None:
    out.key_devices = {key_of(d) for doc in docs for d in doc["devices"] if _is_key(d)}
    first_seen: dict[str, int] = {}
    for night, doc in enumerate(docs):
        present = {key_of(d): d for d in doc["devices"]}
        for key in out.key_devices:
            device = present.get(key)
            if device is not None:
                first_seen.setdefault(key, night)
            if key not in first_seen:
                continue
            checks = (device or {}).get("checks", [])
            out.device_nights += 1
            out.up_nights += bool(checks) and all(c["status"] != "critical" for c in checks)


def _supplies(docs: list[Doc], out: Expected) -> None:
    series: dict[tuple[str, int], list[tuple[float | None, str]]] = {}
    for doc in docs:
        for device in doc["devices"]:
            for supply in device.get("supplies", []):
                slot = (key_of(device), supply["index"])
                series.setdefault(slot, []).append((supply.get("level_percent"), supply["status"]))
    for readings in series.values():
        last, empty = None, False
        for level, status in readings:
            if level is not None and last is not None and level - last >= REPLACED_JUMP:
                out.in_time += not empty
                empty = False
            if (status == "critical" or (level is not None and level <= EMPTY_AT)) and not empty:
                out.ran_out += 1
                empty = True
            last = level if level is not None else last


def median_hours(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None
