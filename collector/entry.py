"""The ``lankeeper-collector`` command: first check that the collector's libraries are installed.

``pip install lankeeper`` is the agent only; the collector's web and database stack comes with
``pip install 'lankeeper[collector]'``. Without it, say so in one sentence instead of a traceback.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

REQUIRED = ("fastapi", "uvicorn", "sqlalchemy", "alembic", "jinja2", "psycopg", "argon2", "orjson")


def missing_modules() -> list[str]:
    return [name for name in REQUIRED if importlib.util.find_spec(name) is None]


def main(argv: Sequence[str] | None = None) -> int:
    missing = missing_modules()
    if missing:
        sys.stderr.write(
            "lankeeper-collector: this installation has the agent only (missing: "
            f"{', '.join(missing)}); install the collector with: "
            "pip install 'lankeeper[collector]'\n"
        )
        return 2
    from collector.cli import main as collector_main

    return collector_main(argv)
