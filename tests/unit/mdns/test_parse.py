from hypothesis import given
from hypothesis import strategies as st
from zeroconf import ServiceInfo

from agent.mdns.parse import (
    MAX_KEY_LEN,
    MAX_TXT_ENTRIES,
    MAX_VALUE_LEN,
    clean_text,
    instance_label,
    parse_txt,
)


def _txt(*strings: bytes) -> bytes:
    return b"".join(bytes([len(s)]) + s for s in strings)


def test_ipp_everywhere_txt() -> None:
    # TXT of an IPP Everywhere printer as announced (RFC 6763 string format)
    raw = _txt(
        b"txtvers=1", b"qtotal=1", b"rp=ipp/print", b"ty=Brother HL-L2350DW series",
        b"product=(Brother HL-L2350DW series)", b"Color=F", b"Duplex=T",
        b"UUID=e3248000-80ce-11db-8000-30055c773bcf", b"note=", b"air",
    )  # fmt: skip
    assert parse_txt(raw) == {
        "txtvers": "1", "qtotal": "1", "rp": "ipp/print", "ty": "Brother HL-L2350DW series",
        "product": "(Brother HL-L2350DW series)", "color": "F", "duplex": "T",
        "uuid": "e3248000-80ce-11db-8000-30055c773bcf", "note": "", "air": "",
    }  # fmt: skip


def test_agrees_with_zeroconf_on_what_it_sends() -> None:
    props = {"md": "Chromecast", "fn": "Hall TV", "flag": None, "empty": ""}
    info = ServiceInfo("_googlecast._tcp.local.", "x._googlecast._tcp.local.", properties=props)
    assert parse_txt(info.text) == {"md": "Chromecast", "fn": "Hall TV", "flag": "", "empty": ""}


def test_first_occurrence_of_a_key_wins_case_insensitively() -> None:
    assert parse_txt(_txt(b"Key=first", b"KEY=second", b"key=third")) == {"key": "first"}


def test_no_key_empty_strings_and_truncation() -> None:
    assert parse_txt(_txt(b"=orphan", b"", b"a=1") + b"\x10short") == {"a": "1"}
    assert parse_txt(b"\x00") == {}
    assert parse_txt(b"") == {}


def test_invalid_utf8_and_control_characters() -> None:
    assert parse_txt(_txt(b"n\xffame=Sch\xc3\xbcle\x00\x07 A\xfe")) == {
        "n\ufffdame": "Schüle A\ufffd"
    }


def test_value_with_equals_sign() -> None:
    assert parse_txt(_txt(b"url=http://x/?a=b")) == {"url": "http://x/?a=b"}


def test_bounded() -> None:
    many = _txt(*(b"k%d=v" % i for i in range(500)))
    assert len(parse_txt(many)) == MAX_TXT_ENTRIES
    long_key = _txt(b"k" * 200 + b"=v")
    assert list(parse_txt(long_key)) == ["k" * MAX_KEY_LEN]


def test_instance_label() -> None:
    assert instance_label("Office Printer._ipp._tcp.local.", "_ipp._tcp.local.") == "Office Printer"
    assert instance_label("Hall.TV._ipp._TCP.local.", "_ipp._tcp.local.") == "Hall.TV"
    assert instance_label("odd-name", "_ipp._tcp.local.") == "odd-name"
    assert instance_label("a\x00b\x1b[31m._x._tcp.local.", "_x._tcp.local.") == "ab[31m"


def test_clean_text_bounds() -> None:
    assert clean_text("x" * 1000) == "x" * 255
    assert clean_text(b"\xff\xfeok", 3) == "\ufffd\ufffdo"


@given(st.binary(max_size=2000))
def test_parse_txt_never_raises(raw: bytes) -> None:
    txt = parse_txt(raw)
    assert len(txt) <= MAX_TXT_ENTRIES
    for key, value in txt.items():
        assert key
        assert key == key.lower()
        assert len(key) <= MAX_KEY_LEN
        assert len(value) <= MAX_VALUE_LEN


@given(st.lists(st.binary(max_size=255), max_size=30))
def test_well_formed_strings_keep_every_key(strings: list[bytes]) -> None:
    keys = (clean_text(s.partition(b"=")[0], MAX_KEY_LEN).strip().lower() for s in strings)
    expected = {key for key in keys if key}
    assert set(parse_txt(_txt(*strings))) == expected
