"""One rule for the agent's state directory, everywhere: STATE_DIRECTORY (systemd), then
Windows' ProgramData, then root's /var/lib/lankeeper, then the user's XDG state directory.
Every command that reads or writes state (enroll, scan, send) follows it; what root writes into
a service user's directory is handed to that user; a nightly run that is not enrolled fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.enroll.ownership import match_owner
from agent.enroll.state import state_dir_for

HOME = Path("/home/teacher")


def test_systemd_state_directory_wins_even_for_root() -> None:
    env = {"STATE_DIRECTORY": "/var/lib/lankeeper", "XDG_STATE_HOME": "/elsewhere"}
    assert state_dir_for(env, euid=0, windows=False, home=HOME) == Path("/var/lib/lankeeper")
    found = state_dir_for(env, euid=61000, windows=False, home=HOME)
    assert found == Path("/var/lib/lankeeper")


def test_several_state_directories_use_the_first() -> None:
    env = {"STATE_DIRECTORY": "/var/lib/lankeeper:/var/lib/other"}
    found = state_dir_for(env, euid=61000, windows=False, home=HOME)
    assert found == Path("/var/lib/lankeeper")


def test_an_empty_state_directory_variable_is_ignored() -> None:
    found = state_dir_for({"STATE_DIRECTORY": ""}, euid=0, windows=False, home=HOME)
    assert found == Path("/var/lib/lankeeper")


def test_root_without_systemd_uses_var_lib() -> None:
    found = state_dir_for({"XDG_STATE_HOME": "/x"}, euid=0, windows=False, home=Path("/root"))
    assert found == Path("/var/lib/lankeeper")


def test_a_user_gets_the_xdg_state_directory() -> None:
    found = state_dir_for({}, euid=1000, windows=False, home=HOME)
    assert found == HOME / ".local" / "state" / "lankeeper"
    found = state_dir_for({"XDG_STATE_HOME": "/data/state"}, euid=1000, windows=False, home=HOME)
    assert found == Path("/data/state/lankeeper")


def test_windows_uses_programdata() -> None:
    env = {"PROGRAMDATA": r"D:\ProgramData"}
    found = state_dir_for(env, euid=None, windows=True, home=HOME)
    assert str(found).startswith(r"D:\ProgramData")
    assert found.name == "lankeeper"
    default = state_dir_for({}, euid=None, windows=True, home=HOME)
    assert str(default).startswith(r"C:\ProgramData")


def _agent(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "agent.cli", *args]
    clean = {k: v for k, v in os.environ.items() if k not in ("STATE_DIRECTORY", "XDG_STATE_HOME")}
    return subprocess.run(argv, env={**clean, **env}, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("command", ["send", "scan"])
def test_every_command_reads_state_from_state_directory(tmp_path: Path, command: str) -> None:
    """A nightly (``--quiet``) scan that is not enrolled stops before scanning, exits non-zero
    and says where it looked and what to run; ``send`` looks in the same place."""
    state = tmp_path / "service-state"
    args = [command, "--quiet"] if command == "scan" else [command]
    done = _agent(args, {"STATE_DIRECTORY": f"{state}:/unused"})
    assert done.returncode == (3 if command == "scan" else 1), done.stderr
    assert str(state) in done.stderr
    assert "lankeeper-agent enroll --collector URL --code CODE" in done.stderr
    assert "not enrolled" in done.stderr


def test_the_help_names_the_state_directory_in_use(tmp_path: Path) -> None:
    done = _agent(["enroll", "--help"], {"STATE_DIRECTORY": str(tmp_path), "COLUMNS": "400"})
    assert done.returncode == 0
    assert f"default {tmp_path}" in done.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="changing owners needs root")
def test_what_root_writes_belongs_to_the_state_directory_owner(tmp_path: Path) -> None:
    import pwd

    nobody = pwd.getpwnam("nobody")
    state = tmp_path / "state"
    (state / "outbox").mkdir(parents=True)
    os.chown(state, nobody.pw_uid, nobody.pw_gid)
    (state / "enrollment.json").write_text("{}")
    (state / "outbox" / "r.json").write_text("{}")
    assert match_owner(state) == 3
    for path in (state / "enrollment.json", state / "outbox", state / "outbox" / "r.json"):
        assert (path.stat().st_uid, path.stat().st_gid) == (nobody.pw_uid, nobody.pw_gid)
    assert match_owner(state) == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="changing owners needs root")
def test_a_root_owned_state_directory_is_left_alone(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    os.chown(state, 0, 0)
    (state / "enrollment.json").write_text("{}")
    os.chown(state / "enrollment.json", 65534, 65534)
    assert match_owner(state) == 0
    assert (state / "enrollment.json").stat().st_uid == 65534
