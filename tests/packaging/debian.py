"""Build, install, inspect and purge the Debian packages on this machine (tests only, as root).

``run_as_unit`` runs a unit's ``ExecStart`` the way systemd would (its user, only the
capabilities it grants, its environment plus ``STATE_DIRECTORY``, nothing from the caller),
because systemd is not PID 1 here and the timer cannot fire for real.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = REPO / "packaging" / "debian" / "build-deb.sh"
UNIT_DIR = Path("/usr/lib/systemd/system")
SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def build(kind: str, out: Path) -> Path:
    done = subprocess.run(
        ["bash", str(BUILD_SCRIPT), kind, str(out)],
        env={**os.environ, "DEB_COMPRESS": "gzip"},  # quicker; the format is the same
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, f"build-deb.sh {kind} failed:\n{done.stderr[-4000:]}"
    deb = Path(done.stdout.strip().splitlines()[-1])
    assert deb.is_file(), done.stdout
    return deb


def dpkg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": SAFE_PATH, "DEBIAN_FRONTEND": "noninteractive", "LANG": "C.UTF-8"}
    return subprocess.run(
        ["dpkg", *args], capture_output=True, text=True, check=False, env=env, timeout=600
    )


def installed(package: str) -> bool:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
    )
    return done.returncode == 0 and "installed" in done.stdout.split()


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def owner(path: Path) -> tuple[str, str, int]:
    found = path.stat()
    user = pwd.getpwuid(found.st_uid).pw_name
    return user, grp.getgrgid(found.st_gid).gr_name, found.st_mode & 0o7777


@dataclass(frozen=True)
class Unit:
    """The ``[Service]`` keys the simulation needs, read from the installed unit file."""

    exec_start: list[str]
    user: str
    group: str
    ambient: str
    bounding: str
    state_directory: str
    environment: dict[str, str]
    exec_start_pre: list[str] | None = None
    working_directory: str = "/"

    @classmethod
    def read(cls, path: Path) -> Unit:
        keys: dict[str, list[str]] = {}
        for line in path.read_text().splitlines():
            if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
                key, _, value = line.partition("=")
                keys.setdefault(key.strip(), []).append(value.strip())
        assignments = [item for value in keys.get("Environment", []) for item in shlex.split(value)]
        for env_file in keys.get("EnvironmentFile", []):
            lines = Path(env_file.lstrip("-")).read_text().splitlines()
            assignments += [line for line in lines if line and not line.startswith("#")]
        environment = dict(item.split("=", 1) for item in assignments)
        return cls(
            exec_start=shlex.split(keys["ExecStart"][0].lstrip("-")),
            user=keys["User"][0],
            group=keys["Group"][0],
            ambient=keys.get("AmbientCapabilities", [""])[0],
            bounding=keys.get("CapabilityBoundingSet", [""])[0],
            state_directory=keys["StateDirectory"][0],
            environment=environment,
            exec_start_pre=next(
                (shlex.split(v.lstrip("-")) for v in keys.get("ExecStartPre", [])), None
            ),
            working_directory=keys.get("WorkingDirectory", ["/"])[0],
        )

    def argv(self, command: list[str] | None = None) -> list[str]:
        """``command`` (default ``ExecStart``) as systemd would start it for this unit."""
        caps = "".join(f",+{cap.removeprefix('CAP_').lower()}" for cap in self.ambient.split())
        bounding = "".join(f",+{cap.removeprefix('CAP_').lower()}" for cap in self.bounding.split())
        env = {
            "PATH": SAFE_PATH,
            "LANG": "C.UTF-8",
            "STATE_DIRECTORY": f"/var/lib/{self.state_directory}",
            **self.environment,
        }
        return [
            "setpriv",
            f"--reuid={self.user}",
            f"--regid={self.group}",
            "--init-groups",
            f"--inh-caps=-all{caps}",
            f"--ambient-caps=-all{caps}",
            f"--bounding-set=-all{bounding}",
            "--no-new-privs",
            "--",
            "env",
            "-i",
            "-C",
            self.working_directory,
            *(f"{key}={value}" for key, value in env.items()),
            *(command or self.exec_start),
        ]


def as_root_installer(argv: list[str]) -> list[str]:
    """What an installer typing at a root shell runs: none of the test's environment."""
    return ["env", "-i", "-C", "/", f"PATH={SAFE_PATH}", "LANG=C.UTF-8", "HOME=/root", *argv]


def leftovers(package: str, paths: list[Path], user: str) -> list[str]:
    """Everything of ``package`` still on the machine after a purge."""
    found = [str(path) for path in paths if path.exists() or path.is_symlink()]
    for base in (Path("/etc/systemd/system"), Path("/var/lib/systemd/deb-systemd-helper-enabled")):
        found += [str(p) for p in base.rglob(f"{package}*")] if base.exists() else []
    masked = Path("/var/lib/systemd/deb-systemd-helper-masked")
    found += [str(p) for p in masked.rglob(f"{package}*")] if masked.exists() else []
    if user_exists(user):
        found.append(f"user {user}")
    if group_exists(user):
        found.append(f"group {user}")
    if installed(package):
        found.append(f"package {package} still installed")
    return found


def purge(package: str) -> None:
    if installed(package) or Path(f"/var/lib/dpkg/info/{package}.list").exists():
        dpkg("--purge", package)


@contextlib.contextmanager
def set_aside(package: str, paths: list[Path]) -> Iterator[None]:
    """Move files of ``package``'s paths that dpkg does not own out of the way (e.g. state an
    earlier root ``scan`` left in /var/lib/lankeeper) and put them back afterwards."""
    moved: list[tuple[Path, Path]] = []
    if not installed(package):
        for path in paths:
            if path.exists() or path.is_symlink():
                aside = path.with_name(f"{path.name}.before-package-test")
                shutil.rmtree(aside, ignore_errors=True)
                path.rename(aside)
                moved.append((aside, path))
    try:
        yield
    finally:
        for aside, path in moved:
            if not path.exists():
                aside.rename(path)


def refuse_foreign_user(package: str, user: str) -> None:
    """A service user the package did not make is someone's real install: do not touch it."""
    if user_exists(user) and not installed(package):
        raise AssertionError(
            f"a '{user}' user exists but {package} is not installed: a real lankeeper install "
            "is on this machine; the package test will not replace or delete it"
        )
