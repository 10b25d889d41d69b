"""The outbox on disk: ``<state>/outbox/<scan time>-<report_id>.json``, oldest first.

Reports moved aside never leave the disk: ``rejected/`` holds those the collector refused for
good (a 4xx), ``held/`` those it kept failing on (5xx) while accepting others; each sits next
to a ``.reason.txt`` saying why. ``<report>.attempts`` next to a queued report counts its
failures (see ``agent.outbox.attempts``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from agent.enroll.atomic import fsync_dir, write_atomic
from agent.outbox.attempts import attempts_path
from schemas import Report

log = logging.getLogger(__name__)
OUTBOX = "outbox"
REJECTED = "rejected"
HELD = "held"
REASON_SUFFIX = ".reason.txt"
LAST_DELIVERY = ".last-delivery"


def outbox_dir(state_dir: Path) -> Path:
    return state_dir / OUTBOX


def rejected_dir(state_dir: Path) -> Path:
    return outbox_dir(state_dir) / REJECTED


def held_dir(state_dir: Path) -> Path:
    return outbox_dir(state_dir) / HELD


def report_filename(report: Report) -> str:
    return f"{report.scan.started_at.astimezone(UTC):%Y%m%dT%H%M%S%fZ}-{report.report_id}.json"


def enqueue(report: Report, state_dir: Path) -> Path:
    """Write ``report`` durably into the outbox; returns its path. Same report, same file."""
    path = outbox_dir(state_dir) / report_filename(report)
    write_atomic(path, report.model_dump_json().encode("utf-8"))
    log.info("report %s queued in %s", report.report_id, path)
    return path


def pending(state_dir: Path) -> list[Path]:
    """Queued reports, oldest scan first (temp files from a crashed write are ignored)."""
    directory = outbox_dir(state_dir)
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.json") if not p.name.startswith("."))


def acknowledge(path: Path) -> None:
    path.unlink(missing_ok=True)
    attempts_path(path).unlink(missing_ok=True)
    fsync_dir(path.parent)


def reject(path: Path, reason: str) -> Path:
    """Move a refused report to ``rejected/``, with the reason; nothing is deleted."""
    log.warning("report %s rejected by the collector: %s", path.name, reason)
    return _move_aside(path, REJECTED, reason)


def hold(path: Path, reason: str) -> Path:
    """Move a report the collector keeps failing on to ``held/``, with the reason."""
    log.warning("report %s held aside: %s", path.name, reason)
    return _move_aside(path, HELD, reason)


def _move_aside(path: Path, folder: str, reason: str) -> Path:
    target_dir = path.parent / folder
    target_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(target_dir / (path.name + REASON_SUFFIX), reason.encode("utf-8") + b"\n")
    target = target_dir / path.name
    path.replace(target)
    attempts_path(path).unlink(missing_ok=True)
    fsync_dir(target_dir)
    fsync_dir(path.parent)
    return target


def rejected(state_dir: Path) -> list[tuple[Path, str]]:
    """Rejected reports with their reasons."""
    return _aside(rejected_dir(state_dir))


def held(state_dir: Path) -> list[tuple[Path, str]]:
    """Held reports with their reasons."""
    return _aside(held_dir(state_dir))


def _aside(directory: Path) -> list[tuple[Path, str]]:
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.glob("*.json")):
        reason_file = path.with_name(path.name + REASON_SUFFIX)
        reason = reason_file.read_text(encoding="utf-8").strip() if reason_file.exists() else ""
        found.append((path, reason))
    return found


def requeue_rejected(state_dir: Path) -> int:
    """Move rejected reports back into the outbox (after the cause was fixed)."""
    return _requeue(state_dir, rejected(state_dir))


def requeue_held(state_dir: Path) -> int:
    """Move held reports back into the outbox (after the collector was fixed)."""
    return _requeue(state_dir, held(state_dir))


def _requeue(state_dir: Path, reports: list[tuple[Path, str]]) -> int:
    for path, _reason in reports:
        path.replace(outbox_dir(state_dir) / path.name)
        path.with_name(path.name + REASON_SUFFIX).unlink(missing_ok=True)
    if reports:
        fsync_dir(outbox_dir(state_dir))
    return len(reports)


def forget_orphan_attempts(state_dir: Path) -> None:
    """Attempts files whose report is gone (a kill between the two unlinks)."""
    directory = outbox_dir(state_dir)
    for path in directory.glob("*.json.attempts") if directory.is_dir() else ():
        if not path.with_name(path.name.removesuffix(".attempts")).exists():
            path.unlink(missing_ok=True)


def last_delivery(state_dir: Path) -> datetime | None:
    """When the collector last acknowledged a report of this outbox (None: never seen)."""
    try:
        text = (outbox_dir(state_dir) / LAST_DELIVERY).read_text(encoding="ascii").strip()
        return datetime.fromisoformat(text)
    except (OSError, ValueError):
        return None


def save_last_delivery(state_dir: Path, when: datetime) -> None:
    write_atomic(outbox_dir(state_dir) / LAST_DELIVERY, when.isoformat().encode("ascii"))
