"""Which cartridge a printer takes: the part number the printer reports, or the catalogue's.

A printer that names its part ("Black Cartridge HP CF400X") needs no catalogue. One that says
only "Black Toner Cartridge" is looked up by its model in the provider's rows (database,
``supply_catalogue``) and then the built-in rows (``catalogue_data``); for one model, kind
and colour the provider's rows replace the built-in ones. Models match loosely: vendor names,
"series", spaces and punctuation are ignored, and "P5026cdw" finds "ECOSYS P5026cdw".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.contracts_figures import CatalogueEntryCreate, CatalogueEntryPublic
from collector.db.models import CatalogueEntry
from collector.errors import NotFoundError
from collector.services import tenancy
from collector.services.catalogue_data import CATALOGUE, CatalogueRow
from schemas import SupplyKind

DEFAULT_REGION = "EU"
VENDOR_WORDS = (
    "hewlett-packard",
    "hewlett packard",
    "hp",
    "brother",
    "canon",
    "epson",
    "kyocera",
    "ricoh",
    "xerox",
    "lexmark",
    "oki",
    "konica minolta",
    "konica",
    "minolta",
    "sharp",
    "series",
    "printer",
)
_VENDORS = re.compile(r"\b(" + "|".join(re.escape(w) for w in VENDOR_WORDS) + r")\b")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# a token with letters and digits (and maybe hyphens), e.g. CF400X, TN-2420, T9441, 106R02773
_PART = re.compile(r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{3,}\b")
COLOURS = ("black", "cyan", "magenta", "yellow")
MIN_SUFFIX_KEY = 5


@dataclass(frozen=True)
class Part:
    part: str
    description: str
    yield_pages: int | None
    source: str
    from_provider: bool


def model_key(model: str) -> str:
    """``"Brother HL-5370DW series"`` → ``"hl5370dw"``."""
    return _NOT_ALNUM.sub("", _VENDORS.sub(" ", model.casefold()))


def reported_part(name: str) -> str | None:
    """The part number in a supply's name as the printer reports it, if it carries one."""
    found = _PART.search(name)
    return found.group(0) if found else None


def colour_of(name: str, colour: str | None) -> str | None:
    """The supply's colour: as reported, else the first colour word in its name."""
    for text in (colour or "", name):
        for word in COLOURS:
            if word in text.casefold():
                return word
    return None


def models_match(wanted: str, known: str) -> bool:
    """``wanted``: the key of the model a printer reports; ``known``: a catalogue model's key."""
    if not wanted or not known:
        return False
    if wanted == known:
        return True
    shorter = min(wanted, known, key=len)
    if len(shorter) < MIN_SUFFIX_KEY or not any(c.isdigit() for c in shorter):
        return False
    return known.endswith(wanted) or wanted.endswith(known) or _variant(wanted, known)


def _variant(wanted: str, known: str) -> bool:
    """``wfc5790ba`` is a ``wfc5790``: a few letters of region or bundle after the model."""
    rest = wanted.removeprefix(known)
    return rest != wanted and len(rest) <= 2 and rest.isalpha()


def parts_for(
    model: str | None,
    kind: SupplyKind | str,
    colour: str | None,
    provider: Sequence[CatalogueEntry],
    region: str = DEFAULT_REGION,
) -> list[Part]:
    """The parts (preferred first) a supply of ``model`` takes; [] when nobody knows."""
    key = model_key(model or "")
    if not key:
        return []
    kind = SupplyKind(kind)
    mine = [
        _provider_part(row)
        for row in provider
        if models_match(key, row.model_key)
        and row.kind is kind
        and _colour_fits(row.colour, colour)
    ]
    if mine:
        return mine
    built_in = [
        row
        for row in CATALOGUE
        if row.kind is kind
        and _colour_fits(row.colour, colour)
        and any(models_match(key, model_key(m)) for m in row.models)
    ]
    regional = [row for row in built_in if row.region == region] or built_in
    return [_built_in_part(row) for row in regional]


def _colour_fits(row_colour: str | None, colour: str | None) -> bool:
    return row_colour is None or colour is None or row_colour == colour


def _provider_part(row: CatalogueEntry) -> Part:
    return Part(row.part, row.description, row.yield_pages, row.source, from_provider=True)


def _built_in_part(row: CatalogueRow) -> Part:
    return Part(row.part, row.description, row.yield_pages, row.source, from_provider=False)


def provider_rows(session: Session) -> list[CatalogueEntry]:
    return list(session.scalars(select(CatalogueEntry).order_by(CatalogueEntry.id)))


def add_entry(
    session: Session, data: CatalogueEntryCreate, actor: str, now: datetime
) -> CatalogueEntry:
    row = CatalogueEntry(
        vendor=data.vendor,
        model=data.model,
        model_key=model_key(data.model),
        kind=data.kind,
        colour=data.colour,
        part=data.part,
        description=data.description,
        yield_pages=data.yield_pages,
        source=data.source,
        added_by=actor,
        added_at=now,
    )
    session.add(row)
    session.flush()
    tenancy.audit(session, now, actor, "catalogue.add", entry=row.id, model=data.model)
    return row


def remove_entry(session: Session, entry_id: int, actor: str, now: datetime) -> None:
    row = session.get(CatalogueEntry, entry_id)
    if row is None:
        raise NotFoundError(f"no catalogue entry {entry_id}")
    session.delete(row)
    tenancy.audit(session, now, actor, "catalogue.remove", entry=entry_id, model=row.model)


def listing(session: Session, model: str | None = None) -> list[CatalogueEntryPublic]:
    """The provider's rows and the built-in ones (optionally only those for ``model``)."""
    key = model_key(model) if model else None
    mine = [
        CatalogueEntryPublic.from_row(row)
        for row in provider_rows(session)
        if key is None or models_match(key, row.model_key)
    ]
    return mine + list(_built_in_listing(key))


def _built_in_listing(key: str | None) -> Iterable[CatalogueEntryPublic]:
    for row in CATALOGUE:
        models = [m for m in row.models if key is None or models_match(key, model_key(m))]
        if models:
            yield CatalogueEntryPublic.from_built_in(row, models)
