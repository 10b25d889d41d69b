"""``lankeeper-collector user list|disable|enable|set-password|end-sessions|unlock|set-role``.

The same actions as the admin API (``services/accounts.py``), audited with the actor ``cli``.
The way back in when every admin is locked out: run these on the collector's host.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import SecretStr, ValidationError
from sqlalchemy.orm import Session

from collector.contracts import RoleChange
from collector.contracts_admin import AccountPublic, PasswordSet, problems
from collector.db.engine import make_engine, make_session_factory
from collector.errors import BadRequestError
from collector.services import accounts
from collector.services.login_throttle import ThrottlePolicy
from collector.settings import CollectorSettings

Handler = Callable[[argparse.Namespace, CollectorSettings], int]
Action = Callable[[Any, str, Handler, str], argparse.ArgumentParser]
ACTOR = "cli"


def register(users: Any, action: Action) -> None:
    """Add the account actions to the ``user`` command group."""
    action(
        users,
        "list",
        cmd_list,
        "list people: role, disabled, locked, what they look after, sessions, last sign-in",
    )
    for name, func, help_text in (
        ("disable", cmd_disable, "refuse a user's logins and end their sessions at once"),
        ("enable", cmd_enable, "let a disabled user log in again"),
        ("end-sessions", cmd_end_sessions, "log a user out everywhere"),
        ("unlock", cmd_unlock, "lift a lockout after too many failed logins"),
    ):
        action(users, name, func, help_text).add_argument("username")
    parser = action(users, "set-password", cmd_set_password, "set a new password")
    parser.add_argument("username")
    parser.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    parser = action(users, "set-role", cmd_set_role, "give a user another role or scope")
    parser.add_argument("username")
    parser.add_argument("--role", required=True, help="admin, technician or principal")
    parser.add_argument("--cluster", help="a technician's cluster (slug)")
    parser.add_argument("--school", help="a principal's school (slug); its cluster follows")


def _run(settings: CollectorSettings, work: Callable[[Session, datetime], str]) -> int:
    factory = make_session_factory(make_engine(settings.database_url))
    with factory.begin() as session:
        message = work(session, datetime.now(UTC))
    print(message)
    return 0


def _line(account: AccountPublic) -> str:
    state = "disabled" if account.disabled else "enabled"
    if account.locked_until is not None:
        state += f", locked until {account.locked_until:%Y-%m-%d %H:%M} UTC"
    signed_in = (
        f"last sign-in {account.last_sign_in:%Y-%m-%d %H:%M} UTC"
        if account.last_sign_in is not None
        else "never signed in"
    )
    return (
        f"{account.username}  {account.role.value}  {state}  {_looks_after(account)}  "
        f"{account.active_sessions} session(s)  {signed_in}  {account.email or ''}".rstrip()
    )


def _looks_after(account: AccountPublic) -> str:
    if account.school:
        return f"school {account.school}"
    return f"cluster {account.cluster}" if account.cluster else "every cluster"


def cmd_list(_args: argparse.Namespace, settings: CollectorSettings) -> int:
    policy = ThrottlePolicy.from_settings(settings)
    return _run(
        settings,
        lambda s, now: "\n".join(map(_line, accounts.accounts(s, now, policy))) or "no users",
    )


def cmd_disable(args: argparse.Namespace, settings: CollectorSettings) -> int:
    def work(session: Session, now: datetime) -> str:
        ended = accounts.disable(session, args.username, now, ACTOR)
        return f"user {args.username} disabled; {ended} session(s) ended"

    return _run(settings, work)


def cmd_enable(args: argparse.Namespace, settings: CollectorSettings) -> int:
    def work(session: Session, now: datetime) -> str:
        accounts.enable(session, args.username, now, ACTOR)
        return f"user {args.username} enabled"

    return _run(settings, work)


def cmd_end_sessions(args: argparse.Namespace, settings: CollectorSettings) -> int:
    def work(session: Session, now: datetime) -> str:
        ended = accounts.end_sessions(session, args.username, now, ACTOR)
        return f"{ended} session(s) of {args.username} ended"

    return _run(settings, work)


def cmd_unlock(args: argparse.Namespace, settings: CollectorSettings) -> int:
    def work(session: Session, now: datetime) -> str:
        accounts.unlock(session, args.username, now, ACTOR)
        return f"user {args.username} unlocked; failed logins count afresh"

    return _run(settings, work)


def cmd_set_password(args: argparse.Namespace, settings: CollectorSettings) -> int:
    if args.password_stdin:
        typed = sys.stdin.readline().rstrip("\n")
    else:
        typed = getpass.getpass(f"new password for {args.username}: ")
    try:
        password = PasswordSet(password=SecretStr(typed)).password.get_secret_value()
    except ValidationError as exc:
        raise BadRequestError(problems(exc)) from exc

    def work(session: Session, now: datetime) -> str:
        ended = accounts.set_password(session, args.username, password, now, ACTOR)
        return f"password of {args.username} set; {ended} session(s) ended"

    return _run(settings, work)


def cmd_set_role(args: argparse.Namespace, settings: CollectorSettings) -> int:
    try:
        data = RoleChange(role=args.role, cluster=args.cluster, school=args.school)
    except ValidationError as exc:
        raise BadRequestError(problems(exc)) from exc
    policy = ThrottlePolicy.from_settings(settings)

    def work(session: Session, now: datetime) -> str:
        before = _scope(accounts.account(session, args.username, now, policy))
        done = accounts.change_role(
            session, args.username, data.role, data.cluster, data.school, now, ACTOR
        )
        if not done.changed:
            return f"user {args.username} already is {before}; nothing changed"
        after = _scope(accounts.account(session, args.username, now, policy))
        return (
            f"user {args.username} is now {after} (was {before}); "
            f"{done.sessions_ended} session(s) ended"
        )

    return _run(settings, work)


def _scope(account: AccountPublic) -> str:
    return f"{account.role.value}, {_looks_after(account)}"
