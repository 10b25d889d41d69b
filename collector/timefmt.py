"""People's time: every date and time a page, sheet or report shows, in one place.

Times are stored in UTC and shown in the cluster's time zone, written as people in Ireland
write them: ``6 December 2026`` in sentences, ``06/12/2026`` in tables, 24-hour times
(``14:05``). Templates get a ``TimeFormat`` for the zone of what the page is about and never
format a date themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NONE = "—"


def zone_of(name: str | None) -> tzinfo:
    """The named IANA zone; UTC for none or an unknown name (never an error on a page)."""
    if not name or name == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def long_day(day: date) -> str:
    """``6 December 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_day(day: date) -> str:
    """``06/12/2026`` (day first)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def month_label(day: date) -> str:
    """``December 2026``."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def short_month(day: date) -> str:
    """``Dec 26`` for chart axes."""
    return f"{MONTHS[day.month - 1][:3]} {day.year % 100:02d}"


@dataclass(frozen=True)
class TimeFormat:
    """Formats for one time zone (the cluster's); ``label`` names it for the page footer."""

    zone: tzinfo
    label: str

    @classmethod
    def named(cls, name: str | None) -> TimeFormat:
        zone = zone_of(name)
        return cls(zone, "UTC" if zone is UTC else str(name))

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def today(self, now: datetime) -> date:
        return self.local(now).date()

    def when(self, moment: datetime | None) -> str:
        """``06/12/2026 14:05`` for tables and tooltips."""
        if moment is None:
            return NONE
        local = self.local(moment)
        return f"{short_day(local.date())} {local:%H:%M}"

    def when_long(self, moment: datetime | None) -> str:
        """``Sunday 6 December 2026 at 14:05`` for sentences."""
        if moment is None:
            return "never"
        local = self.local(moment)
        return f"{WEEKDAYS[local.weekday()]} {long_day(local.date())} at {local:%H:%M}"

    def day(self, value: date | datetime | None) -> str:
        """``6 December 2026`` (a datetime is first moved into the zone)."""
        if value is None:
            return NONE
        return long_day(self.local(value).date() if isinstance(value, datetime) else value)

    def day_short(self, value: date | datetime | None) -> str:
        """``06/12/2026``."""
        if value is None:
            return NONE
        return short_day(self.local(value).date() if isinstance(value, datetime) else value)

    def clock(self, moment: datetime | None) -> str:
        """``14:05``."""
        return NONE if moment is None else f"{self.local(moment):%H:%M}"


def duration(seconds: float | None) -> str:
    """``3 h 20 min``, ``2 days 4 h``, ``12 min``; ``—`` for none."""
    if seconds is None:
        return NONE
    minutes = round(seconds / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def hours_minutes(minutes: int) -> str:
    """``1 h 30 min`` for time on site."""
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    return f"{hours} h" if hours else f"{mins} min"
