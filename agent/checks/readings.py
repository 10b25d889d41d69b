"""Readings declared as rows: a number or a state read from the first SNMP source that
answered, judged against a threshold (a ``HealthSettings`` field) or a state table. Pure.

Adding a counter means adding a row in a ``*_rows`` module, not writing a function.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from agent.checks.base import against, metric, result, unknown
from agent.checks.config import HealthSettings, Threshold
from agent.checks.snmp_data import Rows, number
from schemas.health import CheckResult, CheckStatus


@dataclass(frozen=True)
class State:
    status: CheckStatus
    text: str  # a sentence a principal can read: "Running on battery"


@dataclass(frozen=True)
class Source:
    """One OID that can give the reading; ``scale`` turns the raw number into the unit."""

    oid: str
    scale: float = 1.0
    states: Mapping[int, State] = field(default_factory=dict)


@dataclass(frozen=True)
class NumberReading:
    check: str  # check-id suffix: "charge" -> "ups.charge"
    summary: str  # format with {value}: "Battery charged to {value:.0f} %"
    unit: str
    sources: tuple[Source, ...]
    threshold: str | None = None  # name of a Threshold field of HealthSettings
    required: bool = False  # unknown (not absent) when no source answers


@dataclass(frozen=True)
class StateReading:
    check: str
    label: str  # "Battery" -> summaries come from the state table
    sources: tuple[Source, ...]
    required: bool = False


def first(values: Rows, sources: tuple[Source, ...]) -> tuple[Source, int] | None:
    """The first source with an integer value, and that value."""
    for source in sources:
        raw = number(values.get(source.oid))
        if raw is not None:
            return source, raw
    return None


def evaluate_number(
    values: Rows, row: NumberReading, settings: HealthSettings, prefix: str
) -> CheckResult | None:
    found = first(values, row.sources)
    check_id = f"{prefix}.{row.check}"
    if found is None:
        return (
            unknown(check_id, f"{row.check} not reported", "not reported") if row.required else None
        )
    source, raw = found
    value = round(raw * source.scale, 3)
    status = (
        against(value, _threshold(settings, row.threshold)) if row.threshold else CheckStatus.OK
    )
    return result(
        check_id,
        status,
        row.summary.format(value=value),
        metrics=[metric(row.check, value, row.unit)],
        evidence={"oid": source.oid, "raw": str(raw)},
    )


def evaluate_state(values: Rows, row: StateReading, prefix: str) -> CheckResult | None:
    found = first(values, row.sources)
    check_id = f"{prefix}.{row.check}"
    if found is None:
        if row.required:
            return unknown(check_id, f"{row.label}: not reported", "not reported by the device")
        return None
    source, raw = found
    state = source.states.get(raw)
    evidence = {"oid": source.oid, "raw": str(raw)}
    if state is None:
        odd = f"unrecognised value {raw}"
        return result(
            check_id, CheckStatus.UNKNOWN, f"{row.label}: {odd}", reason=odd, evidence=evidence
        )
    reason = state.text if state.status is CheckStatus.UNKNOWN else None
    return result(check_id, state.status, state.text, reason=reason, evidence=evidence)


def _threshold(settings: HealthSettings, name: str) -> Threshold:
    threshold = getattr(settings, name)
    if not isinstance(threshold, Threshold):
        raise TypeError(f"HealthSettings.{name} is not a Threshold")
    return threshold
