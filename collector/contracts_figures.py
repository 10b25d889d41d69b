"""API models for the pilot's figures: cartridge catalogue, supply forecasts, cluster comparison."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field

from schemas import SupplyKind

if TYPE_CHECKING:
    from collector.db.models_supplies import CatalogueEntry
    from collector.services.catalogue_data import CatalogueRow

Text = Annotated[str, Field(min_length=1, max_length=256)]
Colour = Annotated[str, Field(pattern=r"^(black|cyan|magenta|yellow)$")]


class CatalogueEntryCreate(BaseModel):
    """A part a printer model takes; ``source`` says where the fact comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    vendor: Annotated[str, Field(min_length=1, max_length=128)]
    model: Text
    kind: SupplyKind
    colour: Colour | None = None
    part: Annotated[str, Field(min_length=1, max_length=128)]
    description: Annotated[str, Field(max_length=256)] = ""
    yield_pages: Annotated[int, Field(gt=0, le=10_000_000)] | None = None
    source: Annotated[str, Field(min_length=3, max_length=512)]


class CatalogueEntryPublic(BaseModel):
    id: int | None  # None: a built-in row
    vendor: str
    models: list[str]
    kind: SupplyKind
    colour: str | None
    part: str
    description: str
    yield_pages: int | None
    region: str | None
    source: str
    from_provider: bool

    @classmethod
    def from_row(cls, row: CatalogueEntry) -> CatalogueEntryPublic:
        return cls(
            id=row.id,
            vendor=row.vendor,
            models=[row.model],
            kind=row.kind,
            colour=row.colour,
            part=row.part,
            description=row.description,
            yield_pages=row.yield_pages,
            region=None,
            source=row.source,
            from_provider=True,
        )

    @classmethod
    def from_built_in(cls, row: CatalogueRow, models: list[str]) -> CatalogueEntryPublic:
        return cls(
            id=None,
            vendor=row.vendor,
            models=models,
            kind=row.kind,
            colour=row.colour,
            part=row.part,
            description=row.description,
            yield_pages=row.yield_pages,
            region=row.region,
            source=row.source,
            from_provider=False,
        )


class ForecastPublic(BaseModel):
    outcome: str  # forecast, empty, not_falling, not_enough_data, fills_up, not_forecast
    sentence: str  # what a principal reads
    reason: str  # what it rests on
    level_percent: float | None
    use_per_school_day: float | None
    school_days_left: float | None
    school_days_low: float | None
    school_days_high: float | None  # None: no upper bound in sight
    runs_out_on: date | None
    confidence: str | None
    readings: int
    span_school_days: float
    cartridge_since: datetime | None
    pages_left: float | None
    borrowed_rate: bool


class SupplyForecastPublic(BaseModel):
    device_id: int
    device_name: str
    supply_index: int
    name: str  # as the printer reports it
    kind: str
    colour: str | None
    part: str | None  # the part to bring: reported by the printer, else the catalogue's
    part_source: str | None  # "printer", "catalogue" or "provider catalogue"
    alternatives: list[str]
    forecast: ForecastPublic


class BaselineVerdictPublic(BaseModel):
    verdict: str  # pass, fail, not_applicable, unknown
    detail: str
    failing: list[str]  # device names


class SchoolComparisonPublic(BaseModel):
    slug: str
    name: str
    devices_by_type: dict[str, int]
    firmware_age_days: float | None
    firmware_behind: int
    open_alerts: int
    open_reported: int
    found_by_agent: int
    reported_by_school: int
    visits: int
    remote_fixes: int
    hours: float
    failing_checks: list[tuple[str, int]]
    baselines: dict[str, BaselineVerdictPublic]


class TrendPointPublic(BaseModel):
    label: str
    at: datetime
    passing: int | None  # None: the collector kept no history for this then
    judged: int


class BaselinePublic(BaseModel):
    name: str
    title: str
    description: str
    passing: int
    judged: int
    trend: list[TrendPointPublic]


class ComparisonPublic(BaseModel):
    cluster: str
    period_start: date
    period_end: date
    period_note: str
    schools: list[SchoolComparisonPublic]
    baselines: list[BaselinePublic]
    failing_most: list[tuple[str, int, int]]  # check family, schools, checks
    how: list[str]
