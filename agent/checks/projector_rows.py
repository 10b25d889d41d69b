"""Projector knowledge as data: what PJLink states mean to a person, vendor lamp-hour OIDs."""

from __future__ import annotations

from agent.pjlink.model import Component, Health, Power
from schemas.health import CheckStatus

POWER_TEXT = {
    Power.ON: "Projector on",
    Power.STANDBY: "Projector in standby",
    Power.COOLING: "Projector cooling down",
    Power.WARMING_UP: "Projector warming up",
}
HEALTH_STATUS = {
    Health.OK: CheckStatus.OK,
    Health.WARNING: CheckStatus.WARNING,
    Health.ERROR: CheckStatus.CRITICAL,
}
HEALTH_TEXT = {Health.OK: "ok", Health.WARNING: "warning", Health.ERROR: "error"}
PROBLEM_TEXT = {  # ERST component and level -> what to tell a person
    (Component.FAN, Health.WARNING): "Fan warning",
    (Component.FAN, Health.ERROR): "Fan failure",
    (Component.LAMP, Health.WARNING): "Lamp warning",
    (Component.LAMP, Health.ERROR): "Lamp failure",
    (Component.TEMPERATURE, Health.WARNING): "Running hot",
    (Component.TEMPERATURE, Health.ERROR): "Overheating",
    (Component.COVER, Health.WARNING): "Cover open",
    (Component.COVER, Health.ERROR): "Cover open",
    (Component.FILTER, Health.WARNING): "Filter needs cleaning",
    (Component.FILTER, Health.ERROR): "Filter blocked",
    (Component.OTHER, Health.WARNING): "Other warning",
    (Component.OTHER, Health.ERROR): "Other fault",
}
# lamp hours over SNMP, vendor by vendor (PROTOCOLS.md §3.3)
LAMP_HOUR_OIDS = (
    ("Epson", "1.3.6.1.4.1.1248.4.1.1.1.1.0"),
    ("Dell", "1.3.6.1.4.1.674.10899.100.1.3.0"),
)
