"""The PJLink simulator: pure request handling, and a cross-check with the third-party client
pypjlink2 over loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from pypjlink import Projector  # type: ignore[import-untyped]
from pypjlink.projector import ProjectorError  # type: ignore[import-untyped]

from tests.lab.pjlink_sim import authenticate, digest, greeting, handle, load_state
from tests.lab.specs import PjlinkState

STATE = PjlinkState(
    "Hall projector", "NEC", "ME401W", info="lab", lamps=((2950, True), (10, False))
)


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ("%1POWR ?", "%1POWR=1\r"),
        ("%1ERST ?", "%1ERST=000000\r"),
        ("%1LAMP ?", "%1LAMP=2950 1 10 0\r"),
        ("%1NAME ?", "%1NAME=Hall projector\r"),
        ("%1INF1 ?", "%1INF1=NEC\r"),
        ("%1INF2 ?", "%1INF2=ME401W\r"),
        ("%1INFO ?", "%1INFO=lab\r"),
        ("%1CLSS ?", "%1CLSS=1\r"),
        ("%1INST ?", "%1INST=11 31 32 51\r"),
        ("%1XXXX ?", "%1XXXX=ERR1\r"),
        ("%2SNUM ?", "%2SNUM=ERR1\r"),
        ("%1POWR 7", "%1POWR=ERR2\r"),
        ("%1NAME x", "%1NAME=ERR2\r"),
        ("%1INPT 99", "%1INPT=ERR2\r"),
    ],
)
def test_queries_and_errors(line: str, answer: str) -> None:
    assert handle(STATE, line)[1] == answer


def test_setters_change_state_and_standby_refuses_input() -> None:
    state, answer = handle(STATE, "%1POWR 0")
    assert (state.power, answer) == (0, "%1POWR=OK\r")
    assert handle(state, "%1INPT ?")[1] == "%1INPT=ERR3\r"
    on, _ = handle(state, "%1POWR 1")
    muted, answer = handle(on, "%1AVMT 11")
    assert (muted.mute, answer) == ("11", "%1AVMT=OK\r")
    assert handle(muted, "%1AVMT 21")[0].mute == "31"


def test_unavailable_commands_answer_err3() -> None:
    busy = replace(STATE, unavailable=("POWR", "LAMP"))
    assert handle(busy, "%1POWR ?")[1] == "%1POWR=ERR3\r"
    assert handle(busy, "%1LAMP ?")[1] == "%1LAMP=ERR3\r"
    assert handle(busy, "%1NAME ?")[1] == "%1NAME=Hall projector\r"
    assert handle(busy, "%1XXXX ?")[1] == "%1XXXX=ERR1\r"


def test_state_file_round_trip(tmp_path: Path) -> None:
    state = replace(STATE, unavailable=("LAMP",), password="secret")
    path = tmp_path / "state.json"
    path.write_text(json.dumps(asdict(state)))
    assert load_state(path) == state


def test_no_lamp_is_err1_and_garbage_is_ignored() -> None:
    assert handle(replace(STATE, lamps=()), "%1LAMP ?")[1] == "%1LAMP=ERR1\r"
    assert handle(STATE, "hello")[1] is None


def test_authentication_needs_the_md5_of_random_and_password() -> None:
    assert greeting(None, "abcd1234") == "PJLINK 0\r"
    assert greeting("pw", "abcd1234") == "PJLINK 1 abcd1234\r"
    good = digest("abcd1234", "pw") + "%1POWR ?"
    assert authenticate(good, "abcd1234", "pw") == "%1POWR ?"
    assert authenticate("%1POWR ?", "abcd1234", "pw") is None
    assert authenticate(digest("abcd1234", "nope") + "%1POWR ?", "abcd1234", "pw") is None


@pytest.fixture
def simulator() -> Iterator[int]:
    """The simulator as a separate process on 127.0.0.1, a free port, password ``lk-projector``."""
    argv = [sys.executable, "-m", "tests.lab.pjlink_sim", "--port", "0", "--password",
            "lk-projector", "--name", "Hall projector", "--inf1", "NEC", "--inf2", "ME401W",
            "--lamps", "2950 1", "--erst", "001000"]  # fmt: skip
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("listening on 127.0.0.1:"), line
        yield int(line.rsplit(":", 1)[1])
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_pypjlink2_reads_the_simulator(simulator: int) -> None:
    with Projector.from_address("127.0.0.1", simulator, timeout=5) as projector:
        assert projector.authenticate("lk-projector") is True
        assert projector.get_power() == "on"
        assert projector.get_manufacturer() == "NEC"
        assert projector.get_product_name() == "ME401W"
        assert projector.get_name() == "Hall projector"
        assert projector.get_lamps() == [(2950, True)]
        assert projector.get_errors()["temperature"] == "warning"
        assert projector.get_inputs() == [
            ("RGB", 1),
            ("DIGITAL", 1),
            ("DIGITAL", 2),
            ("NETWORK", 1),
        ]
        projector.set_power("off")
        assert projector.get_power() == "off"
        with pytest.raises(ProjectorError):
            projector.get_input()


def test_pypjlink2_is_refused_with_a_wrong_password(simulator: int) -> None:
    with Projector.from_address("127.0.0.1", simulator, timeout=5) as projector:
        assert projector.authenticate("wrong") is False
