"""Model, firmware and serial named in free text (sysDescr), for makes no table knows. Pure.

Tried in order, first hit wins:

* a labelled value — ``Model: X``, ``PID:X``, ``Product Name: X``, ``Prod: X``, ``Hardware[X]``;
* a letters-and-digits token right after the maker's name ("Cisco C2960 ...", "DELL EMC ME4024"),
  or after "running on (a)" ("... release 0.16 running on a MetaMux 48");
* the description's first token when it is model-like ("AP230, HiveOS ...", "USG40").

A model-like token has letters and digits, 2-40 characters, and is not a version, an
architecture (x86_64, armv7l), a kernel or a date. Descriptions of general-purpose operating
systems (Linux, FreeBSD, Darwin, Windows) yield nothing: their tokens are host names, kernel
versions and processors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_TOKEN = 40
LABELLED_MODEL = re.compile(
    r"\b(?:model(?:\s*(?:name|number|no\.?))?|PID|product(?:\s*name)?|prod|hardware|HW)"
    r"(?:\s*(?::|=|\[)\s*|\s+(?=[A-Z]+\d))"
    r"(?P<value>[A-Za-z0-9][\w./+-]*(?: [A-Z0-9][\w./+-]*\d[\w./+-]*)?)",
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
    r"^(x86_64|i[3-6]86|amd64|aarch64|arm\w*|mips\w*|ppc\w*|IPv[46]|Win(32|64)|\d[\d.]*\w?|\d+\.\d[\w.-]*|v\d{1,2}(\.\d+)*[a-z]?|"
    r"H\.26\d|L[1-7]|\d+-?ports?|[1-9]\d*[GMK]b?(ps|E|T)?|\d{4}-\d\d-\d\d|[0-9a-f]{8,}|SMP|PREEMPT|rev\d*|"
    # versions and releases: V1, V2.3, V100R011C00, R12, R3.1 (V3000, R850 are model numbers)
    r"V\d{1,2}|[VR]\d+\.[\w.]*|V\d+R\d+\w*|R\d{1,2})$",
    re.IGNORECASE,
)
NOT_PART_NUMBERS = re.compile(
    r"^(build|release|rel|rev|ver|version|patch|kernel|el\d|fc\d|r\d)", re.I
)
CORPORATE = re.compile(
    r"^(inc|ltd|llc|gmbh|ag|sa|co|corp|corporation|communications|networks?|networking|"
    r"technologies|technology|systems|electronics|company|limited)\W*$",
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
    if (
        labelled
        and len(labelled.group("value")) >= 3
        and re.search(r"[A-Za-z]", labelled.group("value"))
    ):
        return labelled.group("value").strip(".,;:")
    after = _after_maker(text, maker) or _running_on(text)
    if after:
        return after
    return _leading(text) or _part_number(text) or _anywhere(text)


def _leading(text: str) -> str | None:
    """A model-like first token, or a product name ending in one ("MINI-LINK 6600",
    "USG FLEX 100H", "ACS 6000")."""
    return _name_then_model(TOKEN.findall(text.strip())[:3])


def _name_then_model(tokens: Sequence[str]) -> str | None:
    words: list[str] = []
    for token in (token.strip(".,;:") for token in tokens):
        if model_like(token) or (words and re.fullmatch(r"\d{2,6}[A-Za-z]{0,2}", token)):
            return " ".join([*words, token])
        if not re.fullmatch(r"[A-Za-z]*[A-Z][A-Za-z-]{0,15}", token):
            return None
        words.append(token)
    return None


def _anywhere(text: str) -> str | None:
    """The first token shaped like a product code: a letter first, then at least two digits
    ("JL806A", "TH5630"), not a speed or port count ("10GBT", "24p") nor a version."""
    tokens: list[str] = TOKEN.findall(text)
    for raw in tokens:
        token = raw.strip(".,;:()")
        if re.fullmatch(r"[A-Za-z]+[A-Za-z-]*\d{2,}[\w-]*", token) and model_like(token):
            return token
    return None


def _after_maker(text: str, maker: str | None) -> str | None:
    """A model-like token among the three after the maker's name (or its first word)."""
    names = [maker, maker.split()[0]] if maker and maker.split() else []
    for name in dict.fromkeys(names):
        position = text.lower().find(name.lower())
        if position < 0 or len(name) < 2:
            continue
        after: list[str] = TOKEN.findall(text[position + len(name) :])
        tokens = [token for token in after if not CORPORATE.match(token)][:4]
        for start in range(len(tokens)):
            model = _name_then_model(tokens[start : start + 3])
            if model:
                return model
    return None


RUNNING_ON = re.compile(r"\brunning on (?:an? )?(?P<rest>.+)", re.IGNORECASE)


def _running_on(text: str) -> str | None:
    """The hardware an OS says it runs on: "... MOS release 0.16 running on a MetaMux 48"."""
    match = RUNNING_ON.search(text)
    return _name_then_model(TOKEN.findall(match.group("rest"))[:3]) if match else None


def _part_number(text: str) -> str | None:
    """A part-number-shaped token anywhere: starts with letters, has digits and a hyphen
    ("S6150-24VS8CQ-X", "IGS-10020MT"), and is not a build or version label."""
    tokens: list[str] = TOKEN.findall(text)
    for raw in tokens:
        token = raw.strip(".,;:()")
        shaped = re.fullmatch(r"[A-Z]{1,6}\d*[A-Z0-9]*-[A-Z0-9-]*\d[A-Z0-9-]*", token)
        if shaped and model_like(token) and not NOT_PART_NUMBERS.match(token):
            return token
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
