"""pysnmp/pyasn1 values → plain Python, with values built the way pysnmp builds them."""

from __future__ import annotations

from ipaddress import IPv4Address

import pytest
from pyasn1.type import univ
from pysnmp.proto import rfc1902, rfc1905

from agent.snmp.values import (
    MAX_OCTETS,
    Oid,
    Ticks,
    as_int,
    as_mac,
    as_oid,
    as_text,
    display,
    from_asn1,
)


@pytest.mark.parametrize(
    ("asn1", "expected"),
    [
        (rfc1902.Integer32(-5), -5),
        (rfc1902.Integer(3), 3),
        (rfc1902.Counter32(4294967295), 4294967295),
        (rfc1902.Gauge32(7), 7),
        (rfc1902.Unsigned32(8), 8),
        (rfc1902.Counter64(2**64 - 1), 2**64 - 1),
        (rfc1902.OctetString(b"HP LaserJet"), b"HP LaserJet"),
        (rfc1902.OctetString(hexValue="3ca82af638ac"), bytes.fromhex("3ca82af638ac")),
        (rfc1902.Opaque(b"\x9f\x78"), b"\x9f\x78"),
        (rfc1902.Bits(b"\x80\x00"), b"\x80\x00"),
        (rfc1902.IpAddress("198.18.0.10"), IPv4Address("198.18.0.10")),
        (rfc1902.ObjectName("1.3.6.1.4.1.11.2.3.9.1"), "1.3.6.1.4.1.11.2.3.9.1"),
        (univ.ObjectIdentifier("1.3.6.1.2.1.25.3.1.5"), "1.3.6.1.2.1.25.3.1.5"),
    ],
)
def test_from_asn1_plain_values(asn1: object, expected: object) -> None:
    assert from_asn1(asn1) == expected


def test_timeticks_and_oids_keep_their_kind() -> None:
    ticks = from_asn1(rfc1902.TimeTicks(220329339))
    assert isinstance(ticks, Ticks)
    assert ticks.seconds == pytest.approx(2203293.39)
    assert isinstance(from_asn1(rfc1902.ObjectName("1.3.6.1")), Oid)


@pytest.mark.parametrize(
    "absent",
    [
        rfc1905.NoSuchObject(),
        rfc1905.NoSuchInstance(),
        rfc1905.EndOfMibView(),
        univ.Null(""),
        object(),
        None,
    ],
)
def test_exceptions_and_unknown_values_are_absent(absent: object) -> None:
    assert from_asn1(absent) is None


def test_octet_strings_are_bounded() -> None:
    assert len(from_asn1(rfc1902.OctetString(b"x" * 10000))) == MAX_OCTETS  # type: ignore[arg-type]


def test_text_and_display() -> None:
    assert as_text(b"Brother HL-5370DW series\x00\x00") == "Brother HL-5370DW series"
    assert as_text(b"  padded  ") == "padded"
    assert as_text(b"Caf\xc3\xa9") == "Café"
    assert as_text(b"Caf\xe9") == "Café"  # latin-1 fallback
    assert as_text(b"\x00\x14\x22\x01\x23\x45") is None
    assert as_text(b"") is None
    assert as_text(b"y" * 5000, limit=10) == "y" * 10
    assert as_text(42) == "42"
    assert display(b"\x00\x14\x22\x01\x23\x45") == "0x001422012345"
    assert display(b"text") == "text"
    assert display(None) == ""


def test_numbers_oids_macs() -> None:
    assert as_int(Ticks(5)) == 5
    assert as_int(b"5") is None
    assert as_oid(Oid("1.3.6.1")) == "1.3.6.1"
    assert as_oid(".1.3.6.1.4") == "1.3.6.1.4"
    assert as_oid("not.an.oid") is None
    assert as_oid(b"1.3.6") is None
    assert as_mac(bytes.fromhex("001BA90BA752")) == "00:1b:a9:0b:a7:52"
    assert as_mac(bytes(6)) is None
    assert as_mac(b"\x01\x02\x03") is None
    assert as_mac("00:1b:a9:0b:a7:52") is None
