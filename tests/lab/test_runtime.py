"""The lab works from any checkout, also one under /root (mode 0700): nothing a peer that drops
privileges (snmpsim as ``nobody``) needs lives inside the checkout."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.lab.lab import REPO, Lab
from tests.lab.runtime import lab_root, pinned_requirements, snmpsim_command


def test_runtime_files_and_snmpsim_live_outside_the_checkout() -> None:
    lab = Lab("lkrt")
    assert not lab.state_dir.is_relative_to(REPO)
    assert not Path(lab.ctx.snmpsim).is_relative_to(REPO)
    assert lab.state_dir.parent == lab_root()


def test_lk_lab_root_moves_everything(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LK_LAB_ROOT", str(tmp_path))
    lab = Lab("lkrt")
    assert lab.state_dir == tmp_path / "lkrt"
    assert Path(lab.ctx.snmpsim).is_relative_to(tmp_path)


def test_snmpsim_venv_pins_the_development_versions() -> None:
    pins = dict(line.split("==") for line in pinned_requirements())
    assert set(pins) == {"snmpsim", "pysnmp", "pyasn1", "pysmi"}
    assert pins["snmpsim"] == "1.2.2"


@pytest.mark.lab
def test_nobody_can_run_the_lab_snmpsim(lab: Lab) -> None:
    """What the running lab's snmpsim imports after dropping privileges, ``nobody`` can read."""
    command = snmpsim_command(lab.ctx.runtime_root)
    python = command.parent / "python"
    argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
    argv += ["env", "-C", "/", str(python), "-c", "import snmpsim.commands.responder, json"]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    data = lab.state_dir / "hosts"
    listing = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", "ls", str(data)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert listing.returncode == 0, listing.stderr
