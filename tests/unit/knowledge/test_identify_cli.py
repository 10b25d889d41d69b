"""``lankeeper-agent identify`` end to end, in a subprocess, on every recording."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from schemas import Device
from tests.unit.snmp.recordings import EXPECTED, WALK_FILE, recording_paths

ROOT = Path(__file__).resolve().parents[3]


def identify(
    *args: str, module: str = "agent.commands.identify"
) -> subprocess.CompletedProcess[str]:
    prefix = [] if module == "agent.commands.identify" else ["identify"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", module, *prefix, *args],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False,
    )  # fmt: skip


def test_json_one_line_per_recording() -> None:
    paths = [str(p) for p in recording_paths()]
    result = identify("--snmprec", *paths, "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXPECTED) == 8
    by_file = {Path(r["file"]).name: r for r in map(json.loads, lines)}
    for expected in EXPECTED:
        record = by_file[expected.file]
        device = Device.model_validate(record["device"])  # exactly the report's model
        assert device.device_type is expected.device_type
        assert (device.vendor, device.model, device.serial) == (
            expected.vendor, expected.model, expected.serial
        )  # fmt: skip
        assert device.mac == expected.mac
        assert device.probes[0].credential == "recording"
    assert "windows_svr_2019_1809.snmprec: skipped 18 unusable line(s)" in result.stderr


def test_bad_files_are_named_and_the_rest_still_identified(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.snmprec"
    garbage.write_bytes(b"\x00\xff" * 500)
    missing = tmp_path / "missing.snmprec"
    good = str(recording_paths()[0])
    result = identify("--snmprec", str(garbage), good, str(missing), "--json")
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert f"{garbage}: no usable SNMP rows" in result.stderr
    assert f"{missing}: cannot read it" in result.stderr


def test_walk_and_human_table() -> None:
    result = identify("--walk", str(WALK_FILE), "--snmprec", str(recording_paths()[1]))
    assert result.returncode == 0, result.stderr
    assert "router" in result.stdout
    assert "printer" in result.stdout
    assert "netsnmp_linux_router.walk: router: sysServices 78" in result.stdout


def test_no_files_is_a_usage_error() -> None:
    assert identify().returncode == 2


def test_registered_in_the_agent_cli() -> None:
    result = identify("--snmprec", str(recording_paths()[0]), "--json", module="agent.cli")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["device"]["device_type"] == "ups"


def test_table_explains_each_decision_with_its_evidence() -> None:
    path = next(p for p in recording_paths() if p.name == "apc_smtl1000-nmc3.snmprec")
    result = identify("--snmprec", str(path))
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())  # the terminal may wrap long lines
    assert "apc_smtl1000-nmc3.snmprec: ups: " in text
    assert "for ups: answers APC's PowerNet UPS MIB" in text
    assert "- no type:" in text or "for " in text
