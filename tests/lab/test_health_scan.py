"""Health checks in a full lab scan: the peers are set to known states (ippeveprinter supply
levels, PJLink lamp hours, errors, standby, busy), the agent scans from its namespace exactly as
``make demo`` does, and the report must carry exactly those values; the snmpsim devices carry
the values of their recordings. Every ``unknown`` says why.

Two scans per module (~10 s each): ``health`` (everything answering, with the network checks
configured) and ``locked_out`` (a wrong PJLink password, and a projector answering ERR3). The
peers are put back into their inventory states afterwards, for the other lab tests.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from schemas import SCHEMA_VERSION, Report
from tests.lab.agent_config import LAB_NETWORK, write_agent_config
from tests.lab.inventory import PJLINK_PASSWORD, host
from tests.lab.lab import Lab
from tests.lab.specs import IppPrinter, Pjlink, PjlinkState, SupplyLevels

pytestmark = pytest.mark.lab

WRONG_PASSWORD = "not-the-projector-password"
LIBRARY_LEVELS = SupplyLevels(waste=95, black=4, cyan=12, magenta=55, yellow=70)
LAMP_FAILURE_AND_DIRTY_FILTER = "020010"  # ERST digits: fan lamp temperature cover filter other


def _pjlink(suffix: str) -> PjlinkState:
    return next(p.state for p in host(suffix).peers if isinstance(p, Pjlink))


def _ipp(suffix: str) -> IppPrinter:
    return next(p for p in host(suffix).peers if isinstance(p, IppPrinter))


HALL_IN_STANDBY = replace(_pjlink("proj-nec"), power=0, lamps=((2790, False),))
ROOM3_LAMP_FAILED = replace(
    _pjlink("proj-epson"), erst=LAMP_FAILURE_AND_DIRTY_FILTER, lamps=((3050, False),)
)
CLASS1_QUERIES = ("POWR", "ERST", "LAMP", "NAME", "INF1", "INF2", "INFO", "CLSS")
ROOM3_BUSY = replace(_pjlink("proj-epson"), power=3, unavailable=CLASS1_QUERIES)  # warming up


@dataclass(frozen=True)
class Scan:
    report: dict[str, Any]
    stdout: str
    stderr: str

    def device(self, suffix: str) -> dict[str, Any]:
        mac = host(suffix).mac
        return next(d for d in self.report["devices"] if d["mac"] == mac)

    def checks(self, suffix: str) -> dict[str, dict[str, Any]]:
        return {c["check_id"]: c for c in self.device(suffix)["checks"]}

    def all_checks(self) -> list[tuple[str, dict[str, Any]]]:
        """(device MAC or "host", check) for every check in the report."""
        found = [(str(d["mac"]), c) for d in self.report["devices"] for c in d["checks"]]
        return found + [("host", c) for c in self.report["host_checks"]]


def run_scan(lab: Lab, out: Path, *, pjlink_password: str = PJLINK_PASSWORD) -> Scan:
    """``lankeeper-agent scan --config ... --json ...`` in the agent's namespace."""
    config = write_agent_config(
        out / "agent.toml", pjlink_password=pjlink_password, extra=LAB_NETWORK
    )
    report = out / "report.json"
    argv = [lab.ctx.python, "-m", "agent.cli", "scan", "--config", str(config)]
    argv += ["--state-dir", str(out / "state")]  # never the machine's own /var/lib/lankeeper
    done: subprocess.CompletedProcess[str] = lab.exec_in(
        lab.agent_ns, [*argv, "--json", str(report)], timeout=300
    )
    assert done.returncode == 0, done.stderr
    return Scan(json.loads(report.read_text()), done.stdout, done.stderr)


def _restore(lab: Lab) -> None:
    for row in (host("proj-nec"), host("proj-epson")):
        lab.set_pjlink_state(row, _pjlink(row.suffix))
    lab.set_ipp_supplies("kyocera", _ipp("kyocera").levels)


@pytest.fixture(scope="module")
def peers_restored(lab: Lab) -> Iterator[Lab]:
    """The lab, whose peers get their inventory states back when this module is done."""
    try:
        yield lab
    finally:
        _restore(lab)


@pytest.fixture(scope="module")
def health(peers_restored: Lab, tmp_path_factory: pytest.TempPathFactory) -> Scan:
    lab = peers_restored
    lab.set_ipp_supplies("kyocera", LIBRARY_LEVELS)
    lab.set_pjlink_state("proj-nec", HALL_IN_STANDBY)
    lab.set_pjlink_state("proj-epson", ROOM3_LAMP_FAILED)
    return run_scan(lab, tmp_path_factory.mktemp("health"))


@pytest.fixture(scope="module")
def locked_out(peers_restored: Lab, tmp_path_factory: pytest.TempPathFactory) -> Scan:
    lab = peers_restored
    lab.set_pjlink_state("proj-nec", _pjlink("proj-nec"))
    lab.set_pjlink_state("proj-epson", ROOM3_BUSY)
    return run_scan(lab, tmp_path_factory.mktemp("locked"), pjlink_password=WRONG_PASSWORD)


def _levels(device: dict[str, Any]) -> list[tuple[Any, ...]]:
    keys = ("index", "name", "kind", "colour", "level_percent", "raw_level", "raw_max", "status")
    return [tuple(s[k] for k in keys) for s in device["supplies"]]


def _said(check: dict[str, Any]) -> tuple[str, str]:
    return check["status"], check["summary"]


def _metrics(check: dict[str, Any]) -> dict[str, tuple[float, str | None]]:
    return {m["name"]: (m["value"], m["unit"]) for m in check["metrics"]}


# -- printers -------------------------------------------------------------------------------


def test_ipp_printer_reports_the_levels_it_was_set_to(health: Scan) -> None:
    assert _levels(health.device("kyocera")) == [
        (1, "Waste Toner Box", "waste", None, 5.0, 95, 100, "warning"),  # 95 % full
        (2, "Black Toner", "toner", "black", 4.0, 4, 100, "critical"),
        (3, "Cyan Toner", "toner", "cyan", 12.0, 12, 100, "warning"),
        (4, "Magenta Toner", "toner", "magenta", 55.0, 55, 100, "ok"),
        (5, "Yellow Toner", "toner", "yellow", 70.0, 70, 100, "ok"),
    ]
    checks = health.checks("kyocera")
    assert _said(checks["printer.supply.2"]) == ("critical", "Black toner at 4 % — Black Toner")
    assert _said(checks["printer.supply.3"]) == ("warning", "Cyan toner at 12 % — Cyan Toner")
    assert _said(checks["printer.supply.4"]) == ("ok", "Magenta toner at 55 % — Magenta Toner")
    assert _said(checks["printer.supply.1"]) == (
        "warning",
        "Waste toner box 95 % full — Waste Toner Box (printer reports: Waste box almost full)",
    )
    assert _metrics(checks["printer.supply.2"]) == {"level": (4.0, "%")}
    assert _metrics(checks["printer.supply.1"]) == {"space_left": (5.0, "%")}
    assert checks["printer.supply.2"]["evidence"]["source"] == "ipp"


def test_ipp_printer_state_reasons_surface(health: Scan) -> None:
    status = health.checks("kyocera")["printer.status"]
    assert _said(status) == ("warning", "Waste box almost full; Toner low")
    assert status["evidence"]["ipp.state"] == "idle"
    assert status["evidence"]["ipp.reasons"] == (
        "marker-waste-almost-full-report, toner-low-report"
    )


def test_hp_jetdirect_toners_from_the_recording(health: Scan) -> None:
    assert _levels(health.device("hp")) == [
        (1, "Black Cartridge HP CF400X", "toner", "black", 63.0, 63, 100, "ok"),
        (2, "Cyan Cartridge HP CF401X", "toner", "cyan", 63.0, 63, 100, "ok"),
        (3, "Magenta Cartridge HP CF403X", "toner", "magenta", 88.0, 88, 100, "ok"),
        (4, "Yellow Cartridge HP CF402X", "toner", "yellow", 36.0, 36, 100, "ok"),
    ]
    checks = health.checks("hp")
    assert _said(checks["printer.supply.1"]) == (
        "ok",
        "Black toner at 63 % — Black Cartridge HP CF400X",
    )
    assert _said(checks["printer.status"]) == ("ok", "Printer answering; no problems reported")
    assert checks["printer.supply.1"]["evidence"]["source"] == "snmp"


def test_brother_empty_toner_is_critical_and_its_drum_at_68_percent(health: Scan) -> None:
    assert _levels(health.device("brother")) == [
        (1, "Black Toner Cartridge", "toner", "black", 0.0, 0, -2, "critical"),
        (2, "Black Toner Cartridge", "toner", "black", None, -3, -2, "ok"),
        (3, "Drum Unit", "drum", None, 68.0, 17208, 25000, "ok"),
    ]
    checks = health.checks("brother")
    assert _said(checks["printer.supply.1"]) == (
        "critical",
        "Black toner empty — Black Toner Cartridge",
    )
    assert _said(checks["printer.supply.3"]) == ("ok", "Drum at 68 % — Drum Unit")
    assert _said(checks["printer.status"]) == (
        "ok",
        "Printer answering; supplies need attention",
    )
    assert _metrics(checks["printer.pages"]) == {"pages": (7792, "pages")}


def test_epson_inks_at_1_percent_are_critical(health: Scan) -> None:
    names = [
        "Black Ink Supply Unit T9441/T9451/T9461",
        "Cyan Ink Supply Unit T9442/T9452",
        "Magenta Ink Supply Unit T9443/T9453",
        "Yellow Ink Supply Unit T9444/T9454",
    ]
    colours = ["black", "cyan", "magenta", "yellow"]
    assert _levels(health.device("epson")) == [
        (n, name, "ink", colour, 1.0, 1, 100, "critical")
        for n, (name, colour) in enumerate(zip(names, colours, strict=True), start=1)
    ]
    assert _said(health.checks("epson")["printer.supply.2"]) == (
        "critical",
        "Cyan ink at 1 % — Cyan Ink Supply Unit T9442/T9452",
    )


def test_sleeping_printer_is_unknown_asleep_or_off_not_critical(health: Scan) -> None:
    sleepy = health.device("sleepy")
    assert sleepy["device_type"] == "printer"
    (status,) = sleepy["checks"]
    assert status["check_id"] == "printer.status"
    assert status["status"] == "unknown"
    assert status["reason"] == "asleep or off: no answer to SNMP or IPP"
    assert sleepy["supplies"] == []


# -- projectors ----------------------------------------------------------------------------


def test_projector_in_standby_with_its_lamp_near_end_of_life(health: Scan) -> None:
    checks = health.checks("proj-nec")
    assert _said(checks["projector.power"]) == ("ok", "Projector in standby")
    lamp = checks["projector.lamp.1"]
    assert _said(lamp) == (
        "warning",
        "Lamp 1: 2,790 of 3,000 hours (93 % of its life) — order a replacement lamp",
    )
    assert _metrics(lamp) == {"lamp_hours": (2790, "h"), "lamp_life_used": (93.0, "%")}
    assert lamp["evidence"] == {"source": "PJLink", "lamp_life_hours": "3000", "lamp_on": "False"}


def test_projector_error_status_names_the_component(health: Scan) -> None:
    checks = health.checks("proj-epson")
    errors = checks["projector.errors"]
    assert _said(errors) == ("critical", "Lamp failure; Filter needs cleaning")
    assert errors["evidence"] == {
        "fan": "ok", "lamp": "error", "temperature": "ok",
        "cover": "ok", "filter": "warning", "other": "ok",
    }  # fmt: skip
    assert _said(checks["projector.lamp.1"]) == (
        "critical",
        "Lamp 1: 3,050 of 3,000 hours (102 % of its life) — replace the lamp",
    )


def test_wrong_pjlink_password_is_unknown_naming_authentication(locked_out: Scan) -> None:
    checks = locked_out.checks("proj-nec")
    assert list(checks) == ["projector.power"]
    assert checks["projector.power"]["status"] == "unknown"
    assert checks["projector.power"]["reason"] == (
        "authentication failed: wrong PJLink password (PJLINK ERRA)"
    )
    text = json.dumps(locked_out.report) + locked_out.stdout + locked_out.stderr
    assert WRONG_PASSWORD not in text


def test_busy_projector_is_unknown_and_snmp_still_gives_lamp_hours(locked_out: Scan) -> None:
    checks = locked_out.checks("proj-epson")
    power = checks["projector.power"]
    assert (power["status"], power["reason"]) == ("unknown", "projector busy or in standby (ERR3)")
    lamp = checks["projector.lamp.1"]
    assert _said(lamp) == ("ok", "Lamp 1: 79 of 3,000 hours (3 % of its life)")
    assert lamp["evidence"]["source"] == "SNMP (Epson 1.3.6.1.4.1.1248.4.1.1.1.1.0)"


# -- network devices -----------------------------------------------------------------------


def test_ups_on_mains_fully_charged(health: Scan) -> None:
    checks = health.checks("ups")
    assert {k: _said(c) for k, c in checks.items()} == {
        "ups.power": ("ok", "Running on mains power"),
        "ups.battery_replace": ("ok", "Battery does not need replacing"),
        "ups.charge": ("ok", "Battery charged to 100 %"),
        "ups.runtime": ("ok", "About 25 min of runtime on battery"),
        "ups.load": ("ok", "Load 38 % of capacity"),
        "ups.temperature": ("ok", "Battery temperature 28 °C"),
    }  # the APC recording has no self-test result (upsAdvTestDiagnosticsResults): no check
    assert _metrics(checks["ups.charge"]) == {"charge": (100.0, "%")}
    assert _metrics(checks["ups.runtime"]) == {"runtime": (25.367, "min")}  # 152200 ticks


def test_access_point_clients_per_radio_and_firmware(health: Scan) -> None:
    checks = health.checks("ap")
    wifi = checks["access_point.wifi"]
    assert _said(wifi) == ("ok", "18 Wi-Fi clients (2.4 GHz: 4, 5 GHz: 14)")
    assert _metrics(wifi) == {
        "radios": (2, None), "radios_up": (2, None), "clients": (18, None),
        "clients.2_4_ghz": (4, None), "clients.5_ghz": (14, None),
    }  # fmt: skip
    assert _said(checks["access_point.firmware"]) == ("ok", "Firmware 5.43.36.12724")
    assert _said(checks["access_point.uptime"]) == ("ok", "Up 6 days 7 h")


def test_switch_ports_and_firmware(health: Scan) -> None:
    checks = health.checks("switch")
    assert _said(checks["switch.ports"]) == ("ok", "9 of 28 ports connected")
    assert _metrics(checks["switch.ports"]) == {
        "ports_up": (9, None), "ports_down": (19, None), "ports": (28, None),
    }  # fmt: skip
    assert _said(checks["switch.firmware"]) == ("ok", "Firmware 3.0.0.61")
    assert _said(checks["switch.uptime"]) == ("ok", "Up 14 days 1 h")


def test_windows_server_disk_from_host_resources(health: Scan) -> None:
    disk = health.checks("winsrv")["computer.disk.c"]
    assert _said(disk) == ("ok", "Disk C:\\ 70 % free (74.4 GB of 106.7 GB)")


def test_linux_server_disks_are_real_disks_only(health: Scan) -> None:
    disks = [k for k in health.checks("fileserver") if k.startswith("computer.disk.")]
    assert "computer.disk.root" in disks
    assert not [k for k in disks if k.startswith(("computer.disk.dev", "computer.disk.run"))]


# -- the agent's PC and the network --------------------------------------------------------


def test_host_checks_cover_the_agents_pc_and_the_network(health: Scan) -> None:
    checks = {c["check_id"]: c for c in health.report["host_checks"]}
    assert {"host.disk.root", "host.memory", "host.cpu", "host.uptime"} <= set(checks)
    gateway, dns = checks["network.gateway"], checks["network.dns"]
    assert gateway["status"] == "ok"
    assert gateway["summary"].startswith("Default gateway 198.18.0.1 answers in ")
    assert gateway["evidence"]["port.53"] == "port 53 accepted"  # the lab's dnsmasq
    assert [m["name"] for m in gateway["metrics"]] == ["latency"]
    assert dns["status"] == "ok"
    assert dns["summary"].startswith("DNS resolves gw.school.lan in ")
    assert dns["evidence"]["addresses"] == "198.18.0.1"


# -- the whole report ----------------------------------------------------------------------


def _unknowns(scan: Scan) -> set[tuple[str, str]]:
    return {(where, c["check_id"]) for where, c in scan.all_checks() if c["status"] == "unknown"}


def test_every_unknown_says_why_and_only_the_sleeping_printer_is_unknown(health: Scan) -> None:
    assert all(c["reason"] for _, c in health.all_checks() if c["status"] == "unknown")
    assert _unknowns(health) == {(host("sleepy").mac, "printer.status")}


def test_locked_out_scan_unknowns_all_say_why(locked_out: Scan) -> None:
    assert all(c["reason"] for _, c in locked_out.all_checks() if c["status"] == "unknown")
    assert _unknowns(locked_out) == {
        (host("sleepy").mac, "printer.status"),
        (host("proj-nec").mac, "projector.power"),
        (host("proj-epson").mac, "projector.power"),
    }


def test_reports_validate_as_schema_1_1(health: Scan, locked_out: Scan) -> None:
    for scan in (health, locked_out):
        report = Report.model_validate(scan.report)
        assert report.schema_version == SCHEMA_VERSION


def test_the_terminal_shows_problems_first_in_sentences(health: Scan) -> None:
    out = health.stdout
    assert out.index("Needs attention") < out.index("Printers")
    assert "Black toner at 4 % — Black Toner" in out
    assert "Lamp failure; Filter needs cleaning" in out
