"""The SNMP package's two exception types (see the tree in ``agent.snmp``)."""

from __future__ import annotations

from enum import StrEnum


class SnmpErrorKind(StrEnum):
    TIMEOUT = "timeout"  # nothing usable came back in time
    AUTH = "auth"  # SNMPv3 report: unknown user, wrong digest, decryption error, ...
    UNDECODABLE = "undecodable"  # bytes came back that are not a usable SNMP answer
    AGENT = "agent"  # the agent answered with an error-status (noSuchName, genErr, ...)
    OTHER = "other"  # any other engine error


class SnmpError(Exception):
    """One SNMP request failed; ``kind`` classifies why, the message says it for humans."""

    def __init__(self, kind: SnmpErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class ParseError(ValueError):
    """A recording could not be used; the message names the file (when known) and why."""
