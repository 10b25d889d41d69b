"""A radio band or an antenna's gain named in sysDescr says radio (access_point); a CPU's clock
does not. ptp250.snmprec's and tranzeo.snmprec's sysDescr as recorded (LibreNMS test data)."""

from __future__ import annotations

import asyncio

import pytest

from agent.identify import identify_recording
from agent.knowledge.snmp_evidence import sys_descr_rows
from agent.snmp.recording import parse_snmprec
from schemas import DeviceType as T

PTP250 = (
    "1.3.6.1.2.1.1.1.0|4|Linux Krusty 250 5Ghz Omni 2.6.32.27 #2 Wed Sep 21 12:28:55 EEST 2016"
    " mips\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.17713.250\n"
)
TRANZEO = "Tranzeo TR6Rt, OS 6.8.0(1024), FW TR6-4.0.3Rt, 5.xGHz, 24dBi int. antenna"


def bands(descr: str) -> list[str]:
    return [row.label for row in sys_descr_rows(descr) if "radio band" in row.label]


def test_a_radio_naming_its_band_is_a_radio_even_from_a_network_maker() -> None:
    device = asyncio.run(identify_recording(parse_snmprec(PTP250), label="test"))
    assert device.device_type is T.ACCESS_POINT
    assert "radio band" in device.type_reason


@pytest.mark.parametrize(
    "descr", [TRANZEO, "Acme 60 GHz link", "Foo 2.4GHz AP", "Bar E-band 80GHz", "23 dBi dish"]
)
def test_bands_and_antenna_gain(descr: str) -> None:
    assert bands(descr)


@pytest.mark.parametrize(
    "descr",
    [
        "Intel(R) Core(TM) i5-4590 CPU @ 3.30GHz",
        "Hardware: Intel64 CPU @ 2.40GHz - Software: Windows",
        "Linux host 5.4 #1 SMP x86_64",
        "Switch 48x 10GbE",
    ],
)
def test_cpu_clocks_and_ethernet_speeds_are_not_bands(descr: str) -> None:
    assert bands(descr) == []
