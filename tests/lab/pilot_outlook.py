"""What the simulated weeks' supply forecasts and cluster comparison should show, computed
from the documents the test sent (and the visits it recorded), not from the collector.

The rules written again here are the documented ones: the forecast's "how it is computed"
(levels against school days, the last cartridge only, confidence from readings and span),
"forecast in time" (named 5 school days before the cartridge ended as running out within 30),
and the comparison's figures (collector/services/comparison.py's docstring, baselines').
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tests.lab.pilot_nights import (
    BAD,
    EMPTY_AT,
    IN_TIME,
    RUNS_OUT,
    Choices,
    Doc,
    key_of,
    levelled,
    local_day,
    school_days,
)

LEAD, LOOKAHEAD = 5, 30  # school days: named this long before its end, within this horizon
FORECAST_KINDS = {"toner", "ink", "drum"}
TOP_CHECKS = 3


@dataclass(frozen=True)
class Cartridge:
    """The cartridge in the printer now, for one of the two scheduled supplies."""

    index: int
    name: str
    level: float  # the last reading
    use: float  # points per school day, as the test made it fall
    readings: int
    since: datetime  # the first reading of this cartridge
    span: int  # school days from its first reading to its last

    def days_left(self, last_at: datetime, now: datetime) -> float:
        return self.level / self.use - school_time(last_at, now)


def is_school_day(day: date) -> bool:
    return day.weekday() < 5


def school_time(start: datetime, end: datetime) -> float:
    """School days from ``start`` to ``end``, hour by hour (a school day counts 24 hours)."""
    hours = int((end - start).total_seconds() // 3600)
    return sum(is_school_day(local_day(start + timedelta(hours=h))) for h in range(hours)) / 24


def walk(start: date, count: int) -> date:
    day = start
    while count > 0:
        day += timedelta(days=1)
        count -= is_school_day(day)
    return day


def printer_of(doc: Doc, picks: Choices) -> Doc:
    return next(d for d in doc["devices"] if key_of(d) == picks.printer)


def cartridges(docs: list[Doc], times: list[datetime], picks: Choices) -> list[Cartridge]:
    days = [local_day(t) for t in times]
    found = []
    last = levelled(printer_of(docs[-1], picks))
    for supply, (_start, use, replaced) in zip(last, (RUNS_OUT, IN_TIME), strict=False):
        found.append(
            Cartridge(
                index=supply["index"],
                name=supply["name"],
                level=supply["level_percent"],
                use=use,
                readings=len(docs) - replaced,
                since=times[replaced],
                span=school_days(days[replaced], days[-1]),
            )
        )
    return found


def levels(docs: list[Doc], picks: Choices, index: int) -> list[float]:
    return [
        next(s["level_percent"] for s in printer_of(doc, picks)["supplies"] if s["index"] == index)
        for doc in docs
    ]


def _school_days_back(moment: datetime, count: int) -> datetime:
    while count > 0:
        moment -= timedelta(days=1)
        count -= is_school_day(local_day(moment))
    return moment


def named_in_time(docs: list[Doc], times: list[datetime], picks: Choices) -> int:
    """Cartridges that ended (replaced, or read empty) and were named in time. Only the two
    scheduled supplies change; every other supply reads the same all 21 nights, so it never
    ends (or reads empty from night 0, with no reading 5 school days before)."""
    named = 0
    first = local_day(times[0])
    for supply, (_start, use, replaced) in zip(
        levelled(printer_of(docs[0], picks)), (RUNS_OUT, IN_TIME), strict=False
    ):
        series = levels(docs, picks, supply["index"])
        end = next((n for n in range(replaced) if series[n] <= EMPTY_AT), replaced)
        cutoff = _school_days_back(times[end], LEAD)
        known = [n for n in range(len(times)) if times[n] <= cutoff]
        # a forecast needs 3 readings over 3 school days (4 here: clear of the boundary)
        if len(known) < 3 or school_days(first, local_day(times[known[-1]])) < 4:
            continue
        named += series[known[-1]] / use <= LOOKAHEAD
    return named


def other_outcomes(docs: list[Doc], picks: Choices) -> Counter[str]:
    """Every other supply holds one level all nights: empty, or not falling; one that reports
    no level has not enough data; a waste box fills up (never forecast, whatever its level),
    and any other part that is not toner, ink or a drum is not forecast."""
    out: Counter[str] = Counter()
    scheduled = {s["index"] for s in levelled(printer_of(docs[-1], picks))}
    for device in docs[-1]["devices"]:
        for supply in device.get("supplies", []):
            if key_of(device) == picks.printer and supply["index"] in scheduled:
                continue
            level, kind = supply.get("level_percent"), supply.get("kind")
            if kind == "waste":
                out["fills_up"] += 1
            elif kind not in FORECAST_KINDS:
                out["not_forecast"] += 1
            elif level is None:
                out["not_enough_data"] += 1
            else:
                out["empty" if level <= EMPTY_AT else "not_falling"] += 1
    return out


# ---------------------------------------------------------------- the comparison
def _lasting(doc: Doc) -> list[Doc]:
    return [d for d in doc["devices"] if not d.get("transient") and not d.get("randomised_mac")]


def devices_by_type(doc: Doc) -> dict[str, int]:
    """The lasting devices of the last night, and the PC the agent runs on (a computer)."""
    found = Counter(str(d.get("device_type")) for d in _lasting(doc))
    found["computer"] += 1
    return dict(found)


def family(check_id: str) -> str:
    return ".".join(check_id.split(".")[:2])


def failing_checks(doc: Doc) -> list[list[Any]]:
    checks = [c for d in doc["devices"] for c in d.get("checks", [])]
    checks += doc.get("host_checks", [])
    counts = Counter(family(c["check_id"]) for c in checks if c["status"] in BAD)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_CHECKS]
    return [[name, count] for name, count in ranked]


def open_alerts(docs: list[Doc]) -> int:
    """(device, check) pairs whose last known status is warning or critical."""
    last: dict[tuple[str, str], str] = {}
    for doc in docs:
        for device in doc["devices"]:
            for check in device.get("checks", []):
                if check["status"] in {*BAD, "ok"}:
                    last[(key_of(device), check["check_id"])] = check["status"]
        for check in doc.get("host_checks", []):
            if check["status"] in {*BAD, "ok"}:
                last[("agent-host", check["check_id"])] = check["status"]
    return sum(status in BAD for status in last.values())


def _verdict(judged: list[Doc], failing: list[Doc]) -> str:
    return "not_applicable" if not judged else "fail" if failing else "pass"


def baseline_verdicts(doc: Doc) -> dict[str, str]:
    """The baselines the lab's last night determines (firmware is compared separately)."""
    devices = _lasting(doc)
    answering = [d for d in devices if _snmp_credentials(d)]
    public = [d for d in answering if "public" in _snmp_credentials(d)]
    ups = [d for d in devices if d.get("device_type") == "ups" and _check(d, "ups.battery_replace")]
    ups_bad = [d for d in ups if _check(d, "ups.battery_replace")["status"] in BAD]
    lamps = [d for d in devices if d.get("device_type") == "projector" and _lamps(d)]
    lamps_bad = [d for d in lamps if any(_past_life(c) for c in _lamps(d))]
    return {
        "snmp_public": _verdict(answering, public),
        "ups_battery": _verdict(ups, ups_bad),
        "projector_lamps": _verdict(lamps, lamps_bad),
    }


def snmp_public_counts(doc: Doc) -> tuple[int, int]:
    """Lasting devices answering SNMP, and those answering to the community 'public'."""
    answering = [d for d in _lasting(doc) if _snmp_credentials(d)]
    return len(answering), sum("public" in _snmp_credentials(d) for d in answering)


def _snmp_credentials(device: Doc) -> set[str]:
    return {
        str(p["credential"]).casefold()
        for p in device.get("probes", [])
        if p.get("method") == "snmp" and p.get("answered") and p.get("credential")
    }


def _check(device: Doc, check_id: str) -> Doc:
    return next((c for c in device.get("checks", []) if c["check_id"] == check_id), {})


def _lamps(device: Doc) -> list[Doc]:
    return [c for c in device.get("checks", []) if c["check_id"].startswith("projector.lamp.")]


def _past_life(check: Doc) -> bool:
    used = {m["name"]: m["value"] for m in check.get("metrics", [])}.get("lamp_life_used")
    return bool(used >= 100) if used is not None else check["status"] == "critical"


def firmware_verdict(doc: Doc) -> str | None:
    """``not_applicable`` when no model has two devices; ``pass`` when each such model's
    devices share one firmware; otherwise None (which one is "common" is the collector's)."""
    by_model: dict[str, list[str]] = {}
    for device in _lasting(doc):
        if device.get("model") and device.get("firmware"):
            by_model.setdefault(device["model"].casefold(), []).append(device["firmware"])
    shared = [set(versions) for versions in by_model.values() if len(versions) > 1]
    if not shared:
        return "not_applicable"
    return "pass" if all(len(versions) == 1 for versions in shared) else None
