"""Path and query integers bounded to what the database can compare (INTEGER: 32 bits).

An id or offset beyond that range cannot name a row: FastAPI answers 422 (the dashboard shows
its 404 page) instead of the database driver overflowing into a 500.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from schemas.bounds import INT32_MAX

RowId = Annotated[int, Path(ge=1, le=INT32_MAX, description="row id")]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=INT32_MAX)]
