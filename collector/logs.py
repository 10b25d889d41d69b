"""Structured logs: one line per record, ``key=value`` (default) or JSON.

Extra fields passed with ``logger.info("...", extra={"fields": {...}})`` are appended.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any, Literal


class _Formatter(logging.Formatter):
    def __init__(self, style_name: Literal["kv", "json"]) -> None:
        super().__init__()
        self._json = style_name == "json"

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields.update(getattr(record, "fields", {}))
        if record.exc_info:
            fields["exc"] = self.formatException(record.exc_info)
        if self._json:
            return json.dumps(fields, default=str)
        return " ".join(f"{key}={_kv(value)}" for key, value in fields.items())


def _kv(value: object) -> str:
    text = str(value)
    if not text or any(c in text for c in ' "=\n'):
        return json.dumps(text)
    return text


def configure_logging(level: str = "INFO", style_name: Literal["kv", "json"] = "kv") -> None:
    """Send every logger (ours, uvicorn's, alembic's) through one structured handler."""
    handler = logging.StreamHandler()
    handler.setFormatter(_Formatter(style_name))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "alembic"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("alembic").setLevel(max(root.level, logging.WARNING))
