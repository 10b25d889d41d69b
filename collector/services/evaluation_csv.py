"""The evaluation report as CSV: one row per school and a total row, or one row per month.

Names pass through ``safe_cell`` (no spreadsheet formulas); dates are ISO (``2026-12-06``) so
spreadsheets read them the same everywhere; the period and zone are in the file name.
"""

from __future__ import annotations

import csv
import io

from collector.contracts_evaluation import Evaluation, Figures, Month
from collector.services.export import safe_cell

SCHOOL_COLUMNS = tuple(Figures.model_fields)
MONTH_COLUMNS = tuple(Month.model_fields)


def _blank(value: object) -> object:
    return "" if value is None else value


def schools_csv(report: Evaluation) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SCHOOL_COLUMNS)
    for row in [*report.schools, report.total]:
        data = row.model_dump()
        writer.writerow([safe_cell(_blank(data[column])) for column in SCHOOL_COLUMNS])
    return out.getvalue()


def months_csv(report: Evaluation) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MONTH_COLUMNS)
    for row in report.months:
        data = row.model_dump()
        data["month"] = row.month.strftime("%Y-%m")
        writer.writerow([safe_cell(_blank(data[column])) for column in MONTH_COLUMNS])
    return out.getvalue()


def file_name(report: Evaluation, part: str) -> str:
    span = f"{report.since.isoformat()}-{report.until.isoformat()}"
    return f"{report.cluster}-evaluation-{part}-{span}.csv"
