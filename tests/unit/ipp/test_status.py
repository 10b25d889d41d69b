"""Printer health as IPP reports it, read from replies recorded from ippeveprinter."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.ipp.decode import decode_response
from agent.ipp.status import (
    IppMarker,
    PrinterState,
    ReasonLevel,
    StateReason,
    parse_printer_supply,
    parse_reason,
    printer_status,
)

DATA = Path(__file__).parent / "data"


def _status(name: str):  # type: ignore[no-untyped-def]
    return printer_status(decode_response((DATA / f"{name}.ipp").read_bytes()))


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("toner-low-warning", StateReason("toner-low", ReasonLevel.WARNING)),
        ("media-empty-error", StateReason("media-empty", ReasonLevel.ERROR)),
        ("offline-report", StateReason("offline", ReasonLevel.REPORT)),
        ("media-jam", StateReason("media-jam", ReasonLevel.UNSPECIFIED)),
        ("-error", StateReason("-error", ReasonLevel.UNSPECIFIED)),
    ],
)
def test_reason_suffixes_are_stripped(keyword: str, expected: StateReason) -> None:
    assert parse_reason(keyword) == expected


def test_lab_printer_markers_exactly_as_configured() -> None:
    status = _status("ippeve-lab-printer")
    assert status.state is PrinterState.IDLE
    assert status.reasons == ()
    assert status.message == "Idle."
    assert status.make_and_model == "Lab Colour Laser 400"
    assert status.firmware == "20261129"
    assert [(m.name, m.marker_type, m.level, m.low_level) for m in status.markers] == [
        ("Toner Waste Box", "waste-toner", 35, 90),
        ("Black Toner HP CF226A", "toner", 6, 15),
        ("Cyan Toner HP CF401X", "toner", 3, 15),
        ("Magenta Toner HP CF403X", "toner", -3, 15),
        ("Yellow Toner HP CF402X", "toner", 80, 15),
    ]
    assert status.markers[1].color == "#000000"


def test_toner_low_reason_set_through_the_printer_form() -> None:
    status = _status("ippeve-lab-mono-toner-low")
    assert status.reasons == (StateReason("toner-low", ReasonLevel.REPORT),)
    assert status.markers[1].level == 80  # the level still reads high


def test_toner_empty_reasons() -> None:
    keywords = [r.keyword for r in _status("ippeve-lab-printer-toner-empty").reasons]
    assert keywords == ["toner-empty", "toner-low"]


def test_printer_supply_used_when_no_marker_attributes() -> None:
    status = _status("ippeve-default-all")
    assert status.make_and_model == "Example Printer"
    assert status.markers == (
        IppMarker(1, "Toner Waste Tank", "unknown", "waste-toner", 75, None, None),
        IppMarker(2, "Black Toner", "black", "toner", 75, None, None),
    )


def test_printer_supply_pairs() -> None:
    assert parse_printer_supply(b"index=2;type=toner; level = 7 ;junk;=x;") == {
        "index": "2",
        "type": "toner",
        "level": "7",
        "": "x",
    }
