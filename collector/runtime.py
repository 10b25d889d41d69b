"""Process settings for a long-running collector (called once, at start-up, by the CLI).

Everything imported and built before serving (SQLAlchemy metadata and compiled queries,
pydantic validators, FastAPI routes: a few hundred thousand objects) lives as long as the
process. Left in the collector's oldest generation, each full garbage collection walks all
of it again — about 5 ms of every report ingest. ``gc.freeze()`` moves it to the permanent
generation instead.

An ingest then allocates a few thousand short-lived objects (the validated report, rows,
dicts) that reference counting frees when the request ends; with the default young-generation
threshold (700) the collector still runs several times per report for nothing. A threshold of
10,000 lets reference counting do that work; cyclic garbage is still collected.
"""

from __future__ import annotations

import gc

YOUNG_GENERATION_THRESHOLD = 10_000


def settle_heap() -> None:
    """Collect start-up garbage once, exempt the survivors from future collections, and
    collect the young generation less often."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, old)
