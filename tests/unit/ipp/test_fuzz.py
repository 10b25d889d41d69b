"""Garbage never escapes the IPP decoder except as IppParseError."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.ipp.decode import decode_response
from agent.ipp.model import IppParseError
from agent.ipp.status import parse_printer_supply, printer_status

RECORDED = [p.read_bytes() for p in sorted((Path(__file__).parent / "data").glob("*.ipp"))]


def _decode_or_parse_error(data: bytes) -> None:
    with contextlib.suppress(IppParseError):
        printer_status(decode_response(data))


@given(st.binary(max_size=2048))
def test_random_bytes(data: bytes) -> None:
    _decode_or_parse_error(data)


@settings(max_examples=300)
@given(st.sampled_from(RECORDED), st.data())
def test_mutated_recordings(recorded: bytes, data: st.DataObject) -> None:
    mutated = bytearray(recorded)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(mutated) - 1))
        mutated[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(mutated)))
    _decode_or_parse_error(bytes(mutated[:cut]) if data.draw(st.booleans()) else bytes(mutated))


@given(st.binary(max_size=512))
def test_printer_supply_never_raises(data: bytes) -> None:
    parse_printer_supply(data)
