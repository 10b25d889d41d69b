"""Files in the state directory belong to whoever owns the directory.

The packaged service runs as the ``lankeeper`` system user and owns ``/var/lib/lankeeper``; an
installer runs ``lankeeper-agent enroll`` (or a technician a manual ``scan``) as root. Whatever
root writes there is handed to the directory's owner afterwards, so the next nightly run can
read the token and rewrite the outbox. Nothing changes when the directory belongs to root.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


def match_owner(state_dir: Path) -> int:
    """Give every entry under ``state_dir`` the directory's owner; returns how many changed."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None or geteuid() != 0:
        return 0
    try:
        owner = state_dir.stat()
    except FileNotFoundError:
        return 0
    if owner.st_uid == 0:
        return 0
    changed = 0
    for path in _entries(state_dir):
        found = path.lstat()
        if (found.st_uid, found.st_gid) != (owner.st_uid, owner.st_gid):
            os.lchown(path, owner.st_uid, owner.st_gid)
            changed += 1
    return changed


def _entries(root: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root):
        for name in (*subdirs, *files):
            yield Path(directory) / name


@contextlib.contextmanager
def owned_like_state_dir(state_dir: Path) -> Iterator[None]:
    """Run a command that writes state; afterwards (even on failure) fix the ownership."""
    try:
        yield
    finally:
        match_owner(state_dir)
