"""Errors about what to scan, each naming the configuration key to change.

Tree::

    NetConfigError (key, message)
    ├── InterfaceError   no usable interface / the configured one is missing or down
    └── ScanTargetError  a subnet or rate the safety rules refuse
"""

from __future__ import annotations


class NetConfigError(Exception):
    """The scan cannot start as configured; ``key`` is the config key to change."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


class InterfaceError(NetConfigError):
    """No usable scan interface."""


class ScanTargetError(NetConfigError):
    """A subnet or packet rate the safety rules refuse."""
