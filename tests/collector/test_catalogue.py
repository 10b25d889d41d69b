"""The built-in cartridge catalogue (data) and how printers' models and supplies find it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collector.services.catalogue import (
    colour_of,
    model_key,
    models_match,
    parts_for,
    reported_part,
)
from collector.services.catalogue_data import CATALOGUE
from schemas import DeviceType, SupplyKind
from tests.lab.inventory import PRINTERS

VENDORS = {
    "HP", "Brother", "Canon", "Epson", "Kyocera", "Ricoh", "Xerox", "Lexmark", "OKI",
    "Konica Minolta", "Sharp",
}  # fmt: skip


def test_every_row_says_where_it_comes_from_and_is_complete() -> None:
    for row in CATALOGUE:
        assert row.source, row
        assert row.part, row
        assert row.models, row
        assert row.region in {"EU", "NA"}
        assert row.colour in {None, "black", "cyan", "magenta", "yellow"}
    assert {row.vendor for row in CATALOGUE} == VENDORS


def test_the_lab_printers_are_covered() -> None:
    models = [h.expected_model for h in PRINTERS if h.expected_type is DeviceType.PRINTER]
    for model in filter(None, models):
        kind = SupplyKind.INK if "WF-" in model else SupplyKind.TONER
        assert parts_for(model, kind, "black", []), model


@pytest.mark.parametrize(
    ("reported", "catalogue"),
    [
        ("Brother HL-5370DW series", "HL-5370DW"),
        ("HL-5370DW", "HL-5370DW"),
        ("EPSON WF-C5790BA", "WF-C5790"),
        ("P5026cdw", "ECOSYS P5026cdw"),
        ("Kyocera ECOSYS P5026cdw", "ECOSYS P5026cdw"),
        ("HP Color LaserJet Pro M252dw", "Color LaserJet Pro M252dw"),
    ],
)
def test_models_match_loosely(reported: str, catalogue: str) -> None:
    assert models_match(model_key(reported), model_key(catalogue))


@pytest.mark.parametrize(
    ("reported", "catalogue"),
    [("HL-5370", "HL-5370DW"), ("M252", "Color LaserJet Pro M252dw"), ("", "HL-5370DW")],
)
def test_models_do_not_match_too_loosely(reported: str, catalogue: str) -> None:
    assert not models_match(model_key(reported), model_key(catalogue))


def test_part_numbers_in_supply_names() -> None:
    assert reported_part("Black Cartridge HP CF400X") == "CF400X"
    assert reported_part("Black Ink Supply Unit T9441/T9451/T9461") == "T9441"
    assert reported_part("Black Toner TN-2420") == "TN-2420"
    assert reported_part("Black Toner Cartridge") is None
    assert reported_part("Drum Unit") is None


def test_colour_and_region() -> None:
    assert colour_of("Black Toner Cartridge", None) == "black"
    assert colour_of("Toner", "Cyan") == "cyan"
    assert [p.part for p in parts_for("HL-5370DW", SupplyKind.TONER, "black", [])] == [
        "TN-3280",
        "TN-3230",
    ]
    assert [p.part for p in parts_for("HL-5370DW", "toner", None, [], region="NA")] == [
        "TN-650",
        "TN-620",
    ]
    magenta = parts_for("Color LaserJet Pro M252dw", SupplyKind.TONER, "magenta", [])
    assert [p.part for p in magenta] == ["CF403A", "CF403X"]
    assert parts_for("Unknown 9000", SupplyKind.TONER, "black", []) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300), st.one_of(st.none(), st.text(max_size=64)))
def test_garbage_model_and_supply_names(model: str, name: str, colour: str | None) -> None:
    key = model_key(model)
    assert re.fullmatch(r"[a-z0-9]*", key)
    found = reported_part(name)
    assert found is None or found in name
    assert colour_of(name, colour) in {None, "black", "cyan", "magenta", "yellow"}
    for kind in SupplyKind:
        for part in parts_for(model, kind, colour_of(name, colour), []):
            assert part.source
