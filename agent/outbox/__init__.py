"""The durable outbox: reports are written to disk before sending and leave it only when the
collector acknowledged them (2xx), or move to ``rejected/`` with the reason when it refused
them for good. A crash at any point loses nothing and duplicates nothing (the collector
de-duplicates by ``report_id``).

Public API: ``enqueue(report, state_dir) -> Path`` and ``flush(state_dir) -> FlushResult``.
"""

from agent.outbox.sender import FlushResult, SendPolicy, flush
from agent.outbox.store import enqueue, pending, rejected, requeue_rejected

__all__ = [
    "FlushResult",
    "SendPolicy",
    "enqueue",
    "flush",
    "pending",
    "rejected",
    "requeue_rejected",
]
