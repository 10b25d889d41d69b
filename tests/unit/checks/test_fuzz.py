"""Garbage never raises out of the check judges: random SNMP values under the OIDs they read,
random IPP printer states, random PJLink statuses."""

from __future__ import annotations

from ipaddress import IPv4Address

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.checks import net_rows, printer_rows, ups_rows
from agent.checks.access_point import evaluate_access_point
from agent.checks.computer import evaluate_host_resources
from agent.checks.config import HealthSettings
from agent.checks.printer_eval import evaluate_printer
from agent.checks.printer_snmp import parse_printer_mib
from agent.checks.projector import evaluate_projector
from agent.checks.switch import evaluate_switch
from agent.checks.ups import evaluate_ups
from agent.ipp.status import IppMarker, IppPrinterStatus, PrinterState, ReasonLevel, StateReason
from agent.pjlink.model import Component, Health, Lamp, Power, ProjectorStatus
from agent.snmp.values import Oid, Ticks

SETTINGS = HealthSettings()
values = st.one_of(
    st.integers(-(2**63), 2**64),
    st.binary(max_size=40),
    st.text(max_size=20),
    st.builds(Oid, st.sampled_from(["1.3.6.1.2.1.25.2.1.4", "1.3.6.1.2.1.25.2.1.2", "0.0"])),
    st.builds(Ticks, st.integers(0, 2**32)),
    st.builds(IPv4Address, st.integers(0, 2**32 - 1)),
)
prefixes = st.sampled_from(
    [
        *printer_rows.WALKS,
        *net_rows.WALKS,
        *net_rows.WIFI_WALKS,
        "1.3.6.1.2.1.25.2.3.1.2",
        "1.3.6.1.2.1.25.2.3.1.3",
        "1.3.6.1.2.1.25.2.3.1.5",
        "1.3.6.1.2.1.25.2.3.1.6",
        "1.3.6.1.2.1.25.3.3.1.2",
    ]
)
scalars = st.sampled_from([*ups_rows.ALL_OIDS, *net_rows.SCALARS])
suffixes = st.lists(st.integers(0, 30), min_size=1, max_size=3).map(
    lambda parts: ".".join(map(str, parts))
)
oids = st.one_of(st.builds(lambda p, s: f"{p}.{s}", prefixes, suffixes), scalars)
rows = st.dictionaries(oids, values, max_size=60)


@settings(max_examples=300)
@given(rows)
def test_snmp_judges_survive_garbage(garbage: dict) -> None:
    evaluate_printer(parse_printer_mib(garbage), None, SETTINGS)
    evaluate_ups(garbage, SETTINGS)
    evaluate_switch(garbage, SETTINGS, previous_uptime_s=1e6)
    evaluate_access_point(garbage, SETTINGS)
    evaluate_host_resources(garbage, SETTINGS)


small = st.integers(-5, 150) | st.none()
markers = st.builds(
    IppMarker,
    index=st.integers(-3, 100),
    name=st.text(max_size=30),
    color=st.text(max_size=10) | st.none(),
    marker_type=st.sampled_from(["toner", "waste-toner", "opc", "ink", "weird"]) | st.none(),
    level=small,
    low_level=small,
    high_level=small,
)
ipp_status = st.builds(
    IppPrinterStatus,
    state=st.sampled_from(PrinterState) | st.none(),
    reasons=st.lists(
        st.builds(StateReason, st.text(max_size=30), st.sampled_from(ReasonLevel)), max_size=5
    ).map(tuple),
    message=st.none(),
    make_and_model=st.none(),
    firmware=st.none(),
    uptime_s=st.none(),
    markers=st.lists(markers, max_size=6).map(tuple),
)


@settings(max_examples=200)
@given(ipp_status, rows)
def test_printer_judge_survives_garbage_ipp(status: IppPrinterStatus, garbage: dict) -> None:
    evaluate_printer(parse_printer_mib(garbage), status, SETTINGS)


projectors = st.builds(
    ProjectorStatus,
    power=st.sampled_from(Power) | st.none(),
    health=st.dictionaries(st.sampled_from(Component), st.sampled_from(Health)) | st.none(),
    lamps=st.lists(
        st.builds(Lamp, st.integers(1, 8), st.integers(0, 99999), st.booleans()), max_size=8
    ).map(tuple)
    | st.none(),
    filter_hours=st.integers(0, 10**6) | st.none(),
    errors=st.dictionaries(st.sampled_from(["POWR", "ERST", "LAMP"]), st.text(max_size=20)),
)


@given(projectors, rows)
def test_projector_judge_survives_garbage(status: ProjectorStatus, garbage: dict) -> None:
    evaluate_projector(status, None, garbage, SETTINGS)
    evaluate_projector(None, "x", garbage, SETTINGS)
