"""What a Get-Printer-Attributes reply says about a printer's health, typed. Pure.

``printer-state-reasons`` keywords lose their ``-report``/``-warning``/``-error`` suffix (the
suffix becomes ``ReasonLevel``); ``marker-*`` parallel lists are zipped into ``IppMarker`` rows
(a short list leaves the missing fields ``None``). Values of the wrong type are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import TypeVar

from agent.ipp.model import IppResponse, IppValue

MAX_MARKERS = 64
_T = TypeVar("_T")
MAX_REASONS = 64


class PrinterState(IntEnum):
    IDLE = 3
    PROCESSING = 4
    STOPPED = 5


class ReasonLevel(StrEnum):
    REPORT = "report"
    WARNING = "warning"
    ERROR = "error"
    UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class StateReason:
    keyword: str  # suffix stripped: "toner-low"
    level: ReasonLevel


@dataclass(frozen=True)
class IppMarker:
    index: int  # 1-based position in marker-names (printer-supply: its index=)
    name: str
    color: str | None
    marker_type: str | None  # "toner", "waste-toner", "ink-cartridge", ...
    level: int | None  # 0-100; -1 unavailable, -2 unknown, -3 unknown but not empty
    low_level: int | None
    high_level: int | None


@dataclass(frozen=True)
class IppPrinterStatus:
    state: PrinterState | None
    reasons: tuple[StateReason, ...]
    message: str | None
    make_and_model: str | None
    firmware: str | None
    uptime_s: int | None
    markers: tuple[IppMarker, ...]


_SUFFIXES = {
    "-report": ReasonLevel.REPORT,
    "-warning": ReasonLevel.WARNING,
    "-error": ReasonLevel.ERROR,
}


def parse_reason(keyword: str) -> StateReason:
    """``"toner-low-warning"`` -> StateReason("toner-low", WARNING)."""
    for suffix, level in _SUFFIXES.items():
        if keyword.endswith(suffix) and len(keyword) > len(suffix):
            return StateReason(keyword[: -len(suffix)], level)
    return StateReason(keyword, ReasonLevel.UNSPECIFIED)


def printer_status(response: IppResponse) -> IppPrinterStatus:
    attrs = response.printer_attributes()
    return IppPrinterStatus(
        state=_state(_first_int(attrs.get("printer-state", ()))),
        reasons=_reasons(attrs.get("printer-state-reasons", ())),
        message=_first_str(attrs.get("printer-state-message", ())),
        make_and_model=_first_str(attrs.get("printer-make-and-model", ())),
        firmware=_first_str(attrs.get("printer-firmware-string-version", ())),
        uptime_s=_first_int(attrs.get("printer-up-time", ())),
        markers=_markers(attrs),
    )


def _state(value: int | None) -> PrinterState | None:
    try:
        return PrinterState(value) if value is not None else None
    except ValueError:
        return None


def _reasons(values: Sequence[IppValue]) -> tuple[StateReason, ...]:
    words = _strings(values)[:MAX_REASONS]
    return tuple(parse_reason(w) for w in words if w and w != "none")


def _markers(attrs: dict[str, tuple[IppValue, ...]]) -> tuple[IppMarker, ...]:
    if "marker-names" not in attrs:
        return _supply_markers(attrs)
    names = _strings(attrs.get("marker-names", ()))[:MAX_MARKERS]
    colors = _strings(attrs.get("marker-colors", ()))
    types = _strings(attrs.get("marker-types", ()))
    levels = _ints(attrs.get("marker-levels", ()))
    lows = _ints(attrs.get("marker-low-levels", ()))
    highs = _ints(attrs.get("marker-high-levels", ()))
    return tuple(
        IppMarker(
            index=i + 1,
            name=name,
            color=_at(colors, i),
            marker_type=_at(types, i),
            level=_at(levels, i),
            low_level=_at(lows, i),
            high_level=_at(highs, i),
        )
        for i, name in enumerate(names)
    )


def parse_printer_supply(value: bytes) -> dict[str, str]:
    """One ``printer-supply`` octetString (PWG 5100.13): ``key=value;`` pairs, keys lower-case."""
    text = value[:1024].decode("utf-8", "replace")
    pairs = (item.partition("=") for item in text.split(";") if "=" in item)
    return {key.strip().lower(): val.strip() for key, _, val in pairs}


def _supply_markers(attrs: dict[str, tuple[IppValue, ...]]) -> tuple[IppMarker, ...]:
    """Markers from ``printer-supply`` + ``printer-supply-description`` (no marker-* sent)."""
    supplies = [v for v in attrs.get("printer-supply", ()) if isinstance(v, bytes)]
    names = _strings(attrs.get("printer-supply-description", ()))
    return tuple(
        _supply_marker(i, parse_printer_supply(raw), _at(names, i))
        for i, raw in enumerate(supplies[:MAX_MARKERS])
    )


def _supply_marker(position: int, fields: dict[str, str], name: str | None) -> IppMarker:
    kind = fields.get("type")
    index = _int_or(fields.get("index"), None)
    return IppMarker(
        index=index if index is not None else position + 1,
        name=name or fields.get("colorantname") or kind or f"supply {position + 1}",
        color=fields.get("colorantname"),
        marker_type=_hyphenate(kind) if kind else None,
        level=_percent_level(fields),
        low_level=None,
        high_level=None,
    )


def _percent_level(fields: dict[str, str]) -> int | None:
    """Level as IPP marker-levels would give it (waste: how full, like CUPS)."""
    level, top = _int_or(fields.get("level"), None), _int_or(fields.get("maxcapacity"), None)
    if level is None or level < 0 or top is None or top <= 0:
        return level
    percent = min(100, level * 100 // top)
    return 100 - percent if fields.get("class") == "receptacleThatIsFilled" else percent


def _hyphenate(camel: str) -> str:
    """RFC 3805 supply type name to the IPP keyword: ``wasteToner`` -> ``waste-toner``."""
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in camel[:64])


def _int_or(text: str | None, default: int | None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _at(items: Sequence[_T], index: int) -> _T | None:
    return items[index] if index < len(items) else None


def _strings(values: Sequence[IppValue]) -> list[str]:
    return [v for v in values if isinstance(v, str)]


def _ints(values: Sequence[IppValue]) -> list[int | None]:
    return [v if isinstance(v, int) and not isinstance(v, bool) else None for v in values]


def _first_int(values: Sequence[IppValue]) -> int | None:
    ints = [v for v in _ints(values) if v is not None]
    return ints[0] if ints else None


def _first_str(values: Sequence[IppValue]) -> str | None:
    strings = _strings(values)
    return strings[0][:1024] if strings else None
