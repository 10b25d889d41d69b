"""JSON for the JSON/JSONB columns: one encoder and decoder for every path that writes them
(SQLAlchemy binds, COPY, array updates) and reads them (psycopg results on PostgreSQL).

orjson, because an ingest encodes and decodes a few hundred small documents (check metrics,
IP lists, events). It writes enums by value, as ``json.dumps`` does for ``StrEnum``; it has
no NaN or Infinity, which JSON does not have either (``report_input`` refuses them).
"""

from __future__ import annotations

from typing import Any

import orjson

loads = orjson.loads


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()
