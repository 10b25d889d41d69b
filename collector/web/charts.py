"""Server-rendered SVG charts for the evaluation report: numbers in, geometry out (pure).

The template draws ``<rect>``/``<polyline>``/``<text>`` from these records; nothing here is
markup, and there is no script. Each chart also carries its values as a table for readers
who cannot see it (the template renders both).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 200
LEFT = 40  # room for the value axis
BOTTOM = 24  # room for the month labels
TOP = 8
SERIES_MAX = 3


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int  # 0, 1, …: which series (its colour class)
    value: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    title: str
    series: list[str]
    bars: list[Bar]
    line: str  # polyline points for a line chart ("" for bars)
    dots: list[tuple[float, float]]
    ticks: list[Tick]
    labels: list[Label]
    width: int = WIDTH
    height: int = HEIGHT


def _top(values: Sequence[float], fixed: float | None) -> float:
    if fixed is not None:
        return fixed
    biggest = max(values, default=0.0)
    if biggest <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000):
        if biggest <= step * 4:
            return float(step * 4)
    return float(biggest)


def _ticks(top: float) -> list[Tick]:
    plot = HEIGHT - TOP - BOTTOM
    return [Tick(TOP + plot * (1 - i / 4), f"{top * i / 4:g}") for i in range(5)]


def bar_chart(
    title: str,
    months: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
) -> Chart:
    """Grouped bars: one group per month, one bar per series."""
    series = list(series)[:SERIES_MAX]
    top = _top([v for _, values in series for v in values], None)
    plot_w, plot_h = WIDTH - LEFT - 4, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(months), 1)
    bar_w = slot * 0.8 / max(len(series), 1)
    bars = []
    for index in range(len(months)):
        for number, (_name, values) in enumerate(series):
            value = float(values[index])
            height = plot_h * min(value, top) / top
            x = LEFT + index * slot + slot * 0.1 + number * bar_w
            bars.append(
                Bar(
                    round(x, 1),
                    round(TOP + plot_h - height, 1),
                    round(bar_w, 1),
                    round(height, 1),
                    number,
                    value,
                )
            )
    labels = [Label(round(LEFT + (i + 0.5) * slot, 1), m) for i, m in enumerate(months)]
    return Chart(title, [name for name, _ in series], bars, "", [], _ticks(top), labels)


def line_chart(
    title: str, months: Sequence[str], values: Sequence[float | None], top: float | None = None
) -> Chart:
    """A line through the months that have a value (gaps are skipped, not drawn as zero)."""
    scale = _top([v for v in values if v is not None], top)
    plot_w, plot_h = WIDTH - LEFT - 4, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(months), 1)
    dots = [
        (round(LEFT + (i + 0.5) * slot, 1), round(TOP + plot_h * (1 - min(v, scale) / scale), 1))
        for i, v in enumerate(values)
        if v is not None
    ]
    labels = [Label(round(LEFT + (i + 0.5) * slot, 1), m) for i, m in enumerate(months)]
    points = " ".join(f"{x},{y}" for x, y in dots)
    return Chart(title, [title], [], points, dots, _ticks(scale), labels)
