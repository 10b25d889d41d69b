"""Run every doctor check in order; each one is bounded, none raises."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from agent.doctor.collector import collector_findings
from agent.doctor.local import (
    interface_finding,
    last_run_finding,
    outbox_finding,
    raw_socket_finding,
)
from agent.doctor.model import Diagnosis, Finding, fail, ok, unknown
from agent.doctor.snmp import snmp_finding
from agent.doctor.systemd import timer_finding
from agent.enroll.state import Enrollment, NotEnrolledError, load_enrollment
from agent.settings import Settings, SettingsError, load_settings

PACKAGED_CONFIG = Path("/etc/lankeeper/agent.toml")  # what the packaged service runs with
SNMP_BUDGET_S = 20.0
COLLECTOR_TIMEOUT_S = 5.0


def settings_finding(config: Path | None) -> tuple[Finding, Settings]:
    """``--config``, else the packaged service's file when it exists, else the defaults."""
    if config is None and PACKAGED_CONFIG.is_file():
        config = PACKAGED_CONFIG
    try:
        settings = load_settings(config)
    except SettingsError as exc:
        first = str(exc).splitlines()
        return fail("configuration", " ".join(first[:3]), "correct the file"), Settings()
    where = str(config) if config else "defaults (no --config)"
    return ok("configuration", f"Configuration read from {where}"), settings


def enrollment_finding(state_dir: Path) -> tuple[Finding | None, Enrollment | None]:
    try:
        return None, load_enrollment(state_dir)
    except NotEnrolledError as exc:
        text = str(exc).split("; run:")[0].removeprefix("not enrolled ")
        fix = "run: lankeeper-agent enroll --collector URL --code CODE (code from the provider)"
        return fail("enrollment", f"Not enrolled {text}", fix), None


async def diagnose(config: Path | None, state_dir: Path, interface: str | None) -> Diagnosis:
    found, settings = settings_finding(config)
    if interface:
        scan = settings.scan.model_copy(update={"interface": interface})
        settings = settings.model_copy(update={"scan": scan})
    findings = [found]
    chosen, iface, subnets = interface_finding(settings)
    findings.append(chosen)
    if iface is not None:
        findings.append(raw_socket_finding(iface))
        findings.append(await snmp_finding(settings, iface, subnets, SNMP_BUDGET_S))
    missing, enrollment = enrollment_finding(state_dir)
    if enrollment is None:
        findings += [missing or unknown("enrollment", "Not enrolled")]
    else:
        findings += await collector_findings(enrollment, COLLECTOR_TIMEOUT_S)
    now = datetime.now(UTC)
    findings += [outbox_finding(state_dir, now), last_run_finding(state_dir, now)]
    findings.append(timer_finding())
    return Diagnosis(findings=findings)
