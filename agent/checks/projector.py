"""Projector check: PJLink power, error status per component, lamp hours against the
configured lamp life; lamp hours over SNMP (Epson, Dell) when PJLink cannot give them."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from agent.checks import projector_rows as p
from agent.checks.base import CheckOutput, DeviceSources, against, metric, result, unknown, worst
from agent.checks.config import HealthSettings
from agent.checks.snmp_data import Rows, number
from agent.pjlink.client import query_projector
from agent.pjlink.model import (
    Health,
    Lamp,
    PjlinkAuthError,
    PjlinkError,
    PjlinkTimeoutError,
    PjlinkUnreachableError,
    ProjectorStatus,
)
from agent.snmp.errors import SnmpError
from agent.snmp.source import SnmpSource
from schemas.health import CheckResult, CheckStatus
from schemas.report import Device, DeviceType

NAME = "projector"
APPLIES_TO = frozenset({DeviceType.PROJECTOR})
PRIMARY_CHECK = "projector.power"


async def run(device: Device, sources: DeviceSources, settings: HealthSettings) -> CheckOutput:
    host = sources.host or (str(device.ips[0]) if device.ips else None)
    if sources.pjlink_password is not None:
        settings = settings.model_copy(update={"pjlink_password": sources.pjlink_password})
    (status, failure), snmp_values = await asyncio.gather(
        read_pjlink(host, settings), read_snmp_lamps(sources.snmp)
    )
    return evaluate_projector(status, failure, snmp_values, settings)


async def read_pjlink(
    host: str | None, settings: HealthSettings
) -> tuple[ProjectorStatus | None, str | None]:
    if host is None:
        return None, "no address"
    try:
        status = await query_projector(
            host,
            settings.pjlink_port,
            password=settings.pjlink_password,
            timeout_s=settings.request_timeout_s,
        )
    except (PjlinkTimeoutError, PjlinkUnreachableError) as exc:
        return None, f"asleep or off, or PJLink disabled ({exc})"
    except PjlinkAuthError as exc:
        return None, f"authentication failed: {exc}"
    except PjlinkError as exc:
        return None, str(exc)
    return status, None


async def read_snmp_lamps(snmp: SnmpSource | None) -> Rows:
    if snmp is None:
        return {}
    try:
        return await snmp.get([oid for _, oid in p.LAMP_HOUR_OIDS])
    except SnmpError:
        return {}


def evaluate_projector(
    status: ProjectorStatus | None, failure: str | None, snmp: Rows, settings: HealthSettings
) -> CheckOutput:
    if status is None:
        why = failure or "no PJLink answer"
        return CheckOutput(
            (
                unknown(f"{NAME}.power", "Projector status not available", why),
                *_snmp_lamps(snmp, settings),
            )
        )
    found = [power_result(status), errors_result(status)]
    found += (
        lamp_results(status.lamps, settings, "PJLink")
        if status.lamps is not None
        else _missing_lamps(status, snmp, settings)
    )
    return CheckOutput(tuple(found))


def power_result(status: ProjectorStatus) -> CheckResult:
    identity = {
        "name": status.name, "manufacturer": status.manufacturer, "product": status.product,
        "info": status.info, "pjlink_class": status.pjlink_class, "serial": status.serial,
        "software_version": status.software_version,
    }  # fmt: skip
    evidence = {key: str(value) for key, value in identity.items() if value is not None}
    if status.power is None:
        why = status.errors.get("POWR", "power state not reported")
        return result(
            f"{NAME}.power",
            CheckStatus.UNKNOWN,
            "Power state not available",
            reason=why,
            evidence=evidence,
        )
    return result(f"{NAME}.power", CheckStatus.OK, p.POWER_TEXT[status.power], evidence=evidence)


def errors_result(status: ProjectorStatus) -> CheckResult:
    check_id = f"{NAME}.errors"
    if status.health is None:
        return unknown(
            check_id, "Error status not available", status.errors.get("ERST", "not reported")
        )
    bad = [(c, h) for c, h in status.health.items() if h is not Health.OK]
    overall = worst(p.HEALTH_STATUS[h] for _, h in bad)
    summary = "; ".join(p.PROBLEM_TEXT[c, h] for c, h in bad) or "No errors reported"
    evidence = {c.value: p.HEALTH_TEXT[h] for c, h in status.health.items()}
    metrics = (
        [metric("filter_hours", status.filter_hours, "h")]
        if status.filter_hours is not None
        else []
    )
    return result(check_id, overall, summary, metrics=metrics, evidence=evidence)


def lamp_results(lamps: Sequence[Lamp], settings: HealthSettings, source: str) -> list[CheckResult]:
    life = settings.lamp_life_hours
    return [_lamp(lamp, life, settings, source) for lamp in lamps]


def _lamp(lamp: Lamp, life: int, settings: HealthSettings, source: str) -> CheckResult:
    used = 100 * lamp.hours / life
    status = against(used, settings.lamp_life)
    summary = f"Lamp {lamp.number}: {lamp.hours:,} of {life:,} hours ({used:.0f} % of its life)"
    if status is not CheckStatus.OK:
        summary += (
            " — order a replacement lamp"
            if status is CheckStatus.WARNING
            else " — replace the lamp"
        )
    metrics = [metric("lamp_hours", lamp.hours, "h"), metric("lamp_life_used", round(used, 1), "%")]
    evidence = {"source": source, "lamp_life_hours": str(life)}
    if source == "PJLink":
        evidence["lamp_on"] = str(lamp.on)
    return result(f"{NAME}.lamp.{lamp.number}", status, summary, metrics=metrics, evidence=evidence)


def _snmp_lamps(snmp: Rows, settings: HealthSettings) -> list[CheckResult]:
    for vendor, oid in p.LAMP_HOUR_OIDS:
        hours = number(snmp.get(oid))
        if hours is not None and hours >= 0:
            return lamp_results([Lamp(1, hours, on=False)], settings, f"SNMP ({vendor} {oid})")
    return []


def _missing_lamps(
    status: ProjectorStatus, snmp: Rows, settings: HealthSettings
) -> list[CheckResult]:
    from_snmp = _snmp_lamps(snmp, settings)
    if from_snmp:
        return from_snmp
    why = status.errors.get("LAMP", "lamp hours not reported")
    return [unknown(f"{NAME}.lamp.1", "Lamp hours not available", why)]
