"""Admin commands for central configuration: ``settings show|set|clear|re-encrypt`` and
``secret-key generate``.

A value is JSON (see ``settings show`` for each key's example). Secret values are read from
stdin only (``--value-stdin``), never from the command line, where ``ps`` would show them.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from collector.cli_admin import ACTOR, _run
from collector.errors import BadRequestError
from collector.services import central_settings as central
from collector.services.central_keys import KEYS, spec_of
from collector.services.secret_box import SecretBox, generate_key
from collector.settings import CollectorSettings


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("settings", help="central agent settings").add_subparsers(
        dest="action", required=True
    )
    for name, func, text in (
        ("show", cmd_show, "what a cluster, school or device gets (secrets: set or not)"),
        ("set", cmd_set, "set a key at one level"),
        ("clear", cmd_clear, "remove a key at one level (the level above applies again)"),
    ):
        parser = group.add_parser(name, parents=[common], help=text)
        parser.set_defaults(func=func)
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--cluster")
        where.add_argument("--school")
        parser.add_argument("--device", help="MAC or IPv4 address of a device of --school")
        if name != "show":
            parser.add_argument("key", choices=list(KEYS))
        if name == "set":
            value = parser.add_mutually_exclusive_group(required=True)
            value.add_argument("--value", help="JSON value (not for secrets)")
            value.add_argument("--value-stdin", action="store_true", help="read JSON from stdin")
    parser = group.add_parser(
        "re-encrypt", parents=[common], help="encrypt every stored secret with the first key"
    )
    parser.set_defaults(func=cmd_reencrypt)
    keys = commands.add_parser("secret-key", help="the key that encrypts stored secrets")
    sub = keys.add_subparsers(dest="action", required=True)
    generate = sub.add_parser("generate", parents=[common], help="print a new key")
    generate.set_defaults(func=cmd_generate)


def _scope(session: Session, args: argparse.Namespace) -> central.Scope:
    return central.scope_for(session, args.cluster, args.school, args.device)


def cmd_show(args: argparse.Namespace, settings: CollectorSettings) -> int:
    def work(session: Session, _now: datetime) -> str:
        lines = []
        for view in central.views(session, _scope(session, args)):
            shown = ("set" if view.is_set else "not set") if view.secret else view.value
            origin = f"  (from the {view.level})" if view.level else ""
            lines.append(f"{view.key:32} {json.dumps(shown) if shown is not None else '-'}{origin}")
        return "\n".join(lines)

    return _run(settings, work)


def cmd_set(args: argparse.Namespace, settings: CollectorSettings) -> int:
    spec = spec_of(args.key, device=args.device is not None)
    if spec.secret and args.value is not None:
        raise BadRequestError(f"{args.key} is secret: pass it with --value-stdin, not --value")
    text = sys.stdin.read() if args.value_stdin else args.value
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRequestError(
            f"{args.key}: the value is not JSON ({exc.msg}); e.g. {spec.example}"
        ) from exc
    box = SecretBox(settings.secret_key)

    def work(session: Session, now: datetime) -> str:
        central.set_setting(session, box, _scope(session, args), args.key, value, ACTOR, now)
        return f"{args.key} set"

    return _run(settings, work)


def cmd_clear(args: argparse.Namespace, settings: CollectorSettings) -> int:
    def work(session: Session, now: datetime) -> str:
        found = central.clear_setting(session, _scope(session, args), args.key, ACTOR, now)
        return f"{args.key} cleared" if found else f"{args.key} was not set there"

    return _run(settings, work)


def cmd_reencrypt(_args: argparse.Namespace, settings: CollectorSettings) -> int:
    box = SecretBox(settings.secret_key)
    return _run(settings, lambda s, _n: f"{central.reencrypt(s, box)} secret(s) re-encrypted")


def cmd_generate(_args: argparse.Namespace, _settings: CollectorSettings) -> int:
    print(generate_key())
    return 0
