"""What every step of one ingest shares: the session, the school, the report row, the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from collector.db.bulk import bulk_insert
from collector.db.models import DeviceEvent, IdentityMerge, School
from collector.services.calendar import SchoolCalendar
from collector.settings import CollectorSettings


@dataclass
class IngestContext:
    session: Session
    settings: CollectorSettings
    school: School
    report_id: int  # the ``reports`` row of this ingest
    calendar: SchoolCalendar
    at: datetime  # when the agent observed (scan start)
    now: datetime  # when the collector received it
    first_report_of_day: bool  # the school's first report this UTC day: daily history points
    previous_scan: datetime | None  # the school's last ingested scan before this one
    events: list[dict[str, Any]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)

    def event(self, device_id: int, kind: str, before: Any = None, after: Any = None) -> None:
        self.events.append(
            {
                "school_id": self.school.id,
                "device_id": device_id,
                "report_id": self.report_id,
                "kind": kind,
                "at": self.at,
                "before": before,
                "after": after,
            }
        )

    def write_log_rows(self) -> None:
        """Bulk-insert the change events and identity merges gathered so far."""
        bulk_insert(self.session, DeviceEvent, self.events)
        bulk_insert(self.session, IdentityMerge, self.merges)
        self.events, self.merges = [], []
