"""What every check shares: its output, its inputs, and small pure helpers for results."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from pydantic import SecretStr

from agent.checks.config import Threshold
from agent.report.fit import clean_text
from agent.snmp.source import SnmpSource
from schemas.health import CheckResult, CheckStatus, Metric, Supply

MAX_SUMMARY = 300
MAX_EVIDENCE = 2048


@dataclass(frozen=True)
class CheckOutput:
    results: tuple[CheckResult, ...] = ()
    supplies: tuple[Supply, ...] = ()

    def __add__(self, other: CheckOutput) -> CheckOutput:
        return CheckOutput(self.results + other.results, self.supplies + other.supplies)


@dataclass(frozen=True)
class Reachability:
    """What discovery saw of a device this run (for up/down and response time)."""

    answered: bool
    rtt_ms: float | None = None
    method: str = "arp"


@dataclass(frozen=True)
class DeviceSources:
    """How a check may reach one device. ``snmp`` is bound to the device (credential chosen
    by discovery); ``host`` is the address for IPP/PJLink (default: the device's first IP)."""

    snmp: SnmpSource | None = None
    host: str | None = None
    previous_uptime_s: float | None = None
    seen: Reachability | None = None
    pjlink_password: SecretStr | None = None  # this device's own (a device override)


class Severity(IntEnum):
    """How much a condition matters; INFO never changes a status."""

    INFO = 0
    WARNING = 1
    CRITICAL = 2


SEVERITY_STATUS = {
    Severity.INFO: CheckStatus.OK,
    Severity.WARNING: CheckStatus.WARNING,
    Severity.CRITICAL: CheckStatus.CRITICAL,
}
_RANK = {CheckStatus.OK: 0, CheckStatus.UNKNOWN: 1, CheckStatus.WARNING: 2, CheckStatus.CRITICAL: 3}


def worst(statuses: Iterable[CheckStatus]) -> CheckStatus:
    """The most serious status (critical > warning > unknown > ok); ok for none."""
    return max(statuses, key=_RANK.__getitem__, default=CheckStatus.OK)


def rank(status: CheckStatus) -> int:
    return _RANK[status]


def against(value: float, threshold: Threshold) -> CheckStatus:
    if threshold.direction == "below":
        if value < threshold.critical:
            return CheckStatus.CRITICAL
        return CheckStatus.WARNING if value < threshold.warning else CheckStatus.OK
    if value >= threshold.critical:
        return CheckStatus.CRITICAL
    return CheckStatus.WARNING if value >= threshold.warning else CheckStatus.OK


def slug(text: str, fallback: str = "x") -> str:
    """A check-id segment: lower-case ``[a-z0-9_-]``; ``C:\\`` -> ``c``, ``/`` -> fallback."""
    cleaned = re.sub(r"[^a-z0-9_-]+", "_", text.lower()).strip("_")[:64]
    return cleaned or fallback


def clip(text: str, limit: int = MAX_SUMMARY, *, collapse: bool = True) -> str:
    """``text`` cut to ``limit`` characters (with an ellipsis); whitespace runs collapsed."""
    if collapse:
        text = " ".join(text.split())
    return clean_text(text, limit)


def result(
    check_id: str,
    status: CheckStatus,
    summary: str,
    *,
    reason: str | None = None,
    metrics: Iterable[Metric] = (),
    evidence: dict[str, str] | None = None,
) -> CheckResult:
    """A CheckResult with summary and evidence clipped to the schema's limits; an
    ``unknown`` always carries a reason (a generic one if the caller's was empty)."""
    why = clip(reason) if reason else None
    if status is CheckStatus.UNKNOWN and not why:
        why = "not reported by the device"
    return CheckResult(
        check_id=check_id,
        status=status,
        summary=clip(summary) or check_id,
        reason=why,
        metrics=list(metrics),
        evidence={
            clean_text(k, 128): clip(v, MAX_EVIDENCE, collapse=False)
            for k, v in (evidence or {}).items()
        },
    )


def unknown(check_id: str, summary: str, reason: str) -> CheckResult:
    return result(check_id, CheckStatus.UNKNOWN, summary, reason=reason)


def metric(name: str, value: float, unit: str | None = None) -> Metric:
    return Metric(name=name, value=value, unit=unit)
