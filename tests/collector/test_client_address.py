"""Per-address login throttling behind a reverse proxy, with the real ``serve`` process:
X-Forwarded-For counts only when it comes from a trusted proxy (``trusted_proxies``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from collector.db.engine import make_engine
from collector.db.migrate import upgrade
from tests.collector.live import collector_process


def failures_then_probe(base: str, first: str, second: str) -> tuple[list[int], int, int]:
    def attempt(name: str, forwarded_for: str) -> int:
        response = requests.post(
            f"{base}/api/v1/auth/login",
            json={"username": name, "password": "guess"},
            headers={"X-Forwarded-For": forwarded_for},
            timeout=30,
        )
        return response.status_code

    failures = [attempt(f"someone-{n}", first) for n in range(3)]
    return failures, attempt("someone-else", first), attempt("someone-else", second)


@pytest.mark.parametrize(
    ("trusted", "expected"),
    [
        ("127.0.0.1", ([401] * 3, 429, 401)),  # the proxy says who the client is
        ("192.0.2.1", ([401] * 3, 429, 429)),  # not our proxy: the header is ignored
    ],
)
def test_forwarded_for_counts_only_from_a_trusted_proxy(
    tmp_path: Path, trusted: str, expected: tuple[list[int], int, int]
) -> None:
    url = f"sqlite:///{tmp_path / 'collector.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    env = {
        "LANKEEPER_COLLECTOR_LOGIN_ADDRESS_FAILURES": "3",
        "LANKEEPER_COLLECTOR_TRUSTED_PROXIES": trusted,
    }
    with collector_process(url, env) as base:
        assert failures_then_probe(base, "203.0.113.1", "203.0.113.2") == expected
