"""The Windows installer cannot run here; check what can be checked without PowerShell: it
installs under Program Files, keeps state in ProgramData (the agent's own default there),
registers the nightly task as SYSTEM with a random delay, and its brackets and quotes balance."""

from __future__ import annotations

import re
from pathlib import Path

from agent.enroll.state import state_dir_for

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "windows" / "install.ps1"
TEXT = SCRIPT.read_text(encoding="utf-8")
PAIRS = {")": "(", "]": "[", "}": "{"}


def _code_only(text: str) -> str:
    """The script without comments, block comments and string literals."""
    text = re.sub(r"<#.*?#>", "", text, flags=re.DOTALL)
    text = re.sub(r"'[^']*'", "''", text)
    text = re.sub(r'"(?:`.|[^"`])*"', '""', text)
    return re.sub(r"#.*", "", text)


def test_brackets_balance_outside_strings_and_comments() -> None:
    stack: list[str] = []
    for char in _code_only(TEXT):
        if char in "([{":
            stack.append(char)
        elif char in PAIRS:
            assert stack, f"unbalanced {char!r} in {SCRIPT}"
            assert stack.pop() == PAIRS[char], f"mismatched {char!r} in {SCRIPT}"
    assert stack == []


def test_it_installs_into_program_files_and_keeps_state_in_programdata() -> None:
    assert 'Join-Path $env:ProgramFiles "lankeeper"' in TEXT
    assert 'Join-Path $env:ProgramData "lankeeper"' in TEXT
    assert "-m venv $Venv" in TEXT
    agent_default = state_dir_for({"PROGRAMDATA": "X"}, euid=None, windows=True, home=Path())
    assert agent_default.name == "lankeeper"  # the same directory the agent uses by itself


def test_it_registers_a_nightly_task_with_jitter_as_system() -> None:
    assert "Register-ScheduledTask" in TEXT
    assert re.search(r"New-ScheduledTaskTrigger -Daily -At \$At -RandomDelay", TEXT)
    assert '-UserId "SYSTEM"' in TEXT
    assert "scan --config" in TEXT
    assert "--quiet" in TEXT
    assert "Unregister-ScheduledTask" in TEXT


def test_it_explains_npcap_and_the_fallback() -> None:
    assert "Npcap" in TEXT
    assert "neighbour table" in TEXT
