"""Shared pytest fixtures: the simulated school LAN (``lab``), once per session.

Tests that need namespaces are marked ``@pytest.mark.lab``; those that need the simulated school
also take the ``lab`` fixture. Where the lab cannot run (not Linux, not root, tools missing) they
are skipped with the reason — except under ``CI=true``, where that is a failure: CI must
exercise the lab.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterator

import pytest

from tests.lab.lab import Lab
from tests.lab.preflight import problems


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"the namespace lab is required under CI=true but cannot run: {reason}")
    pytest.skip(f"namespace lab unavailable: {reason}")


@pytest.fixture(scope="session")
def lab_preflight() -> None:
    """Skip (or, under CI=true, fail) when this machine cannot run the namespace lab."""
    found = problems()
    if found:
        _unavailable("; ".join(found))


@pytest.fixture(scope="session")
def lab(lab_preflight: None) -> Iterator[Lab]:
    """The running lab (``LK_LAB_PREFIX``, default ``lk``); always torn down afterwards."""
    school = Lab.from_env()
    atexit.register(school.down)
    try:
        school.up()
        yield school
    finally:
        school.down()


@pytest.fixture(autouse=True)
def _lab_marker(request: pytest.FixtureRequest) -> None:
    """``lab``-marked tests get the skip/fail rule even when they build their own namespaces."""
    if request.node.get_closest_marker("lab") is not None:
        request.getfixturevalue("lab_preflight")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI=true a skipped test is a failure: a test skipped in CI is a test that does not
    exist (the lab, PostgreSQL and the browser must all be there)."""
    if os.environ.get("CI") != "true" or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = reporter.stats.get("skipped", [])
    if skipped:
        for report in skipped:
            reporter.write_line(f"SKIPPED under CI=true: {report.nodeid}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
