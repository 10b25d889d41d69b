"""Vocabulary of the provider's own work: visits and incidents (slug enums)."""

from __future__ import annotations

from enum import StrEnum


class VisitKind(StrEnum):
    VISIT = "visit"  # a technician on site
    REMOTE = "remote"  # a fix done remotely, recorded the same way


class IncidentOrigin(StrEnum):
    AGENT = "agent"  # found by the agent (from an alert)
    SCHOOL = "school"  # reported by the school


class IncidentStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
