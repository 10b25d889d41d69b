"""The IPP codec on hand-computed bytes and on replies recorded from CUPS's ippeveprinter."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from agent.ipp.decode import decode_response, decode_value
from agent.ipp.encode import encode_get_printer_attributes
from agent.ipp.model import (
    SKIPPED_COLLECTION,
    GroupTag,
    IppParseError,
    OutOfBand,
    RangeOfInteger,
    Resolution,
)

DATA = Path(__file__).parent / "data"


def _attr(tag: int, name: str, value: bytes) -> bytes:
    raw = name.encode()
    return struct.pack(">BH", tag, len(raw)) + raw + struct.pack(">H", len(value)) + value


def test_request_bytes_follow_rfc8010_layout() -> None:
    data = encode_get_printer_attributes("ipp://p:631/ipp/print", 42, ("printer-state",))
    expected = (
        b"\x01\x01\x00\x0b\x00\x00\x00\x2a\x01"
        + _attr(0x47, "attributes-charset", b"utf-8")
        + _attr(0x48, "attributes-natural-language", b"en")
        + _attr(0x45, "printer-uri", b"ipp://p:631/ipp/print")
        + _attr(0x42, "requesting-user-name", b"lankeeper")
        + _attr(0x44, "requested-attributes", b"printer-state")
        + b"\x03"
    )
    assert data == expected


def test_request_multi_valued_requested_attributes_use_empty_names() -> None:
    data = encode_get_printer_attributes("ipp://p/ipp", 7, ("a", "bb"))
    tail = _attr(0x44, "requested-attributes", b"a") + _attr(0x44, "", b"bb") + b"\x03"
    assert data.endswith(tail)


def test_request_decodes_back_into_its_operation_group() -> None:
    data = encode_get_printer_attributes("ipp://p/ipp", 9, ("x", "y"), version=(2, 0))
    message = decode_response(data)
    assert message.version == (2, 0)
    assert message.status_code == 0x000B  # the operation-id sits where a reply has its status
    assert message.request_id == 9
    (group,) = message.groups
    assert group.tag == GroupTag.OPERATION
    assert [a.name for a in group.attributes] == [
        "attributes-charset",
        "attributes-natural-language",
        "printer-uri",
        "requesting-user-name",
        "requested-attributes",
    ]
    assert group.attributes[-1].values == ("x", "y")


@pytest.mark.parametrize("request_id", [0, -1, 2**31])
def test_request_id_must_be_positive_31_bit(request_id: int) -> None:
    with pytest.raises(ValueError, match="request_id"):
        encode_get_printer_attributes("ipp://p/ipp", request_id)


def test_recorded_full_reply_decodes_every_value_type() -> None:
    reply = decode_response((DATA / "ippeve-default-all.ipp").read_bytes())
    assert (reply.version, reply.status, reply.request_id) == ((1, 1), "successful-ok", 42)
    assert [g.tag for g in reply.groups] == [GroupTag.OPERATION, GroupTag.PRINTER]
    attrs = reply.printer_attributes()
    assert len(attrs) == 104
    assert attrs["printer-state"] == (3,)  # enum
    assert attrs["pages-per-minute"] == (10,)  # integer
    assert attrs["color-supported"] == (False,)  # boolean
    assert attrs["job-ids-supported"] == (True,)
    assert attrs["copies-supported"] == (RangeOfInteger(1, 1),)
    assert attrs["printer-resolution-default"] == (Resolution(600, 600, 3),)
    assert attrs["printer-make-and-model"] == ("Example Printer",)  # text
    assert attrs["printer-name"] == ("Lab Printer",)  # name
    assert attrs["media-source-supported"] == ("auto", "main", "manual", "by-pass-tray")
    assert attrs["charset-supported"] == ("us-ascii", "utf-8")  # charset
    assert attrs["natural-language-configured"] == ("en",)
    assert attrs["document-format-supported"] == (
        "application/octet-stream",
        "image/pwg-raster",
        "image/urf",
    )
    assert attrs["printer-geo-location"] == (OutOfBand.UNKNOWN,)
    assert attrs["printer-supply-description"] == ("Toner Waste Tank", "Black Toner")
    assert attrs["printer-supply"][1] == (
        b"index=2;class=supplyThatIsConsumed;type=toner;unit=percent;"
        b"maxcapacity=100;level=75;colorantname=black;"
    )
    assert attrs["printer-uuid"][0].startswith("urn:uuid:")  # type: ignore[union-attr]
    current = attrs["printer-current-time"][0]
    assert isinstance(current, datetime)
    assert current.tzinfo is not None


def test_recorded_collections_are_skipped_and_decoding_continues() -> None:
    attrs = decode_response((DATA / "ippeve-default-all.ipp").read_bytes()).printer_attributes()
    assert attrs["media-col-ready"] == (SKIPPED_COLLECTION, SKIPPED_COLLECTION)
    assert attrs["media-size-supported"][0] is SKIPPED_COLLECTION
    assert len(attrs["media-size-supported"]) == len(attrs["media-supported"])
    # the attribute after the collections decodes normally
    assert attrs["media-source-supported"][0] == "auto"


def test_nested_collection_and_member_names() -> None:
    body = (
        _attr(0x34, "media-col", b"")
        + _attr(0x4A, "", b"media-size")
        + _attr(0x34, "", b"")
        + _attr(0x4A, "", b"x-dimension")
        + _attr(0x21, "", struct.pack(">i", 21000))
        + _attr(0x37, "", b"")
        + _attr(0x37, "", b"")
        + _attr(0x21, "after", struct.pack(">i", 5))
    )
    reply = decode_response(b"\x02\x00\x00\x00\x00\x00\x00\x01\x04" + body + b"\x03")
    assert reply.printer_attributes() == {"media-col": (SKIPPED_COLLECTION,), "after": (5,)}


def test_unterminated_collection_is_a_parse_error() -> None:
    body = _attr(0x34, "media-col", b"") + _attr(0x4A, "", b"media-size")
    with pytest.raises(IppParseError):
        decode_response(b"\x02\x00\x00\x00\x00\x00\x00\x01\x04" + body + b"\x03")


def test_text_with_language_keeps_the_text() -> None:
    value = struct.pack(">H", 2) + b"fr" + struct.pack(">H", 5) + b"Salle"
    assert decode_value(0x35, value) == "Salle"


@pytest.mark.parametrize(
    ("tag", "raw"),
    [(0x21, b"\x00\x01"), (0x22, b""), (0x32, b"\x00" * 8), (0x33, b"\x00" * 9)],
)
def test_malformed_fixed_size_values_stay_raw_bytes(tag: int, raw: bytes) -> None:
    assert decode_value(tag, raw) == raw


def test_date_time_with_offset_and_nonsense_date() -> None:
    east = struct.pack(">HBBBBBB", 2026, 11, 29, 19, 5, 7, 3) + b"+\x01\x00"
    assert decode_value(0x31, east) == datetime(
        2026, 11, 29, 19, 5, 7, 300_000, tzinfo=timezone(timedelta(hours=1))
    )
    utc = struct.pack(">HBBBBBB", 2026, 1, 2, 3, 4, 5, 0) + b"+\x00\x00"
    assert decode_value(0x31, utc) == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    clockless = struct.pack(">HBBBBBB", 0, 0, 0, 0, 0, 0, 0) + b"+\x00\x00"
    assert decode_value(0x31, clockless) == clockless


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x01\x01\x00\x00\x00\x00\x00\x01",  # header, no end tag
        b"\x01\x01\x00\x00\x00\x00\x00\x01\x04\x41\x00\x05ab",  # truncated name
        b"\x01\x01\x00\x00\x00\x00\x00\x01\x41\x00\x01a\x00\x00\x03",  # no group
        b"\x01\x01\x00\x00\x00\x00\x00\x01\x04\x41\x00\x00\x00\x00\x03",  # orphan value
    ],
)
def test_structural_garbage_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(IppParseError):
        decode_response(data)


def test_oversized_message_is_refused() -> None:
    with pytest.raises(IppParseError, match="exceeds"):
        decode_response(b"\x01\x01" + b"\x00" * (4 * 1024 * 1024))
