"""Where the lab keeps what its unprivileged peers must read, wherever the checkout lives.

snmpsim drops privileges to ``nobody`` and then still reads its data, cache and its own Python
modules. A checkout under ``/root`` (mode 0700) is out of reach for ``nobody``, so nothing it
needs lives there:

* ``LAB_ROOT`` (``/var/tmp/lankeeper-lab``, ``LK_LAB_ROOT`` overrides; mode 0755) holds each
  lab's runtime files (``<root>/<prefix>``) and
* ``<root>/snmpsim-<version>``: snmpsim's own venv, made once from Debian's ``/usr/bin/python3``
  (the versions pinned to the development venv's), world-readable, shared by every lab.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.metadata
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"
SNMPSIM_PACKAGES = ("snmpsim", "pysnmp", "pyasn1", "pysmi")
COMPLETE = ".complete"


class RuntimeSetupError(RuntimeError):
    """The lab's runtime directory or snmpsim's venv could not be made."""


def lab_root() -> Path:
    return Path(os.environ.get("LK_LAB_ROOT", "/var/tmp/lankeeper-lab"))


def ensure_root(root: Path) -> Path:
    """``root`` exists and anyone may traverse and read it (what root writes there is 0755/0644)."""
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    return root


def pinned_requirements() -> list[str]:
    """snmpsim and what it imports, at the versions the development venv has."""
    return [f"{name}=={importlib.metadata.version(name)}" for name in SNMPSIM_PACKAGES]


def snmpsim_dir(root: Path) -> Path:
    return root / f"snmpsim-{importlib.metadata.version('snmpsim')}"


def snmpsim_command(root: Path) -> Path:
    return snmpsim_dir(root) / "bin" / "snmpsim-command-responder"


def ensure_snmpsim(root: Path) -> Path:
    """snmpsim's command in its own world-readable venv under ``root``; made on first use."""
    target = snmpsim_dir(ensure_root(root))
    if (target / COMPLETE).exists() and snmpsim_command(root).exists():
        return snmpsim_command(root)
    with _locked(root / ".snmpsim.lock"):
        if not (target / COMPLETE).exists():
            _make_venv(target)
    return snmpsim_command(root)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _make_venv(target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    pip = [sys.executable, "-m", "pip", "--python", str(target / "bin" / "python")]
    steps = [
        [SYSTEM_PYTHON, "-m", "venv", "--without-pip", str(target)],
        [*pip, "install", "--quiet", "--disable-pip-version-check", *pinned_requirements()],
    ]
    for argv in steps:
        done = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=target.parent)
        if done.returncode != 0:
            shutil.rmtree(target, ignore_errors=True)
            raise RuntimeSetupError(f"making snmpsim's venv in {target} failed:\n{done.stderr}")
    subprocess.run(["chmod", "-R", "a+rX", str(target)], check=True)
    (target / COMPLETE).write_text("ok\n")
