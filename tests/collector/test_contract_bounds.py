"""Every bound the database has is in ``schemas/``: walked field by field, column by column.

Each leaf of the report is listed with where it lands (a column, a JSON column, nowhere);
a new field fails ``test_every_field_is_placed`` until someone says where it goes, and a
bound wider than its column fails ``test_bounds_fit_the_columns``.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Column, Integer, String, Text

from collector.db.models import Base
from schemas import Report
from schemas.bounds import INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN
from tests.collector.schema_walk import Leaf, leaves

JSON = "json"  # kept inside a JSON column: no NUL, integers within 64 bits
NOWHERE = "not stored"  # compared or logged only: still bounded
CANONICAL = "canonical"  # rewritten by a validator to a fixed shape (a MAC: 17 characters)

PLACES: dict[str, tuple[str, ...]] = {
    "AgentInfo.agent_id": (NOWHERE,),
    "AgentInfo.hostname": ("agents.hostname", "devices.hostname"),
    "AgentInfo.version": (JSON,),
    "AgentInfo.platform": (NOWHERE,),
    "SchoolRef.school_id": (NOWHERE,),
    "SchoolRef.name": (NOWHERE,),
    "ScanInfo.interface": (NOWHERE,),
    "SettingsInfo.central_keys": (JSON,),
    "SettingsInfo.checkin_error": (JSON,),
    "MethodRun.observations": (JSON,),
    "MethodRun.error": (JSON,),
    "Problem.code": (JSON,),
    "Problem.message": (JSON,),
    "Device.mac": (CANONICAL, "devices.mac"),
    "Device.type_reason": ("devices.type_reason",),
    "Device.hostname": ("devices.hostname",),
    "Device.vendor": ("devices.vendor",),
    "Device.model": ("devices.model",),
    "Device.serial": ("devices.serial",),
    "Device.firmware": ("devices.firmware",),
    "Device.mac_vendor": ("devices.mac_vendor",),
    "Device.sys_name": ("devices.sys_name",),
    "Device.sys_descr": ("devices.sys_descr",),
    "Device.sys_object_id": ("devices.sys_object_id",),
    "Device.snmp_engine_id": ("devices.engine_id",),
    "Device.uuid": ("devices.uuid",),
    "MdnsService.service_type": (JSON,),
    "MdnsService.instance": (JSON,),
    "MdnsService.host": (JSON,),
    "MdnsService.port": (JSON,),
    "MdnsService.txt[key]": (JSON,),
    "MdnsService.txt[value]": (JSON,),
    "Probe.detail": (JSON,),
    "Probe.credential": (JSON,),
    "Evidence.fact": (JSON,),
    "Evidence.value": (JSON,),
    "Evidence.weight": (JSON,),
    "CheckResult.check_id": ("check_states.check_id", "check_history.check_id", "alerts.check_id"),
    "CheckResult.summary": ("check_states.summary", "check_history.summary", "alerts.summary"),
    "CheckResult.reason": ("check_states.reason",),
    "CheckResult.evidence[key]": (NOWHERE,),
    "CheckResult.evidence[value]": (NOWHERE,),
    "Metric.name": (JSON,),
    "Metric.unit": (JSON,),
    "Supply.index": ("supply_states.supply_index", "supply_history.supply_index"),
    "Supply.name": ("supply_states.name",),
    "Supply.colour": ("supply_states.colour",),
    "Supply.raw_level": (NOWHERE,),
    "Supply.raw_max": (NOWHERE,),
}
LEAVES = list(leaves(Report))


def _column(place: str) -> Column[object]:
    table, name = place.split(".")
    column: Column[object] = Base.metadata.tables[table].c[name]
    return column


def _columns(leaf: Leaf) -> list[Column[object]]:
    return [_column(p) for p in PLACES[leaf.name] if p not in (JSON, NOWHERE, CANONICAL)]


def test_every_field_is_placed() -> None:
    names = {leaf.name for leaf in LEAVES}
    assert names - PLACES.keys() == set(), "say where these report fields are stored"
    assert PLACES.keys() - names == set(), "these fields are no longer in the report"


@pytest.mark.parametrize("leaf", [x for x in LEAVES if x.kind is str], ids=lambda x: x.name)
def test_text_is_bounded_and_refuses_nul(leaf: Leaf) -> None:
    if CANONICAL in PLACES[leaf.name]:
        return
    assert "max_length" in leaf.constraints, f"{leaf.name} has no max_length"
    pattern = leaf.constraints.get("pattern")
    assert pattern is not None, f"{leaf.name} accepts NUL characters"
    assert re.search(pattern, "a\x00b") is None
    assert re.search(pattern, "\x00") is None


@pytest.mark.parametrize("leaf", [x for x in LEAVES if x.kind is int], ids=lambda x: x.name)
def test_integers_are_bounded(leaf: Leaf) -> None:
    low, high = leaf.constraints.get("ge"), leaf.constraints.get("le")
    assert low is not None, f"{leaf.name} has no lower bound"
    assert high is not None, f"{leaf.name} has no upper bound"
    assert INT64_MIN <= low <= high <= INT64_MAX  # a JSON column (orjson) holds 64 bits


@pytest.mark.parametrize("leaf", [x for x in LEAVES if _columns(x)], ids=lambda x: x.name)
def test_bounds_fit_the_columns(leaf: Leaf) -> None:
    for column in _columns(leaf):
        kind = column.type
        if isinstance(kind, String) and not isinstance(kind, Text) and kind.length is not None:
            limit = leaf.constraints.get("max_length")
            if CANONICAL in PLACES[leaf.name]:
                limit = 17
            assert limit is not None, f"{leaf.name} -> {column}: no max_length"
            assert limit <= kind.length, f"{leaf.name} allows {limit}, {column} holds {kind.length}"
        if isinstance(kind, Integer):  # INTEGER on PostgreSQL: 32 bits
            assert leaf.constraints["ge"] >= INT32_MIN, f"{leaf.name} -> {column}"
            assert leaf.constraints["le"] <= INT32_MAX, f"{leaf.name} -> {column}"


def test_the_walk_finds_the_known_fields() -> None:
    """The walker itself must see nested models, dict keys and optional fields."""
    names = {leaf.name for leaf in LEAVES}
    assert {"Supply.index", "MdnsService.txt[key]", "Device.sys_descr", "Metric.unit"} <= names
