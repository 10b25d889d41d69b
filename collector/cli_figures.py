"""``lankeeper-collector catalogue add|list|remove``: the provider's own cartridge rows."""

from __future__ import annotations

import argparse
from typing import Any

from pydantic import ValidationError

from collector.cli_admin import ACTOR, Handler, _run
from collector.contracts_figures import CatalogueEntryCreate
from collector.errors import BadRequestError
from collector.services import catalogue
from collector.settings import CollectorSettings
from schemas import SupplyKind


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("catalogue", help="cartridges by printer model").add_subparsers(
        dest="action", required=True
    )

    def action(name: str, func: Handler, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = group.add_parser(name, parents=[common], help=help_text)
        parser.set_defaults(func=func)
        return parser

    p = action("add", cmd_catalogue_add, "add a part for a printer model (wins over built-in)")
    p.add_argument("--vendor", required=True)
    p.add_argument("--model", required=True, help='as the printer reports it, e.g. "HL-5370DW"')
    p.add_argument("--kind", required=True, choices=[k.value for k in SupplyKind])
    p.add_argument("--colour", choices=["black", "cyan", "magenta", "yellow"])
    p.add_argument("--part", required=True, help="the part number to order")
    p.add_argument("--description", default="")
    p.add_argument("--yield-pages", type=int)
    p.add_argument("--source", required=True, help="where this comes from (a URL, a price list)")
    p = action("list", cmd_catalogue_list, "list parts (the provider's first, then built-in)")
    p.add_argument("--model", help="only rows for this model")
    p = action("remove", cmd_catalogue_remove, "remove one of the provider's rows")
    p.add_argument("id", type=int)


def cmd_catalogue_add(args: argparse.Namespace, settings: CollectorSettings) -> int:
    data = _entry(
        vendor=args.vendor,
        model=args.model,
        kind=args.kind,
        colour=args.colour,
        part=args.part,
        description=args.description,
        yield_pages=args.yield_pages,
        source=args.source,
    )
    return _run(
        settings,
        lambda s, now: f"catalogue entry {catalogue.add_entry(s, data, ACTOR, now).id} added",
    )


def _entry(**data: Any) -> CatalogueEntryCreate:
    try:
        return CatalogueEntryCreate.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise BadRequestError(problems) from exc


def cmd_catalogue_list(args: argparse.Namespace, settings: CollectorSettings) -> int:
    def work(session: Any, _now: Any) -> str:
        rows = catalogue.listing(session, args.model)
        lines = [
            f"{row.id if row.id is not None else 'built-in'}\t{row.vendor}\t"
            f"{', '.join(row.models)}\t{row.kind.value}\t{row.colour or '-'}\t{row.part}\t"
            f"{row.source}"
            for row in rows
        ]
        return "\n".join(lines) or "no catalogue rows"

    return _run(settings, work)


def cmd_catalogue_remove(args: argparse.Namespace, settings: CollectorSettings) -> int:
    def work(session: Any, now: Any) -> str:
        catalogue.remove_entry(session, args.id, ACTOR, now)
        return f"catalogue entry {args.id} removed"

    return _run(settings, work)
