"""Recording parsers (.snmprec, snmpwalk -On) and the in-memory SnmpSource over them."""

from __future__ import annotations

import asyncio
import contextlib
from ipaddress import IPv4Address
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.snmp.errors import ParseError
from agent.snmp.recording import (
    RecordingSource,
    load_recording,
    parse_snmprec,
    parse_walk,
)
from agent.snmp.values import Oid, Ticks
from tests.unit.snmp.recordings import EXPECTED, SNMPREC_DIR, WALK_FILE, recording_paths

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
IF_PHYS = "1.3.6.1.2.1.2.2.1.6"


def test_every_recording_is_covered_by_the_expectations() -> None:
    assert {p.name for p in recording_paths()} == {e.file for e in EXPECTED}


@pytest.mark.parametrize("path", recording_paths(), ids=lambda p: p.name)
def test_every_recording_parses_with_its_system_group(path: Path) -> None:
    recording = load_recording(path)
    values = dict(recording.rows)
    assert isinstance(values[SYS_DESCR], bytes)
    assert isinstance(values["1.3.6.1.2.1.1.2.0"], Oid)
    assert isinstance(values["1.3.6.1.2.1.1.3.0"], Ticks)
    keys = [tuple(int(p) for p in oid.split(".")) for oid, _ in recording.rows]
    assert keys == sorted(keys)
    lines = [line for line in path.read_text("latin-1").splitlines() if line.strip()]
    assert len(recording.rows) + recording.skipped == len(lines)


def test_windows_recording_skips_only_its_anonymised_rows() -> None:
    recording = load_recording(SNMPREC_DIR / "windows_svr_2019_1809.snmprec")
    assert recording.skipped == 18  # the "10.xx" DHCP-scope and ipAddrTable rows
    assert recording.first_skipped_line == 551
    assert all(".xx" not in oid for oid, _ in recording.rows)


def test_snmprec_types_and_encodings() -> None:
    text = "\n".join(
        [
            "1.3.6.1.2.1.1.1.0|4|Printer, model X",
            "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11.2.3.9.1",
            "1.3.6.1.2.1.1.3.0|67|12345",
            "1.3.6.1.2.1.2.2.1.6.2|4x|3CA82AF638AC",
            "1.3.6.1.2.1.2.2.1.6.3|4x|c48e8fa24549",
            "1.3.6.1.2.1.4.20.1.1.10.0.0.1|64|10.0.0.1",
            "1.3.6.1.2.1.4.20.1.3.10.0.0.1|64x|ffffff00",
            "1.3.6.1.2.1.2.2.1.10.1|65|4294967295",
            "1.3.6.1.2.1.2.2.1.5.1|66|1000000000",
            "1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615",
            "1.3.6.1.2.1.2.2.1.1.1|2|-3",
            "1.3.6.1.4.1.9.9.1.0|4e|tab\\there\\x41",
            "1.3.6.1.4.1.9.9.2.0|68x|9f780442f60000",
            "1.3.6.1.4.1.9.9.3.0|5|",
            "1.3.6.1.4.1.9.9.4.0|128|",
            "1.3.6.1.4.1.9.9.5.0|4|with|pipes",
        ]
    )
    values = dict(parse_snmprec(text).rows)
    assert values[SYS_DESCR] == b"Printer, model X"
    assert values["1.3.6.1.2.1.1.2.0"] == "1.3.6.1.4.1.11.2.3.9.1"
    assert values["1.3.6.1.2.1.1.3.0"] == Ticks(12345)
    assert values["1.3.6.1.2.1.2.2.1.6.2"] == bytes.fromhex("3ca82af638ac")
    assert values["1.3.6.1.2.1.2.2.1.6.3"] == bytes.fromhex("c48e8fa24549")
    assert values["1.3.6.1.2.1.4.20.1.1.10.0.0.1"] == IPv4Address("10.0.0.1")
    assert values["1.3.6.1.2.1.4.20.1.3.10.0.0.1"] == IPv4Address("255.255.255.0")
    assert values["1.3.6.1.2.1.2.2.1.10.1"] == 4294967295
    assert values["1.3.6.1.2.1.31.1.1.1.6.1"] == 2**64 - 1
    assert values["1.3.6.1.2.1.2.2.1.1.1"] == -3
    assert values["1.3.6.1.4.1.9.9.1.0"] == b"tab\there" + b"A"
    assert values["1.3.6.1.4.1.9.9.2.0"] == bytes.fromhex("9f780442f60000")
    assert "1.3.6.1.4.1.9.9.3.0" not in values  # NULL: absent
    assert "1.3.6.1.4.1.9.9.4.0" not in values  # noSuchObject: absent
    assert values["1.3.6.1.4.1.9.9.5.0"] == b"with|pipes"


def test_snmprec_skips_unusable_lines_and_counts_them() -> None:
    text = "1.3.6.1.2.1.1.1.0|4|ok\nnot a record\n1.3.6.1.xx.1|4|bad oid\n1.3.6.1.2.1.1.3.0|2|x\n"
    recording = parse_snmprec(text)
    assert [oid for oid, _ in recording.rows] == [SYS_DESCR]
    assert recording.skipped == 3
    assert recording.first_skipped_line == 2


def test_walk_file_from_net_snmp() -> None:
    recording = load_recording(WALK_FILE, "walk")
    values = dict(recording.rows)
    assert recording.skipped == 0
    descr = values[SYS_DESCR]
    assert isinstance(descr, bytes)
    assert descr.startswith(b"Linux ")
    assert values["1.3.6.1.2.1.1.2.0"] == "1.3.6.1.4.1.8072.3.2.10"
    assert values["1.3.6.1.2.1.1.7.0"] == 78
    assert values[f"{IF_PHYS}.4"] == bytes.fromhex("001422012345")
    assert values[f"{IF_PHYS}.1"] == b""
    assert values["1.3.6.1.2.1.4.20.1.1.198.18.0.50"] == IPv4Address("198.18.0.50")
    assert isinstance(values["1.3.6.1.2.1.25.1.1.0"], Ticks)


def test_walk_value_forms() -> None:
    text = "\n".join(
        [
            '.1.3.6.1.2.1.1.1.0 = STRING: "first line',
            'second line with \\"quotes\\""',
            ".1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.9.1.516",
            ".1.3.6.1.2.1.1.3.0 = Timeticks: (123456) 0:20:34.56",
            ".1.3.6.1.2.1.2.2.1.3.1 = INTEGER: ethernetCsmacd(6)",
            ".1.3.6.1.2.1.2.2.1.4.1 = INTEGER: 1500 octets",
            ".1.3.6.1.2.1.2.2.1.6.1 = Hex-STRING: 00 1B A9 0B",
            "A7 52 ",
            '.1.3.6.1.2.1.2.2.1.6.2 = ""',
            ".1.3.6.1.2.1.2.2.1.6.3 = STRING: 0:1b:a9:b:a7:53",
            ".1.3.6.1.2.1.2.2.1.10.1 = Counter32: 7",
            ".1.3.6.1.2.1.31.1.1.1.6.1 = Counter64: 123456789012",
            ".1.3.6.1.2.1.2.2.1.5.1 = Gauge32: 1000000000",
            ".1.3.6.1.2.1.4.20.1.1.10.1.2.3 = IpAddress: 10.1.2.3",
            ".1.3.6.1.2.1.4.22.1.3.1.10.1.2.4 = Network Address: 0A:01:02:04",
            ".1.3.6.1.2.1.25.3.5.1.2.1 = BITS: 80 00 lowPaper(0)",
            ".1.3.6.1.2.1.1.8.0 = No Such Object available on this agent at this OID",
            ".1.3.6.1.2.1.1.9.0 = Wrong Type (should be OBJECT IDENTIFIER): INTEGER: 5",
            ".1.3.6.1.2.1.99.1.0 = Opaque: Float: 1.5",
        ]
    )
    recording = parse_walk(text)
    values = dict(recording.rows)
    assert values[SYS_DESCR] == b'first line\nsecond line with "quotes"'
    assert values["1.3.6.1.2.1.1.2.0"] == "1.3.6.1.4.1.9.1.516"
    assert values["1.3.6.1.2.1.1.3.0"] == Ticks(123456)
    assert values["1.3.6.1.2.1.2.2.1.3.1"] == 6
    assert values["1.3.6.1.2.1.2.2.1.4.1"] == 1500
    assert values[f"{IF_PHYS}.1"] == bytes.fromhex("001ba90ba752")
    assert values[f"{IF_PHYS}.2"] == b""
    assert values["1.3.6.1.2.1.31.1.1.1.6.1"] == 123456789012
    assert values["1.3.6.1.2.1.4.20.1.1.10.1.2.3"] == IPv4Address("10.1.2.3")
    assert values["1.3.6.1.2.1.4.22.1.3.1.10.1.2.4"] == IPv4Address("10.1.2.4")
    assert values["1.3.6.1.2.1.25.3.5.1.2.1"] == b"\x80\x00"
    assert values["1.3.6.1.2.1.1.9.0"] == 5
    assert "1.3.6.1.2.1.1.8.0" not in values
    assert recording.skipped == 1  # the Opaque float


def test_garbage_file_is_a_parse_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.snmprec"
    bad.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ParseError, match=r"garbage\.snmprec"):
        load_recording(bad)


def test_missing_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read"):
        load_recording(tmp_path / "absent.snmprec")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_snmprec_garbage_raises_only_parse_error(text: str) -> None:
    try:
        recording = parse_snmprec(text)
    except ParseError:
        return
    assert recording.rows


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('.0123456789 =:"|xSTRINGHexOIDabc\n')), max_size=400))
def test_walk_garbage_raises_only_parse_error(text: str) -> None:
    try:
        recording = parse_walk(text)
    except ParseError:
        return
    assert recording.rows


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["2", "4", "4x", "6", "64", "67", "70", "4e", "999"]),
            st.text(max_size=40),
        ),
        max_size=20,
    )
)
def test_snmprec_tag_value_garbage_raises_only_parse_error(rows: list[tuple[str, str]]) -> None:
    text = "\n".join(f"1.3.6.1.2.1.1.{n}.0|{tag}|{value}" for n, (tag, value) in enumerate(rows))
    with contextlib.suppress(ParseError):
        parse_snmprec(text)


def test_source_get_and_walk_follow_snmp_semantics() -> None:
    text = "\n".join(
        [
            "1.3.6.1.2.1.1.1.0|4|descr",
            "1.3.6.1.2.1.2.2.1.6.1|4|",
            "1.3.6.1.2.1.2.2.1.6.2|4x|001ba90ba752",
            "1.3.6.1.2.1.2.2.1.6.10|4x|001ba90ba753",
            "1.3.6.1.2.1.2.2.1.7.1|2|1",
        ]
    )
    source = RecordingSource(parse_snmprec(text))
    got = asyncio.run(source.get(["1.3.6.1.2.1.1.1.0", ".1.3.6.1.2.1.1.5.0"]))
    assert got == {"1.3.6.1.2.1.1.1.0": b"descr"}
    rows = asyncio.run(source.walk(IF_PHYS, 10))
    assert [oid for oid, _ in rows] == [f"{IF_PHYS}.1", f"{IF_PHYS}.2", f"{IF_PHYS}.10"]
    assert asyncio.run(source.walk(IF_PHYS, 1)) == rows[:1]
    assert asyncio.run(source.walk("1.3.6.1.2.1.43", 1)) == []
    assert asyncio.run(source.walk("not-an-oid", 5)) == []
