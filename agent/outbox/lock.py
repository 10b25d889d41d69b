"""One ``send`` at a time: an exclusive lock on ``<outbox>/.lock``.

The operating system's own file lock (``flock`` on Linux, ``msvcrt.locking`` on Windows) is
released when the holder exits, even on ``kill -9``, so a lock is never left stale. The file
holds the holder's pid, only to name it in the message.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".lock"
POLL_S = 0.2


class OutboxBusyError(Exception):
    """Another process holds the outbox for longer than we were willing to wait."""


@contextmanager
def outbox_lock(directory: Path, wait_s: float) -> Iterator[None]:
    """Hold the outbox in ``directory`` exclusively; wait up to ``wait_s`` for it."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _acquire(fd, path, wait_s)
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            holder = _holder(path)
            raise OutboxBusyError(
                f"another lankeeper-agent{holder} is sending the outbox {path.parent}; "
                "it will send the queued reports, or try again when it has finished"
            )
        time.sleep(POLL_S)


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
