"""A first scan with no configuration at all: SNMP v2c "public" is tried by default, so the
switch, access point, UPS and SNMP printers come back with their models and health; silent
PCs are never printers; and devices whose community is not "public" say nothing, quietly."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.lab.inventory import Host, host
from tests.lab.lab import REPO, Lab

pytestmark = pytest.mark.lab

AGENT = [str(REPO / ".venv" / "bin" / "python"), "-m", "agent.cli"]
WITH_PUBLIC = ("switch", "ap", "ups", "hp", "brother", "epson")


@pytest.fixture(scope="module")
def bare_report(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("noconfig") / "report.json"
    argv = [*AGENT, "scan", "--json", str(out)]  # no --config: every setting is a default
    done: subprocess.CompletedProcess[str] = lab.exec_in(
        lab.agent_ns, argv, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(Path(out).read_text())
    return report


def _device(report: dict[str, Any], row: Host) -> dict[str, Any]:
    return next(d for d in report["devices"] if d["mac"] == row.mac)


@pytest.mark.parametrize("suffix", WITH_PUBLIC)
def test_snmp_devices_get_type_model_and_health_with_the_default_public(
    bare_report: dict[str, Any], suffix: str
) -> None:
    row = host(suffix)
    device = _device(bare_report, row)
    assert device["device_type"] == row.expected_type.value
    assert row.expected_model is not None
    assert row.expected_model.lower() in (device["model"] or "").lower()
    snmp = [p for p in device["probes"] if p["method"] == "snmp" and p["answered"]]
    assert [p["credential"] for p in snmp] == ["public"]
    assert any(c["status"] in ("ok", "warning", "critical") for c in device["checks"])


def test_silent_pcs_are_never_printers(bare_report: dict[str, Any]) -> None:
    pcs = [host(f"pc{n:02d}") for n in range(1, 25)]
    types = {_device(bare_report, row)["device_type"] for row in pcs}
    assert "printer" not in types
    hp = [row for row in pcs if row.expected_vendor == "HP"]
    assert hp
    for row in hp:
        device = _device(bare_report, row)
        assert device["device_type"] == "unknown"
        assert "printer" not in {c["check_id"].split(".")[0] for c in device["checks"]}


def test_the_file_server_is_not_guessed_without_its_community(
    bare_report: dict[str, Any],
) -> None:
    # its community is "lk-school": with the default "public" it only shows its Dell OUI
    device = _device(bare_report, host("fileserver"))
    assert device["device_type"] in ("unknown", "computer")
    assert device["vendor"] == "Dell"
