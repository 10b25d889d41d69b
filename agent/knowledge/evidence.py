"""One ``schemas.Evidence`` row from one fact: the constructor every method's rules share."""

from __future__ import annotations

from typing import Literal

from schemas import DeviceType, Evidence, Method


def make_evidence(
    source: Method | Literal["oui"], fact: str, value: str, suggests: DeviceType | None, weight: int
) -> Evidence:
    """A fact (bounded), the value seen, and the type it suggests (none when weight is 0)."""
    useful = suggests is not None and weight > 0
    return Evidence(
        source=source,
        fact=fact[:1024],
        value=value[:4096],
        suggests=suggests if useful else None,
        weight=weight if useful else 0,
    )
