"""Walk the report models: every leaf field with the constraints pydantic enforces on it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from ipaddress import IPv4Address, IPv4Network
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from pydantic import BaseModel
from pydantic.fields import FieldInfo

OPAQUE = (datetime, UUID, IPv4Address, IPv4Network, bool, float)
_CONSTRAINTS = ("max_length", "pattern", "ge", "le", "gt", "lt")


@dataclass(frozen=True)
class Leaf:
    """One scalar a report can carry: ``Device.hostname``, ``MdnsService.txt[key]`` …"""

    name: str
    kind: type
    constraints: dict[str, Any] = field(default_factory=dict)


def leaves(model: type[BaseModel], seen: set[type] | None = None) -> Iterator[Leaf]:
    seen = seen if seen is not None else set()
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        label = f"{model.__name__}.{name}"
        yield from _walk(label, info.annotation, list(info.metadata), seen)


def _walk(label: str, annotation: Any, metadata: list[Any], seen: set[type]) -> Iterator[Leaf]:
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        yield from _walk(label, base, [*metadata, *extra], seen)
    elif origin in (Union, UnionType):
        for arg in get_args(annotation):
            if arg is not NoneType:
                yield from _walk(label, arg, metadata, seen)
    elif origin is list:
        yield from _walk(label, get_args(annotation)[0], [], seen)
    elif origin is dict:
        key, value = get_args(annotation)
        yield from _walk(f"{label}[key]", key, [], seen)
        yield from _walk(f"{label}[value]", value, [], seen)
    elif origin is Literal or _is_opaque(annotation):
        return
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from leaves(annotation, seen)
    else:
        yield Leaf(label, annotation, _constraints(metadata))


def _is_opaque(annotation: Any) -> bool:
    return isinstance(annotation, type) and (
        issubclass(annotation, Enum) or issubclass(annotation, OPAQUE)
    )


def _constraints(items: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in items:
        if isinstance(item, FieldInfo):
            found |= _constraints(list(item.metadata))
            continue
        for name in _CONSTRAINTS:
            value = getattr(item, name, None)
            if value is not None:
                found[name] = value
    return found
