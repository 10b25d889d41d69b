"""Read API for the pilot's figures (supply forecasts, the cartridge catalogue) and the
admin routes that extend the catalogue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from collector.api.deps import AdminDep, SessionDep, UserDep, utcnow
from collector.contracts_figures import (
    CatalogueEntryCreate,
    CatalogueEntryPublic,
    ComparisonPublic,
    SupplyForecastPublic,
)
from collector.services import catalogue, comparison, supply_outlook
from collector.services.access import visible_school
from collector.services.comparison_public import to_public

router = APIRouter(prefix="/api/v1", tags=["figures"])


@router.get("/schools/{school}/supply-forecasts", response_model=list[SupplyForecastPublic])
def get_supply_forecasts(
    school: str, user: UserDep, session: SessionDep
) -> list[SupplyForecastPublic]:
    """Every printer supply of the school with its run-out forecast (in school days) and the
    part to bring, soonest first. ``forecast.reason`` says what each figure rests on."""
    found = visible_school(session, user, school)
    names = supply_outlook.device_names(session, found.id)
    outlook = supply_outlook.school_outlook(session, found, names, utcnow())
    return [supply_outlook.public(item) for item in outlook]


@router.get("/catalogue", response_model=list[CatalogueEntryPublic])
def get_catalogue(
    user: UserDep,
    session: SessionDep,
    model: Annotated[str | None, Query(max_length=256)] = None,
) -> list[CatalogueEntryPublic]:
    """Cartridges by printer model: the provider's rows first (they win), then the built-in."""
    del user  # any logged-in person may read it
    return catalogue.listing(session, model)


@router.post("/admin/catalogue", response_model=CatalogueEntryPublic, status_code=201)
def add_catalogue_entry(
    data: CatalogueEntryCreate, admin: AdminDep, session: SessionDep
) -> CatalogueEntryPublic:
    row = catalogue.add_entry(session, data, admin.username, utcnow())
    return CatalogueEntryPublic.from_row(row)


@router.delete("/admin/catalogue/{entry_id}", status_code=204)
def remove_catalogue_entry(entry_id: int, admin: AdminDep, session: SessionDep) -> Response:
    catalogue.remove_entry(session, entry_id, admin.username, utcnow())
    return Response(status_code=204)


@router.get("/clusters/{cluster}/comparison", response_model=ComparisonPublic)
def get_comparison(cluster: str, user: UserDep, session: SessionDep) -> ComparisonPublic:
    """The cluster's schools side by side and the baseline checks, now and month by month
    (admins and the cluster's technicians). ``how`` says how each figure is computed."""
    return to_public(comparison.compare(session, user, cluster, utcnow()))
