"""Jinja2 rendering for the dashboard: autoescape on for every template, strict undefined.

Everything a device says about itself (names, models, supply names, check summaries) is text
from the network, so it is only ever inserted escaped; no template marks anything ``|safe``.
Pages also carry a Content-Security-Policy without any script source, as a second wall.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from collector import timefmt
from collector.timefmt import TimeFormat
from collector.web import words

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(time_words("UTC"))
    env.globals.update(
        ago=words.ago,
        percent=words.percent,
        status_word=words.status_word,
        type_label=words.type_label,
        severity_word=words.SEVERITY_WORDS.get,
        supply_kind=words.SUPPLY_KIND_WORDS.get,
    )
    return env


def time_words(zone: str) -> dict[str, Any]:
    """What templates format times with (one module: ``timefmt``), for one zone."""
    fmt = TimeFormat.named(zone)
    return {
        "fmt": fmt,
        "when": fmt.when,
        "when_long": fmt.when_long,
        "day": fmt.day,
        "day_short": fmt.day_short,
        "duration": timefmt.duration,
        "hours_minutes": timefmt.hours_minutes,
        "month_label": timefmt.month_label,
    }


@dataclass(frozen=True)
class Pages:
    """The dashboard's template environment (one per app, on ``app.state.pages``)."""

    env: Environment

    def render(self, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        html = self.env.get_template(name).render(context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def pages_of(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages
