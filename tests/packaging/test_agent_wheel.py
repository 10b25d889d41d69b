"""``pip install lankeeper`` is the agent alone: in a fresh venv (made from Debian's Python, from
the package index pip is configured with) the wheel installs without the collector's web and
database stack, every agent module imports, the commands run, and ``lankeeper-collector`` says
in one sentence how to get the collector instead of a traceback."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.lab.lab import find_snmprec_dir

REPO = Path(__file__).resolve().parents[2]
PIP = [str(REPO / ".venv" / "bin" / "python"), "-m", "pip"]
COLLECTOR_ONLY = ("fastapi", "uvicorn", "sqlalchemy", "alembic", "jinja2", "psycopg", "argon2")
IMPORT_EVERY_AGENT_MODULE = """
import importlib, pkgutil, agent, schemas
walk = pkgutil.walk_packages
names = [m.name for p in (agent, schemas) for m in walk(p.__path__, p.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def _run(argv: Sequence[str], cwd: Path, **kwargs: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(cwd), **kwargs}
    return subprocess.run(
        list(argv), cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900
    )


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("agent", "schemas", "collector"):
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    built = subprocess.run(
        [*PIP, "wheel", "--quiet", "--no-deps", "--wheel-dir", str(work), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = work.glob("lankeeper-*.whl")
    env = work / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip", str(env)], check=True)
    done = subprocess.run(
        [*PIP, "--python", str(env / "bin" / "python"), "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return env


def test_the_agent_install_has_none_of_the_collector_stack(venv: Path) -> None:
    probe = "import importlib.util as u, sys; print([m for m in sys.argv[1:] if u.find_spec(m)])"
    done = _run([str(venv / "bin" / "python"), "-c", probe, *COLLECTOR_ONLY], venv)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_agent_module_imports_without_the_collector(venv: Path) -> None:
    done = _run([str(venv / "bin" / "python"), "-c", IMPORT_EVERY_AGENT_MODULE], venv)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 50


def test_the_agent_commands_run(venv: Path) -> None:
    agent = str(venv / "bin" / "lankeeper-agent")
    done = _run([agent, "--help"], venv)
    assert done.returncode == 0, done.stderr
    for command in ("scan", "identify", "enroll", "send"):
        assert command in done.stdout
    recording = next(find_snmprec_dir().glob("brother*.snmprec"))
    done = _run([agent, "identify", "--json", "--snmprec", str(recording)], venv)
    assert done.returncode == 0, done.stderr
    assert '"printer"' in done.stdout


def test_the_collector_command_says_how_to_install_the_collector(venv: Path) -> None:
    done = _run([str(venv / "bin" / "lankeeper-collector"), "migrate"], venv)
    assert done.returncode == 2
    assert "pip install 'lankeeper[collector]'" in done.stderr
    assert "Traceback" not in done.stderr
