"""The outbox on disk: ``<state>/outbox/<scan time>-<report_id>.json``, oldest first.

Rejected reports move to ``<state>/outbox/rejected/`` next to a ``.reason.txt`` saying why.
"""

from __future__ import annotations

import logging
from datetime import UTC
from pathlib import Path

from agent.enroll.atomic import fsync_dir, write_atomic
from schemas import Report

log = logging.getLogger(__name__)
OUTBOX = "outbox"
REJECTED = "rejected"
REASON_SUFFIX = ".reason.txt"


def outbox_dir(state_dir: Path) -> Path:
    return state_dir / OUTBOX


def rejected_dir(state_dir: Path) -> Path:
    return outbox_dir(state_dir) / REJECTED


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
    fsync_dir(path.parent)


def reject(path: Path, reason: str) -> Path:
    """Move a refused report aside, with the reason; nothing is deleted."""
    target_dir = path.parent / REJECTED
    target_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(target_dir / (path.name + REASON_SUFFIX), reason.encode("utf-8") + b"\n")
    target = target_dir / path.name
    path.replace(target)
    fsync_dir(path.parent)
    log.warning("report %s rejected by the collector: %s", path.name, reason)
    return target


def rejected(state_dir: Path) -> list[tuple[Path, str]]:
    """Rejected reports with their reasons."""
    directory = rejected_dir(state_dir)
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
    moved = 0
    for path, _reason in rejected(state_dir):
        path.replace(outbox_dir(state_dir) / path.name)
        path.with_name(path.name + REASON_SUFFIX).unlink(missing_ok=True)
        moved += 1
    fsync_dir(outbox_dir(state_dir))
    return moved
