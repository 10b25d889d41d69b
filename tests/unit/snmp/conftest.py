"""Markers for the SNMP tests."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "snmp_peers: runs real snmpsim/snmpd in a scratch network namespace (root); skips "
        "without them, fails under CI=true",
    )
