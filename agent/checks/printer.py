"""Printer check: Printer-MIB over SNMP and Get-Printer-Attributes over IPP, concurrently.

Either answer is enough; both are merged; neither means "asleep or off" (unknown, not
critical). The judging is pure (``printer_eval``); this module only fetches.
"""

from __future__ import annotations

import asyncio
import logging

from agent.checks import printer_rows as r
from agent.checks.base import CheckOutput, DeviceSources
from agent.checks.config import HealthSettings
from agent.checks.printer_eval import evaluate_printer
from agent.checks.printer_snmp import PrinterMib, parse_printer_mib
from agent.checks.snmp_data import fetch
from agent.ipp.client import IppStatusError, IppTransportError, get_printer_attributes
from agent.ipp.model import IppError
from agent.ipp.status import IppPrinterStatus, printer_status
from agent.snmp.errors import SnmpError
from agent.snmp.source import SnmpSource
from schemas.report import Device, DeviceType

log = logging.getLogger(__name__)

NAME = "printer"
APPLIES_TO = frozenset({DeviceType.PRINTER})
PRIMARY_CHECK = "printer.status"
_TRY_NEXT_PATH = frozenset({400, 404, 405})


async def run(device: Device, sources: DeviceSources, settings: HealthSettings) -> CheckOutput:
    host = sources.host or (str(device.ips[0]) if device.ips else None)
    (mib, snmp_failure), (ipp, ipp_failure) = await asyncio.gather(
        read_printer_mib(sources.snmp, settings), read_ipp(host, settings)
    )
    failures = [f for f in (snmp_failure, ipp_failure) if f]
    return evaluate_printer(mib, ipp, settings, failures)


async def read_printer_mib(
    snmp: SnmpSource | None, settings: HealthSettings
) -> tuple[PrinterMib | None, str | None]:
    if snmp is None:
        return None, "SNMP: no credential answered during discovery"
    try:
        values = await fetch(snmp, r.WALKS, max_rows=settings.max_walk_rows)
    except SnmpError as exc:
        return None, f"SNMP: {exc}"
    return parse_printer_mib(values), None


async def read_ipp(
    host: str | None, settings: HealthSettings
) -> tuple[IppPrinterStatus | None, str | None]:
    """Try each configured IPP path until one answers; stop at a refusal or a time-out."""
    if host is None:
        return None, "IPP: no address"
    failure = "IPP: no path configured"
    for path in settings.ipp_paths:
        try:
            reply = await get_printer_attributes(
                host, settings.ipp_port, path, timeout_s=settings.request_timeout_s
            )
        except (IppStatusError, IppTransportError) as exc:
            failure = f"IPP {path}: {exc}"
            if isinstance(exc, IppStatusError) or exc.http_status in _TRY_NEXT_PATH:
                continue
            return None, failure
        except IppError as exc:
            return None, f"IPP {path}: {exc}"
        return printer_status(reply), None
    return None, failure
