"""Admin commands: cluster, school, user, enrollment-code, token, calendar, agent.

``user`` has the account actions of ``cli_accounts`` besides ``add``.

Each runs in one transaction against the configured database. ``enrollment-code create``
prints only the code on stdout, so scripts can capture it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import SecretStr, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from collector import cli_accounts
from collector.contracts import CalendarEntryCreate, ClusterCreate, SchoolCreate, UserCreate
from collector.contracts_admin import problems
from collector.db.engine import make_engine, make_session_factory
from collector.db.models import Agent, School
from collector.domain import DayKind, Role
from collector.errors import BadRequestError
from collector.services import accounts, credentials, tenancy
from collector.settings import CollectorSettings

Handler = Callable[[argparse.Namespace, CollectorSettings], int]
ACTOR = "cli"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    def group(name: str, help_text: str) -> Any:
        return commands.add_parser(name, help=help_text).add_subparsers(
            dest="action", required=True
        )

    def action(parent: Any, name: str, func: Handler, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=help_text)
        parser.set_defaults(func=func)
        return parser

    p = action(
        group("cluster", "technical support clusters"), "add", cmd_cluster_add, "add a cluster"
    )
    p.add_argument("slug")
    p.add_argument("--name", required=True)
    p.add_argument("--timezone", default="UTC", help="IANA zone, e.g. Europe/London")
    p.add_argument("--weekend", default="5,6", help="weekday numbers, 0 = Monday (default 5,6)")

    p = action(group("school", "schools"), "add", cmd_school_add, "add a school to a cluster")
    p.add_argument("slug", help="the school_id its agent reports")
    p.add_argument("--cluster", required=True)
    p.add_argument("--name", required=True)

    users = group("user", "people and their accounts")
    p = action(users, "add", cmd_user_add, "add a user")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--cluster", help="a technician's cluster")
    p.add_argument("--school", help="a principal's school")
    p.add_argument("--email", help="technicians get alert e-mails here")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    cli_accounts.register(users, action)

    p = action(
        group("enrollment-code", "one-time agent enrollment codes"),
        "create",
        cmd_code_create,
        "create a code (printed once)",
    )
    p.add_argument("--school", required=True)
    p.add_argument("--ttl", type=float, help="hours the code stays valid (default 72)")

    p = action(
        group("token", "agent tokens"), "revoke", cmd_token_revoke, "revoke an agent's tokens"
    )
    p.add_argument("--agent", required=True, help="agent id (see: agent list)")

    p = action(group("agent", "enrolled agents"), "list", cmd_agent_list, "list agents")
    p.add_argument("--school")

    p = action(
        group("calendar", "school calendar"),
        "add",
        cmd_calendar_add,
        "close (or open) days for a cluster or a school",
    )
    p.add_argument("--cluster")
    p.add_argument("--school")
    p.add_argument("--from", dest="first_day", required=True, type=date.fromisoformat)
    p.add_argument("--to", dest="last_day", type=date.fromisoformat)
    p.add_argument("--kind", default="closed", choices=[k.value for k in DayKind])
    p.add_argument("--label", default="")


def _run(settings: CollectorSettings, work: Callable[[Session, datetime], str]) -> int:
    factory = make_session_factory(make_engine(settings.database_url))
    with factory.begin() as session:
        message = work(session, datetime.now(UTC))
    print(message)
    return 0


def _validated(model: Any, **data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise BadRequestError(problems(exc)) from exc


def cmd_cluster_add(args: argparse.Namespace, settings: CollectorSettings) -> int:
    weekend = [int(day) for day in args.weekend.split(",") if day.strip()]
    data = _validated(
        ClusterCreate, slug=args.slug, name=args.name, timezone=args.timezone, weekend_days=weekend
    )
    return _run(
        settings, lambda s, now: f"cluster {tenancy.create_cluster(s, data, now).slug} added"
    )


def cmd_school_add(args: argparse.Namespace, settings: CollectorSettings) -> int:
    data = _validated(SchoolCreate, slug=args.slug, cluster=args.cluster, name=args.name)
    return _run(settings, lambda s, now: f"school {tenancy.create_school(s, data, now).slug} added")


def cmd_user_add(args: argparse.Namespace, settings: CollectorSettings) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.username}: ")
    data = _validated(
        UserCreate,
        username=args.username,
        password=SecretStr(password),
        role=args.role,
        cluster=args.cluster,
        school=args.school,
        email=args.email,
    )
    return _run(
        settings, lambda s, now: f"user {accounts.create(s, data, now, ACTOR).username} added"
    )


def cmd_code_create(args: argparse.Namespace, settings: CollectorSettings) -> int:
    ttl = timedelta(hours=args.ttl or settings.enrollment_ttl_hours)

    def work(session: Session, now: datetime) -> str:
        code, row = credentials.create_enrollment_code(session, args.school, ttl, now, ACTOR)
        print(
            f"code for {args.school}, valid until {row.expires_at:%Y-%m-%d %H:%M} UTC, "
            "usable once:",
            file=sys.stderr,
        )
        return code

    return _run(settings, work)


def cmd_token_revoke(args: argparse.Namespace, settings: CollectorSettings) -> int:
    def work(session: Session, now: datetime) -> str:
        count = credentials.revoke_agent_tokens(session, args.agent, now, ACTOR)
        return f"revoked {count} token(s) of agent {args.agent}"

    return _run(settings, work)


def cmd_agent_list(args: argparse.Namespace, settings: CollectorSettings) -> int:
    def work(session: Session, _now: datetime) -> str:
        query = select(Agent, School.slug).join(School).order_by(School.slug, Agent.enrolled_at)
        if args.school:
            query = query.where(School.slug == args.school)
        lines = [
            f"{agent.public_id}  {slug}  {agent.name}  last report "
            f"{agent.last_report_at or 'never'}"
            for agent, slug in session.execute(query)
        ]
        return "\n".join(lines) or "no agents"

    return _run(settings, work)


def cmd_calendar_add(args: argparse.Namespace, settings: CollectorSettings) -> int:
    data = _validated(
        CalendarEntryCreate,
        kind=args.kind,
        first_day=args.first_day,
        last_day=args.last_day or args.first_day,
        label=args.label,
        cluster=args.cluster,
        school=args.school,
    )
    return _run(
        settings, lambda s, _now: f"calendar entry {tenancy.add_calendar_entry(s, data).id} added"
    )
