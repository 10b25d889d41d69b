"""Model, firmware and serial named in free text (sysDescr), for makes no table knows. Pure.

Tried in order, first hit wins:

* a labelled value — ``Model: X``, ``PID:X``, ``Product Name: X``, ``Prod: X``, ``Hardware[X]``;
* a letters-and-digits token right after the maker's name ("Cisco C2960 ...", "DELL EMC ME4024");
* the description's first token when it is model-like ("AP230, HiveOS ...", "USG40").

A model-like token has letters and digits, 2-40 characters, and is not a version, an
architecture (x86_64, armv7l), a kernel or a date. Descriptions of general-purpose operating
systems (Linux, FreeBSD, Darwin, Windows) yield nothing: their tokens are host names, kernel
versions and processors.
"""

from __future__ import annotations

import re

MAX_TOKEN = 40
LABELLED_MODEL = re.compile(
    r"\b(?:model(?:\s*(?:name|number|no\.?))?|PID|product(?:\s*name)?|prod|hardware|HW)"
    r"\s*(?::|=|\[)\s*(?P<value>[A-Za-z0-9][\w./+-]*(?: [A-Z0-9][\w./+-]*\d[\w./+-]*)?)",
    re.IGNORECASE,
)
FIRMWARE = re.compile(
    r"\b(?:firmware|software|version|vers?\.?|release|fw|sw|os)\s*(?:version\s*)?[:=]?\s*"
    r"[vV]?(?P<value>\d+(?:[._-]\w+)+(?:\([\w.]+\))?)",
    re.IGNORECASE,
)
SERIAL = re.compile(
    r"\b(?:serial(?:\s*(?:number|no\.?|num))?|S/N|SN)\s*[:#=]?\s*(?P<value>[A-Z0-9][A-Z0-9-]{3,})",
    re.IGNORECASE,
)
OPERATING_SYSTEMS = re.compile(r"^\s*((Linux|FreeBSD|OpenBSD|NetBSD|Darwin|SunOS)\b|Hardware:)")
NOT_MODELS = re.compile(
    r"^(x86_64|i[3-6]86|amd64|aarch64|arm\w*|mips\w*|ppc\w*|IPv[46]|Win(32|64)|v?\d[\d.]*\w?|"
    r"\d{4}-\d\d-\d\d|[0-9a-f]{8,}|SMP|PREEMPT|rev\d*|V\d[\d.]*.*|R\d+[\d.]*)$",
    re.IGNORECASE,
)
TOKEN = re.compile(r"[A-Za-z0-9][\w./+-]*")


def model_like(token: str) -> bool:
    token = token.strip(".,;:()[]")
    return (
        2 <= len(token) <= MAX_TOKEN
        and bool(re.search(r"[A-Za-z]", token))
        and bool(re.search(r"\d", token))
        and not NOT_MODELS.match(token)
    )


def model_from_text(text: str | None, maker: str | None = None) -> str | None:
    """The model a free-text description names, or None."""
    if not text:
        return None
    if OPERATING_SYSTEMS.match(text):
        return None
    labelled = LABELLED_MODEL.search(text)
    if labelled and re.search(r"[A-Za-z]", labelled.group("value")):
        return labelled.group("value").strip(".,;:")
    after = _after_maker(text, maker)
    if after:
        return after
    return _leading(text)


def _leading(text: str) -> str | None:
    """A model-like first token, or a name and number ("MINI-LINK 6600")."""
    tokens: list[str] = TOKEN.findall(text.strip())[:2]
    if tokens and model_like(tokens[0]):
        return tokens[0].strip(".,;:")
    named = len(tokens) == 2 and re.fullmatch(r"[A-Z][A-Z-]{2,}", tokens[0])
    if named and re.fullmatch(r"\d{2,6}[A-Za-z]?", tokens[1].strip(".,;:")):
        return f"{tokens[0]} {tokens[1].strip('.,;:')}"
    return None


def _after_maker(text: str, maker: str | None) -> str | None:
    if not maker:
        return None
    position = text.lower().find(maker.lower())
    if position < 0:
        return None
    tokens: list[str] = TOKEN.findall(text[position + len(maker) :])[:3]
    for token in tokens:
        if model_like(token):
            return token.strip(".,;:")
    return None


def firmware_from_text(text: str | None) -> str | None:
    """A labelled version, except an operating system's own (that is not firmware)."""
    if OPERATING_SYSTEMS.match(text or ""):
        return None
    match = FIRMWARE.search(text or "")
    return match.group("value") if match else None


def serial_from_text(text: str | None) -> str | None:
    match = SERIAL.search(text or "")
    return match.group("value") if match else None
