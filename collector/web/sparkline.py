"""Inline SVG sparklines: a series of numbers to the ``points`` of an SVG polyline.

Pure: the template draws the ``<svg>``; only numbers computed here go into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 160
HEIGHT = 32
PAD = 2


@dataclass(frozen=True)
class Sparkline:
    points: str  # "x,y x,y …" in a WIDTH x HEIGHT box
    first: float
    last: float
    low: float
    high: float
    count: int


def sparkline(
    values: Sequence[float | None], low: float | None = None, high: float | None = None
) -> Sparkline | None:
    """Scale ``values`` (oldest first; None = no reading, skipped) into the box.

    ``low``/``high`` fix the scale (0-100 for percentages); otherwise the data's own range.
    """
    numbers = [v for v in values if v is not None]
    if len(numbers) < 2:
        return None
    bottom = min(numbers) if low is None else low
    top = max(numbers) if high is None else high
    span = (top - bottom) or 1.0
    step = (WIDTH - 2 * PAD) / (len(numbers) - 1)
    coords = []
    for index, value in enumerate(numbers):
        x = PAD + index * step
        y = PAD + (HEIGHT - 2 * PAD) * (1 - (min(max(value, bottom), top) - bottom) / span)
        coords.append(f"{x:.1f},{y:.1f}")
    return Sparkline(
        " ".join(coords), numbers[0], numbers[-1], min(numbers), max(numbers), len(numbers)
    )
