"""The simulated school answers like the real thing: checked from the agent's namespace with
real clients (arp-scan, Net-SNMP, python-zeroconf, ipptool, pypjlink2)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

import pytest

from tests.lab.capture import Capture, outside_allowed, pcap_ethertypes, pcap_ipv4_addresses
from tests.lab.inventory import CAST_ID, HOSTS, PING_IGNORING_PC, V3_USER, Host, host, hosts_with
from tests.lab.lab import Lab
from tests.lab.specs import IppPrinter, Pjlink, Snmpd, Snmpsim, SupplyLevels

pytestmark = pytest.mark.lab

SYS_DESCR, SYS_NAME = "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.5.0"
V3_AUTH_PRIV = [
    "-v3", "-l", "authPriv", "-u", V3_USER.user, "-a", "SHA", "-A", V3_USER.auth_key,
    "-x", "AES", "-X", V3_USER.priv_key,
]  # fmt: skip
GET_SYSDESCR_V2C = (
    "302602010104067075626c6963a01902040a1b2c3d020100020100300b300906052b060102010500"
)


@pytest.fixture(scope="module")
def snmp_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Net-SNMP client tools keep their state here, not in /var/lib/snmp."""
    return {"SNMP_PERSISTENT_DIR": str(tmp_path_factory.mktemp("snmp-client"))}


def snmpget(
    lab: Lab,
    env: dict[str, str],
    target: Host,
    auth: list[str],
    oid: str = SYS_DESCR,
    *,
    expect_silence: bool = False,
) -> subprocess.CompletedProcess[str]:
    """One Get from the agent namespace; a host that must stay silent gets one short try."""
    wait = ["-t", "0.5", "-r", "0"] if expect_silence else ["-t", "1", "-r", "1"]
    argv = ["snmpget", *auth, *wait, "-On", "-Oqv", str(target.ip), oid]
    return lab.exec_in(lab.agent_ns, argv, env=env)


def probe(lab: Lab, *args: str, timeout: float = 60) -> Any:
    done = lab.exec_in(
        lab.agent_ns, [lab.ctx.python, "-m", "tests.lab.probe", *args], timeout=timeout
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def ids(rows: tuple[Host, ...]) -> list[str]:
    return [row.suffix for row in rows]


def test_agent_namespace_has_no_way_out(lab: Lab) -> None:
    assert "default" not in lab.exec_in(lab.agent_ns, ["ip", "route", "show"]).stdout
    assert lab.exec_in(lab.agent_ns, ["ip", "-6", "addr", "show", "dev", "eth0"]).stdout == ""
    forward = lab.exec_in(lab.agent_ns, ["sysctl", "-n", "net.ipv4.ip_forward"]).stdout
    assert forward.strip() == "0"
    bridge = lab.exec_in(lab.switch_ns, ["ip", "-d", "link", "show", "br0"]).stdout
    assert "mcast_snooping 0" in bridge


def test_every_host_answers_arp_with_its_inventory_mac(lab: Lab) -> None:
    argv = ["arp-scan", "-I", "eth0", "-x", "-q", "-r", "3", "198.18.0.0/24"]
    done = lab.exec_in(lab.agent_ns, argv, check=True)
    seen = {line.split()[0]: line.split()[1] for line in done.stdout.splitlines() if line}
    assert seen == {str(h.ip): h.mac for h in HOSTS}


def test_one_computer_ignores_ping_the_others_answer(lab: Lab) -> None:
    quiet, normal = host(f"pc{PING_IGNORING_PC:02d}"), host("pc01")
    ping = ["ping", "-c", "1", "-W", "1"]
    assert lab.exec_in(lab.agent_ns, [*ping, str(normal.ip)]).returncode == 0
    assert lab.exec_in(lab.agent_ns, [*ping, str(quiet.ip)]).returncode != 0


PUBLIC = tuple(h for h in HOSTS if h.snmp_credential == "public")
SNMP_HOSTS = tuple(h for h in HOSTS if h.snmp_credential)


@pytest.mark.parametrize("row", PUBLIC, ids=ids(PUBLIC))
def test_public_community_answers_with_school_names(
    lab: Lab, snmp_env: dict[str, str], row: Host
) -> None:
    descr = snmpget(lab, snmp_env, row, ["-v2c", "-c", "public"])
    assert descr.returncode == 0, descr.stderr
    assert descr.stdout.strip()
    names = next(p.names for p in row.peers if isinstance(p, Snmpsim | Snmpd))
    name = snmpget(lab, snmp_env, row, ["-v2c", "-c", "public"], SYS_NAME)
    assert name.stdout.strip().strip('"') == names.name


@pytest.mark.parametrize("row", SNMP_HOSTS, ids=ids(SNMP_HOSTS))
def test_wrong_community_gets_no_answer(lab: Lab, snmp_env: dict[str, str], row: Host) -> None:
    done = snmpget(lab, snmp_env, row, ["-v2c", "-c", "wrong"], expect_silence=True)
    assert done.returncode != 0
    assert "Timeout" in done.stderr


def test_file_server_answers_only_the_second_community(lab: Lab, snmp_env: dict[str, str]) -> None:
    server = host("fileserver")
    assert server.snmp_credential == "lk-school"
    answer = snmpget(lab, snmp_env, server, ["-v2c", "-c", "lk-school"])
    assert answer.stdout.strip().strip('"').startswith("Linux fileserver")
    public = snmpget(lab, snmp_env, server, ["-v2c", "-c", "public"], expect_silence=True)
    assert public.returncode != 0


def test_nas_answers_snmpv3_auth_priv_only(lab: Lab, snmp_env: dict[str, str]) -> None:
    nas = host("nas")
    answer = snmpget(lab, snmp_env, nas, V3_AUTH_PRIV)
    assert answer.returncode == 0, answer.stderr
    assert "Linux nas" in answer.stdout
    model = snmpget(lab, snmp_env, nas, V3_AUTH_PRIV, "1.3.6.1.4.1.6574.1.5.1.0")
    assert model.stdout.strip().strip('"') == nas.expected_model
    public = snmpget(lab, snmp_env, nas, ["-v2c", "-c", "public"], expect_silence=True)
    assert public.returncode != 0
    no_priv = V3_AUTH_PRIV[: V3_AUTH_PRIV.index("-x")]
    no_priv[no_priv.index("authPriv")] = "authNoPriv"
    assert snmpget(lab, snmp_env, nas, no_priv).returncode != 0


def test_served_recording_carries_lab_addresses(lab: Lab, snmp_env: dict[str, str]) -> None:
    printer = host("hp")
    argv = ["snmpwalk", "-v2c", "-c", "public", "-On", str(printer.ip), "1.3.6.1.2.1.4.20.1.2"]
    walk = lab.exec_in(lab.agent_ns, argv, env=snmp_env, check=True).stdout
    assert f".1.3.6.1.2.1.4.20.1.2.{printer.ip} " in walk
    assert "192.168." not in walk


def test_silent_and_garbage_snmp_hosts(lab: Lab) -> None:
    drop, junk = host("pc-snmpdrop"), host("pc-snmpjunk")
    assert probe(lab, "udp", str(drop.ip), "161", GET_SYSDESCR_V2C) is None
    assert probe(lab, "udp", str(junk.ip), "161", GET_SYSDESCR_V2C) is not None


def test_mdns_announcements_seen_from_the_agent(lab: Lab) -> None:
    services = probe(lab, "mdns", "--seconds", "3")
    by_ip: dict[str, set[str]] = {}
    for service in services:
        for address in service.get("addresses", []):
            by_ip.setdefault(address, set()).add(service["type"].removesuffix(".local."))
    for row in HOSTS:
        assert set(row.mdns_types) <= by_ip.get(str(row.ip), set()), row.suffix
    txt = {(s["type"], s["name"].split(".")[0]): s.get("txt", {}) for s in services}
    assert txt[("_googlecast._tcp.local.", f"Chromecast-{CAST_ID}")]["md"] == "Chromecast"
    airplay = txt[("_airplay._tcp.local.", "Library Apple TV")]
    assert airplay["deviceid"] == host("appletv").mac.upper()
    assert txt[("_companion-link._tcp.local.", "Emma\u2019s iPhone")]["rpMd"] == "iPhone14,2"
    ipp = txt[("_ipp._tcp.local.", "Kyocera ECOSYS P5026cdw (Library)")]
    assert ipp["ty"] == "Kyocera ECOSYS P5026cdw"


def test_ipptool_gets_printer_attributes(lab: Lab) -> None:
    printer = hosts_with(IppPrinter)[0]
    uri = f"ipp://{printer.ip}:631/ipp/print"
    done = lab.exec_in(lab.agent_ns, ["ipptool", "-tv", uri, "get-printer-attributes.test"])
    assert done.returncode == 0, done.stdout[-2000:]
    assert "[PASS]" in done.stdout


@pytest.mark.parametrize("row", hosts_with(Pjlink), ids=ids(hosts_with(Pjlink)))
def test_pjlink_projector_answers_pypjlink2(lab: Lab, row: Host) -> None:
    state = next(p.state for p in row.peers if isinstance(p, Pjlink))
    password = ["--password", state.password] if state.password else []
    session = probe(lab, "pjlink", str(row.ip), *password)
    assert session["authenticated"] is True
    assert (session["manufacturer"], session["product"]) == (state.inf1, state.inf2)
    assert session["lamps"] == [[hours, on] for hours, on in state.lamps]
    if state.password:
        assert probe(lab, "pjlink", str(row.ip), "--password", "wrong") == {"authenticated": False}


def test_pjlink_state_can_change_while_running(lab: Lab) -> None:
    row = host("proj-nec")
    state = next(p.state for p in row.peers if isinstance(p, Pjlink))
    lab.set_pjlink_state(row, replace(state, erst="020000", lamps=((3100, True),)))
    try:
        session = probe(lab, "pjlink", str(row.ip), "--password", str(state.password))
        assert session["errors"]["lamp"] == "error"
        assert session["lamps"] == [[3100, True]]
    finally:
        lab.set_pjlink_state(row, state)


def test_ipp_supply_levels_drive_state_reasons(lab: Lab) -> None:
    printer = hosts_with(IppPrinter)[0]
    lab.set_ipp_supplies(printer, SupplyLevels(waste=20, black=5, cyan=0, magenta=50, yellow=50))
    try:
        uri = f"ipp://{printer.ip}:631/ipp/print"
        done = lab.exec_in(lab.agent_ns, ["ipptool", "-tv", uri, "get-printer-attributes.test"])
        assert "marker-levels (1setOf integer) = 20,5,0,50,50" in done.stdout
        reasons = next(line for line in done.stdout.splitlines() if "printer-state-reasons" in line)
        assert "toner-low" in reasons
        assert "toner-empty" in reasons
    finally:
        lab.set_ipp_supplies(printer, SupplyLevels())


@pytest.mark.skipif(shutil.which("dnsmasq") is None, reason="dnsmasq-base not installed")
def test_lab_dns_answers_school_names(lab: Lab) -> None:
    printer = host("hp")
    done = lab.exec_in(lab.agent_ns, ["getent", "hosts", f"{printer.hostname}.school.lan"])
    assert done.stdout.split()[0] == str(printer.ip)


def test_capture_shows_only_lab_addresses(
    lab: Lab, snmp_env: dict[str, str], tmp_path: Path
) -> None:
    with Capture(lab.switch_ns, tmp_path / "lab.pcap") as capture:
        lab.exec_in(lab.agent_ns, ["arp-scan", "-I", "eth0", "-q", "198.18.0.0/24"])
        probe(lab, "mdns", "--seconds", "2")
        snmpget(lab, snmp_env, host("switch"), ["-v2c", "-c", "public"])
    seen = pcap_ipv4_addresses(capture.path)
    assert IPv4Address("198.18.0.2") in seen
    assert IPv4Address("224.0.0.251") in seen
    assert outside_allowed(seen) == set()
    assert pcap_ethertypes(capture.path) <= {0x0800, 0x0806}  # no IPv6 on the wire
