"""The dashboard's pure parts: plain words, relative times, sparklines, CSRF and redirects."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collector.domain import EventKind
from collector.web import words
from collector.web.overview import SchoolRow, worst_first
from collector.web.school_view import LowSupply
from collector.web.security import csrf_token, safe_next, tokens_match
from collector.web.sparkline import HEIGHT, WIDTH, sparkline
from collector.web.visit import parse_since, to_bring

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=90), "90 minutes ago"),
        (timedelta(hours=3, minutes=10), "3 hours ago"),
        (timedelta(hours=47), "47 hours ago"),
        (timedelta(days=3), "3 days ago"),
        (timedelta(minutes=-5), "just now"),  # a clock a little ahead
    ],
)
def test_ago(delta: timedelta, text: str) -> None:
    assert words.ago(NOW - delta, NOW) == text


def test_ago_never() -> None:
    assert words.ago(None, NOW) == "never"


def test_events_are_plain_sentences_quoting_values() -> None:
    assert (
        words.describe_event(EventKind.IP_CHANGED, {"ips": ["198.18.0.1"]}, {"ips": ["198.18.0.9"]})
        == "Address changed from 198.18.0.1 to 198.18.0.9"
    )
    assert (
        words.describe_event(EventKind.STATUS_CHANGED, {"status": "ok"}, {"status": "critical"})
        == "Changed from “Working” to “Needs attention now”"
    )
    # a firmware string with format braces is quoted, not interpreted
    assert (
        words.describe_event(
            EventKind.FIRMWARE_CHANGED, {"firmware": "{0}"}, {"firmware": "{after}"}
        )
        == "Firmware changed from {0} to {after}"
    )
    assert words.describe_event(EventKind.NEW, None, {"mac": "x"}) == "New device found"


def test_device_name_falls_back_in_order() -> None:
    class Row:
        hostname: str | None = None
        sys_name: str | None = None
        model: str | None = "LaserJet"
        ip: str | None = "198.18.0.9"
        mac: str | None = None

    assert words.device_name(Row()) == "LaserJet"
    Row.model = None
    assert words.device_name(Row()) == "198.18.0.9"


def test_sparkline_scales_into_the_box() -> None:
    line = sparkline([100, None, 50, 0], 0, 100)
    assert line is not None
    assert line.count == 3
    points = [tuple(map(float, p.split(","))) for p in line.points.split()]
    assert points[0][1] < points[1][1] < points[2][1]  # falling level: y grows downwards
    assert sparkline([42], 0, 100) is None


@given(st.lists(st.one_of(st.none(), st.floats(-1e9, 1e9)), max_size=50))
def test_sparkline_points_stay_inside_the_box(values: list[float | None]) -> None:
    line = sparkline(values)
    if line is None:
        return
    for point in line.points.split():
        x, y = map(float, point.split(","))
        assert 0 <= x <= WIDTH
        assert 0 <= y <= HEIGHT


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/schools/stmarys?x=1", "/schools/stmarys?x=1"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
        ("/login?next=/", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_safe_next(target: str | None, safe: str) -> None:
    assert safe_next(target) == safe


def test_csrf_token_is_bound_to_the_session() -> None:
    one, two = csrf_token("lks_one"), csrf_token("lks_two")
    assert one != two
    assert tokens_match(one, csrf_token("lks_one"))
    assert not tokens_match(one, two)
    assert not tokens_match(one, "")
    assert not tokens_match(None, one)


def _supply(name: str, printer: str, level: float | None) -> LowSupply:
    return LowSupply(1, printer, name, "toner", "black", level, "warning")


def test_supplies_to_bring_are_counted_per_exact_name() -> None:
    items = to_bring(
        [
            _supply("Black Cartridge HP CF400X", "office", 4),
            _supply("Cyan Cartridge HP CF401X", "staffroom", 9),
            _supply("Black Cartridge HP CF400X", "staffroom", 12),
            _supply("black cartridge hp cf400x", "library", None),  # a different spelling
        ]
    )
    assert [(i.name, i.count) for i in items] == [
        ("Black Cartridge HP CF400X", 2),
        ("black cartridge hp cf400x", 1),
        ("Cyan Cartridge HP CF401X", 1),
    ]
    assert items[0].printers == ["office", "staffroom"]
    assert items[0].lowest_percent == 4
    assert items[1].lowest_percent is None


def test_since_is_a_date_or_nothing() -> None:
    assert parse_since(None) == (None, True)
    assert parse_since("2026-11-01") == (date(2026, 11, 1), True)
    assert parse_since("last tuesday") == (None, False)


def _row(name: str, silent: bool = False, reported: bool = True, **counts: int) -> SchoolRow:
    return SchoolRow(
        slug=name,
        name=name,
        counts=counts,
        devices=sum(counts.values()),
        missing=0,
        open_alerts=0,
        last_report_at=NOW if reported else None,
        silent=silent,
    )


def test_worst_school_first() -> None:
    rows = [
        _row("fine", ok=5),
        _row("amber", warning=1, ok=4),
        _row("silent", silent=True, ok=3),
        _row("red", critical=2, ok=1),
        _row("new", reported=False),
        _row("greyish", unknown=1, ok=1),
    ]
    ordered = worst_first(rows)
    assert [r.name for r in ordered] == ["red", "silent", "amber", "greyish", "new", "fine"]
    assert [r.level for r in ordered] == [
        "critical",
        "critical",
        "warning",
        "unknown",
        "unknown",
        "ok",
    ]
