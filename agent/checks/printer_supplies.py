"""Supplies (toner, ink, drum, waste box) from Printer-MIB rows or IPP markers, judged. Pure.

Levels follow RFC 3805: -1 "other" (not measured), -2 unknown (possibly low: shown as
unknown, never as 0), -3 "some remaining"; 0 is empty. A percentage is ``level * 100 // max``
(as CUPS computes it). ``left`` is what remains: toner for a consumable, *space* for a waste
receptacle (RFC 3805 semantics; IPP reports waste as fullness and is converted).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from agent.checks import printer_rows as r
from agent.checks.base import SEVERITY_STATUS, against, metric, result, worst
from agent.checks.config import HealthSettings
from agent.checks.printer_conditions import Condition
from agent.checks.printer_snmp import SnmpSupply
from agent.ipp.status import IppMarker
from agent.report.fit import clean_text, int32_or_none
from schemas.health import CheckResult, CheckStatus, Metric, Supply, SupplyKind


class Level(Enum):
    PERCENT = "percent"
    EMPTY = "empty"  # consumable at 0, or receptacle with no space left
    SOME = "some"  # -3, or a positive level with no known maximum
    UNKNOWN = "unknown"  # -2
    UNMEASURED = "unmeasured"  # -1 or nonsense


@dataclass(frozen=True)
class SupplyReading:
    key: str  # check-id segment
    index: int
    name: str
    kind: SupplyKind
    phrase: str  # "toner", "waste toner box"
    colour: str | None
    level: Level
    left: float | None  # percent remaining (consumable) or space left (receptacle)
    raw_level: int | None
    raw_max: int | None
    source: str  # "snmp" | "ipp"
    low_mark: float | None = None  # IPP low (or, for waste, near-full) mark, as "left"

    @property
    def receptacle(self) -> bool:
        return self.kind is SupplyKind.WASTE


def _kind(type_row: tuple[SupplyKind, str] | None, name: str) -> tuple[SupplyKind, str]:
    if type_row:
        return type_row
    return (SupplyKind.DRUM, "drum") if r.DRUM_WORDS.search(name) else (SupplyKind.OTHER, "supply")


def _colour(*candidates: str | None, name: str) -> str | None:
    for candidate in candidates:
        if candidate and candidate.lower() not in ("unknown", "other", "none", ""):
            return r.HEX_COLOURS.get(candidate.lower(), candidate.lower())[:64]
    match = r.COLOUR_WORDS.search(name)
    return match.group(1).lower() if match else None


def from_snmp(supply: SnmpSupply) -> SupplyReading:
    name = supply.description or f"Supply {supply.index}"
    kind, phrase = _kind(r.SUPPLY_TYPES.get(supply.supply_type or 0), name)
    device, _, position = supply.index.partition(".")
    level, left = _snmp_level(supply)
    return SupplyReading(
        key=position if device == "1" else f"{device}-{position}",
        index=int(position) if position.isdigit() else 0,
        name=name,
        kind=kind,
        phrase=phrase,
        colour=_colour(supply.colorant, name=name) if kind is not SupplyKind.WASTE else None,
        level=level,
        left=left,
        raw_level=supply.level,
        raw_max=supply.max_capacity,
        source="snmp",
    )


_SPECIAL_LEVELS = {-3: Level.SOME, -2: Level.UNKNOWN, -1: Level.UNMEASURED}


def _snmp_level(supply: SnmpSupply) -> tuple[Level, float | None]:
    level, top = supply.level, supply.max_capacity
    if level is None or level < 0:
        return _SPECIAL_LEVELS.get(level or -1, Level.UNMEASURED), None
    if level == 0:
        return Level.EMPTY, 0.0
    if top is not None and top > 0:
        return Level.PERCENT, float(min(100, level * 100 // top))
    if supply.unit == r.UNIT_PERCENT:
        return Level.PERCENT, float(min(100, level))
    return Level.SOME, None


def from_ipp(marker: IppMarker) -> SupplyReading:
    kind, phrase = _kind(r.MARKER_TYPES.get(marker.marker_type or ""), marker.name)
    level, left = _ipp_level(marker.level, kind is SupplyKind.WASTE)
    return SupplyReading(
        key=str(marker.index),
        index=max(0, marker.index),
        name=marker.name[:256],
        kind=kind,
        phrase=phrase,
        colour=_colour(marker.color, name=marker.name) if kind is not SupplyKind.WASTE else None,
        level=level,
        left=left,
        raw_level=marker.level,
        raw_max=100,
        source="ipp",
        low_mark=_low_mark(marker, kind is SupplyKind.WASTE),
    )


def _low_mark(marker: IppMarker, waste: bool) -> float | None:
    """Where ``left`` counts as low. A consumable: its ``marker-low-levels``. A waste
    receptacle: its near-full mark ``marker-high-levels`` turned into space left (PWG 5100.13:
    a receptacle's low level is 0, its high level e.g. 90)."""
    mark = marker.high_level if waste else marker.low_level
    if mark is None or not 0 <= mark <= 100:
        return None
    return float(100 - mark if waste else mark)


def _ipp_level(level: int | None, waste: bool) -> tuple[Level, float | None]:
    if level is None or level == -1 or level < -3 or level > 100:
        return Level.UNMEASURED, None
    if level == -3:
        return Level.SOME, None
    if level == -2:
        return Level.UNKNOWN, None
    left = float(100 - level if waste else level)
    return (Level.EMPTY, 0.0) if left == 0 else (Level.PERCENT, left)


def merge_readings(
    snmp: Sequence[SupplyReading], ipp: Sequence[SupplyReading]
) -> list[SupplyReading]:
    """SNMP first; an SNMP supply without a usable level takes the IPP level of the same name."""
    if not snmp:
        return list(ipp)
    by_name = {
        reading.name.casefold(): reading for reading in ipp if reading.level is Level.PERCENT
    }
    return [_fill(reading, by_name.get(reading.name.casefold())) for reading in snmp]


def _fill(reading: SupplyReading, twin: SupplyReading | None) -> SupplyReading:
    if twin is None or reading.level not in (Level.UNKNOWN, Level.UNMEASURED):
        return reading
    return replace(reading, level=twin.level, left=twin.left, source="snmp+ipp")


def judge(
    reading: SupplyReading,
    settings: HealthSettings,
    pinned: Sequence[Condition] = (),
) -> tuple[CheckResult, Supply]:
    """The supply's result and Supply record; ``pinned`` conditions (an alert naming this
    supply, or a toner-low that can only mean this cartridge) raise its status."""
    status, reason = _level_status(reading, settings)
    status = worst([status, *(SEVERITY_STATUS[c.severity] for c in pinned)])
    if status is not CheckStatus.UNKNOWN:
        reason = None
    summary = _sentence(reading)
    said = "; ".join(dict.fromkeys(c.label for c in pinned))
    if said:
        summary = f"{summary} (printer reports: {said})"
    check = result(
        f"printer.supply.{reading.key}",
        status,
        summary,
        reason=reason,
        metrics=_metrics(reading),
        evidence=_evidence(reading, pinned),
    )
    return check, _supply_record(reading, status)


def _level_status(
    reading: SupplyReading, settings: HealthSettings
) -> tuple[CheckStatus, str | None]:
    if reading.level is Level.EMPTY:
        return CheckStatus.CRITICAL, None
    if reading.level is Level.PERCENT and reading.left is not None:
        status = against(reading.left, settings.supply)
        if reading.low_mark is not None and reading.left <= reading.low_mark:
            status = worst([status, CheckStatus.WARNING])
        return status, None
    if reading.level is Level.SOME:
        return CheckStatus.OK, None
    if reading.level is Level.UNKNOWN:
        return CheckStatus.UNKNOWN, "the printer reports this level as unknown (-2); it may be low"
    return CheckStatus.UNKNOWN, "the printer does not measure this supply's level"


def _subject(reading: SupplyReading) -> str:
    colour = reading.colour
    if colour and colour not in reading.phrase:
        return f"{colour.capitalize()} {reading.phrase}"
    return reading.phrase.capitalize()


def _sentence(reading: SupplyReading) -> str:
    subject, name = _subject(reading), reading.name
    waste = reading.receptacle
    if reading.level is Level.PERCENT and reading.left is not None:
        if waste:
            return f"{subject} {100 - reading.left:.0f} % full — {name}"
        return f"{subject} at {reading.left:.0f} % — {name}"
    texts = {
        Level.EMPTY: "full" if waste else "empty",
        Level.SOME: "not full (exact level not reported)"
        if waste
        else "some left (exact level not reported)",
        Level.UNKNOWN: "level unknown",
        Level.UNMEASURED: "level not measured",
    }
    joiner = " " if reading.level is Level.EMPTY else ": "
    return f"{subject}{joiner}{texts[reading.level]} — {name}"


def _metrics(reading: SupplyReading) -> list[Metric]:
    if reading.left is None:
        return []
    name = "space_left" if reading.receptacle else "level"
    return [metric(name, reading.left, "%")]


def _evidence(reading: SupplyReading, pinned: Sequence[Condition]) -> dict[str, str]:
    evidence = {
        "source": reading.source,
        "raw_level": str(reading.raw_level),
        "raw_max": str(reading.raw_max),
    }
    for position, cond in enumerate(pinned, start=1):
        evidence[f"condition.{position}"] = f"{cond.label} ({', '.join(cond.sources)})"
    return evidence


def _supply_record(reading: SupplyReading, status: CheckStatus) -> Supply:
    return Supply(
        index=int32_or_none(reading.index) or 0,  # as for an index that is not a number
        name=clean_text(reading.name, 256),
        kind=reading.kind,
        colour=clean_text(reading.colour, 64) if reading.colour else None,
        level_percent=reading.left,
        raw_level=int32_or_none(reading.raw_level),
        raw_max=int32_or_none(reading.raw_max),
        status=status,
    )
