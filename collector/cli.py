"""``lankeeper-collector``: serve, migrate, tick, and the admin commands (``cli_admin``).

Settings are built here, once, from ``--config`` (TOML), the environment and the flags.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from collector import cli_admin, cli_central, cli_figures
from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import current_revision, head_revision, pending, upgrade
from collector.errors import CollectorError
from collector.logs import configure_logging
from collector.runtime import settle_heap
from collector.settings import CollectorSettings, SettingsError, build_settings

log = logging.getLogger(__name__)
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = build_settings(args.config, overrides=_overrides(args))
    except SettingsError as exc:
        print(f"lankeeper-collector: {exc}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(settings.log_level, settings.log_format)
    try:
        code: int = args.func(args, settings)
    except CollectorError as exc:
        print(f"lankeeper-collector: {exc.message}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(f"lankeeper-collector: database error: {exc}", file=sys.stderr)
        return 1
    return code


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    return {
        "database_url": args.database_url,
        "host": getattr(args, "host", None),
        "port": getattr(args, "port", None),
    }


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="TOML file with a [collector] table")
    common.add_argument(
        "--database-url",
        help="sqlite:///path.sqlite3 (default ./lankeeper-collector.sqlite3) or "
        "postgresql+psycopg://user@host/db",
    )
    parser = argparse.ArgumentParser(prog="lankeeper-collector")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", parents=[common], help="run the HTTP service")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8600)")
    serve.add_argument(
        "--tls-cert", type=Path, help="serve HTTPS with this PEM certificate (chain) file"
    )
    serve.add_argument("--tls-key", type=Path, help="the certificate's PEM private key file")
    serve.set_defaults(func=cmd_serve)
    migrate = commands.add_parser("migrate", parents=[common], help="apply database migrations")
    migrate.set_defaults(func=cmd_migrate)
    tick = commands.add_parser(
        "tick", parents=[common], help="agent-silence alerts and notification delivery (cron)"
    )
    tick.set_defaults(func=cmd_tick)
    cli_admin.register(commands, common)
    cli_central.register(commands, common)
    cli_figures.register(commands, common)
    return parser


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def migrations_missing(engine: Engine, url: str) -> str | None:
    if not pending(engine):
        return None
    return (
        f"the database {safe_url(url)} is at migration {current_revision(engine) or 'none'}, "
        f"this collector needs {head_revision()}; run: lankeeper-collector migrate "
        f"--database-url '{safe_url(url)}'"
    )


def secrets_unreadable(engine: Engine, settings: CollectorSettings) -> str | None:
    """Secret settings are stored but there is no key, or not the key that opens them."""
    from collector.services.central_settings import check_key
    from collector.services.secret_box import SecretBox, SecretKeyError

    try:
        with make_session_factory(engine).begin() as session:
            check_key(session, SecretBox(settings.secret_key))
    except SecretKeyError as exc:
        return exc.message
    return None


def cmd_serve(args: argparse.Namespace, settings: CollectorSettings) -> int:
    import uvicorn

    from collector.app import create_app

    engine = make_engine(settings.database_url)
    problem = migrations_missing(engine, settings.database_url)
    if problem is not None:
        print(f"lankeeper-collector: {problem}", file=sys.stderr)
        return EXIT_USAGE
    problem = secrets_unreadable(engine, settings)
    if problem is not None:
        print(f"lankeeper-collector: {problem}", file=sys.stderr)
        return EXIT_USAGE
    app = create_app(settings, engine)
    url = safe_url(settings.database_url)
    log.info("serving on http://%s:%d database=%s", settings.host, settings.port, url)
    settle_heap()
    cert, key = _tls(args)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=True,
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
        ssl_certfile=cert,
        ssl_keyfile=key,
    )
    return 0


def _tls(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """uvicorn's TLS files; both or neither (a reverse proxy may do TLS instead)."""
    cert, key = getattr(args, "tls_cert", None), getattr(args, "tls_key", None)
    if (cert is None) != (key is None):
        raise CollectorError("--tls-cert and --tls-key go together: give both files")
    return (str(cert) if cert else None, str(key) if key else None)


def cmd_migrate(_args: argparse.Namespace, settings: CollectorSettings) -> int:
    engine = make_engine(settings.database_url)
    logging.getLogger("alembic").setLevel(logging.INFO)
    upgrade(engine)
    print(f"database {safe_url(settings.database_url)} is at migration {current_revision(engine)}")
    return 0


def cmd_tick(_args: argparse.Namespace, settings: CollectorSettings) -> int:
    from collector.services.tick import tick

    engine = make_engine(settings.database_url)
    problem = migrations_missing(engine, settings.database_url)
    if problem is not None:
        print(f"lankeeper-collector: {problem}", file=sys.stderr)
        return EXIT_USAGE
    result = tick(make_session_factory(engine), settings, datetime.now(UTC))
    delivery, kept = result.delivery, result.housekeeping
    print(
        f"silent schools: {result.silent_schools}; notifications sent {delivery.sent}, "
        f"to retry {delivery.retried}, failed {delivery.failed}; deleted "
        f"{kept.sessions_deleted} expired session(s), {kept.attempts_deleted} old login attempt(s)"
    )
    return 0
