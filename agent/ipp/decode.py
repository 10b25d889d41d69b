"""Decode an IPP response (RFC 8010 §3). Pure; owns no socket.

Structure errors (truncation, an attribute outside any group, a collection that never ends,
more than ``MAX_MESSAGE_BYTES``) raise ``IppParseError``; a single malformed *value* (an
integer that is not 4 bytes, a dateTime with month 13) is kept as raw ``bytes`` instead, so one
odd attribute from a cheap printer does not hide all the others. Nothing else is raised.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from agent.ipp.model import (
    SKIPPED_COLLECTION,
    AttributeGroup,
    IppAttribute,
    IppParseError,
    IppResponse,
    IppValue,
    OutOfBand,
    RangeOfInteger,
    Resolution,
    ValueTag,
)

MAX_MESSAGE_BYTES = 4 * 1024 * 1024
MAX_COLLECTION_DEPTH = 32
_STRING_TAGS = frozenset(range(0x41, 0x4A)) | {0x4A}
_OUT_OF_BAND_TAGS = frozenset(range(0x10, 0x20))


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, count: int) -> bytes:
        end = self.pos + count
        if end > len(self.data):
            raise IppParseError(f"truncated IPP message at byte {self.pos} (wanted {count})")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def u8(self) -> int:
        return self.take(1)[0]

    def u16(self) -> int:
        value: int = struct.unpack(">H", self.take(2))[0]
        return value

    def field(self) -> tuple[bytes, bytes]:
        """(name, value) of one attribute after its value tag."""
        name = self.take(self.u16())
        return name, self.take(self.u16())


@dataclass
class _Group:
    tag: int
    attributes: list[tuple[str, int, list[IppValue]]] = field(default_factory=list)

    def freeze(self) -> AttributeGroup:
        attrs = tuple(IppAttribute(n, t, tuple(v)) for n, t, v in self.attributes)
        return AttributeGroup(self.tag, attrs)


def decode_response(data: bytes) -> IppResponse:
    """Decode one IPP response message; see the module docstring for what raises."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise IppParseError(f"IPP message of {len(data)} bytes exceeds {MAX_MESSAGE_BYTES}")
    if len(data) < 9:
        raise IppParseError(f"IPP message too short ({len(data)} bytes)")
    major, minor, status, request_id = struct.unpack(">BBHI", data[:8])
    reader = _Reader(data)
    reader.pos = 8
    groups = _read_groups(reader)
    return IppResponse((major, minor), status, request_id, tuple(g.freeze() for g in groups))


def _read_groups(reader: _Reader) -> list[_Group]:
    groups: list[_Group] = []
    while True:
        tag = reader.u8()
        if tag == 0x03:
            return groups
        if tag < 0x10:
            groups.append(_Group(tag))
        elif not groups:
            raise IppParseError(f"attribute (tag 0x{tag:02x}) before any attribute group")
        else:
            _read_attribute(reader, tag, groups[-1])


def _read_attribute(reader: _Reader, tag: int, group: _Group) -> None:
    raw_name, raw_value = reader.field()
    if tag == ValueTag.BEGIN_COLLECTION:
        _skip_collection(reader)
        value: IppValue = SKIPPED_COLLECTION
    else:
        value = decode_value(tag, raw_value)
    if raw_name:
        group.attributes.append((raw_name.decode("utf-8", "replace"), tag, [value]))
    elif group.attributes:
        group.attributes[-1][2].append(value)
    else:
        raise IppParseError("additional value with no attribute before it")


def _skip_collection(reader: _Reader) -> None:
    """Skip members up to the matching endCollection; nested collections count depth."""
    depth = 1
    while depth:
        tag = reader.u8()
        if tag < 0x10:
            raise IppParseError(f"group tag 0x{tag:02x} inside a collection")
        reader.field()
        if tag == ValueTag.BEGIN_COLLECTION:
            depth += 1
            if depth > MAX_COLLECTION_DEPTH:
                raise IppParseError("collections nested too deeply")
        elif tag == ValueTag.END_COLLECTION:
            depth -= 1


def decode_value(tag: int, raw: bytes) -> IppValue:
    """One value by its tag; malformed or unknown values come back as raw bytes."""
    if tag in _OUT_OF_BAND_TAGS:
        return _out_of_band(tag)
    if tag in _STRING_TAGS:
        return _text(raw)
    decoder = _FIXED.get(tag)
    if decoder is not None:
        return decoder(raw)
    if tag in (ValueTag.TEXT_WITH_LANGUAGE, ValueTag.NAME_WITH_LANGUAGE):
        return _with_language(raw)
    return raw


def _out_of_band(tag: int) -> OutOfBand:
    try:
        return OutOfBand(tag)
    except ValueError:
        return OutOfBand.OTHER


def _integer(raw: bytes) -> IppValue:
    if len(raw) != 4:
        return raw
    value: int = struct.unpack(">i", raw)[0]
    return value


def _boolean(raw: bytes) -> IppValue:
    return raw[0] != 0 if len(raw) == 1 else raw


def _resolution(raw: bytes) -> IppValue:
    if len(raw) != 9:
        return raw
    cross, feed, units = struct.unpack(">iiB", raw)
    return Resolution(cross, feed, units)


def _range(raw: bytes) -> IppValue:
    if len(raw) != 8:
        return raw
    lower, upper = struct.unpack(">ii", raw)
    return RangeOfInteger(lower, upper)


def _date_time(raw: bytes) -> IppValue:
    """RFC 2579 DateAndTime, 11 octets; nonsense dates (a clockless printer) stay bytes."""
    if len(raw) != 11 or raw[8:9] not in (b"+", b"-"):
        return raw
    year, month, day, hour, minute, second, decis = struct.unpack(">HBBBBBB", raw[:8])
    offset = timedelta(hours=raw[9], minutes=raw[10])
    try:
        tz = timezone(-offset if raw[8:9] == b"-" else offset) if offset else UTC
        return datetime(year, month, day, hour, minute, second, decis * 100_000, tzinfo=tz)
    except ValueError:
        return raw


def _with_language(raw: bytes) -> IppValue:
    try:
        reader = _Reader(raw)
        reader.take(reader.u16())
        return _text(reader.take(reader.u16()))
    except IppParseError:
        return raw


def _text(raw: bytes) -> str:
    """Text as the printer sent it, without NUL characters (C-string padding)."""
    return raw.decode("utf-8", "replace").replace("\x00", "")


_FIXED: dict[int, Callable[[bytes], IppValue]] = {
    ValueTag.INTEGER: _integer,
    ValueTag.ENUM: _integer,
    ValueTag.BOOLEAN: _boolean,
    ValueTag.RESOLUTION: _resolution,
    ValueTag.RANGE_OF_INTEGER: _range,
    ValueTag.DATE_TIME: _date_time,
}
