"""PJLink wire format: greeting, MD5 digest, replies, ERST, LAMP — and garbage."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.pjlink.model import (
    Component,
    ErrorCode,
    Greeting,
    Health,
    Lamp,
    PjlinkAuthError,
    PjlinkError,
    PjlinkParseError,
    Power,
    Reply,
)
from agent.pjlink.parse import (
    auth_digest,
    encode_command,
    parse_class,
    parse_error_status,
    parse_greeting,
    parse_hours,
    parse_lamps,
    parse_power,
    parse_reply,
    parse_text,
)


def test_digest_matches_the_pjlink_specification_example() -> None:
    assert auth_digest("498e4a67", "JBMIAProjectorLink") == "5d8409bc1c3fa39749434aa3a5c38682"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"PJLINK 0\r", Greeting(False)),
        (b"PJLINK 1 498e4a67\r", Greeting(True, "498e4a67")),
        (b"PJLINK 0\r\n", Greeting(False)),
    ],
)
def test_greetings(line: bytes, expected: Greeting) -> None:
    assert parse_greeting(line) == expected


@pytest.mark.parametrize("line", [b"PJLINK 1\r", b"HTTP/1.1 400\r", b"", b"PJLINK 2 x\r"])
def test_bad_greetings(line: bytes) -> None:
    with pytest.raises(PjlinkParseError):
        parse_greeting(line)


def test_erra_is_an_auth_error() -> None:
    with pytest.raises(PjlinkAuthError):
        parse_reply(b"PJLINK ERRA\r")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"%1POWR=1\r", Reply(1, "POWR", "1")),
        (b"%1LAMP=ERR1\r", Reply(1, "LAMP", "ERR1", ErrorCode.UNDEFINED_COMMAND)),
        (b"%1POWR=ERR3\r", Reply(1, "POWR", "ERR3", ErrorCode.UNAVAILABLE_TIME)),
        (b"%2SNUM=\r", Reply(2, "SNUM", "")),
        (b"%1NAME=Room 3 = left\r", Reply(1, "NAME", "Room 3 = left")),
    ],
)
def test_replies(line: bytes, expected: Reply) -> None:
    assert parse_reply(line) == expected


def test_commands() -> None:
    assert encode_command("POWR") == b"%1POWR ?\r"
    assert encode_command("SNUM", pjlink_class=2) == b"%2SNUM ?\r"
    with pytest.raises(ValueError, match="not a PJLink command"):
        encode_command("powr")


def test_error_status_digits_per_component() -> None:
    assert parse_error_status("012010") == {
        Component.FAN: Health.OK,
        Component.LAMP: Health.WARNING,
        Component.TEMPERATURE: Health.ERROR,
        Component.COVER: Health.OK,
        Component.FILTER: Health.WARNING,
        Component.OTHER: Health.OK,
    }


@pytest.mark.parametrize("value", ["01201", "0120103", "01201x", ""])
def test_bad_error_status(value: str) -> None:
    with pytest.raises(PjlinkParseError):
        parse_error_status(value)


def test_lamps() -> None:
    assert parse_lamps("1234 1 980 0") == (Lamp(1, 1234, True), Lamp(2, 980, False))
    assert parse_lamps("0 0") == (Lamp(1, 0, False),)


@pytest.mark.parametrize("value", ["1234", "1234 2", "abc 1", "", " ".join(["1 1"] * 9)])
def test_bad_lamps(value: str) -> None:
    with pytest.raises(PjlinkParseError):
        parse_lamps(value)


def test_scalars() -> None:
    assert parse_power("3") is Power.WARMING_UP
    assert parse_class("2") == 2
    assert parse_hours("812") == 812
    assert parse_text("  Hall projector ") == "Hall projector"
    assert parse_text("\x07\x08") is None
    for parse, bad in ((parse_power, "4"), (parse_class, "3"), (parse_hours, "-1")):
        with pytest.raises(PjlinkParseError):
            parse(bad)


@given(st.binary(max_size=300))
def test_garbage_lines_raise_only_pjlink_errors(data: bytes) -> None:
    for parse in (parse_greeting, parse_reply):
        with contextlib.suppress(PjlinkError):
            parse(data)


@given(st.text(max_size=80))
def test_garbage_values_raise_only_parse_errors(value: str) -> None:
    for parse in (parse_power, parse_error_status, parse_lamps, parse_class, parse_hours):
        with contextlib.suppress(PjlinkParseError):
            parse(value)  # type: ignore[operator]
    parse_text(value)
