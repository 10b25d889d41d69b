"""The agent scans the simulated school from its namespace: every host found, right MAC and IP,
classified and described as the inventory says, the report explains itself, nothing leaves the
lab, secrets never appear, and bad targets are refused before a packet is sent."""

from __future__ import annotations

import json
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from schemas import Report
from tests.lab.agent_config import write_agent_config
from tests.lab.capture import Capture, outside_allowed, pcap_ipv4_addresses
from tests.lab.expectations import report_mismatches
from tests.lab.inventory import V3_USER, host
from tests.lab.lab import REPO, Lab

pytestmark = pytest.mark.lab

AGENT = [str(REPO / ".venv" / "bin" / "python"), "-m", "agent.cli"]


@dataclass(frozen=True)
class Scan:
    done: subprocess.CompletedProcess[str]
    report: dict[str, Any]
    seen_addresses: set[Any]

    def device(self, mac: str) -> dict[str, Any]:
        return next(d for d in self.report["devices"] if d["mac"] == mac)


def agent(lab: Lab, *args: str, no_raw_sockets: bool = False) -> subprocess.CompletedProcess[str]:
    argv = [*AGENT, *args]
    if no_raw_sockets:  # as an unprivileged user would run it: no CAP_NET_RAW
        argv = ["capsh", "--drop=cap_net_raw", "--", "-c", shlex.join(argv)]
    return lab.exec_in(lab.agent_ns, argv, timeout=300, check=False)


def scan(lab: Lab, out: Path, *, no_raw_sockets: bool = False) -> Scan:
    config = write_agent_config(out / "agent.toml")
    report = out / "report.json"
    state = out / "state"  # never the machine's own /var/lib/lankeeper
    args = ("scan", "--config", str(config), "--json", str(report), "--state-dir", str(state))
    with Capture(lab.switch_ns, out / "scan.pcap") as capture:
        done = agent(lab, *args, no_raw_sockets=no_raw_sockets)
    assert done.returncode == 0, done.stderr
    return Scan(done, json.loads(report.read_text()), pcap_ipv4_addresses(capture.path))


@pytest.fixture(scope="module")
def full_scan(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Scan:
    return scan(lab, tmp_path_factory.mktemp("scan"))


def test_every_lab_host_is_found_and_described_as_expected(lab: Lab, full_scan: Scan) -> None:
    assert report_mismatches(full_scan.report, lab.hosts) == []


def test_the_report_is_a_valid_versioned_document(full_scan: Scan) -> None:
    report = Report.model_validate(full_scan.report)
    assert report.school.school_id == "lab-school"
    assert [str(net) for net in report.scan.subnets] == ["198.18.0.0/24"]
    methods = {run.method.value for run in report.scan.methods}
    assert {"arp_sweep", "mdns", "snmp", "ports"} <= methods


def test_every_device_says_why_it_has_its_type_and_which_probes_answered(full_scan: Scan) -> None:
    for device in full_scan.report["devices"]:
        assert device["type_reason"], device["mac"]
        assert device["evidence"] or device["device_type"] == "unknown", device["mac"]
        assert any(probe["answered"] for probe in device["probes"]), device["mac"]


def test_snmp_credential_is_named_and_misses_say_what_was_tried(full_scan: Scan) -> None:
    nas = full_scan.device(host("nas").mac)
    [snmp] = [p for p in nas["probes"] if p["method"] == "snmp"]
    assert (snmp["answered"], snmp["credential"]) == (True, "lankeeper-v3")
    silent = full_scan.device(host("pc-snmpdrop").mac)
    [miss] = [p for p in silent["probes"] if p["method"] == "snmp"]
    assert not miss["answered"]
    assert "no answer" in miss["detail"]
    assert "public" in miss["detail"]


def test_garbage_snmp_answer_is_a_listed_problem_not_a_crash(full_scan: Scan) -> None:
    garbage_ip = str(host("pc-snmpjunk").ip)
    problems = [p for p in full_scan.report["scan"]["problems"] if p["ip"] == garbage_ip]
    assert problems, full_scan.report["scan"]["problems"]
    assert "decoded" in problems[0]["message"]


def test_no_secret_reaches_the_report_or_the_terminal(full_scan: Scan) -> None:
    text = json.dumps(full_scan.report) + full_scan.done.stdout + full_scan.done.stderr
    for secret in (V3_USER.auth_key, V3_USER.priv_key):
        assert secret not in text


def test_randomised_phone_is_transient_and_its_name_redacted(full_scan: Scan) -> None:
    phone = full_scan.device(host("phone").mac)
    assert phone["randomised_mac"]
    assert phone["transient"]
    assert phone["hostname"] == "(redacted)"
    assert "emma" not in json.dumps(phone).lower()


def test_nothing_left_the_lab_during_the_scan(full_scan: Scan) -> None:
    assert full_scan.seen_addresses, "the capture saw nothing: it did not run"
    assert outside_allowed(full_scan.seen_addresses) == set()


def test_the_table_groups_devices_by_type(full_scan: Scan) -> None:
    for title in ("Printers", "Projectors", "Wi-Fi access points", "Switches", "Computers"):
        assert title in full_scan.done.stdout


def test_without_raw_sockets_the_neighbour_table_finds_everyone(lab: Lab, tmp_path: Path) -> None:
    unprivileged = scan(lab, tmp_path, no_raw_sockets=True)
    methods = {run["method"]: run for run in unprivileged.report["scan"]["methods"]}
    assert methods["arp_sweep"]["error"]
    assert methods["neighbour_table"]["error"] is None
    macs = {d["mac"] for d in unprivileged.report["devices"]}
    assert {row.mac for row in lab.hosts} <= macs


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("--subnet", "8.8.8.0/24"), "scan.subnets"),
        (("--subnet", "198.18.0.0/20"), "scan.force_large"),
        (("--interface", "nosuch0"), "scan.interface"),
    ],
)
def test_bad_targets_are_refused_with_the_key_to_change(
    lab: Lab, tmp_path: Path, args: tuple[str, ...], key: str
) -> None:
    config = write_agent_config(tmp_path / "agent.toml")
    with Capture(lab.switch_ns, tmp_path / "refused.pcap") as capture:
        done = agent(lab, "scan", "--config", str(config), *args)
    assert done.returncode == 2
    assert key in done.stderr
    assert pcap_ipv4_addresses(capture.path) == set()


def test_bad_config_names_the_key(lab: Lab, tmp_path: Path) -> None:
    config = tmp_path / "agent.toml"
    config.write_text('[scan]\narp_rate_pps = "fast"\n[snmp]\ntimeout = 1\n')
    done = agent(lab, "scan", "--config", str(config))
    assert done.returncode == 2
    assert "scan.arp_rate_pps" in done.stderr
    assert "snmp.timeout: unknown key" in done.stderr


def test_class_2_projector_answers_the_pjlink_search(full_scan: Scan) -> None:
    def searched(device: dict[str, Any]) -> bool:
        return any(e["source"] == "pjlink" and "search" in e["fact"] for e in device["evidence"])

    assert searched(full_scan.device(host("proj-epson").mac))
    assert not searched(full_scan.device(host("proj-nec").mac))  # class 1 only
    methods = {run["method"]: run for run in full_scan.report["scan"]["methods"]}
    assert methods["pjlink_search"]["observations"] == 1
