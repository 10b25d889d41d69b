"""Build the one IPP request the agent sends: Get-Printer-Attributes (RFC 8010 §3). Pure."""

from __future__ import annotations

import struct
from collections.abc import Sequence

from agent.ipp.model import GroupTag, ValueTag

GET_PRINTER_ATTRIBUTES = 0x000B

DEFAULT_REQUESTED: tuple[str, ...] = (
    "printer-state",
    "printer-state-reasons",
    "printer-state-message",
    "printer-make-and-model",
    "printer-info",
    "printer-location",
    "printer-uuid",
    "printer-firmware-string-version",
    "printer-device-id",
    "printer-up-time",
    "printer-is-accepting-jobs",
    "marker-names",
    "marker-colors",
    "marker-types",
    "marker-levels",
    "marker-low-levels",
    "marker-high-levels",
    "printer-supply",
    "printer-supply-description",
    "printer-alert",
    "printer-alert-description",
)


def encode_get_printer_attributes(
    printer_uri: str,
    request_id: int,
    requested: Sequence[str] = DEFAULT_REQUESTED,
    *,
    version: tuple[int, int] = (1, 1),
    user_name: str = "lankeeper",
) -> bytes:
    """A complete Get-Printer-Attributes request (header, operation group, end tag).

    IPP/1.1 by default: every IPP printer accepts it, and it carries all we ask for.
    """
    if not 1 <= request_id <= 0x7FFFFFFF:
        raise ValueError(f"request_id must be 1..2147483647, not {request_id}")
    parts = [
        struct.pack(">BBHI", version[0], version[1], GET_PRINTER_ATTRIBUTES, request_id),
        bytes([GroupTag.OPERATION]),
        _attribute(ValueTag.CHARSET, "attributes-charset", ["utf-8"]),
        _attribute(ValueTag.NATURAL_LANGUAGE, "attributes-natural-language", ["en"]),
        _attribute(ValueTag.URI, "printer-uri", [printer_uri]),
        _attribute(ValueTag.NAME, "requesting-user-name", [user_name]),
    ]
    if requested:
        parts.append(_attribute(ValueTag.KEYWORD, "requested-attributes", list(requested)))
    parts.append(bytes([GroupTag.END]))
    return b"".join(parts)


def _attribute(tag: int, name: str, values: Sequence[str]) -> bytes:
    """One attribute; extra values repeat the value tag with an empty name (RFC 8010 §3.1.5)."""
    out = [_field(tag, name.encode("ascii"), values[0].encode("utf-8"))]
    out.extend(_field(tag, b"", value.encode("utf-8")) for value in values[1:])
    return b"".join(out)


def _field(tag: int, name: bytes, value: bytes) -> bytes:
    if len(name) > 0xFFFF or len(value) > 0xFFFF:
        raise ValueError("IPP name or value longer than 65535 bytes")
    return struct.pack(">BH", tag, len(name)) + name + struct.pack(">H", len(value)) + value
