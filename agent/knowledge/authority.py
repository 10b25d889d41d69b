"""Who is right about a vendor's own product OIDs: GLPI's curated name or the vendor's MIB.

The vendor is the registration authority for its enterprise subtree: the leaf its products MIB
assigns to an OID *is* that product. GLPI's ``sysobject.ids`` is a curated copy with nicer
names, but sometimes wrong (Allied Telesis AR330/AR350 swapped on 207.1.1.17/19; Aruba
14823.1.2.71 "AP 105" where ARUBA-MIB says ``iapvc``; Fortinet OIDs named after an older
model, "Fortigate 100" where FORTINET-FORTIGATE-MIB says 100F). For an OID both name:

* **model**: GLPI's name is kept when it names the same product as the vendor's leaf
  (``same_product``), otherwise the vendor's model wins (and the row's source is the MIB);
* **type**: the vendor's, where its MIB rows give one (a family or branch name), else GLPI's.

And for a GLPI row *above* the vendor's product rows (an enterprise or series row, which a
device with an unlisted OID falls back to): when every product the vendor registers under it
has one and the same type, that type wins over GLPI's (WatchGuard's 3097 "NETWORKING" whose
products are all Firebox firewalls). A GLPI row with no vendor MIB row at or under it is
left as GLPI has it: no per-row patches here.

``same_product`` compares names normalised: case, spaces and punctuation ignored; the
vendor's names (any name GLPI or the MIB gives the enterprise) and category words ("Access
Point", "Controller", "Series"...) dropped; then one may have a family prefix (letters) the other
lacks (``AP-DUO`` and "Duo Access Point"), or their leading runs of letters (``AT-RP24i`` /
``AT-Rapier24i``, ``OmniSwitch``/``OS``) may differ when one abbreviates the other (same
first letter, letters in order) and the rest is equal and not empty.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Row = tuple[str, str, str, str, str]  # oid under enterprises, vendor, type, model, source
# In a row's source, between the model's source and the MIB module the type came from
# ("glpi+FORTINET-FORTIGATE-MIB": GLPI's name, the vendor's type)
TYPE_SOURCE = "+"

# Words GLPI adds to a model that name its category, not the product
CATEGORY_WORDS = frozenset(
    {"access", "point", "controller", "series", "switch", "router", "ethernet", "services",
     "service", "gateway", "backbone", "appliance", "firewall"}
)  # fmt: skip

# Rule names, as counted and printed by the generator
GLPI_ONLY = "GLPI only"
MIB_ONLY = "vendor MIB only"
IANA_ONLY = "IANA only (maker)"
SAME = "both, same product: GLPI's name"
DIFFERENT = "both, different product: the vendor's model"
TYPE_FROM_MIB = "both, the vendor's type differs from GLPI's: the vendor's"
SUBTREE_TYPE = "GLPI row above vendor products of one type: the vendor's type"


@dataclass(frozen=True)
class Disagreement:
    """One OID GLPI and the vendor's MIB name differently (``kind``: model or subtree type)."""

    oid: str
    glpi: str
    vendor: str
    source: str
    kind: str = "model"


@dataclass
class Merge:
    """The compiled rows (one per OID, sorted) and how many OIDs each rule decided."""

    rows: list[Row]
    counts: Counter[str] = field(default_factory=Counter)
    disagreements: list[Disagreement] = field(default_factory=list)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def normalise(model: str, vendor_names: Iterable[str] = ()) -> str:
    """``model`` lower-case, alphanumerics only, without vendor names and category words."""
    vendor_words = {word for name in vendor_names for word in _words(name)}
    words = [w for w in _words(model) if w not in CATEGORY_WORDS and w not in vendor_words]
    return "".join(words)


def _abbreviates(short: str, long: str) -> bool:
    """``short`` is ``long`` abbreviated: same first letter, its letters in order in ``long``."""
    if not short or not long:
        return not short or not long
    if short[0] != long[0]:
        return False
    rest = iter(long)
    return all(letter in rest for letter in short)


def same_product(glpi: str, vendor: str, vendor_names: Iterable[str] = ()) -> bool:
    """Whether GLPI's model and the vendor's leaf model name the same product."""
    names = list(vendor_names)
    one, two = normalise(glpi, names), normalise(vendor, names)
    if one == two:
        return bool(one)
    short_name, long_name = sorted((one, two), key=len)
    if short_name and long_name.endswith(short_name):  # only a family prefix in front
        return long_name[: -len(short_name)].isalpha()
    head_one, rest_one = _split_head(one)
    head_two, rest_two = _split_head(two)
    if not rest_one or rest_one != rest_two:
        return False
    short, long = sorted((head_one, head_two), key=len)
    return _abbreviates(short, long)


def _split_head(text: str) -> tuple[str, str]:
    head = re.match(r"[a-z]*", text)
    cut = head.end() if head else 0
    return text[:cut], text[cut:]


def merge(iana: Iterable[Row], glpi: Iterable[Row], mibs: Iterable[Row] = ()) -> Merge:
    """One row per OID: IANA, the vendor's MIB and GLPI merged by the rules above."""
    result = Merge(rows=[])
    rows = {row[0]: row for row in iana}
    result.counts[IANA_ONLY] = len(rows)
    vendor_rows = {row[0]: row for row in mibs}
    glpi_rows = {row[0]: row for row in glpi}
    names = _enterprise_names([*vendor_rows.values(), *glpi_rows.values()])
    for oid, row in vendor_rows.items():
        _count_replaced(result, rows, oid)
        rows[oid] = row
        result.counts[MIB_ONLY] += oid not in glpi_rows
    types = _subtree_types(vendor_rows.values())
    for oid, row in glpi_rows.items():
        _count_replaced(result, rows, oid)
        mine = vendor_rows.get(oid)
        rows[oid] = (
            _both(result, row, mine, names[oid.split(".")[0]])
            if mine
            else _glpi_alone(result, row, types.get(oid))
        )
    result.rows = [rows[key] for key in sorted(rows)]
    result.disagreements.sort(key=lambda d: d.oid)
    return result


def _count_replaced(result: Merge, rows: Mapping[str, Row], oid: str) -> None:
    if oid in rows and rows[oid][4] == "iana":
        result.counts[IANA_ONLY] -= 1


def _enterprise_names(rows: Iterable[Row]) -> defaultdict[str, set[str]]:
    names: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        names[row[0].split(".")[0]].add(row[1])
    return names


def _both(result: Merge, glpi: Row, mine: Row, names: Iterable[str]) -> Row:
    oid, vendor, glpi_type, model, _ = glpi
    kind = mine[2] or glpi_type
    result.counts[TYPE_FROM_MIB] += bool(mine[2]) and mine[2] != glpi_type
    if same_product(model, mine[3], names):
        result.counts[SAME] += 1
        return (oid, vendor, kind, model, _sources(glpi[4], mine[4], kind != glpi_type))
    result.counts[DIFFERENT] += 1
    result.disagreements.append(Disagreement(oid, model, mine[3], mine[4]))
    return (oid, mine[1], kind, mine[3], mine[4])


def _glpi_alone(result: Merge, glpi: Row, vendor: tuple[str, str] | None) -> Row:
    result.counts[GLPI_ONLY] += 1
    if vendor is None or vendor[0] == glpi[2]:
        return glpi
    result.counts[SUBTREE_TYPE] += 1
    result.disagreements.append(Disagreement(glpi[0], glpi[2], vendor[0], vendor[1], "type"))
    return (glpi[0], glpi[1], vendor[0], glpi[3], _sources(glpi[4], vendor[1], True))


def _sources(model: str, kind: str, typed_by_vendor: bool) -> str:
    """The row's source: the model's, then ``+`` the MIB module that gave the type."""
    return f"{model}{TYPE_SOURCE}{kind}" if typed_by_vendor else model


def _subtree_types(rows: Iterable[Row]) -> dict[str, tuple[str, str]]:
    """Ancestor OID → (type, MIB module) where every vendor product row under it has that type."""
    seen: defaultdict[str, set[str]] = defaultdict(set)
    module: dict[str, str] = {}
    for oid, _, kind, _, source in rows:
        arcs = oid.split(".")
        for length in range(1, len(arcs)):
            prefix = ".".join(arcs[:length])
            seen[prefix].add(kind)
            module[prefix] = source
    return {
        prefix: (next(iter(k)), module[prefix])
        for prefix, k in seen.items()
        if k - {""} and len(k) == 1
    }
