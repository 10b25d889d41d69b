"""The durable outbox: reports are written to disk before sending and leave it only when the
collector acknowledged them (2xx), or move aside with the reason: to ``rejected/`` when it
refused them for good, to ``held/`` when it kept failing on them while accepting others.
A crash at any point loses nothing and duplicates nothing (the collector de-duplicates by
``report_id``); one ``send`` at a time holds the outbox lock.

Public API: ``enqueue(report, state_dir) -> Path`` and ``flush(state_dir) -> FlushResult``.
"""

from agent.outbox.sender import FlushResult, SendPolicy, flush
from agent.outbox.store import (
    enqueue,
    held,
    pending,
    rejected,
    requeue_held,
    requeue_rejected,
)

__all__ = [
    "FlushResult",
    "SendPolicy",
    "enqueue",
    "flush",
    "held",
    "pending",
    "rejected",
    "requeue_held",
    "requeue_rejected",
]
