"""Text that came from a device or an agent, made safe to put in a message (pure functions).

A printer's supply name, a check summary or a host name is untrusted: it may carry CR/LF
(to forge e-mail headers or fake lines in a body), other control characters, bidirectional
overrides that make a reader see something else than what is there, lone surrogates that
cannot be encoded, or be very long. ``one_line`` turns any of that into one bounded line of
printable text; ``clean_strings`` does it to every string in a JSON-like payload.
"""

from __future__ import annotations

import unicodedata
from typing import Any

_TO_SPACE = frozenset({"Cc", "Zl", "Zp", "Zs"})  # controls (CR, LF, TAB…), line/para seps
_DROPPED = frozenset({"Cf", "Co", "Cn"})  # format (bidi overrides, zero-width), private, unassigned
_SURROGATE = "Cs"
ELLIPSIS = "…"


def _safe_char(char: str) -> str:
    category = unicodedata.category(char)
    if category in _TO_SPACE:
        return " "
    if category in _DROPPED:
        return ""
    if category == _SURROGATE:
        return "\N{REPLACEMENT CHARACTER}"
    return char


def one_line(text: str, limit: int) -> str:
    """Printable characters only, runs of white space as one space, at most ``limit`` long."""
    cleaned = " ".join("".join(_safe_char(c) for c in text).split())
    if len(cleaned) <= limit:
        return cleaned
    return cleaned[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def clean_strings(value: Any, limit: int) -> Any:
    """A copy of a JSON-like value with every string (keys too) passed through ``one_line``."""
    if isinstance(value, str):
        return one_line(value, limit)
    if isinstance(value, dict):
        return {one_line(str(k), limit): clean_strings(v, limit) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_strings(item, limit) for item in value]
    return value
