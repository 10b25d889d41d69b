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

from agent.knowledge.vendors import maker_prefix_end

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
    # versions and releases: V1, V2.3, V100R011C00, R12, R3.1 (V3000, R850 are model numbers);
    # a source revision with its commit hash (OpenWrt's "r24106-10cc5fcd00")
    r"V\d{1,2}|[VR]\d+\.[\w.]*|V\d+R\d+\w*|R\d{1,2}|r\d+-[0-9a-f]{6,})$",
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


# Inside a token, what only builds and settings carry: a dotted number ("VC6.6R1",
# "CMTS_V08.02.00.97"), a run of six digits or more (a build date or serial: "ROS_.RAX711-C-R.
# 2020614"), two underscores ("hc50_364_256qam", a radio mode).
BUILD_MARKS = re.compile(r"\d\.\d|\d{6,}|_.*_")
# Words that end a model's name before it starts: a version label or a date.
NOT_NAME_WORDS = re.compile(
    r"^(version|ver|release|build|compiled|kernel|software|firmware|os|mode|"
    r"mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)$",
    re.IGNORECASE,
)
SPEED = re.compile(r"^\d+[GMK](b|bps|E|T)?$", re.IGNORECASE)
PORTS = re.compile(r"^\d+-?ports?$", re.IGNORECASE)
COPYRIGHT = re.compile(r"(\(c\)|©|\bcopyright\b)[^\r\n]*", re.IGNORECASE)  # to the line's end
HOST_LIKE = re.compile(
    r"^[\w-]+(\.[\w-]+)+\.[A-Za-z]{2,}\.?$"  # two dots or more: host.domain.lan
    r"|^[a-z]+(-[a-z]+)*-\d{2}$"  # words and a serial number, as hosts are named: sw-core-01
)


def model_like(token: str) -> bool:
    token = token.strip(".,;:()[]")
    return (
        2 <= len(token) <= MAX_TOKEN
        and bool(re.search(r"[A-Za-z]", token))
        and bool(re.search(r"\d", token))
        and not NOT_MODELS.match(token)
        and not BUILD_MARKS.search(token)
        and not HOST_LIKE.match(token)
    )


def own_model(descr: str | None) -> str | None:
    """The sysDescr when it is nothing but one model designation ("GS1900-8", "USG40"): the
    device naming itself, which says more than any registry's name for a sysObjectID that a
    maker may share across product lines."""
    text = (descr or "").strip()
    return text if text and " " not in text and model_like(text) else None


def model_from_text(text: str | None, maker: str | None = None) -> str | None:
    """The model a free-text description names, or None (a copyright notice, to the end of
    its line, is not read: "… (c) 2006", "Copyright … by Acme AB Compiled Thu Aug 30")."""
    if not text:
        return None
    if OPERATING_SYSTEMS.match(text):
        return None
    text = COPYRIGHT.sub(" ", text)
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
        numbered = re.fullmatch(r"\d{2,6}[A-Za-z]{0,2}", token) and not SPEED.match(token)
        if model_like(token) or (words and numbered):
            return " ".join([*words, token])
        if NOT_NAME_WORDS.match(token):
            return None
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
    """A model-like token among the three after the maker's name (or its first word), where
    the name stands as a word of its own (not inside "SONiC.Edgecore-SONiC_2023…")."""
    names = [maker, maker.split()[0]] if maker and maker.split() else []
    for name in dict.fromkeys(names):
        found = re.search(rf"(?<![\w.-]){re.escape(name)}", text, re.IGNORECASE)
        position = found.start() if found else -1
        if position < 0 or len(name) < 2:
            continue
        end = position + len(name)
        alias = maker_prefix_end(text[position:], maker)
        after: list[str] = TOKEN.findall(text[max(end, position + alias) :])
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


# --- a description that *is* the product's name ---------------------------------------------
#
# Many appliances answer sysDescr with their product name, perhaps after the maker's name and
# before a version or option list: "Barracuda Spam Firewall", "Cambium ePMP", "Pulse Secure,
# LLC,Pulse Connect Secure,VMware-VA-DTE,8.2R5", "Huawei Optix RTN V100R011C00SPC200". The name
# is read from the first comma/semicolon-separated part that holds one, once the maker's name,
# corporate words and what follows the name (a version, "with"-options, a copyright, a serial)
# are cut off. Refused: category words alone ("Ethernet Switch", "Microwave Link", "Host
# Controller"), software and agent banners ("UPS SNMP Agent", "Data Domain OS 5.5"), host
# names (the sysName, or dotted names), sentences, and one plain word ("Switch", "Solaria")
# unless it followed the maker's name ("Cambium ePMP") or is written like a product
# ("SmartZone").

MAX_NAME = 64
MAX_NAME_WORDS = 8
NAME_PARTS = 3  # comma/semicolon-separated parts looked at
NAME_END = re.compile(
    r"\(|\[|\s{2,}|\s[-–|]\s|\(c\)|©|\b(?:with|running|kernel|version|ver\.|release|build|"
    r"copyright|CPU|S/N|SN:|serial)\b",
    re.IGNORECASE,
)
# Words that make a part a software or agent banner, not a product: nothing in it is read.
BANNER = re.compile(
    r"\b(software|firmware|operating system|SNMP|agent|company|products?|daemon)\b"
    # placeholders a vendor left in: "SampleDscription", "device-description", "Default"
    r"|sample|descr?iption|example|default|placeholder|dummy|\btest\b",
    re.IGNORECASE,
)
OS_NAME = re.compile(r"^[A-Za-z-]*OS$")  # IPOS, ROS, JUNOS, NX-OS: operating systems
# firmware distributions that run on many makers' boxes: the software, never the product
OS_DISTRIBUTION = re.compile(
    r"^(OpenWrt|LEDE|DD-WRT|Tomato|FreshTomato|Gargoyle|RouterOS|VyOS|Windows)$", re.IGNORECASE
)
AFTER_OS = re.compile(r"^.*?\bOS\s+(?=[A-Za-z])")  # "IBM Networking OS Virtual Fabric …"
VERSION = re.compile(
    r"[vV]?\d+(?:[._]\d+)+[\w.()-]*|[vV]\d+(?:R\d+\w*)?|R\d+(?:\.\d+)*[A-Z]?\d*|\d{4}-\d\d-\d\d"
)
HOST_NAME = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+\.?$")
COMPANY = re.compile(
    r"^(inc|ltd|llc|gmbh|ag|sa|s\.a|co|corp|corporation|communications?|networks?|networking|"
    r"technologies|technology|systems|electronics|company|limited|ab|oy|as|spa|srl|bv|nv|plc|"
    r"pty|telecom|telecommunications?|solutions|document|international|group|holdings?)\W*$",
    re.IGNORECASE,
)
# Words that only say what kind of thing a device is (or how it connects): a name made of
# these alone is a category, not a product.
# fmt: off
GENERIC = frozenset((
    "switch", "switches", "router", "routers", "firewall", "gateway", "access", "point",
    "controller", "ethernet", "gigabit", "fast", "managed", "unmanaged", "smart", "poe", "port",
    "ports", "module", "unit", "device", "system", "systems", "appliance", "server", "agent",
    "microwave", "radio", "link", "wireless", "wired", "outdoor", "indoor", "packet", "high",
    "capacity", "internet", "network", "networks", "ip", "camera", "ups", "host", "printer",
    "printing", "print", "storage", "series", "model", "card", "adapter", "web", "management",
    "layer", "l2", "l3", "lan", "wan", "wlan", "wi-fi", "wifi", "vpn", "multi-service", "service",
    "services", "the", "a", "an", "of", "and", "for", "on", "in", "to", "telephony", "voip",
    "video", "digital", "recorder", "nvr", "dvr", "transmitter", "receiver", "encoder", "decoder",
    "modem", "dsl", "adsl", "vdsl", "vdsl2", "gpon", "epon", "pon", "lte", "3g", "4g", "5g",
    "dvb", "dvb-t", "dvb-t2", "h.264", "h.265", "sfp", "optical", "fibre", "fiber", "backbone",
    "edge", "core", "distribution", "enterprise", "industrial", "rackmount", "rack", "desktop",
    "projector", "nas", "san", "security", "monitoring", "power", "supply", "battery", "virtual",
    "chassis", "dslam", "channel",
))
# fmt: on


def product_name(text: str | None, maker: str | None = None, host: str | None = None) -> str | None:
    """The product name a short description is (see above), or None."""
    if not text or OPERATING_SYSTEMS.match(text):
        return None
    parts = [part.strip(" \"'\\") for part in re.split(r"[,;]", text)][:NAME_PARTS]
    for index, part in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else ""
        if COMPANY.match(following) and following:
            continue  # "Pulse Secure, LLC": a company's name, not a product's
        if BANNER.search(_after_os(_cut(part))):
            return None
        if re.match(r"^\W*[A-Za-z][\w -]{1,20}:", part):
            continue  # a "KEY: value" field ("HW_REV: 3.1", "VENDOR: ARRIS"), not a name
        name = _name_in(part, maker, host)
        if name:
            return name
    return None


def _os_word(word: str) -> bool:
    return bool(OS_NAME.match(word) or OS_DISTRIBUTION.match(word))


def _name_in(part: str, maker: str | None, host: str | None) -> str | None:
    head, after_maker = _strip_maker(part, maker)
    head = _after_os(_cut(head))
    labelled = re.search(r"\bmodel\s+(?P<rest>[A-Z].*)", head)
    head = labelled.group("rest") if labelled else head
    words = [word for word in _until_version(head.split()) if not COMPANY.match(word)]
    if not words or len(words) > MAX_NAME_WORDS or any(_os_word(word) for word in words):
        return None
    if _is_host(words, host):
        return None
    first = words[0]
    if after_maker and re.fullmatch(r"[a-z][a-z0-9-]+", first) and _generic(words[1:]):
        return first if not _generic([first]) else None  # "vmx internet router"
    if _generic(words) or _sentence(words) or not _single_word_ok(words, after_maker):
        return None
    name = " ".join(words)
    return name if len(name) <= MAX_NAME else None


def _cut(part: str) -> str:
    match = NAME_END.search(part)
    return (part[: match.start()] if match else part).strip(" -:")


def _after_os(head: str) -> str:
    """What follows an OS name that leads a product name ("Networking OS Virtual Fabric …")."""
    rest = AFTER_OS.sub("", head, count=1)
    return rest if rest != head and not VERSION.fullmatch(rest.split()[0]) else head


def _strip_maker(part: str, maker: str | None) -> tuple[str, bool]:
    """The part without a leading maker's name and corporate words; whether a maker led it."""
    text = part.strip()
    names = [maker, maker.split()[0]] if maker and maker.split() else []
    stripped = False
    for name in dict.fromkeys(names):
        if len(name) >= 2 and text.lower().startswith(name.lower()):
            rest = text[len(name) :]
            if not rest or not rest[0].isalnum():
                text, stripped = rest, True
                break
    words = text.strip(" -:.").split()
    while words and COMPANY.match(words[0]):
        words, stripped = words[1:], True
    return " ".join(words).strip(" -:"), stripped


def _until_version(words: Sequence[str]) -> list[str]:
    kept: list[str] = []
    for word in words:
        if VERSION.fullmatch(word.strip(".,:;")) or BUILD_MARKS.search(word):
            break
        kept.append(word)
    return kept


def _generic(words: Sequence[str]) -> bool:
    return all(
        word.lower().strip(".,:;") in GENERIC or NOT_MODELS.match(word.strip(".,:;"))
        for word in words
    )


def _sentence(words: Sequence[str]) -> bool:
    """Lower-case prose ("High capacity packet radio outdoor unit"), or no capital or digit."""
    lower = [word for word in words if re.fullmatch(r"[a-z]{3,}", word)]
    return len(lower) >= 3 or not any(re.search(r"[A-Z0-9]", word) for word in words)


def _single_word_ok(words: Sequence[str], after_maker: bool) -> bool:
    """One word alone is a name only after the maker's name or when written like a product
    (an inner capital: "SmartZone", "DefensePro")."""
    return len(words) > 1 or after_maker or bool(re.search(r"[a-z][A-Z]", words[0]))


def _is_host(words: Sequence[str], host: str | None) -> bool:
    if any(
        (HOST_NAME.match(word) and word.lower() == word) or HOST_LIKE.match(word) for word in words
    ):
        return True
    if not host:
        return False
    name = host.strip().lower()
    return " ".join(words).lower() == name or any(word.lower() == name for word in words)


def refused_model(text: str | None) -> bool:
    """A value no source may give as a model: category words only ("CHASSIS", "DSLAM"), a
    software, agent or placeholder banner ("FreeBSD BSNMP Agent"), an operating system's
    description."""
    words = [word.lower().strip(".,:;") for word in (text or "").split()]
    category = all(word in GENERIC or SPEED.match(word) or PORTS.match(word) for word in words)
    return (
        not words
        or category
        or bool(BANNER.search(text or ""))
        or bool(OPERATING_SYSTEMS.match(text or ""))
    )
