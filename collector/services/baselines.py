"""Cluster-wide baseline checks: small habits of good practice every school can pass.

Each baseline is a row (name, title, description, a function of one school's ``Facts`` at one
moment). ``Facts`` are built from the database by ``comparison``; the functions are pure. A
baseline says ``not_applicable`` when the school has nothing it looks at (no UPS), and
``unknown`` for a past moment the collector kept no history for (``history=False``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from schemas import CheckStatus, DeviceType

PUBLIC_COMMUNITY = "public"
LAMP_LIFE_FULL = 100.0  # percent of the rated lamp life
BAD = (CheckStatus.WARNING, CheckStatus.CRITICAL)


class Verdict(StrEnum):
    PASS = "pass"  # noqa: S105 (a verdict, not a password)
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DeviceFact:
    device_id: int
    name: str
    device_type: DeviceType
    model: str | None
    firmware: str | None
    snmp_credentials: frozenset[str] | None  # names that answered; None: not known for then
    checks: dict[str, tuple[CheckStatus, dict[str, float]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Facts:
    """One school at one moment, with the cluster's common firmware per model then."""

    devices: list[DeviceFact]
    common_firmware: dict[str, str]  # model (casefolded) -> the cluster's most common version


@dataclass(frozen=True)
class Result:
    verdict: Verdict
    failing: list[str]  # device names that fail, for the technician
    detail: str


@dataclass(frozen=True)
class Baseline:
    name: str
    title: str
    description: str
    evaluate: Callable[[Facts], Result]
    history: bool  # can it be judged for a past moment from what the collector keeps?


def _judge(applicable: list[DeviceFact], failing: list[DeviceFact], what: str) -> Result:
    if not applicable:
        return Result(Verdict.NOT_APPLICABLE, [], f"no {what}")
    names = sorted(device.name for device in failing)
    if names:
        return Result(Verdict.FAIL, names, f"{len(names)} of {len(applicable)} {what}")
    return Result(Verdict.PASS, [], f"all {len(applicable)} {what} pass")


def snmp_public(facts: Facts) -> Result:
    known = [d for d in facts.devices if d.snmp_credentials is not None]
    if not known:
        return Result(Verdict.UNKNOWN, [], "which SNMP credential answered is not known")
    answering = [d for d in known if d.snmp_credentials]
    failing = [
        d
        for d in answering
        if any(c.casefold() == PUBLIC_COMMUNITY for c in d.snmp_credentials or ())
    ]
    return _judge(answering, failing, "devices answering SNMP")


def firmware_current(facts: Facts) -> Result:
    known = [d for d in facts.devices if d.model and d.firmware]
    compared = [d for d in known if (d.model or "").casefold() in facts.common_firmware]
    failing = [
        d
        for d in compared
        if is_behind(d.firmware or "", facts.common_firmware[(d.model or "").casefold()])
    ]
    return _judge(compared, failing, "devices of a model the cluster has more than one of")


def ups_battery(facts: Facts) -> Result:
    ups = [d for d in facts.devices if d.device_type is DeviceType.UPS]
    judged = [d for d in ups if "ups.battery_replace" in d.checks]
    failing = [d for d in judged if d.checks["ups.battery_replace"][0] in BAD]
    return _judge(judged, failing, "UPS reporting their battery's state")


def projector_lamps(facts: Facts) -> Result:
    projectors = [d for d in facts.devices if d.device_type is DeviceType.PROJECTOR]
    judged = [d for d in projectors if _lamps(d)]
    failing = [d for d in judged if any(_past_life(status, m) for status, m in _lamps(d))]
    return _judge(judged, failing, "projectors reporting lamp hours")


def _lamps(device: DeviceFact) -> list[tuple[CheckStatus, dict[str, float]]]:
    return [v for k, v in device.checks.items() if k.startswith("projector.lamp.")]


def _past_life(status: CheckStatus, metrics: dict[str, float]) -> bool:
    used = metrics.get("lamp_life_used")
    return used >= LAMP_LIFE_FULL if used is not None else status is CheckStatus.CRITICAL


BASELINES: tuple[Baseline, ...] = (
    Baseline(
        "snmp_public",
        "No SNMP 'public' community",
        "No device answers SNMP to the credential named 'public' (the factory default anyone "
        "on the network can read, and on some devices write). Judged from the name of the "
        "credential that answered, as the agent reports it; the collector keeps only the "
        "latest answer, so there is no history for this one.",
        snmp_public,
        history=False,
    ),
    Baseline(
        "firmware_current",
        "Firmware as current as the cluster's",
        "No device runs older firmware than the version most common in the cluster for the "
        "same model (only models the cluster has at least two of).",
        firmware_current,
        history=True,
    ),
    Baseline(
        "ups_battery",
        "UPS batteries in date",
        "No UPS reports that its battery needs replacing (the UPS's own replace indicator; "
        "UPSes that do not report it are not judged).",
        ups_battery,
        history=True,
    ),
    Baseline(
        "projector_lamps",
        "Projector lamps within their life",
        "No projector lamp has run past its rated life (lamp hours against the configured "
        "lamp life).",
        projector_lamps,
        history=True,
    ),
)


_NUMBER = re.compile(r"\d+")


def version_key(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in _NUMBER.findall(text)[:8])


def is_behind(firmware: str, common: str) -> bool:
    """Older than ``common`` by its numbers; different but not comparable counts as behind."""
    if firmware == common:
        return False
    mine, theirs = version_key(firmware), version_key(common)
    if mine and theirs:
        return mine < theirs
    return True


def common_firmware(devices: Iterable[DeviceFact]) -> dict[str, str]:
    """Per model (two devices or more in the cluster): its most common firmware."""
    by_model: dict[str, Counter[str]] = {}
    for device in devices:
        if device.model and device.firmware:
            by_model.setdefault(device.model.casefold(), Counter())[device.firmware] += 1
    return {
        model: max(counts.items(), key=lambda item: (item[1], version_key(item[0])))[0]
        for model, counts in by_model.items()
        if sum(counts.values()) >= 2
    }
