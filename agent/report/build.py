"""Assemble the run's report and apply the privacy settings. Pure apart from reading facts
about this PC (host name, platform, package version)."""

from __future__ import annotations

import platform
import socket
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from ipaddress import IPv4Network
from uuid import UUID

from agent.report.fit import clean_text, needs_cleaning
from agent.settings import PrivacySection, Settings
from schemas import (
    AgentInfo,
    CheckResult,
    Device,
    MethodRun,
    Problem,
    Report,
    ScanInfo,
    SchoolRef,
    SettingsInfo,
)

REDACTED = "(redacted)"
HOSTNAME_LIMIT = 256  # schemas.AgentInfo.hostname (the collector's agents.hostname)
TEXT_LIMIT = 1024


@dataclass(frozen=True)
class ScanOutcome:
    """What one run produced before it becomes a report."""

    report_id: UUID
    started_at: datetime
    finished_at: datetime
    interface: str | None
    subnets: list[IPv4Network]
    methods: list[MethodRun]
    problems: list[Problem]
    devices: list[Device]
    host_checks: list[CheckResult]
    settings_info: SettingsInfo | None = None


def agent_version() -> str:
    try:
        return metadata.version("lankeeper")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def agent_info(settings: Settings, hostname: str, problems: list[Problem]) -> AgentInfo:
    """This PC as the report names it; a value cut to fit says so in ``problems``."""
    return AgentInfo(
        agent_id=settings.agent.id,
        hostname=_fitted("agent.hostname", hostname, HOSTNAME_LIMIT, problems),
        version=_fitted("agent.version", agent_version(), TEXT_LIMIT, problems),
        platform=_fitted("agent.platform", platform.platform(terse=True), TEXT_LIMIT, problems),
    )


def _fitted(path: str, value: str, limit: int, problems: list[Problem]) -> str:
    if not needs_cleaning(value, limit):
        return value
    message = f"{path} had control characters or more than {limit} characters; cleaned"
    problems.append(Problem(code="report.value_clipped", message=message))
    return clean_text(value, limit)


def build_report(settings: Settings, outcome: ScanOutcome, hostname: str | None = None) -> Report:
    problems = list(outcome.problems)
    agent = agent_info(settings, hostname or socket.gethostname(), problems)
    return Report(
        report_id=outcome.report_id,
        agent=agent,
        school=SchoolRef(school_id=settings.school.id, name=settings.school.name),
        scan=ScanInfo(
            started_at=outcome.started_at,
            finished_at=outcome.finished_at,
            interface=outcome.interface,
            subnets=outcome.subnets,
            methods=outcome.methods,
            problems=problems,
            settings=outcome.settings_info,
        ),
        devices=apply_privacy(outcome.devices, settings.privacy),
        host_checks=outcome.host_checks,
    )


def apply_privacy(devices: list[Device], privacy: PrivacySection) -> list[Device]:
    """Drop or redact devices with randomised MACs (phones, tablets: personal devices)."""
    if privacy.exclude_transient:
        return [device for device in devices if not device.transient]
    if not privacy.redact_transient_names:
        return devices
    return [redact(device) if device.transient else device for device in devices]


def redact(device: Device) -> Device:
    """Remove the names a person may have given their device; keep what identifies the kind."""
    services = [
        service.model_copy(update={"instance": REDACTED, "host": None, "txt": {}})
        for service in device.mdns_services
    ]
    personal = _personal_strings(device)
    evidence = [
        e.model_copy(update={"value": REDACTED}) if _mentions(e.value, personal) else e
        for e in device.evidence
    ]
    return device.model_copy(
        update={
            "hostname": REDACTED if device.hostname else None,
            "sys_name": REDACTED if device.sys_name else None,
            "mdns_services": services,
            "evidence": evidence,
        }
    )


def _personal_strings(device: Device) -> set[str]:
    names = {device.hostname, device.sys_name}
    for service in device.mdns_services:
        names |= {service.instance, service.host, service.host and service.host.split(".")[0]}
    return {name.lower() for name in names if name}


def _mentions(value: str, personal: set[str]) -> bool:
    lowered = value.lower()
    return any(name in lowered for name in personal)
