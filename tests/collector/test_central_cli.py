"""``lankeeper-collector settings`` and ``secret-key``: secrets only from stdin, shown as set,
never printed; a clear refusal without the key; ``re-encrypt`` for key rotation."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from collector.cli import main
from collector.db.engine import make_engine

SECRET = "cli-Community-6d1f"


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    for args in (
        ("migrate",),
        ("cluster", "add", "north", "--name", "North"),
        ("school", "add", "alpha", "--cluster", "north", "--name", "Alpha"),
    ):
        assert main([*args, "--database-url", url]) == 0
    capsys.readouterr()
    return url


@pytest.fixture
def run(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str]]:
    """``lankeeper-collector ARGS`` in this process (with ``key`` as the secret key, or none)."""

    def call(key: str | None, *args: str, stdin: str | None = None) -> tuple[int, str]:
        monkeypatch.delenv("LANKEEPER_COLLECTOR_SECRET_KEY", raising=False)
        if key is not None:
            monkeypatch.setenv("LANKEEPER_COLLECTOR_SECRET_KEY", key)
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin or ""))
        code = main([*args, "--database-url", db])
        out = capsys.readouterr()
        return code, out.out + out.err

    return call


def test_set_show_clear_and_rotate_without_ever_printing_the_secret(
    db: str, run: Callable[..., tuple[int, str]]
) -> None:
    code, key = run(None, "secret-key", "generate")
    key = key.strip()
    assert code == 0
    value = f'[{{"name": "north", "community": "{SECRET}"}}]'
    refused = run(key, "settings", "set", "--cluster", "north", "snmp_v2c", "--value", value)
    assert refused[0] == 1
    assert "--value-stdin" in refused[1]
    no_key = run(
        None, "settings", "set", "--cluster", "north", "snmp_v2c", "--value-stdin", stdin=value
    )
    assert no_key[0] == 1
    assert "secret-key generate" in no_key[1]
    outputs = [
        run(
            key,
            "settings",
            "set",
            "--cluster",
            "north",
            "snmp_v2c",
            "--value-stdin",
            stdin=value,
        )
    ]
    outputs.append(
        run(key, "settings", "set", "--school", "alpha", "subnets", "--value", '["10.1.0.0/24"]')
    )
    outputs.append(run(key, "settings", "show", "--school", "alpha"))
    assert all(code == 0 for code, _ in outputs), outputs
    shown = outputs[-1][1]
    assert '"set"  (from the cluster)' in shown
    assert '["10.1.0.0/24"]  (from the school)' in shown
    _, new_key = run(None, "secret-key", "generate")
    rotated = run(f"{new_key.strip()},{key}", "settings", "re-encrypt")
    assert rotated == (0, "1 secret(s) re-encrypted\n")
    assert run(new_key.strip(), "settings", "show", "--cluster", "north")[0] == 0
    cleared = run(key, "settings", "clear", "--school", "alpha", "subnets")
    assert cleared == (0, "subnets cleared\n")
    assert all(SECRET not in out for _, out in [*outputs, rotated, cleared])
    with make_engine(db).connect() as connection:
        stored = str(connection.execute(text("SELECT secret FROM central_settings")).all())
    assert SECRET not in stored
    assert "gAAAA" in stored  # a Fernet token
