"""Shared test helpers: the real recordings as SNMP sources, and devices to check."""

from __future__ import annotations

import asyncio
import os
from ipaddress import IPv4Address

import pytest

from agent.checks.snmp_data import Rows
from agent.snmp.recording import RecordingSource, load_recording
from agent.snmp.values import Value
from schemas.report import Device, DeviceType
from tests.unit.snmp.recordings import SNMPREC_DIR


def recording(name: str) -> RecordingSource:
    path = SNMPREC_DIR / f"{name}.snmprec"
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"recording {path} missing (set LANKEEPER_SNMPREC)")
        pytest.skip(f"recording {path} missing")
    return RecordingSource(load_recording(path))


def rows(name: str, extra: dict[str, Value] | None = None) -> Rows:
    """All rows of a recording (plus hand-added ``extra`` rows), as checks read them."""
    merged: dict[str, Value] = dict(recording(name).recording.rows)
    merged.update(extra or {})
    return merged


def device(kind: DeviceType, ip: str = "127.0.0.1") -> Device:
    return Device(mac=None, ips=[IPv4Address(ip)], device_type=kind, type_reason="test")


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)
