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
COMPONENT_TEXT = {
    Component.FAN: "Fan",
    Component.LAMP: "Lamp",
    Component.TEMPERATURE: "Temperature",
    Component.COVER: "Cover open",
    Component.FILTER: "Filter",
    Component.OTHER: "Other",
}
# lamp hours over SNMP, vendor by vendor (PROTOCOLS.md §3.3)
LAMP_HOUR_OIDS = (
    ("Epson", "1.3.6.1.4.1.1248.4.1.1.1.1.0"),
    ("Dell", "1.3.6.1.4.1.674.10899.100.1.3.0"),
)
