"""PJLink records and errors (PJLink class 1 and 2, PROTOCOLS.md §3). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class PjlinkError(Exception):
    """Base of every error the PJLink package raises (see the tree in ``agent.pjlink``)."""


class PjlinkParseError(PjlinkError):
    """Bytes that are not a PJLink greeting or reply."""


class PjlinkAuthError(PjlinkError):
    """``PJLINK ERRA``: wrong password, or the projector wants one and none is configured."""


class PjlinkBusyError(PjlinkError):
    """``ERR3`` to the first query: the projector cannot answer now (busy, standby)."""


class PjlinkUnreachableError(PjlinkError):
    """Nothing to talk to: connection refused, reset or closed early."""


class PjlinkTimeoutError(PjlinkError):
    """The projector stayed silent past the deadline."""


class ErrorCode(StrEnum):
    """A command's error reply (``%1LAMP=ERR1``)."""

    UNDEFINED_COMMAND = "ERR1"  # also: no lamp (laser/LED), class-2 command to class 1
    OUT_OF_PARAMETER = "ERR2"
    UNAVAILABLE_TIME = "ERR3"  # busy or standby
    PROJECTOR_FAILURE = "ERR4"


ERROR_TEXT = {
    ErrorCode.UNDEFINED_COMMAND: "not supported by this projector (ERR1)",
    ErrorCode.OUT_OF_PARAMETER: "rejected as out of parameter (ERR2)",
    ErrorCode.UNAVAILABLE_TIME: "projector busy or in standby (ERR3)",
    ErrorCode.PROJECTOR_FAILURE: "projector failure (ERR4)",
}


class Power(IntEnum):
    STANDBY = 0
    ON = 1
    COOLING = 2
    WARMING_UP = 3


class Component(StrEnum):
    """ERST digit order: fan, lamp, temperature, cover open, filter, other."""

    FAN = "fan"
    LAMP = "lamp"
    TEMPERATURE = "temperature"
    COVER = "cover"
    FILTER = "filter"
    OTHER = "other"


class Health(IntEnum):
    OK = 0
    WARNING = 1
    ERROR = 2


@dataclass(frozen=True)
class Lamp:
    number: int  # 1-based
    hours: int
    on: bool


@dataclass(frozen=True)
class Reply:
    """One ``%<class><CMD>=<value>`` line; ``error`` set when the value is ERR1..ERR4."""

    pjlink_class: int
    command: str
    value: str
    error: ErrorCode | None = None


@dataclass(frozen=True)
class Greeting:
    auth_required: bool
    random: str | None = None  # 8 characters when auth_required


@dataclass(frozen=True)
class ProjectorStatus:
    """What one query batch learned; a reading left ``None`` has its reason in ``errors``."""

    power: Power | None = None
    health: dict[Component, Health] | None = None
    lamps: tuple[Lamp, ...] | None = None  # () = no lamp (ERR1: laser/LED unit)
    name: str | None = None
    manufacturer: str | None = None  # INF1
    product: str | None = None  # INF2
    info: str | None = None  # INFO
    pjlink_class: int | None = None
    serial: str | None = None  # SNUM (class 2)
    software_version: str | None = None  # SVER (class 2)
    filter_hours: int | None = None  # FILT (class 2)
    errors: dict[str, str] = field(default_factory=dict)  # command -> why it has no value
