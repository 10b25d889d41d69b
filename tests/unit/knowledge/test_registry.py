"""The compiled public registry: fresh against its sources, and looked up correctly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.knowledge import generate
from agent.knowledge.registry import TABLE, Registry
from schemas import DeviceType


def test_checked_in_table_matches_the_generator_output() -> None:
    # Reads /usr/share/wireshark/enterprises.tsv and /usr/share/fusioninventory/sysobject.ids
    # (scripts/system-deps.sh installs them); regenerate with `python -m agent.knowledge.generate`.
    assert TABLE.read_text(encoding="utf-8") == generate.generate()


def test_every_row_names_its_source() -> None:
    sources = set()
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            sources.update(line.split("\t")[4].split("+"))  # glpi+<MIB>: GLPI's name, MIB's type
    mibs = {path.name for path in generate.MIBS.iterdir() if path.suffix != ".md"}
    assert {"iana", "glpi"} <= sources
    assert sources - {"iana", "glpi"} <= mibs  # the vendor MIB module each row came from


def test_a_product_only_the_vendors_mib_registers_gets_its_model() -> None:
    row = Registry().longest_match("1.3.6.1.4.1.207.1.4.230")  # AT-PRODUCT-MIB atx23028GP
    assert row is not None
    assert row.exact
    assert (row.vendor, row.model, row.source) == (
        "Allied Telesis",
        "AT-x23028GP",
        "AT-PRODUCT-MIB",
    )
    assert row.device_type is DeviceType.SWITCH  # its branch is "swhub", Layer 2 switches
    assert row.source_name == "the maker's AT-PRODUCT-MIB"


def test_longest_prefix_wins_and_exact_rows_carry_the_model() -> None:
    registry = Registry()
    exact = registry.longest_match("1.3.6.1.4.1.9.1.516")
    assert exact is not None
    assert exact.exact
    assert exact.vendor == "Cisco"
    assert exact.device_type is DeviceType.SWITCH
    assert exact.model
    deeper = registry.longest_match("1.3.6.1.4.1.9.1.516.99.7")
    assert deeper is not None
    assert deeper.oid == "1.3.6.1.4.1.9.1.516"
    assert not deeper.exact


def test_maker_only_from_iana_and_nothing_outside_enterprises() -> None:
    registry = Registry()
    row = registry.longest_match("1.3.6.1.4.1.51628.7.1")  # an enterprise GLPI does not know
    assert row is not None
    assert row.source == "iana"
    assert row.device_type is None
    assert registry.longest_match("1.3.6.1.2.1.1") is None
    assert registry.longest_match("") is None
    assert registry.longest_match(None) is None


def _table(tmp_path: Path, keys: list[str]) -> Path:
    rows = sorted(dict.fromkeys(keys))
    text = "# header\n" + "".join(f"{key}\tMaker {key}\tswitch\t\tglpi\n" for key in rows)
    path = tmp_path / "t.tsv"
    path.write_text(text, encoding="utf-8")
    return path


arcs = st.lists(st.integers(0, 300).map(str), min_size=1, max_size=4).map(".".join)


@settings(max_examples=60, deadline=None)
@given(keys=st.lists(arcs, min_size=1, max_size=40), probe=arcs)
def test_binary_search_agrees_with_a_dict(
    tmp_path_factory: pytest.TempPathFactory, keys: list[str], probe: str
) -> None:
    registry = Registry(_table(tmp_path_factory.mktemp("reg"), keys))
    for key in keys:
        found = registry.line(key)
        assert found is not None
        assert found[0] == key
    assert (registry.line(probe) is not None) == (probe in keys)


def test_generator_parsers_skip_garbage() -> None:
    iana = list(generate.iana_rows(["# c", "", "12\tAcme", "x Bad", "13 Spaced Name", "14\t"]))
    assert [row[:2] for row in iana] == [("12", "Acme"), ("13", "Spaced Name")]
    glpi = list(generate.glpi_rows(["1.2\tV\tPRINTER\tM1", "a.b\tV", "3\tV\tNETWORKING", "#x"]))
    assert [row[:4] for row in glpi] == [("1.2", "V", "printer", "M1"), ("3", "V", "switch", "")]
