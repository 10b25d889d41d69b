"""The year-end evaluation report as data: the page, the CSV and the read API share it."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel


class Figures(BaseModel):
    """One school's figures for the period (or the cluster's total, ``school = "total"``)."""

    school: str
    name: str
    incidents_agent: int
    incidents_school: int
    incidents_resolved: int
    incidents_unresolved: int
    median_hours_to_acknowledge: float | None
    median_hours_to_resolve: float | None
    visits: int
    remote_fixes: int
    hours_on_site: float
    hours_remote: float
    devices_covered: int
    key_devices: int
    key_device_nights: int
    key_device_up_nights: int
    uptime_percent: float | None
    supplies_replaced_in_time: int
    supplies_ran_out: int
    supplies_forecast_in_time: int | None  # None: the forecast is not available here


class Month(BaseModel):
    month: date  # the first day of the month (cluster time)
    incidents_agent: int
    incidents_school: int
    median_hours_to_resolve: float | None
    visits: int
    hours: float
    uptime_percent: float | None


class Definition(BaseModel):
    figure: str
    how: str


class Evaluation(BaseModel):
    cluster: str
    cluster_name: str
    timezone: str
    since: date
    until: date
    generated_at: datetime
    schools: list[Figures]
    total: Figures
    months: list[Month]
    definitions: list[Definition]
    forecast_available: bool
