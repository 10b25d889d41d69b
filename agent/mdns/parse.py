"""Pure DNS-SD helpers: TXT record decoding and text clean-up; never raise on odd input.

TXT (RFC 6763 §6): a sequence of length-prefixed strings ``key=value``. Keys are
case-insensitive (lower-cased here), only the first occurrence of a key counts, a string
without ``=`` is a boolean attribute (value ``""``), a string starting with ``=`` has no key
and is ignored. Announcers are untrusted: counts and lengths are bounded, invalid UTF-8 is
replaced, control characters are dropped.
"""

from __future__ import annotations

import re

MAX_TXT_ENTRIES = 64
MAX_KEY_LEN = 64
MAX_VALUE_LEN = 255
MAX_NAME_LEN = 255
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_text(raw: bytes | str, limit: int = MAX_NAME_LEN) -> str:
    """Text without control characters, at most ``limit`` characters."""
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    return _CONTROL.sub("", text)[:limit]


def _strings(raw: bytes) -> list[bytes]:
    """Split the TXT RDATA into its strings; a truncated last string is dropped."""
    strings = []
    pos = 0
    while pos < len(raw):
        end = pos + 1 + raw[pos]
        if end > len(raw):
            break
        strings.append(raw[pos + 1 : end])
        pos = end
    return strings


def parse_txt(raw: bytes) -> dict[str, str]:
    """Decode TXT RDATA into ``{lower-case key: value}``, bounded."""
    txt: dict[str, str] = {}
    for string in _strings(raw):
        key_raw, _sep, value = string.partition(b"=")
        key = clean_text(key_raw, MAX_KEY_LEN).strip().lower()
        if key and key not in txt:
            txt[key] = clean_text(value, MAX_VALUE_LEN)
        if len(txt) >= MAX_TXT_ENTRIES:
            break
    return txt


def instance_label(name: str, service_type: str) -> str:
    """``'Office Printer._ipp._tcp.local.'`` -> ``'Office Printer'`` (cleaned, bounded)."""
    suffix = "." + service_type
    if name.lower().endswith(suffix.lower()):
        name = name[: -len(suffix)]
    return clean_text(name)
