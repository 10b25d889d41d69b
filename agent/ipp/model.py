"""IPP messages as plain typed records (RFC 8010 encoding, RFC 8011 semantics). Pure.

An ``IppResponse`` holds the attribute groups of one reply in wire order; every attribute keeps
all its values (``1setOf``). Values are decoded per value tag into Python:

================================================  =============================
value tag                                         Python value
================================================  =============================
integer 0x21, enum 0x23                           ``int``
boolean 0x22                                      ``bool``
text/name/keyword/uri/charset/language/mime...    ``str`` (UTF-8, bad bytes replaced)
textWithLanguage 0x35, nameWithLanguage 0x36      ``str`` (the text; language dropped)
octetString 0x30                                  ``bytes``
dateTime 0x31                                     ``datetime`` (UTC offset kept)
resolution 0x32 / rangeOfInteger 0x33             ``Resolution`` / ``RangeOfInteger``
out-of-band 0x10-0x1F (unknown, no-value, ...)    ``OutOfBand``
begCollection 0x34                                ``SKIPPED_COLLECTION`` (members not kept)
anything malformed or unknown                     ``bytes`` (the raw value)
================================================  =============================
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum


class IppError(Exception):
    """Base of every error the IPP package raises (see the tree in ``agent.ipp``)."""


class IppParseError(IppError):
    """Bytes that are not a usable IPP message (truncated, wrong structure, too large)."""


class GroupTag(IntEnum):
    OPERATION = 0x01
    JOB = 0x02
    END = 0x03
    PRINTER = 0x04
    UNSUPPORTED = 0x05


class ValueTag(IntEnum):
    INTEGER = 0x21
    BOOLEAN = 0x22
    ENUM = 0x23
    OCTET_STRING = 0x30
    DATE_TIME = 0x31
    RESOLUTION = 0x32
    RANGE_OF_INTEGER = 0x33
    BEGIN_COLLECTION = 0x34
    TEXT_WITH_LANGUAGE = 0x35
    NAME_WITH_LANGUAGE = 0x36
    END_COLLECTION = 0x37
    TEXT = 0x41
    NAME = 0x42
    KEYWORD = 0x44
    URI = 0x45
    URI_SCHEME = 0x46
    CHARSET = 0x47
    NATURAL_LANGUAGE = 0x48
    MIME_MEDIA_TYPE = 0x49
    MEMBER_ATTR_NAME = 0x4A
    EXTENSION = 0x7F


class OutOfBand(IntEnum):
    UNSUPPORTED = 0x10
    DEFAULT = 0x11
    UNKNOWN = 0x12
    NO_VALUE = 0x13
    NOT_SETTABLE = 0x15
    DELETE_ATTRIBUTE = 0x16
    ADMIN_DEFINE = 0x17
    OTHER = 0x1F


class Collection(IntEnum):
    """Marker for a collection value whose members were skipped."""

    SKIPPED = 0x34


SKIPPED_COLLECTION = Collection.SKIPPED


@dataclass(frozen=True)
class Resolution:
    cross_feed: int
    feed: int
    units: int  # 3 dots per inch, 4 dots per centimetre


@dataclass(frozen=True)
class RangeOfInteger:
    lower: int
    upper: int


IppValue = int | bool | str | bytes | datetime | Resolution | RangeOfInteger | OutOfBand


@dataclass(frozen=True)
class IppAttribute:
    name: str
    value_tag: int  # tag of the first value
    values: tuple[IppValue, ...]


@dataclass(frozen=True)
class AttributeGroup:
    tag: int
    attributes: tuple[IppAttribute, ...]

    def get(self, name: str) -> IppAttribute | None:
        return next((attr for attr in self.attributes if attr.name == name), None)


STATUS_NAMES: dict[int, str] = {
    0x0000: "successful-ok",
    0x0001: "successful-ok-ignored-or-substituted-attributes",
    0x0002: "successful-ok-conflicting-attributes",
    0x0400: "client-error-bad-request",
    0x0401: "client-error-forbidden",
    0x0402: "client-error-not-authenticated",
    0x0403: "client-error-not-authorized",
    0x0406: "client-error-not-found",
    0x040B: "client-error-attributes-or-values-not-supported",
    0x0500: "server-error-internal-error",
    0x0501: "server-error-operation-not-supported",
    0x0502: "server-error-service-unavailable",
    0x0503: "server-error-version-not-supported",
    0x0507: "server-error-busy",
}


def status_name(code: int) -> str:
    return STATUS_NAMES.get(code, f"status-0x{code:04x}")


@dataclass(frozen=True)
class IppResponse:
    version: tuple[int, int]
    status_code: int
    request_id: int
    groups: tuple[AttributeGroup, ...]

    @property
    def ok(self) -> bool:
        return self.status_code < 0x0100

    @property
    def status(self) -> str:
        return status_name(self.status_code)

    def attributes(self, tag: int = GroupTag.PRINTER) -> Iterator[IppAttribute]:
        for group in self.groups:
            if group.tag == tag:
                yield from group.attributes

    def printer_attributes(self) -> dict[str, tuple[IppValue, ...]]:
        """All printer-group attributes by name (a later duplicate replaces an earlier one)."""
        return {attr.name: attr.values for attr in self.attributes(GroupTag.PRINTER)}
