"""The comparison as the API gives it, with how each figure is computed."""

from __future__ import annotations

from collector.contracts_figures import (
    BaselinePublic,
    BaselineVerdictPublic,
    ComparisonPublic,
    SchoolComparisonPublic,
    TrendPointPublic,
)
from collector.services.comparison import BaselineRow, Comparison, SchoolColumn

HOW = (
    "Devices: those on the network now (phones and other personal devices left out), by type.",
    "Firmware age: median days since the collector saw each device's firmware change, or since "
    "it first saw the device (firmware release dates are not known).",
    "Behind: devices whose firmware is older than the version most common in the cluster for "
    "the same model (models with at least two devices).",
    "Open problems: alerts not resolved, and problems the school reported that are not resolved.",
    "Found by the agent / reported by the school: incidents opened in the period, by origin.",
    "Visits, remote fixes and hours: recorded work in the period (hours = minutes / 60).",
    "Failing most: check families (e.g. printer.supply) with a warning or critical result now.",
    "Baselines: a school passes when nothing it has fails; schools with nothing to judge are "
    "not counted. Past months are judged from the history kept (each month's start).",
)


def to_public(found: Comparison) -> ComparisonPublic:
    return ComparisonPublic(
        cluster=found.cluster.slug,
        period_start=found.period_start,
        period_end=found.period_end,
        period_note=found.period_note,
        schools=[_school(column) for column in found.schools],
        baselines=[_baseline(row) for row in found.baselines],
        failing_most=found.failing_most,
        how=list(HOW),
    )


def _school(column: SchoolColumn) -> SchoolComparisonPublic:
    return SchoolComparisonPublic(
        slug=column.slug,
        name=column.name,
        devices_by_type={t.value: n for t, n in column.devices_by_type.items()},
        firmware_age_days=column.firmware_age_days,
        firmware_behind=column.firmware_behind,
        open_alerts=column.open_alerts,
        open_reported=column.open_reported,
        found_by_agent=column.found_by_agent,
        reported_by_school=column.reported_by_school,
        visits=column.visits,
        remote_fixes=column.remote_fixes,
        hours=round(column.minutes / 60, 2),
        failing_checks=column.failing_checks,
        baselines={
            name: BaselineVerdictPublic(
                verdict=result.verdict.value, detail=result.detail, failing=result.failing
            )
            for name, result in column.baselines.items()
        },
    )


def _baseline(row: BaselineRow) -> BaselinePublic:
    return BaselinePublic(
        name=row.baseline.name,
        title=row.baseline.title,
        description=row.baseline.description,
        passing=row.passing,
        judged=row.judged,
        trend=[
            TrendPointPublic(label=p.label, at=p.at, passing=p.passing, judged=p.judged)
            for p in row.trend
        ],
    )
