"""The checked-in vendor MIBs: each one's origin recorded, each product branch productive."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from agent.knowledge import generate, snmp_tables
from agent.knowledge.mib_parse import parse_module, resolve
from agent.knowledge.mib_products import ENTERPRISES, PRODUCT_BRANCHES, product_rows

SOURCES_MD = generate.MIBS / "SOURCES.md"


def _mib_files() -> list[str]:
    return sorted(p.name for p in generate.MIBS.iterdir() if p.is_file() and p.suffix != ".md")


def test_every_mib_file_is_listed_with_its_checksum() -> None:
    listed = dict(
        re.findall(r"^\| `([\w.-]+)` \|.*?\| ([0-9a-f]{64}) \|", SOURCES_MD.read_text(), re.M)
    )
    assert sorted(listed) == _mib_files()
    for name, digest in listed.items():
        assert hashlib.sha256((generate.MIBS / name).read_bytes()).hexdigest() == digest, name


def test_each_file_is_one_module_named_like_the_file() -> None:
    for name in _mib_files():
        module = parse_module((generate.MIBS / name).read_text(encoding="utf-8"))
        assert module is not None, name
        assert module.name == name


def test_every_product_branch_yields_rows_under_its_vendors_enterprise() -> None:
    # A small family (Huawei's S7700 chassis: 4 leaves) is a branch of its own; the vendor's
    # branches of one module yield many rows together.
    nodes = resolve(m for m in (parse_module(t) for t in generate.mib_texts()) if m is not None)
    per_module: dict[str, int] = {}
    for branch in PRODUCT_BRANCHES:
        rows = list(product_rows(nodes, [branch]))
        assert len(rows) >= 2, branch
        per_module[branch.module] = per_module.get(branch.module, 0) + len(rows)
        enterprises = {row[0].split(".")[0] for row in rows}
        assert len(enterprises) == 1, branch
        assert all(row[3] and row[4] for row in rows), branch
    assert min(per_module.values()) >= 5, per_module


def test_glpi_keeps_its_name_for_the_same_product_and_the_mib_wins_over_iana() -> None:
    iana = [("207", "Allied Telesis Inc.", "", "", "iana"), ("207.1.4.230", "I", "", "", "iana")]
    glpi = [("207.1.14.30", "Allied Telesyn", "switch", "AT-8724XL", "glpi")]
    mib = [
        ("207.1.14.30", "Allied Telesis", "switch", "AT8724XL", "AT-PRODUCT-MIB"),
        ("207.1.4.230", "Allied Telesis", "switch", "AT-x23028GP", "AT-PRODUCT-MIB"),
    ]
    rows = {row[0]: row for row in generate.compile_rows(iana, glpi, mib)}
    assert rows["207.1.14.30"][4] == "glpi"
    assert rows["207.1.4.230"][4] == "AT-PRODUCT-MIB"
    assert rows["207"][4] == "iana"
    assert list(rows) == sorted(rows)


def test_a_missing_mib_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="vendor MIBs"):
        generate.mib_texts(tmp_path / "nowhere")


def test_a_file_that_is_no_mib_module_adds_no_row() -> None:
    assert generate.mib_rows(["not a MIB", "", "X DEFINITIONS ::= BEGIN\nEND"]) == []


def test_no_typeless_mib_row_hides_a_curated_sysobjectid_type() -> None:
    # A public row deeper than a curated prefix replaces the curated evidence (snmp_evidence):
    # a vendor MIB row there without a type would turn "a Ruckus access point" into nothing.
    curated = [row for row in snmp_tables.SYS_OBJECT_IDS if row.suggests is not None]
    for oid, _, kind, _, source in generate.mib_rows(generate.mib_texts()):
        full = f"{ENTERPRISES}.{oid}"
        under = [row for row in curated if full.startswith(row.prefix + ".")]
        assert kind or not under, (oid, source, [row.label for row in under])
