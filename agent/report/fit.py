"""Device-supplied values made to fit the report contract before they enter a model (pure).

Printers and projectors send what they like: NUL characters (C strings padded with zeros),
control characters, names longer than any column, indexes past 32 bits. The report's models
refuse such values (``schemas.bounds``, the collector's database limits), so the agent cleans
them where device text enters a model: NUL and other control characters are removed (tabs and
line breaks stay), text is cut to the field's length, an integer out of range
is dropped (``None``).
"""

from __future__ import annotations

import unicodedata

from schemas.bounds import INT32_MAX, INT32_MIN

ELLIPSIS = "…"
_KEPT = {"\t", "\n", "\r"}


def clean_text(value: str, limit: int) -> str:
    """``value`` without NUL/control characters, at most ``limit`` characters (ellipsis)."""
    cleaned = "".join(_printable(ch) for ch in value)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + ELLIPSIS


def _printable(ch: str) -> str:
    return "" if ch not in _KEPT and unicodedata.category(ch) == "Cc" else ch


def int32_or_none(value: int | None) -> int | None:
    """``value`` if an INTEGER column can hold it, else ``None``."""
    return value if value is not None and INT32_MIN <= value <= INT32_MAX else None


def needs_cleaning(value: str, limit: int) -> bool:
    return len(value) > limit or clean_text(value, limit) != value
