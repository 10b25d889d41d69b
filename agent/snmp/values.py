"""SNMP values as plain Python, and the small conversions identification needs. Pure.

A ``Value`` is what every ``SnmpSource`` returns:

=====================================  =========================================
SNMP type (BER tag, as in .snmprec)    Python value
=====================================  =========================================
INTEGER (2), Counter32 (65),           ``int``
Gauge32/Unsigned32 (66), Counter64 (70)
TimeTicks (67)                         ``Ticks`` (an ``int`` of 1/100 s)
OCTET STRING (4), Opaque (68), BITS    ``bytes`` (at most ``MAX_OCTETS``)
OBJECT IDENTIFIER (6)                  ``Oid`` (a ``str``, dotted, no leading dot)
IpAddress (64)                         ``IPv4Address``
NULL (5), noSuchObject (128),          absent: the OID is left out of the result
noSuchInstance (129), endOfMibView (130)
=====================================  =========================================

Octet strings stay bytes because the same type carries text and binary (a MAC); ``as_text``
and ``as_mac`` decide per use. Nothing here imports pysnmp: ``from_asn1`` reads a pyasn1
value's tag and payload by duck typing.
"""

from __future__ import annotations

import string
from enum import IntEnum
from ipaddress import IPv4Address

MAX_OCTETS = 4096  # longest octet string kept from any agent or recording
MAX_TEXT = 1024  # longest text kept for one identity field (schemas.ShortText)


class Oid(str):
    """A numeric OBJECT IDENTIFIER value, dotted, without a leading dot."""

    __slots__ = ()


class Ticks(int):
    """A TimeTicks value: hundredths of a second."""

    __slots__ = ()

    @property
    def seconds(self) -> float:
        return self / 100


Value = int | str | bytes | IPv4Address


class Tag(IntEnum):
    """BER tag class + number, as ``.snmprec`` files write them."""

    INTEGER = 2
    OCTET_STRING = 4
    NULL = 5
    OBJECT_IDENTIFIER = 6
    IP_ADDRESS = 64
    COUNTER32 = 65
    GAUGE32 = 66
    TIMETICKS = 67
    OPAQUE = 68
    COUNTER64 = 70
    NO_SUCH_OBJECT = 128
    NO_SUCH_INSTANCE = 129
    END_OF_MIB_VIEW = 130


INTEGER_TAGS = frozenset({Tag.INTEGER, Tag.COUNTER32, Tag.GAUGE32, Tag.COUNTER64})
OCTET_TAGS = frozenset({Tag.OCTET_STRING, Tag.OPAQUE})
ABSENT_TAGS = frozenset({Tag.NULL, Tag.NO_SUCH_OBJECT, Tag.NO_SUCH_INSTANCE, Tag.END_OF_MIB_VIEW})


def tag_of(asn1: object) -> int | None:
    """The snmprec-style tag number of a pyasn1 value (class + number), or None."""
    try:
        first = asn1.tagSet[0]  # type: ignore[attr-defined]
        return int(first.tagClass) + int(first.tagId)
    except (AttributeError, IndexError, TypeError, ValueError):
        return None


def from_asn1(asn1: object) -> Value | None:
    """Convert one pyasn1/pysnmp value; None means absent (exception, NULL, unknown type)."""
    tag = tag_of(asn1)
    if tag is None or tag in ABSENT_TAGS:
        return None
    if tag in INTEGER_TAGS or tag == Tag.TIMETICKS:
        return from_integer(tag, int(asn1))  # type: ignore[call-overload]
    if tag == Tag.OBJECT_IDENTIFIER:
        return Oid(str(asn1))
    if tag in OCTET_TAGS or tag == Tag.IP_ADDRESS:
        return from_octets(tag, bytes(asn1.asOctets()))  # type: ignore[attr-defined]
    return None


def from_integer(tag: int, number: int) -> int:
    return Ticks(number) if tag == Tag.TIMETICKS else number


def from_octets(tag: int, octets: bytes) -> Value | None:
    """An octet-string-based value; an IpAddress that is not 4 octets is absent."""
    if tag == Tag.IP_ADDRESS:
        return IPv4Address(octets) if len(octets) == 4 else None
    return octets[:MAX_OCTETS]


def as_text(value: Value | None, limit: int = MAX_TEXT) -> str | None:
    """Printable text (trimmed, at most ``limit`` characters); None for binary or empty."""
    if value is None:
        return None
    text = _decode(value) if isinstance(value, bytes) else str(value)
    if text is None:
        return None
    return text.strip()[:limit] or None


def display(value: Value | None, limit: int = MAX_TEXT) -> str:
    """Text for people and reports: printable strings as they are, binary as ``0x`` + hex."""
    if isinstance(value, bytes) and _decode(value) is None:
        return ("0x" + value.hex())[:limit]
    return as_text(value, limit) or ""


def _decode(octets: bytes) -> str | None:
    octets = octets.rstrip(b"\x00")
    try:
        text = octets.decode("utf-8")
    except UnicodeDecodeError:
        text = octets.decode("latin-1")
    printable = all(ch.isprintable() or ch in string.whitespace for ch in text)
    return text if printable else None


def as_int(value: Value | None) -> int | None:
    return int(value) if isinstance(value, int) else None


def as_oid(value: Value | None) -> str | None:
    """An OID value as dotted text (also accepts text that spells one)."""
    if isinstance(value, str) and is_numeric_oid(value.lstrip(".")):
        return value.lstrip(".")
    return None


def is_numeric_oid(text: str) -> bool:
    parts = text.split(".")
    return len(parts) >= 2 and all(part.isdigit() and part.isascii() for part in parts)


def as_mac(value: Value | None) -> str | None:
    """A MAC from a 6-octet string, canonical lower-case colon form; None if zero or not 6."""
    if not isinstance(value, bytes) or len(value) != 6 or not any(value):
        return None
    return ":".join(f"{octet:02x}" for octet in value)
